import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { aiUsageLogs, ledgerTransfers, packages, users } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { ApiKeyModel } from "@/lib/api-keys/keys";
import { ConversationModel } from "@/lib/chat/conversations";
import { ChatRunner } from "@/lib/chat/turn";
import { AppError } from "@/lib/errors";
import { setSetting } from "@/lib/settings";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { makeGateway, mockIntegration } from "@/lib/testing/gateway";
import { budgetStatus } from "@/lib/usage/budget";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import { balanceOf, ledgerImbalance } from "./ledger";
import { compareLimitText, costCapText, rateLimitText } from "./limit-text";
import { effectiveLimits, invalidateLimits, MAX_MODELS_PER_COMPARE } from "./limits";
import { grantCredits } from "./wallet";

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

const hi = [{ role: "user" as const, content: "Hello there" }];

/**
 * The rule: the administrator is not bound by plan limits and is not charged for their
 * calls on shared integrations (both switchable in Admin → Settings); everyone else keeps the plan's
 * compare width and requests per minute; the monthly cap counts shared-integration spend only, and
 * a user's own integrations answer to the budgets that user sets (an API key's cap).
 */
describeEachEngine("administrators and plan limits", ({ db }) => {
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let sharedModel: string;
  const wide: string[] = [];

  beforeAll(async () => {
    await seedCatalog(db());
    // Free: 2 per compare, 3 requests a minute, no monthly credits, $5 cap.
    await db()
      .update(packages)
      .set({
        limits: { monthlyCredits: 0, maxModelsPerCompare: 2, requestsPerMinute: 3, monthlyCostCapUsd: 5 },
      })
      .where(eq(packages.slug, "free"));
    invalidateLimits(db());
    admin = await makeUser(db(), { role: "admin" });
    // $1,000 / $2,000 per million tokens: "Hello there" (3 tokens) + 3 answer tokens = 0.009 USD, 1 credit.
    const { modelIds } = await mockIntegration(db(), admin.actor, mock.url, {
      models: ["priced@reply=one%20two%20three", "w1@tokens=2", "w2@tokens=2", "w3@tokens=2"],
      pricing: { input: 1000, output: 2000 },
    });
    sharedModel = modelIds["priced@reply=one%20two%20three"]!;
    wide.push(modelIds["w1@tokens=2"]!, modelIds["w2@tokens=2"]!, modelIds["w3@tokens=2"]!);
  });
  beforeEach(async () => {
    mock.reset();
    // Every test starts from the defaults.
    await setSetting(db(), admin.actor, "adminsExemptFromPlanLimits", true, ctx);
    await setSetting(db(), admin.actor, "chargeAdminsForSharedIntegrations", false, ctx);
  });

  const call = (
    gateway: ReturnType<typeof makeGateway>["gateway"],
    actor: typeof admin.actor,
    modelId = sharedModel,
  ) => gateway.generate({ actor, modelId, messages: hi });

  async function compare(u: typeof admin, n: number) {
    const conv = await new ConversationModel(db(), u.id).create({ mode: "multi" });
    const { gateway } = makeGateway(db(), { maxRetries: 0 });
    const job = await new ChatRunner(db(), gateway, u.actor).send({
      action: "send",
      conversationId: conv.id,
      parentId: null,
      content: "compare",
      targets: wide.slice(0, n).map((modelId) => ({ modelId, integrationId: null })),
    });
    await job(() => {}, new AbortController().signal);
    await gateway.flush();
  }

  it("the administrator is exempt from compare width, requests per minute and the cap by default", async () => {
    const limits = await effectiveLimits(db(), admin.id);
    expect(limits).toMatchObject({
      exempt: true,
      chargedForShared: false,
      maxModelsPerCompare: MAX_MODELS_PER_COMPARE,
      planName: "Free",
      plan: { maxModelsPerCompare: 2, requestsPerMinute: 3 },
    });
    expect(compareLimitText(limits)).toMatch(/up to 8 models at once: administrators are exempt/);
    expect(rateLimitText(limits)).toMatch(/No per-minute limit: administrators are exempt/);
    expect(costCapText(limits)).toMatch(/No monthly cost cap: administrators are exempt/);

    await compare(admin, 3); // wider than Free's 2: not refused

    // A $0 cap and a 3-a-minute plan: five calls still go through.
    await db().update(users).set({ monthlyBudgetUsd: "0" }).where(eq(users.id, admin.id));
    invalidateLimits(db(), admin.id);
    const { gateway } = makeGateway(db());
    mock.reset();
    for (let i = 0; i < 5; i++) expect((await call(gateway, admin.actor)).status).toBe("success");
    expect(mock.requests()).toHaveLength(5);
    expect((await budgetStatus(db(), admin.id)).exempt).toBe(true);
    await db().update(users).set({ monthlyBudgetUsd: null }).where(eq(users.id, admin.id));
    invalidateLimits(db(), admin.id);
  });

  it("a normal user stays bound, and each refusal names the limit and why", async () => {
    const u = await makeUser(db());
    await grantCredits(db(), admin.actor, { userId: u.id, amount: 1000, reason: "test" }, ctx);
    const limits = await effectiveLimits(db(), u.id);
    expect(limits).toMatchObject({ exempt: false, chargedForShared: true, maxModelsPerCompare: 2 });
    await expect(compare(u, 3)).rejects.toMatchObject({
      code: "forbidden",
      message: "Your Free plan compares up to 2 models at once.",
    });

    const { gateway } = makeGateway(db());
    for (let i = 0; i < 3; i++) await call(gateway, u.actor);
    await expect(call(gateway, u.actor)).rejects.toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/^Too many requests: your Free plan allows 3 per minute\./),
    });

    const capped = await makeUser(db());
    await grantCredits(db(), admin.actor, { userId: capped.id, amount: 1000, reason: "test" }, ctx);
    await db().update(users).set({ monthlyBudgetUsd: "0" }).where(eq(users.id, capped.id));
    invalidateLimits(db(), capped.id);
    const err = await call(makeGateway(db()).gateway, capped.actor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: "budget_exceeded",
      details: { cap: "user_monthly", scope: "shared_integrations", capSource: "user override" },
    });
    expect((err as AppError).message).toMatch(
      /monthly budget of \$0\.00 \(set by an admin\) for shared integrations and credits\. .*own provider keys .* not counted/,
    );
  });

  it("an administrator's shared calls are metered with their cost but not charged, even at zero balance", async () => {
    expect(await balanceOf(db(), admin.id)).toBe(0);
    const { gateway } = makeGateway(db());
    const outcome = await call(gateway, admin.actor);
    expect(outcome.status).toBe("success");
    expect(outcome.credits).toBe(0);
    await gateway.flush();
    const logs = await db().select().from(aiUsageLogs).where(eq(aiUsageLogs.userId, admin.id));
    expect(logs.length).toBeGreaterThan(0);
    for (const log of logs) {
      expect(Number(log.cost)).toBeGreaterThan(0);
      expect(log.credits).toBe(0);
    }
    expect(await balanceOf(db(), admin.id)).toBe(0);
    const charges = await db().select().from(ledgerTransfers).where(eq(ledgerTransfers.kind, "usage"));
    expect(charges.filter((t) => JSON.stringify(t.metadata).includes(admin.id))).toHaveLength(0);
  });

  it("the settings restore charging and limits for administrators", async () => {
    await setSetting(db(), admin.actor, "chargeAdminsForSharedIntegrations", true, ctx);
    const { gateway } = makeGateway(db());
    // Charged now: refused on the empty wallet before any upstream request.
    await expect(call(gateway, admin.actor)).rejects.toMatchObject({ code: "payment_required" });
    expect(mock.requests()).toHaveLength(0);
    await grantCredits(db(), admin.actor, { userId: admin.id, amount: 50, reason: "test" }, ctx);
    await new Promise((r) => setTimeout(r, 1_100)); // the gateway remembers a balance for a second
    const outcome = await call(gateway, admin.actor);
    expect(outcome.credits).toBeGreaterThan(0);
    await gateway.flush();
    expect(await balanceOf(db(), admin.id)).toBe(50 - outcome.credits);
    expect(await ledgerImbalance(db())).toEqual({ unbalancedTransfers: 0, driftAccounts: 0 });

    await setSetting(db(), admin.actor, "adminsExemptFromPlanLimits", false, ctx);
    const bound = await effectiveLimits(db(), admin.id);
    expect(bound).toMatchObject({ exempt: false, maxModelsPerCompare: 2 });
    await expect(compare(admin, 3)).rejects.toMatchObject({
      message: "Your Free plan compares up to 2 models at once.",
    });
    const fresh = makeGateway(db()).gateway;
    for (let i = 0; i < 3; i++) await call(fresh, admin.actor);
    await expect(call(fresh, admin.actor)).rejects.toMatchObject({ code: "rate_limited" });
    await db().update(users).set({ monthlyBudgetUsd: "0" }).where(eq(users.id, admin.id));
    invalidateLimits(db(), admin.id);
    await expect(call(makeGateway(db()).gateway, admin.actor)).rejects.toMatchObject({
      code: "budget_exceeded",
    });
    await db().update(users).set({ monthlyBudgetUsd: null }).where(eq(users.id, admin.id));
    invalidateLimits(db(), admin.id);
  });

  it("a user's own integration is outside the plan cap but inside the budgets the user sets", async () => {
    const u = await makeUser(db());
    await setSetting(db(), admin.actor, "outboundAllowlist", [new URL(mock.url).host], ctx);
    const { modelIds } = await mockIntegration(db(), u.actor, mock.url, {
      shared: false,
      models: ["mine@reply=one%20two%20three"],
      pricing: { input: 1000, output: 2000 },
    });
    const own = modelIds["mine@reply=one%20two%20three"]!;
    // The plan's cap is $0 (an admin's override): own-key calls still go, uncharged.
    await db().update(users).set({ monthlyBudgetUsd: "0" }).where(eq(users.id, u.id));
    invalidateLimits(db(), u.id);
    const { gateway } = makeGateway(db());
    const outcome = await call(gateway, u.actor, own);
    expect(outcome).toMatchObject({ status: "success", credits: 0 });
    expect(Number(outcome.costUsd)).toBeGreaterThan(0);
    // ...while a shared call is refused by that same cap, which own-key spend never filled.
    await expect(call(gateway, u.actor)).rejects.toMatchObject({ code: "budget_exceeded" });
    await gateway.flush();
    expect((await budgetStatus(db(), u.id)).spentUsd).toBe("0.000000");

    // The budget the user sets: an API key's monthly cap stops own-key calls too.
    const { key } = await new ApiKeyModel(db(), u.actor).create(
      { name: "capped", monthlyBudgetUsd: 0.01 },
      ctx,
    );
    const apiKey = { id: key.id, rateLimit: 100, monthlyBudgetUsd: key.monthlyBudgetUsd };
    const keyed = makeGateway(db()).gateway;
    const viaKey = () => keyed.generate({ actor: u.actor, apiKey, modelId: own, messages: hi });
    expect((await viaKey()).status).toBe("success"); // $0.009 of $0.01
    expect((await viaKey()).status).toBe("success"); // reaches $0.018
    await expect(viaKey()).rejects.toMatchObject({
      code: "budget_exceeded",
      details: { cap: "api_key_monthly" },
      message: expect.stringMatching(/This API key reached its monthly cap of \$0\.01/),
    });
    await keyed.flush();
    const rows = await db()
      .select()
      .from(aiUsageLogs)
      .where(and(eq(aiUsageLogs.userId, u.id), eq(aiUsageLogs.credits, 0)));
    expect(rows).toHaveLength(3);
    await setSetting(db(), admin.actor, "outboundAllowlist", [], ctx);
  });
});
