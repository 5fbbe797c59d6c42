import Anthropic, {
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from "@anthropic-ai/sdk";
import type { MessageParam, Tool } from "@anthropic-ai/sdk/resources/messages";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { aiUsageLogs } from "@/db/schema";
import { apiKeyFor, seedForApi, startApiServer } from "@/lib/testing/api-server";
import { describeEachEngine } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/fixtures";
import { makeGateway, mockIntegration } from "@/lib/testing/gateway";
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
  let api: Awaited<ReturnType<typeof startApiServer>>;
  let gateway: ReturnType<typeof makeGateway>["gateway"];

  beforeAll(async () => {
    await seedForApi(db());
    const admin = await makeUser(db(), { role: "admin" });
    await mockIntegration(db(), admin.actor, mock.url, {
      provider: "openai",
      models: [GPT_TOOL, "mock-gpt", "mock-gpt@fail=500", "mock-gpt@fail=503", SLOW],
      pricing: { input: 2, output: 10 },
    });
    await mockIntegration(db(), admin.actor, mock.url, {
      provider: "anthropic",
      models: [CLAUDE_TOOL, "mock-claude", "mock-claude@cached=8"],
      pricing: { input: 3, output: 15, cachedInput: 0.3 },
    });
    ({ gateway } = makeGateway(db(), { maxRetries: 0 }));
    api = await startApiServer({ db: db(), gateway });
  });
  afterAll(async () => {
    await api.close();
    await gateway.flush();
  });
  beforeEach(() => mock.reset());

  async function client(opts: { rateLimit?: number; scopes?: ("chat" | "models")[] } = {}) {
    const u = await makeUser(db());
    const key = await apiKeyFor(db(), u.actor, opts);
    const anthropic = new Anthropic({ apiKey: key.secret, baseURL: `${api.url}/api`, maxRetries: 0 });
    return { u, key, anthropic };
  }
  const rowsOf = async (userId: string) => {
    await gateway.flush();
    return db().select().from(aiUsageLogs).where(eq(aiUsageLogs.userId, userId));
  };

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
      const res = await fetch(`${api.url}/api/v1/messages`, {
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

  it("reports max_tokens, cached prompt tokens, and tool_choice none", async () => {
    const { anthropic } = await client();
    const cut = await anthropic.messages.create({
      model: "anthropic/mock-claude",
      max_tokens: 2,
      messages: [{ role: "user", content: "Tell me a long story please" }],
    });
    expect(cut.stop_reason).toBe("max_tokens");
    const cached = await anthropic.messages.create({
      model: "anthropic/mock-claude@cached=8",
      max_tokens: 50,
      messages: [{ role: "user", content: "A prompt long enough to have eight cached tokens in it, surely" }],
    });
    expect(cached.usage.cache_read_input_tokens).toBe(8);
    expect(cached.usage.input_tokens).toBeGreaterThan(0);
    const none = await anthropic.messages.create({
      model: `openai/${GPT_TOOL}`,
      max_tokens: 50,
      tools,
      tool_choice: { type: "none" },
      messages: [question],
    });
    expect(none.stop_reason).toBe("end_turn");
    expect(none.content[0]?.type).toBe("text");
  });

  it("refuses bad input with 400 invalid_request_error in Anthropic's error shape", async () => {
    const { u, key } = await client();
    const post = (body: unknown) =>
      fetch(`${api.url}/api/v1/messages`, {
        method: "POST",
        headers: {
          "x-api-key": key.secret,
          "anthropic-version": "2023-06-01",
          "content-type": "application/json",
        },
        body: JSON.stringify(body),
      });
    const base = { model: "openai/mock-gpt", max_tokens: 50, messages: [question] };
    const cases: [unknown, string][] = [
      [{ model: "openai/mock-gpt", messages: [question] }, "max_tokens"],
      [{ ...base, messages: [] }, "messages"],
      [{ ...base, tools: [{ name: "weather" }] }, "tools.0.input_schema"],
      [{ ...base, tools: [{ type: "web_search_20250305", name: "web_search" }] }, "tools.0.type"],
      [{ ...base, tools, tool_choice: { type: "tool", name: "other" } }, "tool_choice.name"],
      [
        { ...base, messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "x" }] }] },
        "messages.0.content.0.tool_use_id",
      ],
      [{ ...base, messages: [{ role: "user", content: [{ type: "video" }] }] }, "messages.0.content.0"],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status, field).toBe(400);
      const json = (await res.json()) as { type: string; error: { type: string; message: string } };
      expect(json.type).toBe("error");
      expect(json.error.type).toBe("invalid_request_error");
      expect(json.error.message, JSON.stringify(json)).toContain(field);
    }
    const notJson = await fetch(`${api.url}/api/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": key.secret, "content-type": "application/json" },
      body: "{nope",
    });
    expect(notJson.status).toBe(400);
    expect(mock.requests()).toHaveLength(0);
    expect(await rowsOf(u.id)).toHaveLength(0);
    // The SDK raises its own exception for it.
    const sdk = new Anthropic({ apiKey: key.secret, baseURL: `${api.url}/api`, maxRetries: 0 });
    const error = await sdk.messages
      .create({ model: "openai/mock-gpt", max_tokens: 0, messages: [question] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).type).toBe("invalid_request_error");
    expect((error as BadRequestError).requestID).toMatch(/^req_/);
  });

  it("authenticates with x-api-key or a bearer token; 401, 403, 404, 429 and upstream failures as Anthropic reports them", async () => {
    const { key, anthropic } = await client({ rateLimit: 2 });
    const bearer = new Anthropic({
      authToken: key.secret,
      apiKey: null,
      baseURL: `${api.url}/api`,
      maxRetries: 0,
    });
    const ok = await bearer.messages.create({
      model: "openai/mock-gpt",
      max_tokens: 20,
      messages: [question],
    });
    expect(ok.content[0]?.type).toBe("text");
    const wrong = new Anthropic({ apiKey: "prism_wrong", baseURL: `${api.url}/api`, maxRetries: 0 });
    const unauthorized = await wrong.messages
      .create({ model: "openai/mock-gpt", max_tokens: 20, messages: [question] })
      .catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(AuthenticationError);
    expect((unauthorized as AuthenticationError).type).toBe("authentication_error");
    const missing = await fetch(`${api.url}/api/v1/messages`, { method: "POST", body: "{}" });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });

    const unknown = await anthropic.messages
      .create({ model: "nobody/none", max_tokens: 20, messages: [question] })
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect((unknown as NotFoundError).type).toBe("not_found_error");
    // The key allows 2 requests a minute: the second counts, the third is refused.
    await anthropic.messages.create({ model: "openai/mock-gpt", max_tokens: 20, messages: [question] });
    const limited = await anthropic.messages
      .create({ model: "openai/mock-gpt", max_tokens: 20, messages: [question] })
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).type).toBe("rate_limit_error");
    expect((limited as RateLimitError).headers.get("retry-after")).toMatch(/^\d+$/);

    const modelsOnly = await client({ scopes: ["models"] });
    const forbidden = await modelsOnly.anthropic.messages
      .create({ model: "openai/mock-gpt", max_tokens: 20, messages: [question] })
      .catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(PermissionDeniedError);
    expect((forbidden as PermissionDeniedError).type).toBe("permission_error");

    const upstream = await client();
    const failed = await upstream.anthropic.messages
      .create({ model: "openai/mock-gpt@fail=500", max_tokens: 20, messages: [question] })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(InternalServerError);
    expect((failed as InternalServerError).status).toBe(500);
    expect((failed as InternalServerError).type).toBe("api_error");
    const overloaded = await upstream.anthropic.messages
      .stream({ model: "openai/mock-gpt@fail=503", max_tokens: 20, messages: [question] })
      .finalMessage()
      .catch((e: unknown) => e);
    expect(overloaded).toBeInstanceOf(InternalServerError);
    expect((overloaded as InternalServerError).status).toBe(529);
    expect((overloaded as InternalServerError).type).toBe("overloaded_error");
    expect((await rowsOf(upstream.u.id)).map((r) => r.status)).toEqual(["error", "error"]);
  });

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
