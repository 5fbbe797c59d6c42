import { describe, expect, it } from "vitest";
import {
  type Behaviour,
  defaultBehaviour,
  parseBehaviour,
  parseDirectiveString,
  splitModel,
} from "./behaviour";
import {
  charsToTokens,
  contentText,
  embedText,
  lastUserText,
  limitTokens,
  promptChars,
  promptUsage,
  replyTokens,
  splitTokens,
  toBase64Float32,
} from "./content";
import { nonStreamDelay } from "./respond";

function parsed(model: string | null, headers: Record<string, string> = {}): Behaviour {
  const result = parseBehaviour(model, headers);
  if (!result.ok) throw new Error(result.error);
  return result.behaviour;
}

function parseError(model: string | null, headers: Record<string, string> = {}): string {
  const result = parseBehaviour(model, headers);
  if (result.ok) throw new Error("expected a parse error");
  return result.error;
}

describe("splitModel / parseDirectiveString", () => {
  it("splits the base model from the directives at the first @", () => {
    expect(splitModel("mock-gpt")).toEqual({ baseModel: "mock-gpt", directives: "" });
    expect(splitModel("mock-gpt@ttft=5,tps=2")).toEqual({
      baseModel: "mock-gpt",
      directives: "ttft=5,tps=2",
    });
    expect(splitModel("mock@reply=a%40b")).toEqual({ baseModel: "mock", directives: "reply=a%40b" });
  });

  it("decodes values, ignores empty items and rejects items without '='", () => {
    const ok = parseDirectiveString("reply=Hello%2C%20world, ,ttft=1,");
    expect(ok.ok && [...ok.map]).toEqual([
      ["reply", "Hello, world"],
      ["ttft", "1"],
    ]);
    expect(parseDirectiveString("ttft").ok).toBe(false);
    expect(parseDirectiveString("reply=%E0%A4%A").ok).toBe(false);
  });
});

describe("parseBehaviour", () => {
  it("returns the defaults for a plain model name or null", () => {
    expect(parsed("mock-fast")).toEqual(defaultBehaviour("mock-fast"));
    expect(parsed(null)).toEqual(defaultBehaviour(""));
  });

  it("parses every directive", () => {
    const b = parsed(
      "mock-gpt@ttft=1000,tps=50.5,reply=Hi%20there,tokens=7,fail=429,fail_times=1,retry_after=2," +
        "cut_after=4,hang_after=2,usage=none,cached=5,tag=x",
    );
    expect(b).toMatchObject({
      baseModel: "mock-gpt",
      ttftMs: 1000,
      tps: 50.5,
      reply: "Hi there",
      tokens: 7,
      fail: { kind: "status", status: 429 },
      failTimes: 1,
      retryAfter: 2,
      cutAfter: 4,
      hangAfter: 2,
      usage: false,
      cached: 5,
    });
  });

  it("accepts cut, hang and any 4xx/5xx status as fail modes", () => {
    expect(parsed("m@fail=cut").fail).toEqual({ kind: "cut" });
    expect(parsed("m@fail=HANG").fail).toEqual({ kind: "hang" });
    expect(parsed("m@fail=503").fail).toEqual({ kind: "status", status: 503 });
    expect(parseError("m@fail=200")).toMatch(/fail=200/);
    expect(parseError("m@fail=boom")).toMatch(/fail=boom/);
  });

  it("lets x-mock-* headers override the model name, with - or _ in the key", () => {
    const b = parsed("mock-gpt@ttft=1000,fail=500", {
      "x-mock-ttft": "5",
      "x-mock-fail-times": "2",
      other: "1",
    });
    expect(b.ttftMs).toBe(5);
    expect(b.failTimes).toBe(2);
    expect(b.fail).toEqual({ kind: "status", status: 500 });
    expect(parsed(null, { "x-mock-reply": "a%2Cb" }).reply).toBe("a,b");
  });

  it("rejects unknown keys and invalid values", () => {
    expect(parseError("m@ttf=1")).toMatch(/Unknown mock directive "ttf"/);
    expect(parseError("m@ttft=-1")).toMatch(/ttft=-1/);
    expect(parseError("m@ttft=1.5")).toMatch(/ttft=1.5/);
    expect(parseError("m@tps=abc")).toMatch(/tps=abc/);
    expect(parseError("m@usage=some")).toMatch(/usage=some/);
    expect(parseError(null, { "x-mock-cached": "lots" })).toMatch(/cached=lots/);
  });

  it("builds a canonical, order-independent key for the fail_times counter", () => {
    const a = parsed("mock-gpt@fail=429,fail_times=1");
    const b = parsed("mock-claude@fail_times=1,fail=429");
    expect(a.key).toBe("fail=429,fail_times=1");
    expect(b.key).toBe(a.key);
    expect(parsed("mock-gpt@fail=429,fail_times=1,tag=other").key).not.toBe(a.key);
  });
});

describe("content helpers", () => {
  it("reads string and part-array contents, and the Anthropic system prompt", () => {
    expect(contentText("abc")).toBe("abc");
    expect(
      contentText([{ type: "text", text: "ab" }, { type: "image_url" }, { type: "text", text: "c" }]),
    ).toBe("abc");
    const messages = [
      { role: "user", content: "12345678" },
      { role: "assistant", content: [{ type: "text", text: "1234" }] },
      { role: "user", content: [{ type: "text", text: "last" }] },
    ];
    expect(promptChars(messages)).toBe(16);
    expect(promptChars(messages, "sys")).toBe(19);
    expect(promptChars(messages, [{ type: "text", text: "system" }])).toBe(22);
    expect(lastUserText(messages)).toBe("last");
    expect(lastUserText([{ role: "system", content: "s" }])).toBe("");
    expect(charsToTokens(16)).toBe(4);
    expect(charsToTokens(17)).toBe(5);
  });

  it("splits tokens as words with their trailing whitespace", () => {
    expect(splitTokens("Hello  big\nworld ")).toEqual(["Hello  ", "big\n", "world "]);
    expect(splitTokens(" lead")).toEqual([" lead"]);
    expect(splitTokens("")).toEqual([]);
    expect(splitTokens("a b c").join("")).toBe("a b c");
  });

  it("builds the default reply, padded or truncated to `tokens`", () => {
    expect(replyTokens({ reply: null, tokens: null }, "hi there").join("")).toBe("Mock reply to: hi there");
    const padded = replyTokens({ reply: null, tokens: 8 }, "hi");
    expect(padded).toHaveLength(8);
    expect(padded.join("")).toBe("Mock reply to: hi lorem ipsum dolor sit");
    expect(replyTokens({ reply: null, tokens: 2 }, "hi").join("")).toBe("Mock reply");
    expect(replyTokens({ reply: "exact  text", tokens: 9 }, "ignored")).toEqual(["exact  ", "text"]);
    expect(replyTokens({ reply: null, tokens: null }, "x".repeat(500)).join("")).toHaveLength(215);
  });

  it("applies max_tokens limits", () => {
    expect(limitTokens(["a ", "b ", "c"], 2)).toEqual({ tokens: ["a ", "b "], truncated: true });
    expect(limitTokens(["a ", "b"], 5)).toEqual({ tokens: ["a ", "b"], truncated: false });
    expect(limitTokens(["a ", "b"], undefined).truncated).toBe(false);
  });

  it("keeps cached tokens inside the prompt total", () => {
    expect(promptUsage(10, 4)).toEqual({ total: 10, cached: 4, uncached: 6 });
    expect(promptUsage(2, 5)).toEqual({ total: 5, cached: 5, uncached: 0 });
  });

  it("makes deterministic, normalised embeddings and encodes them as float32 base64", () => {
    const a = embedText("hello", 40);
    expect(a).toHaveLength(40);
    expect(embedText("hello", 40)).toEqual(a);
    expect(embedText("hellO", 40)).not.toEqual(a);
    expect(Math.hypot(...a)).toBeCloseTo(1, 10);
    const decoded = new Float32Array(new Uint8Array(Buffer.from(toBase64Float32(a), "base64")).buffer);
    expect(decoded).toHaveLength(40);
    expect(decoded[3]).toBeCloseTo(a[3]!, 6);
  });

  it("embeds synonyms close together and unrelated words apart", () => {
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * (y[i] ?? 0), 0);
    const car = embedText("automobile repair", 256);
    expect(dot(car, embedText("car maintenance", 256))).toBeGreaterThan(0.8);
    expect(Math.abs(dot(car, embedText("doctor house", 256)))).toBeLessThan(0.3);
  });

  it("delays non-stream responses by ttft plus the generation time at tps", () => {
    expect(nonStreamDelay({ ...defaultBehaviour("m"), ttftMs: 100 }, 10)).toBe(100);
    expect(nonStreamDelay({ ...defaultBehaviour("m"), ttftMs: 100, tps: 10 }, 11)).toBe(1100);
  });
});
