/**
 * Scripted tool calls in both wire formats, read by clients nobody on the team wrote: the official
 * `openai` and `@anthropic-ai/sdk` clients, and the AI SDK's tool loop over both provider packages.
 */

import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import Anthropic from "@anthropic-ai/sdk";
import { generateText, jsonSchema, stepCountIs, streamText, tool } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBehaviour } from "./behaviour";
import { type MockLlm, startMockLlm } from "./server";

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

const args = encodeURIComponent(JSON.stringify({ city: "Paris" }));
const weatherSchema: { type: "object"; properties: Record<string, { type: "string" }>; required: string[] } =
  {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
  };

describe("tool directives", () => {
  it("rejects bad tool names and non-object arguments", () => {
    expect(parseBehaviour("m@tool=a b").ok).toBe(false);
    expect(parseBehaviour("m@tool_args=%5B1%5D").ok).toBe(false);
    const ok = parseBehaviour(`m@tool=a|b,tool_args=${args}`);
    expect(ok.ok && ok.behaviour.tools).toEqual(["a", "b"]);
  });
});

describe("OpenAI chat completions", () => {
  const client = () => new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
  const tools = [{ type: "function" as const, function: { name: "weather", parameters: weatherSchema } }];

  it("returns tool_calls, then answers from the tool result (non-stream)", async () => {
    const model = `mock-gpt@tool=weather,tool_args=${args}`;
    const first = await client().chat.completions.create({
      model,
      tools,
      messages: [{ role: "user", content: "Weather in Paris?" }],
    });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    const call = choice.message.tool_calls?.[0];
    expect(call?.type).toBe("function");
    if (call?.type !== "function") throw new Error("expected a function call");
    expect(call.function.name).toBe("weather");
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "Paris" });

    const second = await client().chat.completions.create({
      model,
      tools,
      messages: [
        { role: "user", content: "Weather in Paris?" },
        choice.message,
        { role: "tool", tool_call_id: call.id, content: "18 degrees" },
      ],
    });
    expect(second.choices[0]?.finish_reason).toBe("stop");
    expect(second.choices[0]?.message.content).toBe("Tool result: 18 degrees");
  });

  it("streams a tool call as argument deltas", async () => {
    const stream = await client().chat.completions.create({
      model: `mock-gpt@tool=weather,tool_args=${args}`,
      tools,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "Weather?" }],
    });
    let name = "";
    let argText = "";
    let finish: string | null = null;
    let usage = 0;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta;
      for (const c of delta?.tool_calls ?? []) {
        name += c.function?.name ?? "";
        argText += c.function?.arguments ?? "";
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage.completion_tokens;
    }
    expect(name).toBe("weather");
    expect(JSON.parse(argText)).toEqual({ city: "Paris" });
    expect(finish).toBe("tool_calls");
    expect(usage).toBeGreaterThan(0);
  });

  it("answers in text when the scripted tool is not offered or tool_choice is none", async () => {
    const noTools = await client().chat.completions.create({
      model: "mock-gpt@tool=weather",
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(noTools.choices[0]?.message.content).toBe("Mock reply to: Hi");
    const none = await client().chat.completions.create({
      model: "mock-gpt@tool=weather",
      tools,
      tool_choice: "none",
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(none.choices[0]?.finish_reason).toBe("stop");
  });
});

describe("Anthropic messages", () => {
  const client = () => new Anthropic({ baseURL: mock.url, apiKey: "sk-ant-test", maxRetries: 0 });
  const tools = [{ name: "weather", input_schema: weatherSchema }];

  it("returns tool_use, then answers from the tool_result (non-stream)", async () => {
    const model = `mock-claude@tool=weather,tool_args=${args}`;
    const first = await client().messages.create({
      model,
      max_tokens: 100,
      tools,
      messages: [{ role: "user", content: "Weather in Paris?" }],
    });
    expect(first.stop_reason).toBe("tool_use");
    const use = first.content[0];
    if (use?.type !== "tool_use") throw new Error("expected tool_use");
    expect(use.name).toBe("weather");
    expect(use.input).toEqual({ city: "Paris" });
    const second = await client().messages.create({
      model,
      max_tokens: 100,
      tools,
      messages: [
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: first.content },
        { role: "user", content: [{ type: "tool_result", tool_use_id: use.id, content: "18 degrees" }] },
      ],
    });
    expect(second.stop_reason).toBe("end_turn");
    expect(second.content[0]?.type === "text" && second.content[0].text).toBe("Tool result: 18 degrees");
  });

  it("streams tool_use as input_json_delta events", async () => {
    const stream = client().messages.stream({
      model: `mock-claude@tool=weather,tool_args=${args}`,
      max_tokens: 100,
      tools,
      messages: [{ role: "user", content: "Weather?" }],
    });
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe("tool_use");
    const use = final.content[0];
    expect(use?.type === "tool_use" && use.input).toEqual({ city: "Paris" });
  });
});

describe("the AI SDK tool loop", () => {
  const weather = tool({
    description: "Weather of a city",
    inputSchema: jsonSchema<{ city: string }>(weatherSchema),
    execute: async ({ city }) => `sunny in ${city}`,
  });
  const models = () => ({
    openai: createOpenAI({ baseURL: `${mock.url}/v1`, apiKey: "sk-test" }).chat(
      `mock-gpt@tool=weather|weather,tool_args=${args}`,
    ),
    anthropic: createAnthropic({ baseURL: `${mock.url}/v1`, apiKey: "sk-ant-test" })(
      `mock-claude@tool=weather|weather,tool_args=${args}`,
    ),
  });

  for (const flavour of ["openai", "anthropic"] as const) {
    it(`runs a two-call loop to a final answer (${flavour}, generate and stream)`, async () => {
      const result = await generateText({
        model: models()[flavour],
        tools: { weather },
        stopWhen: stepCountIs(8),
        prompt: "Weather?",
        maxOutputTokens: 100,
        maxRetries: 0,
      });
      expect(result.steps).toHaveLength(3);
      expect(result.steps.flatMap((s) => s.toolResults.map((r) => r.output))).toEqual([
        "sunny in Paris",
        "sunny in Paris",
      ]);
      expect(result.text).toBe("Tool result: sunny in Paris");

      const streamed = streamText({
        model: models()[flavour],
        tools: { weather },
        stopWhen: stepCountIs(8),
        prompt: "Weather?",
        maxOutputTokens: 100,
        maxRetries: 0,
      });
      expect(await streamed.text).toBe("Tool result: sunny in Paris");
      expect((await streamed.steps).length).toBe(3);
    });
  }

  it("logs the offered tools and the results each request carried", async () => {
    mock.reset();
    await generateText({
      model: models().openai,
      tools: { weather },
      stopWhen: stepCountIs(8),
      prompt: "Weather?",
      maxRetries: 0,
    });
    const chats = mock
      .requests()
      .filter((r) => r.path === "/v1/chat/completions")
      .slice(-3);
    expect(chats.map((r) => r.toolResults)).toEqual([0, 1, 2]);
    expect(chats[0]?.tools).toEqual(["weather"]);
  });
});
