/**
 * The mock server through the AI SDK provider packages Prism's gateway uses.
 */
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { APICallError, embed, generateText, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockLlm, startMockLlm } from "./server";

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm();
});

afterAll(async () => {
  await mock.close();
});

const prompt = "Say hello"; // 9 chars -> 3 prompt tokens

describe("@ai-sdk/openai (chat completions)", () => {
  const provider = () => createOpenAI({ baseURL: `${mock.url}/v1`, apiKey: "sk-test" });

  it("generates text with usage and cached tokens", async () => {
    const result = await generateText({ model: provider().chat("mock-gpt@cached=2"), prompt, maxRetries: 0 });
    expect(result.text).toBe("Mock reply to: Say hello");
    expect(result.finishReason).toBe("stop");
    expect(result.usage.inputTokens).toBe(3);
    expect(result.usage.outputTokens).toBe(5);
    expect(result.usage.inputTokenDetails.cacheReadTokens).toBe(2);
  });

  it("streams text with usage", async () => {
    const result = streamText({ model: provider().chat("mock-gpt@tokens=10"), prompt, maxRetries: 0 });
    let text = "";
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe("Mock reply to: Say hello lorem ipsum dolor sit amet");
    expect((await result.usage).outputTokens).toBe(10);
    expect((await result.usage).inputTokens).toBe(3);
  });

  it("embeds deterministically", async () => {
    const model = provider().embedding("mock-embed");
    const a = await embed({ model, value: "same text" });
    const b = await embed({ model, value: "same text" });
    expect(a.embedding).toHaveLength(16);
    expect(b.embedding).toEqual(a.embedding);
  });

  it("surfaces a 429 as a retryable APICallError", async () => {
    const error = await generateText({
      model: provider().chat("mock-gpt@fail=429"),
      prompt,
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    if (APICallError.isInstance(error)) {
      expect(error.statusCode).toBe(429);
      expect(error.isRetryable).toBe(true);
      expect(error.responseHeaders?.["retry-after"]).toBe("1");
    }
  });
});

describe("@ai-sdk/openai-compatible", () => {
  it("streams text and usage", async () => {
    const provider = createOpenAICompatible({
      name: "mock",
      baseURL: `${mock.url}/v1`,
      apiKey: "sk-test",
      includeUsage: true,
    });
    const result = streamText({ model: provider.chatModel("mock-fast"), prompt, maxRetries: 0 });
    let text = "";
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe("Mock reply to: Say hello");
    expect((await result.usage).outputTokens).toBe(5);
  });
});

describe("@ai-sdk/anthropic", () => {
  const provider = () => createAnthropic({ baseURL: `${mock.url}/v1`, apiKey: "sk-ant-test" });

  it("generates text with cache reads beside input tokens", async () => {
    const result = await generateText({
      model: provider()("mock-claude@cached=4"),
      system: "x".repeat(40),
      prompt,
      maxRetries: 0,
      maxOutputTokens: 100,
    });
    expect(result.text).toBe("Mock reply to: Say hello");
    expect(result.usage.inputTokenDetails.cacheReadTokens).toBe(4);
    expect(result.usage.inputTokenDetails.noCacheTokens).toBe(9); // ceil(49 / 4) = 13 prompt tokens, 4 cached
    expect(result.usage.inputTokens).toBe(13);
  });

  it("streams text with usage", async () => {
    const result = streamText({
      model: provider()("mock-claude@tokens=7"),
      prompt,
      maxRetries: 0,
      maxOutputTokens: 100,
    });
    let text = "";
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe("Mock reply to: Say hello lorem ipsum");
    expect((await result.usage).outputTokens).toBe(7);
    expect(await result.finishReason).toBe("stop");
  });

  it("reports an error when the stream is cut", async () => {
    const result = streamText({
      model: provider()("mock-claude@fail=cut,cut_after=3"),
      prompt,
      maxRetries: 0,
      maxOutputTokens: 100,
    });
    let text = "";
    const consume = async () => {
      for await (const delta of result.textStream) text += delta;
    };
    await expect(consume()).rejects.toThrow(/terminated|closed|Failed to process/);
    expect(text).toBe("Mock reply to: ");
  });
});
