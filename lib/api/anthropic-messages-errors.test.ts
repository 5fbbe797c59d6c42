import Anthropic, {
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from "@anthropic-ai/sdk";
import type { MessageParam, Tool } from "@anthropic-ai/sdk/resources/messages";
import { afterAll, beforeAll, expect, it } from "vitest";
import { apiSuite } from "@/lib/testing/api-server";
import { describeEachEngine } from "@/lib/testing/db";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";

/**
 * Anthropic's Messages API: stop reasons and cache counts, and refusals in Anthropic's error shapes
 * and statuses (bad input, keys, scopes, rate limits, provider failures), with the official SDK.
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
const tools: Tool[] = [
  {
    name: "weather",
    description: "The weather of a city",
    input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
];
const question: MessageParam = { role: "user", content: "Weather in Paris?" };

describeEachEngine("POST /api/v1/messages (Anthropic Messages) errors and edge cases", ({ db }) => {
  const suite = apiSuite(db, () => mock, [
    { provider: "openai", models: [GPT_TOOL, "mock-gpt", "mock-gpt@fail=500", "mock-gpt@fail=503"] },
    { provider: "anthropic", models: ["mock-claude", "mock-claude@cached=8"] },
  ]);
  const rowsOf = suite.rowsOf;
  async function client(opts: { rateLimit?: number; scopes?: ("chat" | "models")[] } = {}) {
    const { u, key } = await suite.user(opts);
    const anthropic = new Anthropic({ apiKey: key.secret, baseURL: `${suite.url()}/api`, maxRetries: 0 });
    return { u, key, anthropic };
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
      fetch(`${suite.url()}/api/v1/messages`, {
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
    const notJson = await fetch(`${suite.url()}/api/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": key.secret, "content-type": "application/json" },
      body: "{nope",
    });
    expect(notJson.status).toBe(400);
    expect(mock.requests()).toHaveLength(0);
    expect(await rowsOf(u.id)).toHaveLength(0);
    // The SDK raises its own exception for it.
    const sdk = new Anthropic({ apiKey: key.secret, baseURL: `${suite.url()}/api`, maxRetries: 0 });
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
      baseURL: `${suite.url()}/api`,
      maxRetries: 0,
    });
    const ok = await bearer.messages.create({
      model: "openai/mock-gpt",
      max_tokens: 20,
      messages: [question],
    });
    expect(ok.content[0]?.type).toBe("text");
    const wrong = new Anthropic({ apiKey: "prism_wrong", baseURL: `${suite.url()}/api`, maxRetries: 0 });
    const unauthorized = await wrong.messages
      .create({ model: "openai/mock-gpt", max_tokens: 20, messages: [question] })
      .catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(AuthenticationError);
    expect((unauthorized as AuthenticationError).type).toBe("authentication_error");
    const missing = await fetch(`${suite.url()}/api/v1/messages`, { method: "POST", body: "{}" });
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
});
