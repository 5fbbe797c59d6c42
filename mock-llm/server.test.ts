import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type MockLlm, type MockRequest, startMockLlm } from "./server";

let mock: MockLlm;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  mock = await startMockLlm();
  openai = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: mock.url, apiKey: "sk-ant-test", maxRetries: 0 });
});

afterAll(async () => {
  await mock.close();
});

beforeEach(() => {
  mock.reset();
});

const user = (content: string) => [{ role: "user" as const, content }];

function lastRequest(): MockRequest {
  const log = mock.requests();
  const last = log[log.length - 1];
  if (!last) throw new Error("no request logged");
  return last;
}

async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Awaits a promise that must reject with an instance of `type`, and returns the typed error. */
async function rejectsWith<T>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<T> {
  try {
    await promise;
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(type);
    return error as T;
  }
  throw new Error("expected the promise to reject");
}

function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${mock.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

describe("OpenAI wire format (official openai SDK)", () => {
  it("answers a non-stream chat completion with text and usage", async () => {
    const res = await openai.chat.completions.create({ model: "mock-gpt", messages: user("Hello there!") });
    expect(res.object).toBe("chat.completion");
    expect(res.id).toMatch(/^chatcmpl-/);
    expect(res.model).toBe("mock-gpt");
    expect(res.choices[0]?.message).toMatchObject({
      role: "assistant",
      content: "Mock reply to: Hello there!",
    });
    expect(res.choices[0]?.finish_reason).toBe("stop");
    expect(res.usage).toMatchObject({
      prompt_tokens: 3, // ceil(12 / 4)
      completion_tokens: 5,
      total_tokens: 8,
      prompt_tokens_details: { cached_tokens: 0 },
    });
    expect(lastRequest()).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      model: "mock-gpt",
      stream: false,
      apiKey: "sk-test",
      status: 200,
      tokensSent: 5,
      completed: true,
      clientClosed: false,
    });
  });

  it("streams chunks and a final usage chunk with stream_options.include_usage", async () => {
    const stream = await openai.chat.completions.create({
      model: "mock-fast@tokens=12",
      messages: user("Stream please"),
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: "assistant", content: "" });
    expect(
      chunks.every((c) => c.object === "chat.completion.chunk" && c.model === "mock-fast@tokens=12"),
    ).toBe(true);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe("Mock reply to: Stream please lorem ipsum dolor sit amet consectetur adipiscing");
    const finish = chunks[chunks.length - 2];
    expect(finish?.choices[0]).toMatchObject({ delta: {}, finish_reason: "stop", logprobs: null });
    const last = chunks[chunks.length - 1];
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 12, total_tokens: 16 });
    expect(lastRequest()).toMatchObject({ stream: true, tokensSent: 12, completed: true });
  });

  it("sends no usage chunk without include_usage, and none at all with usage=none", async () => {
    const plain = await openai.chat.completions.create({
      model: "mock-gpt",
      messages: user("x"),
      stream: true,
    });
    const plainChunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of plain) plainChunks.push(chunk);
    expect(plainChunks.some((c) => c.usage)).toBe(false);
    expect(plainChunks[plainChunks.length - 1]?.choices[0]?.finish_reason).toBe("stop");

    const none = await openai.chat.completions.create({ model: "mock-gpt@usage=none", messages: user("x") });
    expect(none.usage).toBeUndefined();
  });

  it("lists the mock models", async () => {
    const ids: string[] = [];
    for await (const model of openai.models.list()) {
      expect(model).toMatchObject({ object: "model", owned_by: "prism-mock" });
      ids.push(model.id);
    }
    expect(ids).toEqual(["mock-fast", "mock-slow", "mock-gpt", "mock-claude", "mock-embed"]);
  });

  it("lists its chat models the way Ollama does at /api/tags", async () => {
    const res = await fetch(`${mock.url}/api/tags`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { models: { name: string; model: string; details: object }[] };
    expect(body.models.map((m) => m.name)).toEqual(["mock-fast", "mock-slow", "mock-gpt", "mock-claude"]);
    expect(body.models[0]).toMatchObject({ model: "mock-fast", details: { format: "gguf" } });
    expect(lastRequest()).toMatchObject({ method: "GET", path: "/api/tags", status: 200 });
  });

  it("returns deterministic, normalised embeddings (base64 by default in the SDK)", async () => {
    const first = await openai.embeddings.create({ model: "mock-embed", input: ["alpha", "beta"] });
    const again = await openai.embeddings.create({ model: "mock-embed", input: "alpha" });
    const vector = (e: OpenAI.Embeddings.CreateEmbeddingResponse, i: number): number[] =>
      Array.from(e.data[i]?.embedding ?? []);
    expect(first.object).toBe("list");
    expect(first.data.map((d) => d.index)).toEqual([0, 1]);
    expect(vector(first, 0)).toHaveLength(16);
    expect(vector(again, 0)).toEqual(vector(first, 0));
    expect(vector(first, 1)).not.toEqual(vector(first, 0));
    expect(Math.hypot(...vector(first, 0))).toBeCloseTo(1, 5);
    expect(first.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 }); // ceil(5 / 4) + ceil(4 / 4)

    const floats = await openai.embeddings.create({
      model: "mock-embed",
      input: "alpha",
      dimensions: 64,
      encoding_format: "float",
    });
    expect(floats.data[0]?.embedding).toHaveLength(64);
    expect(Math.hypot(...(floats.data[0]?.embedding ?? []))).toBeCloseTo(1, 10);
  });

  it("raises AuthenticationError (401) for a bad key", async () => {
    const bad = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: "sk-BAD-key", maxRetries: 0 });
    const error = await rejectsWith(
      bad.chat.completions.create({ model: "mock-gpt", messages: user("x") }),
      OpenAI.AuthenticationError,
    );
    expect(error.status).toBe(401);
    expect(error.code).toBe("invalid_api_key");
    expect(error.type).toBe("invalid_request_error");
  });

  it("accepts requests without any API key", async () => {
    const res = await post("/v1/chat/completions", JSON.stringify({ model: "m", messages: user("hi") }));
    expect(res.status).toBe(200);
    expect(lastRequest().apiKey).toBeNull();
  });

  it("fails with 429 + Retry-After once, then succeeds (fail_times=1)", async () => {
    const request = { model: "mock-gpt@fail=429,fail_times=1,retry_after=7", messages: user("retry me") };
    const error = await rejectsWith(openai.chat.completions.create(request), OpenAI.RateLimitError);
    expect(error.headers.get("retry-after")).toBe("7");
    expect(error.code).toBe("rate_limit_exceeded");
    const ok = await openai.chat.completions.create(request);
    expect(ok.choices[0]?.message.content).toBe("Mock reply to: retry me");
    expect(mock.requests().map((r) => r.status)).toEqual([429, 200]);
  });

  it("fails with 500 in the server error shape", async () => {
    const error = await rejectsWith(
      openai.chat.completions.create({ model: "mock-gpt@fail=500", messages: user("x") }),
      OpenAI.InternalServerError,
    );
    expect(error.status).toBe(500);
    expect(error.type).toBe("server_error");
  });

  it("cuts a stream after cut_after tokens (no finish, no [DONE])", async () => {
    const stream = await openai.chat.completions.create({
      model: "mock-gpt@fail=cut,cut_after=4,tokens=20",
      messages: user("x"),
      stream: true,
    });
    const texts: string[] = [];
    const consume = async () => {
      for await (const chunk of stream) texts.push(chunk.choices[0]?.delta.content ?? "");
    };
    await expect(consume()).rejects.toThrow();
    expect(texts.join("")).toBe("Mock reply to: x ");
    await waitFor(() => lastRequest().status === 200 && !lastRequest().completed);
    expect(lastRequest()).toMatchObject({ tokensSent: 4, completed: false, clientClosed: false });
  });

  it("delays the first chunk by ttft", async () => {
    const started = performance.now();
    const stream = await openai.chat.completions.create({
      model: "mock-slow@ttft=300",
      messages: user("x"),
      stream: true,
    });
    let firstAt = 0;
    for await (const chunk of stream) {
      if (firstAt === 0 && chunk.choices[0]?.delta.content) firstAt = performance.now() - started;
    }
    expect(firstAt).toBeGreaterThanOrEqual(280);
    expect(firstAt).toBeLessThan(2000);
  });

  it("paces tokens at tps", async () => {
    const started = performance.now();
    const res = await openai.chat.completions.create({
      model: "mock-gpt@tps=50,tokens=11",
      messages: user("x"),
    });
    const elapsed = performance.now() - started;
    expect(res.usage?.completion_tokens).toBe(11);
    expect(elapsed).toBeGreaterThanOrEqual(190); // 10 intervals of 20 ms
    expect(elapsed).toBeLessThan(2000);
  });

  it("reports cached tokens inside prompt_tokens", async () => {
    const res = await openai.chat.completions.create({
      model: "mock-gpt@cached=5",
      messages: user("x".repeat(40)),
    });
    expect(res.usage?.prompt_tokens).toBe(10);
    expect(res.usage?.prompt_tokens_details?.cached_tokens).toBe(5);
  });

  it("honours x-mock-* headers over the model name, and max_tokens", async () => {
    const res = await openai.chat.completions.create(
      { model: "mock-gpt@reply=from%20model", messages: user("x"), max_tokens: 2 },
      { headers: { "x-mock-reply": "from header, with comma" } },
    );
    expect(res.choices[0]?.message.content).toBe("from header, ");
    expect(res.choices[0]?.finish_reason).toBe("length");
  });
});

describe("Anthropic wire format (official @anthropic-ai/sdk)", () => {
  it("answers a non-stream message with usage", async () => {
    const msg = await anthropic.messages.create({
      model: "mock-claude",
      max_tokens: 100,
      system: "Be brief.",
      messages: user("Hi Claude"),
    });
    expect(msg.id).toMatch(/^msg_/);
    expect(msg).toMatchObject({
      type: "message",
      role: "assistant",
      model: "mock-claude",
      stop_reason: "end_turn",
    });
    expect(msg.stop_sequence).toBeNull();
    expect(msg.content).toEqual([{ type: "text", text: "Mock reply to: Hi Claude" }]);
    expect(msg.usage).toMatchObject({
      input_tokens: 5, // ceil((9 + 9) / 4)
      output_tokens: 5,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    });
    expect(lastRequest()).toMatchObject({
      path: "/v1/messages",
      apiKey: "sk-ant-test",
      status: 200,
      tokensSent: 5,
    });
  });

  it("streams with messages.stream() and reports the final usage", async () => {
    const stream = anthropic.messages.stream({
      model: "mock-claude@tokens=9",
      max_tokens: 100,
      messages: user("Stream it"),
    });
    const deltas: string[] = [];
    const events: string[] = [];
    stream.on("text", (delta) => deltas.push(delta));
    stream.on("streamEvent", (event) => events.push(event.type));
    const final = await stream.finalMessage();
    expect(deltas.join("")).toBe("Mock reply to: Stream it lorem ipsum dolor sit");
    expect(deltas).toHaveLength(9);
    expect(final.content).toEqual([{ type: "text", text: deltas.join("") }]);
    expect(final.stop_reason).toBe("end_turn");
    expect(final.usage).toMatchObject({ input_tokens: 3, output_tokens: 9 });
    expect(events[0]).toBe("message_start");
    expect(events.slice(-3)).toEqual(["content_block_stop", "message_delta", "message_stop"]);
    expect(lastRequest()).toMatchObject({ stream: true, tokensSent: 9, completed: true });
  });

  it("reports cached tokens beside input_tokens", async () => {
    const msg = await anthropic.messages.create({
      model: "mock-claude@cached=6",
      max_tokens: 100,
      messages: user("y".repeat(40)),
    });
    expect(msg.usage.input_tokens).toBe(4); // 10 prompt tokens, 6 of them read from cache
    expect(msg.usage.cache_read_input_tokens).toBe(6);
    const stream = anthropic.messages.stream({
      model: "mock-claude@cached=6",
      max_tokens: 100,
      messages: user("y".repeat(40)),
    });
    const final = await stream.finalMessage();
    expect(final.usage).toMatchObject({ input_tokens: 4, cache_read_input_tokens: 6 });
  });

  it("raises AuthenticationError for a bad key", async () => {
    const bad = new Anthropic({ baseURL: mock.url, apiKey: "wrong-key", maxRetries: 0 });
    const error = await rejectsWith(
      bad.messages.create({ model: "mock-claude", max_tokens: 10, messages: user("x") }),
      Anthropic.AuthenticationError,
    );
    expect(error.status).toBe(401);
    expect(error.error).toMatchObject({
      type: "error",
      error: { type: "authentication_error", message: "invalid x-api-key" },
    });
  });

  it("uses the Anthropic rate-limit and server error shapes", async () => {
    const limited = await rejectsWith(
      anthropic.messages.create({
        model: "mock-claude@fail=429,retry_after=2",
        max_tokens: 10,
        messages: user("x"),
      }),
      Anthropic.RateLimitError,
    );
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(limited.error).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
    const broken = await rejectsWith(
      anthropic.messages.create({ model: "mock-claude@fail=500", max_tokens: 10, messages: user("x") }),
      Anthropic.InternalServerError,
    );
    expect(broken.error).toMatchObject({ type: "error", error: { type: "api_error" } });
  });
});

describe("aborts, validation and the control endpoints", () => {
  it("records clientClosed when the client aborts a hanging request", async () => {
    const controller = new AbortController();
    const pending = rejectsWith(
      openai.chat.completions.create(
        { model: "mock-gpt@fail=hang", messages: user("x") },
        { signal: controller.signal },
      ),
      OpenAI.APIUserAbortError,
    );
    await waitFor(() => mock.requests().length === 1);
    controller.abort();
    await pending;
    await waitFor(() => lastRequest().clientClosed, 1000);
    expect(lastRequest()).toMatchObject({ status: null, completed: false, clientClosed: true });
  });

  it("records clientClosed for a stream that hangs after hang_after tokens", async () => {
    const res = await post(
      "/v1/messages",
      JSON.stringify({
        model: "mock-claude@fail=hang,hang_after=2",
        max_tokens: 9,
        messages: user("x"),
        stream: true,
      }),
    );
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes('"text":"reply "')) {
      const { value, done } = await reader.read();
      if (done) throw new Error("stream ended instead of hanging");
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toContain("event: message_start");
    expect(text).not.toContain("message_stop");
    await reader.cancel();
    await waitFor(() => lastRequest().clientClosed, 1000);
    expect(lastRequest()).toMatchObject({ status: 200, tokensSent: 2, clientClosed: true });
  });

  it("rejects malformed JSON and missing fields with 400 in the provider's shape", async () => {
    const broken = await post("/v1/chat/completions", "{nope");
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { type: "invalid_request_error", param: null } });
    const noMessages = await post("/v1/chat/completions", JSON.stringify({ model: "mock-gpt" }));
    expect(await noMessages.json()).toMatchObject({ error: { param: "messages" } });
    const noModel = await post("/v1/messages", JSON.stringify({ messages: user("x") }));
    expect(noModel.status).toBe(400);
    expect(await noModel.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    const badDirective = await post(
      "/v1/chat/completions",
      JSON.stringify({ model: "m@ttf=1", messages: user("x") }),
    );
    expect(badDirective.status).toBe(400);
  });

  it("answers unknown paths with 404 in the OpenAI error shape", async () => {
    const res = await fetch(`${mock.url}/v1/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        message: "Invalid URL (GET /v1/nope)",
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    });
  });

  it("serves the request log, reset and health over HTTP", async () => {
    await openai.chat.completions.create({ model: "mock-fast", messages: user("x") });
    const log = (await (await fetch(`${mock.url}/__mock/requests`)).json()) as MockRequest[];
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ id: expect.any(Number), model: "mock-fast", status: 200 });
    expect(await (await fetch(`${mock.url}/__mock/health`)).json()).toMatchObject({ ok: true });
    expect((await fetch(`${mock.url}/__mock/reset`, { method: "POST" })).status).toBe(200);
    expect(mock.requests()).toEqual([]);
  });
});
