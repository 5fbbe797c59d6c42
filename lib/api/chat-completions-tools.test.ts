import OpenAI, { AuthenticationError, BadRequestError, RateLimitError } from "openai";
import type {
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from "openai/resources/chat/completions";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { TerminologyModel } from "@/lib/terminology/store";
import { apiSuite } from "@/lib/testing/api-server";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx } from "@/lib/testing/fixtures";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";

/**
 * The OpenAI-compatible API with tools, driven by the official `openai` client over real HTTP:
 * tool calls come back in OpenAI's wire format (stream and not), the client runs the tool and
 * sends the result, the model answers; every call is metered as its own usage row.
 */
let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

const ARGS = JSON.stringify({ city: "Paris" });
const GPT = `mock-gpt@tool=weather,tool_args=${encodeURIComponent(ARGS)}`;
const CLAUDE = `mock-claude@tool=weather,tool_args=${encodeURIComponent(ARGS)}`;
const tools: ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "weather",
      description: "The weather of a city",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
];
const question: ChatCompletionMessageParam = { role: "user", content: "Weather in Paris?" };

describeEachEngine("POST /api/v1/chat/completions with tools", ({ db }) => {
  const suite = apiSuite(db, () => mock, [
    { provider: "openai", models: [GPT, "mock-plain"] },
    { provider: "anthropic", models: [CLAUDE] },
  ]);
  const rowsOf = suite.rowsOf;
  async function client(opts: { rateLimit?: number } = {}) {
    const { u, key } = await suite.user(opts);
    return {
      u,
      key,
      openai: new OpenAI({ apiKey: key.secret, baseURL: `${suite.url()}/api/v1`, maxRetries: 0 }),
    };
  }

  for (const [flavour, model] of [
    ["OpenAI", `openai/${GPT}`],
    ["Anthropic", `anthropic/${CLAUDE}`],
  ] as const) {
    it(`returns tool_calls, takes the client's tool result and answers (${flavour} upstream, non-stream)`, async () => {
      const { u, key, openai } = await client();
      const first = await openai.chat.completions.create({ model, messages: [question], tools });
      const choice = first.choices[0]!;
      expect(choice.finish_reason).toBe("tool_calls");
      expect(choice.message.content).toBeNull();
      expect(choice.message.tool_calls).toHaveLength(1);
      const call = choice.message.tool_calls![0]!;
      if (call.type !== "function") throw new Error("expected a function call");
      expect(call.id).toMatch(/\S/);
      expect(call.function.name).toBe("weather");
      expect(JSON.parse(call.function.arguments)).toEqual({ city: "Paris" });
      expect(first.usage?.prompt_tokens).toBeGreaterThan(0);
      // The provider saw the tool as the client defined it.
      expect(mock.requests()[0]?.tools).toEqual(["weather"]);

      const second = await openai.chat.completions.create({
        model,
        tools,
        messages: [
          question,
          choice.message,
          { role: "tool", tool_call_id: call.id, content: "sunny, 24 °C" },
        ],
      });
      expect(second.choices[0]?.finish_reason).toBe("stop");
      expect(second.choices[0]?.message.content).toBe("Tool result: sunny, 24 °C");
      expect(second.choices[0]?.message.tool_calls).toBeUndefined();
      expect(mock.requests().map((r) => r.toolResults)).toEqual([0, 1]);

      const rows = await rowsOf(u.id);
      expect(rows).toHaveLength(2);
      expect(
        rows.every((r) => r.status === "success" && r.apiKeyId === key.id && r.requestType === "completion"),
      ).toBe(true);
      expect(rows.every((r) => !r.estimated && r.tokensIn > 0)).toBe(true);
    });

    it(`streams tool calls as delta.tool_calls chunks with usage (${flavour} upstream)`, async () => {
      const { u, openai } = await client();
      const stream = await openai.chat.completions.create({
        model,
        messages: [question],
        tools,
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks: ChatCompletionChunk[] = [];
      for await (const c of stream) chunks.push(c);
      const withChoice = chunks.filter((c) => c.choices.length > 0);
      const first = withChoice[0]!.choices[0]!.delta;
      expect(first.role).toBe("assistant");
      expect(first.content).toBeNull();
      const head = first.tool_calls?.[0];
      expect(head).toMatchObject({ index: 0, type: "function", function: { name: "weather" } });
      expect(head?.id).toMatch(/\S/);
      const args = withChoice
        .flatMap((c) => c.choices[0]?.delta.tool_calls ?? [])
        .map((t) => t.function?.arguments ?? "")
        .join("");
      expect(JSON.parse(args)).toEqual({ city: "Paris" });
      // Later pieces carry only the index and the arguments, as OpenAI streams them.
      const later = withChoice.slice(1).flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
      expect(later.length).toBeGreaterThan(0);
      expect(later.every((t) => t.index === 0 && t.id === undefined)).toBe(true);
      expect(withChoice.at(-1)?.choices[0]?.finish_reason).toBe("tool_calls");
      const last = chunks.at(-1)!;
      expect(last.choices).toEqual([]);
      expect(last.usage?.completion_tokens).toBeGreaterThan(0);
      expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
      expect(await rowsOf(u.id)).toHaveLength(1);
    });
  }

  it("runs a full client-driven loop with the stream helper: tool call, result, final answer", async () => {
    const { u, openai } = await client();
    const model = `openai/${GPT}`;
    const messages: ChatCompletionMessageParam[] = [question];
    const firstRun = openai.chat.completions.stream({ model, messages, tools });
    const first = await firstRun.finalChatCompletion();
    const message = first.choices[0]!.message;
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    const call = message.tool_calls?.[0];
    if (call?.type !== "function") throw new Error("expected a function call");
    // The client runs its own tool (Prism never does) and sends the result back.
    const weather = JSON.parse(call.function.arguments) as { city: string };
    messages.push(message, { role: "tool", tool_call_id: call.id, content: `sunny in ${weather.city}` });
    const final = await openai.chat.completions.stream({ model, messages, tools }).finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe("Tool result: sunny in Paris");
    expect(final.choices[0]?.finish_reason).toBe("stop");
    expect((await rowsOf(u.id)).map((r) => r.status)).toEqual(["success", "success"]);
  });

  it("keeps the native relay for requests without tools", async () => {
    const { openai } = await client();
    const metered = vi.spyOn(suite.gateway(), "meteredModel");
    const streamed = vi.spyOn(suite.gateway(), "stream");
    try {
      const plain = await openai.chat.completions.create({
        model: "openai/mock-plain",
        messages: [{ role: "user", content: "Say hello" }],
        stream: true,
      });
      let text = "";
      for await (const c of plain) text += c.choices[0]?.delta.content ?? "";
      expect(text).toBe("Mock reply to: Say hello");
      expect(streamed).toHaveBeenCalledTimes(1);
      expect(metered).not.toHaveBeenCalled();
    } finally {
      metered.mockRestore();
      streamed.mockRestore();
    }
  });

  it("refuses bad tool input with 400 in OpenAI's error shape, naming the field", async () => {
    const { u, openai } = await client();
    const model = `openai/${GPT}`;
    const cases: [Record<string, unknown>, string][] = [
      [{ tools: [{ type: "function", function: { name: "bad name!" } }] }, "tools.0.function.name"],
      [{ tools: [{ type: "retrieval" }] }, "tools.0.type"],
      [
        { tools: [{ type: "function", function: { name: "a", parameters: "x" } }] },
        "tools.0.function.parameters",
      ],
      [{ tool_choice: "required" }, "tool_choice"],
      [
        { tools, tool_choice: { type: "function", function: { name: "other" } } },
        "tool_choice.function.name",
      ],
      [{ tools, messages: [question, { role: "tool", content: "x" }] }, "messages.1.tool_call_id"],
      [
        { tools, messages: [question, { role: "tool", tool_call_id: "nope", content: "x" }] },
        "messages.1.tool_call_id",
      ],
      [
        {
          tools,
          messages: [
            question,
            {
              role: "assistant",
              content: null,
              tool_calls: [{ id: "c1", type: "function", function: { name: "weather", arguments: "{oops" } }],
            },
          ],
        },
        "messages.1.tool_calls.0.function.arguments",
      ],
    ];
    for (const [extra, param] of cases) {
      const error = await openai.chat.completions
        .create({ model, messages: [question], ...extra } as unknown as Parameters<
          typeof openai.chat.completions.create
        >[0])
        .catch((e: unknown) => e);
      expect(error, param).toBeInstanceOf(BadRequestError);
      const e = error as BadRequestError;
      expect(e.status).toBe(400);
      expect(e.param, JSON.stringify(e.error)).toBe(param);
      expect(e.type).toBe("invalid_request_error");
      expect(e.message).toContain(param);
    }
    expect(mock.requests()).toHaveLength(0);
    expect(await rowsOf(u.id)).toHaveLength(0);
  });

  it("refuses a wrong key (401) and a key over its rate limit (429) on the tools path", async () => {
    const wrong = new OpenAI({ apiKey: "prism_wrong", baseURL: `${suite.url()}/api/v1`, maxRetries: 0 });
    await expect(
      wrong.chat.completions.create({ model: `openai/${GPT}`, messages: [question], tools }),
    ).rejects.toBeInstanceOf(AuthenticationError);
    const { openai } = await client({ rateLimit: 1 });
    await openai.chat.completions.create({ model: `openai/${GPT}`, messages: [question], tools });
    const limited = await openai.chat.completions
      .create({ model: `openai/${GPT}`, messages: [question], tools })
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).headers?.get("retry-after")).toMatch(/^\d+$/);
    expect(mock.requests()).toHaveLength(1);
  });

  it("applies prism.terminology with tools: terms in the system prompt, the answer checked", async () => {
    const { u, key } = await client();
    await new TerminologyModel(db(), u.actor).create(
      { term: "weather", definition: "Conditions outside" },
      ctx,
    );
    const res = await fetch(`${suite.url()}/api/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: `openai/${GPT}`,
        tools,
        prism: { terminology: true },
        messages: [
          question,
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "c1", type: "function", function: { name: "weather", arguments: ARGS } }],
          },
          { role: "tool", tool_call_id: "c1", content: "the weather is sunny" },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      choices: { message: { content: string } }[];
      prism: {
        terminology: { applied: { term: string }[]; check: { items: { term: string; status: string }[] } };
      };
    };
    expect(body.choices[0]?.message.content).toBe("Tool result: the weather is sunny");
    expect(body.prism.terminology.applied.map((t) => t.term)).toEqual(["weather"]);
    expect(body.prism.terminology.check.items).toEqual([
      expect.objectContaining({ term: "weather", status: "used" }),
    ]);
    expect(mock.requests()[0]?.system).toContain("- weather: Conditions outside");
  });
});
