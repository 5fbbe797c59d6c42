import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import {
  aiIntegrations,
  aiUsageLogs,
  histogramOf,
  notifications,
  packages,
  usageDaily,
  users,
} from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { ApiKeyModel } from "@/lib/api-keys/keys";
import { invalidateLimits } from "@/lib/billing/limits";
import { AppError } from "@/lib/errors";
import { describeEachEngine } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/fixtures";
import { collect, makeGateway, mockIntegration } from "@/lib/testing/gateway";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import { invalidateTargets } from "./resolve";

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

const user = (text: string) => [{ role: "user" as const, content: text }];
const PRICING = { input: 2, output: 10, cachedInput: 1 };

describeEachEngine("gateway against the mock model server", ({ db }) => {
  let models: Record<string, string>;
  let anthropicModels: Record<string, string>;
  let owner: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    await seedCatalog(db());
    owner = await makeUser(db(), { role: "admin" });
    ({ modelIds: models } = await mockIntegration(db(), owner.actor, mock.url, {
      models: [
        "mock-gpt@reply=one%20two%20three",
        "mock-gpt@fail=429,fail_times=1,retry_after=1,reply=after%20retry",
        "mock-gpt@fail=500",
        "mock-gpt@fail=cut,cut_after=3,tokens=20",
        "mock-gpt@fail=hang",
        "mock-gpt@tps=20,tokens=200",
        "mock-gpt@usage=none,reply=four%20five%20six%20seven",
      ],
      pricing: PRICING,
    }));
    ({ modelIds: anthropicModels } = await mockIntegration(db(), owner.actor, mock.url, {
      provider: "anthropic",
      models: ["mock-claude@cached=8,reply=cached%20answer"],
      pricing: { input: 3, output: 15, cachedInput: 0.3 },
    }));
  });

  beforeEach(() => {
    mock.reset();
  });

  const logsOf = (userId: string) => db().select().from(aiUsageLogs).where(eq(aiUsageLogs.userId, userId));

  it("streams a reply and writes one exact usage row and its rollups", async () => {
    const u = await makeUser(db());
    const { gateway } = makeGateway(db());
    const stream = await gateway.stream({
      actor: u.actor,
      modelId: models["mock-gpt@reply=one%20two%20three"]!,
      messages: user("Hello there"),
    });
    expect(await collect(stream)).toBe("one two three");
    const outcome = await stream.outcome;
    expect(outcome.status).toBe("success");
    await gateway.flush();
    const [log, ...rest] = await logsOf(u.id);
    expect(rest).toHaveLength(0);
    // "Hello there" = 11 characters = 3 prompt tokens; 3 reply tokens; 3*2 + 3*10 per million.
    expect(log).toMatchObject({
      status: "success",
      tokensIn: 3,
      tokensOut: 3,
      tokensCached: 0,
      cost: "0.000036",
      estimated: false,
      requestType: "chat",
      credits: 0,
    });
    expect(log?.ttftMs).not.toBeNull();
    expect(log?.latencyMs).toBeGreaterThanOrEqual(log?.ttftMs ?? 0);
    const rollups = await db().select().from(usageDaily).where(eq(usageDaily.userId, u.id));
    expect(rollups).toHaveLength(1);
    expect(rollups[0]).toMatchObject({
      requests: 1,
      successCount: 1,
      tokensIn: 3,
      tokensOut: 3,
      cost: "0.000036",
    });
    expect(rollups[0] && histogramOf(rollups[0], "latency").reduce((a, b) => a + b, 0)).toBe(1);
  });

  it("retries a 429 before the first token and succeeds", async () => {
    const u = await makeUser(db());
    const { gateway } = makeGateway(db());
    const stream = await gateway.stream({
      actor: u.actor,
      modelId: models["mock-gpt@fail=429,fail_times=1,retry_after=1,reply=after%20retry"]!,
      messages: user("hi"),
    });
    expect(await collect(stream)).toBe("after retry");
    expect((await stream.outcome).status).toBe("success");
    expect(mock.requests().map((r) => r.status)).toEqual([429, 200]);
    await gateway.flush();
    expect((await logsOf(u.id)).map((l) => l.status)).toEqual(["success"]);
  });

  it("records a provider 500 as an error with a readable message", async () => {
    const u = await makeUser(db());
    const { gateway } = makeGateway(db(), { maxRetries: 0 });
    const stream = await gateway.stream({
      actor: u.actor,
      modelId: models["mock-gpt@fail=500"]!,
      messages: user("hi"),
    });
    expect(await collect(stream)).toBe("");
    const outcome = await stream.outcome;
    expect(outcome.status).toBe("error");
    expect(outcome.failure?.message).toMatch(/HTTP 500/);
    await gateway.flush();
    const [log] = await logsOf(u.id);
    expect(log).toMatchObject({ status: "error", tokensOut: 0 });
    expect(log?.errorMessage).toMatch(/HTTP 500/);
  });

  it("logs the partial answer of a stream cut mid-way with status error and estimated tokens", async () => {
    const u = await makeUser(db());
    const { gateway } = makeGateway(db());
    const stream = await gateway.stream({
      actor: u.actor,
      modelId: models["mock-gpt@fail=cut,cut_after=3,tokens=20"]!,
      messages: user("tell me more"),
    });
    const text = await collect(stream);
    expect(text.split(" ").filter(Boolean).length).toBe(3);
    const outcome = await stream.outcome;
    expect(outcome.status).toBe("error");
    await gateway.flush();
    const [log] = await logsOf(u.id);
    expect(log).toMatchObject({ status: "error", estimated: true });
    expect(log?.tokensOut).toBeGreaterThan(0);
    expect(Number(log?.cost)).toBeGreaterThan(0);
  });

  it("times out a hung provider and closes the upstream request", async () => {
    const u = await makeUser(db());
    const { gateway } = makeGateway(db(), { firstTokenTimeoutMs: 400 });
    const started = Date.now();
    const stream = await gateway.stream({
      actor: u.actor,
      modelId: models["mock-gpt@fail=hang"]!,
      messages: user("hi"),
    });
    await collect(stream);
    expect((await stream.outcome).status).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect.poll(() => mock.requests()[0]?.clientClosed).toBe(true);
    await gateway.flush();
    expect((await logsOf(u.id))[0]).toMatchObject({ status: "timeout" });
  });

  it("propagates a client abort upstream and saves status aborted with the partial text", async () => {
    const u = await makeUser(db());
    const { gateway } = makeGateway(db());
    const abort = new AbortController();
    const stream = await gateway.stream({
      actor: u.actor,
      modelId: models["mock-gpt@tps=20,tokens=200"]!,
      messages: user("long please"),
      abortSignal: abort.signal,
    });
    let received = "";
    for await (const delta of stream) {
      received += delta;
      if (received.split(" ").length > 3) abort.abort();
    }
    const outcome = await stream.outcome;
    expect(outcome.status).toBe("aborted");
    expect(outcome.text.length).toBeGreaterThan(0);
    await expect.poll(() => mock.requests()[0]?.clientClosed).toBe(true);
    expect(mock.requests()[0]?.completed).toBe(false);
    await gateway.flush();
    expect((await logsOf(u.id))[0]).toMatchObject({ status: "aborted" });
  });

  it("a consumer that stops reading aborts the upstream call too", async () => {
    const u = await makeUser(db());
    const { gateway } = makeGateway(db());
    const stream = await gateway.stream({
      actor: u.actor,
      modelId: models["mock-gpt@tps=20,tokens=200"]!,
      messages: user("x"),
    });
    for await (const _ of stream) break;
    expect((await stream.outcome).status).toBe("aborted");
    await expect.poll(() => mock.requests()[0]?.clientClosed).toBe(true);
  });

  it("estimates tokens when the provider reports no usage", async () => {
    const u = await makeUser(db());
    const { gateway } = makeGateway(db());
    const outcome = await gateway.generate({
      actor: u.actor,
      modelId: models["mock-gpt@usage=none,reply=four%20five%20six%20seven"]!,
      messages: user("abcdefgh"),
    });
    expect(outcome).toMatchObject({ status: "success", text: "four five six seven" });
    expect(outcome.usage).toEqual({ input: 2, output: 5, cachedInput: 0, cacheWrite: 0, estimated: true });
    await gateway.flush();
    expect((await logsOf(u.id))[0]).toMatchObject({ estimated: true, tokensIn: 2, tokensOut: 5 });
  });

  it("meters Anthropic's cached tokens beside input tokens", async () => {
    const u = await makeUser(db());
    const { gateway } = makeGateway(db());
    const stream = await gateway.stream({
      actor: u.actor,
      modelId: anthropicModels["mock-claude@cached=8,reply=cached%20answer"]!,
      messages: user("x".repeat(40)),
    });
    expect(await collect(stream)).toBe("cached answer");
    await gateway.flush();
    const [log] = await logsOf(u.id);
    // The mock reports a 10-token prompt of which 8 were read from the cache.
    expect(log).toMatchObject({ status: "success", tokensIn: 10, tokensCached: 8, tokensOut: 2 });
    // 2 fresh * 3 + 8 cached * 0.3 + 2 out * 15 = 6 + 2.4 + 30 = 38.4 per million.
    expect(log?.cost).toBe("0.000038");
    expect(mock.requests()[0]?.path).toBe("/v1/messages");
  });

  it("refuses over budget before any upstream request", async () => {
    const u = await makeUser(db());
    await db().update(users).set({ monthlyBudgetUsd: "0" }).where(eq(users.id, u.id));
    invalidateLimits(db(), u.id);
    const { gateway } = makeGateway(db());
    const err = await gateway
      .stream({ actor: u.actor, modelId: models["mock-gpt@reply=one%20two%20three"]!, messages: user("hi") })
      .catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "budget_exceeded" });
    expect(err.message).toMatch(/monthly budget of \$0\.00.*resets on \d{4}-\d{2}-01/);
    expect(mock.requests()).toHaveLength(0);
    await gateway.flush();
    expect(await logsOf(u.id)).toHaveLength(0);
  });

  it("stops a user who has spent their cap, counting calls not yet written", async () => {
    const u = await makeUser(db());
    await db().update(users).set({ monthlyBudgetUsd: "0.00005" }).where(eq(users.id, u.id));
    invalidateLimits(db(), u.id);
    const { gateway } = makeGateway(db());
    const call = () =>
      gateway.generate({
        actor: u.actor,
        modelId: models["mock-gpt@reply=one%20two%20three"]!,
        messages: user("Hello there"),
      });
    expect((await call()).costUsd).toBe("0.000036");
    expect((await call()).status).toBe("success");
    await expect(call()).rejects.toMatchObject({ code: "budget_exceeded" });
    expect(mock.requests()).toHaveLength(2);
  });

  it("rate limits per the plan's requests per minute with a retry time", async () => {
    const u = await makeUser(db());
    await db()
      .insert(packages)
      .values({
        slug: "tiny",
        name: "Tiny",
        limits: { monthlyCredits: 0, maxModelsPerCompare: 2, requestsPerMinute: 2, monthlyCostCapUsd: 5 },
      })
      .onConflictDoNothing();
    await db().update(users).set({ subscriptionTier: "pro" }).where(eq(users.id, u.id));
    await db().execute(sql`update users set subscription_tier = 'free' where id = ${u.id}`);
    await db().execute(
      sql`update packages set limits = jsonb_set(limits, '{requestsPerMinute}', '2') where slug = 'free'`,
    );
    invalidateLimits(db());
    const { gateway } = makeGateway(db());
    const call = () =>
      gateway.generate({
        actor: u.actor,
        modelId: models["mock-gpt@reply=one%20two%20three"]!,
        messages: user("hi"),
      });
    await call();
    await call();
    const err = await call().catch((e) => e);
    expect(err).toMatchObject({ code: "rate_limited" });
    expect(err.retryAfter).toBeGreaterThan(0);
    expect(mock.requests()).toHaveLength(2);
    await db().execute(
      sql`update packages set limits = jsonb_set(limits, '{requestsPerMinute}', '20') where slug = 'free'`,
    );
    invalidateLimits(db());
  });

  it("refuses a request whose worst case exceeds the per-request cost limit", async () => {
    const u = await makeUser(db());
    const { gateway } = makeGateway(db());
    await expect(
      gateway.generate({
        actor: u.actor,
        modelId: models["mock-gpt@reply=one%20two%20three"]!,
        messages: user("hi"),
        maxOutputTokens: 1000,
        costLimitUsd: 0.001,
      }),
    ).rejects.toMatchObject({ code: "budget_exceeded", details: { cap: "per_request" } });
    expect(mock.requests()).toHaveLength(0);
  });

  it("detects a tampered key and reports it on the integration", async () => {
    const u = await makeUser(db());
    const { integrationId, modelIds } = await mockIntegration(db(), u.actor, mock.url, {
      models: ["mock-gpt"],
      shared: false,
    });
    const [row] = await db().select().from(aiIntegrations).where(eq(aiIntegrations.id, integrationId));
    const tampered = row!.credentialsEncrypted!.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    await db()
      .update(aiIntegrations)
      .set({ credentialsEncrypted: tampered })
      .where(eq(aiIntegrations.id, integrationId));
    invalidateTargets(db());
    const { gateway } = makeGateway(db());
    await expect(
      gateway.generate({ actor: u.actor, modelId: modelIds["mock-gpt"]!, messages: user("hi") }),
    ).rejects.toThrow(/integrity check/);
    const [after] = await db().select().from(aiIntegrations).where(eq(aiIntegrations.id, integrationId));
    expect(after).toMatchObject({ status: "error" });
    expect(after?.lastError).toMatch(/integrity check/);
    expect(mock.requests()).toHaveLength(0);
  });

  it("never lets one user call through another user's own integration", async () => {
    const alice = await makeUser(db());
    const bob = await makeUser(db());
    const { integrationId, modelIds } = await mockIntegration(db(), alice.actor, mock.url, {
      models: ["mock-gpt@tag=alice"],
      shared: false,
    });
    const { gateway } = makeGateway(db());
    await expect(
      gateway.generate({
        actor: bob.actor,
        modelId: modelIds["mock-gpt@tag=alice"]!,
        integrationId,
        messages: user("hi"),
      }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      gateway.generate({ actor: bob.actor, modelId: modelIds["mock-gpt@tag=alice"]!, messages: user("hi") }),
    ).rejects.toMatchObject({
      code: "bad_request",
    });
    expect(mock.requests()).toHaveLength(0);
  });

  it("writes one in-app notification when a user reaches 80% of their budget", async () => {
    const u = await makeUser(db());
    await db().update(users).set({ monthlyBudgetUsd: "0.00009" }).where(eq(users.id, u.id));
    invalidateLimits(db(), u.id);
    const { gateway } = makeGateway(db());
    const call = () =>
      gateway.generate({
        actor: u.actor,
        modelId: models["mock-gpt@reply=one%20two%20three"]!,
        messages: user("Hello there"),
      });
    await call();
    await gateway.flush();
    const warnings = () => db().select().from(notifications).where(eq(notifications.userId, u.id));
    expect(await warnings()).toHaveLength(0);
    await call(); // 0.000072 of 0.00009 = 80%
    await expect.poll(async () => (await warnings()).length).toBe(1);
    await call();
    await gateway.flush();
    await new Promise((r) => setTimeout(r, 50));
    const [warning, ...more] = await warnings();
    expect(more).toHaveLength(0);
    expect(warning).toMatchObject({ kind: "budget_warning" });
    expect(warning?.title).toMatch(/80% of your monthly budget/);
  });

  it("enforces an API key's own monthly cap, naming it", async () => {
    const u = await makeUser(db());
    const { key } = await new ApiKeyModel(db(), u.actor).create(
      { name: "capped", monthlyBudgetUsd: 0.00005 },
      { ip: null, userAgent: null },
    );
    const { gateway } = makeGateway(db());
    const apiKey = { id: key.id, rateLimit: 100, monthlyBudgetUsd: key.monthlyBudgetUsd };
    const call = () =>
      gateway.generate({
        actor: u.actor,
        apiKey,
        modelId: models["mock-gpt@reply=one%20two%20three"]!,
        messages: user("Hello there"),
      });
    await call();
    await call();
    await expect(call()).rejects.toMatchObject({
      code: "budget_exceeded",
      details: { cap: "api_key_monthly" },
      message: expect.stringMatching(/This API key reached its monthly cap of \$0\.00/),
    });
    // The user's own calls without the key are not capped by it.
    expect((await call2(gateway, u)).status).toBe("success");
    await gateway.flush();
    const logs = await db().select().from(aiUsageLogs).where(eq(aiUsageLogs.apiKeyId, key.id));
    expect(logs).toHaveLength(2);
  });

  it("relays OpenAI-compatible endpoints natively with the same results as the AI SDK's OpenAI provider", async () => {
    const scenarios = [
      "mock-gpt@cached=2,reply=alpha%20beta%20gamma",
      "mock-gpt@usage=none,reply=four%20five%20six%20seven",
      "mock-gpt@fail=500",
      "mock-gpt@fail=cut,cut_after=3,tokens=20",
    ];
    // "openai" goes through @ai-sdk/openai; "openai-compatible" through the native relay.
    const viaSdk = await mockIntegration(db(), owner.actor, mock.url, {
      provider: "openai",
      models: scenarios,
    });
    const viaWire = await mockIntegration(db(), owner.actor, mock.url, {
      provider: "openai-compatible",
      models: scenarios,
    });
    const u = await makeUser(db());
    const { gateway } = makeGateway(db(), { maxRetries: 0 });
    const run = async (modelId: string) => {
      mock.reset();
      const stream = await gateway.stream({
        actor: u.actor,
        modelId,
        system: "Be brief.",
        messages: [...user("Hello there, model"), { role: "assistant", content: "Hi" }, ...user("Again")],
        temperature: 0.3,
        maxOutputTokens: 50,
      });
      const text = await collect(stream);
      const o = await stream.outcome;
      const req = mock.requests()[0];
      return {
        text,
        status: o.status,
        usage: o.usage,
        failure: o.failure?.message ?? null,
        request: { path: req?.path, stream: req?.stream, apiKey: req?.apiKey },
      };
    };
    for (const name of scenarios) {
      const sdk = await run(viaSdk.modelIds[name]!);
      const wire = await run(viaWire.modelIds[name]!);
      expect(wire, name).toEqual(sdk);
    }
    expect((await run(viaWire.modelIds[scenarios[3]!]!)).failure).toBe(
      "The provider closed the connection before the answer was complete.",
    );
    const ok = await run(viaWire.modelIds[scenarios[0]!]!);
    expect(ok).toMatchObject({
      text: "alpha beta gamma",
      status: "success",
      usage: { cachedInput: 2, output: 3, estimated: false },
      request: { path: "/v1/chat/completions", stream: true, apiKey: "sk-test-key-123" },
    });
  });

  function call2(
    gateway: ReturnType<typeof makeGateway>["gateway"],
    u: Awaited<ReturnType<typeof makeUser>>,
  ) {
    return gateway.generate({
      actor: u.actor,
      modelId: models["mock-gpt@reply=one%20two%20three"]!,
      messages: user("Hello there"),
    });
  }
});
