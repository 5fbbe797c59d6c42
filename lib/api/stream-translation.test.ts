import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import type { CallOutcome } from "@/lib/ai/gateway";
import { messageEvents } from "./anthropic-stream";
import { completionChunks } from "./openai-tool-path";

/** The stream translators on scripted provider parts: orders the mock server cannot produce. */
async function* partsOf(parts: LanguageModelV3StreamPart[]): AsyncGenerator<LanguageModelV3StreamPart> {
  yield* parts;
}

const usage = { input: 10, output: 5, cachedInput: 2, cacheWrite: 1, estimated: false };
const outcome = (status: CallOutcome["status"] = "success"): Promise<CallOutcome> =>
  Promise.resolve({
    status,
    text: "",
    usage,
    costUsd: "0",
    credits: 0,
    ttftMs: 1,
    latencyMs: 2,
    failure:
      status === "success" ? null : { kind: "server", message: "The provider had an error (HTTP 500)." },
    model: { id: "m", name: "m", provider: "openai" },
    integrationId: "i",
  });
const finish = (unified: "stop" | "tool-calls" | "length", raw?: string): LanguageModelV3StreamPart => ({
  type: "finish",
  finishReason: { unified, raw },
  usage: {
    inputTokens: { total: 10, noCache: 8, cacheRead: 2, cacheWrite: undefined },
    outputTokens: { total: 5, text: 5, reasoning: undefined },
  },
});

async function collect(events: AsyncGenerator<string>): Promise<string> {
  let out = "";
  for await (const e of events) out += e;
  return out;
}

type Sse = { type: string; index?: number; [k: string]: unknown };
function anthropicEvents(text: string): Sse[] {
  return text
    .split("\n\n")
    .filter(Boolean)
    .map((block) => JSON.parse(block.split("\n")[1]!.slice("data: ".length)) as Sse);
}

describe("Anthropic message events", () => {
  it("keeps blocks whole and in order when two tool calls stream side by side", async () => {
    const parts: LanguageModelV3StreamPart[] = [
      { type: "text-start", id: "t" },
      { type: "text-delta", id: "t", delta: "Checking" },
      { type: "tool-input-start", id: "a", toolName: "weather" },
      { type: "tool-input-start", id: "b", toolName: "time" },
      { type: "tool-input-delta", id: "a", delta: '{"city":' },
      { type: "tool-input-delta", id: "b", delta: '{"tz":"CET"}' },
      { type: "tool-input-delta", id: "a", delta: '"Paris"}' },
      { type: "tool-input-end", id: "a" },
      { type: "tool-input-end", id: "b" },
      { type: "tool-call", toolCallId: "a", toolName: "weather", input: '{"city":"Paris"}' },
      { type: "tool-call", toolCallId: "b", toolName: "time", input: '{"tz":"CET"}' },
      // A provider that never streams arguments sends the whole call at once.
      { type: "tool-call", toolCallId: "c", toolName: "news", input: '{"q":"x"}' },
      finish("tool-calls"),
    ];
    const events = anthropicEvents(
      await collect(
        messageEvents(partsOf(parts), outcome(), { id: "msg_1", model: "m", inputTokensEstimate: 9 }),
      ),
    );
    // One block open at a time: every start is followed by its own deltas and stop.
    let open: number | null = null;
    const json = new Map<number, string>();
    for (const e of events) {
      if (e.type === "content_block_start") {
        expect(open).toBeNull();
        open = e.index ?? -1;
      } else if (e.type === "content_block_delta") {
        expect(e.index).toBe(open);
        const delta = e.delta as { type: string; partial_json?: string; text?: string };
        json.set(open ?? -1, (json.get(open ?? -1) ?? "") + (delta.partial_json ?? delta.text ?? ""));
      } else if (e.type === "content_block_stop") {
        expect(e.index).toBe(open);
        open = null;
      }
    }
    const starts = events.filter((e) => e.type === "content_block_start").map((e) => e.content_block);
    expect(starts).toEqual([
      { type: "text", text: "" },
      { type: "tool_use", id: "a", name: "weather", input: {} },
      { type: "tool_use", id: "b", name: "time", input: {} },
      { type: "tool_use", id: "c", name: "news", input: {} },
    ]);
    expect([...json.values()]).toEqual(["Checking", '{"city":"Paris"}', '{"tz":"CET"}', '{"q":"x"}']);
    expect(events.map((e) => e.type).slice(0, 3)).toEqual(["message_start", "content_block_start", "ping"]);
    const delta = events.find((e) => e.type === "message_delta");
    expect(delta).toEqual({
      type: "message_delta",
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: {
        input_tokens: 7,
        output_tokens: 5,
        cache_creation_input_tokens: 1,
        cache_read_input_tokens: 2,
      },
    });
    expect(events.at(-1)).toEqual({ type: "message_stop" });
  });

  it("ends with an error event when the call fails after it started", async () => {
    const parts: LanguageModelV3StreamPart[] = [
      { type: "text-delta", id: "t", delta: "Hel" },
      { type: "error", error: new Error("cut") },
    ];
    const events = anthropicEvents(
      await collect(
        messageEvents(partsOf(parts), outcome("error"), { id: "msg_1", model: "m", inputTokensEstimate: 1 }),
      ),
    );
    expect(events.at(-1)).toEqual({
      type: "error",
      error: { type: "api_error", message: "The provider had an error (HTTP 500)." },
    });
    expect(events.some((e) => e.type === "message_stop")).toBe(false);
  });
});

describe("OpenAI completion chunks", () => {
  const ids = { id: "chatcmpl-1", created: 1, name: "openai/m" };
  const chunksOf = async (parts: LanguageModelV3StreamPart[]) =>
    (await collect(completionChunks(partsOf(parts), outcome(), { ...ids, includeUsage: true, terms: null })))
      .split("\n\n")
      .filter(Boolean)
      .map((line) => line.slice("data: ".length));

  it("numbers parallel tool calls, sends each head once and the role only on the first chunk", async () => {
    const lines = await chunksOf([
      { type: "text-delta", id: "t", delta: "Let me check." },
      { type: "tool-input-start", id: "call_a", toolName: "weather" },
      { type: "tool-input-delta", id: "call_a", delta: '{"city":"Paris"}' },
      { type: "tool-input-start", id: "call_b", toolName: "time" },
      { type: "tool-input-delta", id: "call_b", delta: "{}" },
      { type: "tool-call", toolCallId: "call_a", toolName: "weather", input: '{"city":"Paris"}' },
      { type: "tool-call", toolCallId: "call_b", toolName: "time", input: "{}" },
      finish("tool-calls", "tool_calls"),
    ]);
    expect(lines.at(-1)).toBe("[DONE]");
    const chunks = lines.slice(0, -1).map(
      (l) =>
        JSON.parse(l) as {
          choices: { delta: Record<string, unknown>; finish_reason: string | null }[];
          usage: unknown;
        },
    );
    const deltas = chunks.filter((c) => c.choices.length > 0).map((c) => c.choices[0]!.delta);
    expect(deltas).toEqual([
      { role: "assistant", content: "" },
      { content: "Let me check." },
      {
        tool_calls: [
          { index: 0, id: "call_a", type: "function", function: { name: "weather", arguments: "" } },
        ],
      },
      { tool_calls: [{ index: 0, function: { arguments: '{"city":"Paris"}' } }] },
      {
        tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "time", arguments: "" } }],
      },
      { tool_calls: [{ index: 1, function: { arguments: "{}" } }] },
      {},
    ]);
    expect(chunks.filter((c) => c.choices.length > 0).at(-1)?.choices[0]?.finish_reason).toBe("tool_calls");
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 5 } });
  });

  it("stops with length when the arguments were cut by max_tokens", async () => {
    const lines = await chunksOf([
      { type: "tool-input-start", id: "call_a", toolName: "weather" },
      { type: "tool-input-delta", id: "call_a", delta: '{"ci' },
      finish("length", "length"),
    ]);
    const first = JSON.parse(lines[0]!) as { choices: { delta: Record<string, unknown> }[] };
    expect(first.choices[0]?.delta).toMatchObject({ role: "assistant", content: null });
    const finishes = lines
      .slice(0, -1)
      .map(
        (l) => (JSON.parse(l) as { choices: { finish_reason: string | null }[] }).choices[0]?.finish_reason,
      )
      .filter(Boolean);
    expect(finishes).toEqual(["length"]);
  });
});
