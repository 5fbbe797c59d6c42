import Anthropic from "@anthropic-ai/sdk";
import type { MessageParam, Tool } from "@anthropic-ai/sdk/resources/messages";
import { afterAll, beforeAll, expect, it } from "vitest";
import { apiSuite } from "@/lib/testing/api-server";
import { describeEachEngine } from "@/lib/testing/db";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";

/**
 * Anthropic's Messages API over Prism models, driven by the official `@anthropic-ai/sdk` over real
 * HTTP: text and tool use, stream and not, with OpenAI and Anthropic models upstream; each call
 * metered; Anthropic's error shapes and statuses.
 */
let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

const ARGS = encodeURIComponent(JSON.stringify({ city: "Paris" }));
const GPT_TOOL = `mock-gpt@tool=weather,tool_args=${ARGS}`;
const CLAUDE_TOOL = `mock-claude@tool=weather,tool_args=${ARGS}`;
const SLOW = "mock-gpt@tps=20,tokens=200";
const tools: Tool[] = [
  {
    name: "weather",
    description: "The weather of a city",
    input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
];
const question: MessageParam = { role: "user", content: "Weather in Paris?" };

describeEachEngine("POST /api/v1/messages (Anthropic Messages)", ({ db }) => {
  const suite = apiSuite(db, () => mock, [
    { provider: "openai", models: [GPT_TOOL, "mock-gpt", SLOW] },
    { provider: "anthropic", models: [CLAUDE_TOOL, "mock-claude"] },
  ]);
  const rowsOf = suite.rowsOf;
  async function client(opts: { rateLimit?: number; scopes?: ("chat" | "models")[] } = {}) {
    const { u, key } = await suite.user(opts);
    const anthropic = new Anthropic({ apiKey: key.secret, baseURL: `${suite.url()}/api`, maxRetries: 0 });
    return { u, key, anthropic };
  }

  for (const [flavour, model] of [
    ["OpenAI", "openai/mock-gpt"],
    ["Anthropic", "anthropic/mock-claude"],
  ] as const) {
    it(`answers a text message with system, usage and end_turn (${flavour} upstream)`, async () => {
      const { u, key, anthropic } = await client();
      const message = await anthropic.messages.create({
        model,
        max_tokens: 200,
        system: [{ type: "text", text: "Be brief." }],
        messages: [{ role: "user", content: "Say hello" }],
      });
      expect(message).toMatchObject({
        type: "message",
        role: "assistant",
        model,
        stop_reason: "end_turn",
        stop_sequence: null,
        content: [{ type: "text", text: "Mock reply to: Say hello" }],
      });
      expect(message.id).toMatch(/^msg_/);
      expect(message.usage.input_tokens).toBeGreaterThan(0);
      expect(message.usage.output_tokens).toBeGreaterThan(0);
      expect(message.usage.cache_read_input_tokens).toBe(0);
      expect(mock.requests()[0]?.system).toContain("Be brief.");
      const rows = await rowsOf(u.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        status: "success",
        apiKeyId: key.id,
        requestType: "completion",
        estimated: false,
      });
      expect(rows[0]?.tokensOut).toBe(message.usage.output_tokens);
    });

    it(`streams the exact event sequence; finalMessage() assembles it (${flavour} upstream)`, async () => {
      const { u, key, anthropic } = await client();
      const request = {
        model,
        max_tokens: 200,
        system: "Be brief.",
        messages: [{ role: "user" as const, content: "Say hello" }],
      };
      const final = await anthropic.messages.stream(request).finalMessage();
      expect(final.content).toEqual([{ type: "text", text: "Mock reply to: Say hello" }]);
      expect(final.stop_reason).toBe("end_turn");
      expect(final.usage.output_tokens).toBeGreaterThan(0);
      const rows = await rowsOf(u.id);
      expect(rows).toHaveLength(1);
      // The usage the client saw is the metered one (message_delta carries the real counts).
      expect(final.usage.output_tokens).toBe(rows[0]?.tokensOut);
      expect(final.usage.input_tokens).toBe(rows[0]?.tokensIn);

      // On the wire: each event's name matches its data's type, in Anthropic's order.
      const res = await fetch(`${suite.url()}/api/v1/messages`, {
        method: "POST",
        headers: {
          "x-api-key": key.secret,
          "anthropic-version": "2023-06-01",
          "content-type": "application/json",
        },
        body: JSON.stringify({ ...request, stream: true }),
      });
      expect(res.headers.get("content-type")).toContain("text/event-stream");
      const events = (await res.text())
        .split("\n\n")
        .filter(Boolean)
        .map((block) => {
          const [name, data] = block.split("\n");
          const parsed = JSON.parse(data!.replace(/^data: /, "")) as {
            type: string;
            delta?: { type: string };
          };
          expect(name).toBe(`event: ${parsed.type}`);
          return parsed;
        });
      const names = events.map((e) => e.type);
      const squeezed = names.filter((e, i) => e !== "content_block_delta" || names[i - 1] !== e);
      expect(squeezed).toEqual([
        "message_start",
        "content_block_start",
        "ping",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
      ]);
      expect(
        events.filter((e) => e.type === "content_block_delta").every((e) => e.delta?.type === "text_delta"),
      ).toBe(true);
    });
  }

  for (const [flavour, model] of [
    ["OpenAI", `openai/${GPT_TOOL}`],
    ["Anthropic", `anthropic/${CLAUDE_TOOL}`],
  ] as const) {
    it(`returns tool_use, takes the client's tool_result and answers (${flavour} upstream)`, async () => {
      const { u, anthropic } = await client();
      const first = await anthropic.messages.create({ model, max_tokens: 200, tools, messages: [question] });
      expect(first.stop_reason).toBe("tool_use");
      const use = first.content.find((b) => b.type === "tool_use");
      expect(use).toMatchObject({ type: "tool_use", name: "weather", input: { city: "Paris" } });
      if (use?.type !== "tool_use") throw new Error("expected tool_use");
      expect(use.id).toMatch(/\S/);
      expect(mock.requests()[0]?.tools).toEqual(["weather"]);
      const second = await anthropic.messages.create({
        model,
        max_tokens: 200,
        tools,
        messages: [
          question,
          { role: "assistant", content: first.content },
          { role: "user", content: [{ type: "tool_result", tool_use_id: use.id, content: "sunny, 24 °C" }] },
        ],
      });
      expect(second.stop_reason).toBe("end_turn");
      expect(second.content).toEqual([{ type: "text", text: "Tool result: sunny, 24 °C" }]);
      expect(mock.requests().map((r) => r.toolResults)).toEqual([0, 1]);
      expect((await rowsOf(u.id)).map((r) => r.status)).toEqual(["success", "success"]);
    });

    it(`streams tool_use as input_json_delta; the loop runs on stream().finalMessage() (${flavour} upstream)`, async () => {
      const { u, anthropic } = await client();
      const stream = anthropic.messages.stream({ model, max_tokens: 200, tools, messages: [question] });
      const deltas: string[] = [];
      stream.on("streamEvent", (e) => {
        if (e.type === "content_block_delta" && e.delta.type === "input_json_delta")
          deltas.push(e.delta.partial_json);
      });
      const first = await stream.finalMessage();
      expect(first.stop_reason).toBe("tool_use");
      const use = first.content.find((b) => b.type === "tool_use");
      if (use?.type !== "tool_use") throw new Error("expected tool_use");
      expect(use.input).toEqual({ city: "Paris" });
      expect(deltas.length).toBeGreaterThan(0);
      expect(JSON.parse(deltas.join(""))).toEqual({ city: "Paris" });
      const messages: MessageParam[] = [
        question,
        { role: "assistant", content: first.content },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: use.id, content: [{ type: "text", text: "rain" }] }],
        },
      ];
      const final = await anthropic.messages
        .stream({ model, max_tokens: 200, tools, messages })
        .finalMessage();
      expect(final.content).toEqual([{ type: "text", text: "Tool result: rain" }]);
      expect(final.stop_reason).toBe("end_turn");
      expect(await rowsOf(u.id)).toHaveLength(2);
    });
  }

  it("a client that goes away mid-stream cancels the provider call, metered as aborted", async () => {
    const { u, anthropic } = await client();
    const stream = anthropic.messages.stream({
      model: `openai/${SLOW}`,
      max_tokens: 500,
      messages: [{ role: "user", content: "Tell me a long story" }],
    });
    let seen = 0;
    await new Promise<void>((resolve) => {
      stream.on("text", () => {
        if (++seen === 3) {
          stream.abort();
          resolve();
        }
      });
      stream.on("abort", () => resolve());
    });
    await stream.done().catch(() => {});
    await expect.poll(() => mock.requests()[0]?.clientClosed).toBe(true);
    await expect.poll(async () => (await rowsOf(u.id)).map((r) => r.status)).toEqual(["aborted"]);
  });
});
