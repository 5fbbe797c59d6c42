import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { ledgerTransfers, packages } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { AppError } from "@/lib/errors";
import { setSetting } from "@/lib/settings";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { collect, makeGateway, mockIntegration } from "@/lib/testing/gateway";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import { balanceOf, ledgerImbalance } from "./ledger";
import { invalidateLimits } from "./limits";
import { grantCredits } from "./wallet";

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

describeEachEngine("wallet charges for shared integrations", ({ db }) => {
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let shared: string;
  let own: string;

  beforeAll(async () => {
    await seedCatalog(db());
    for (const p of await db().select().from(packages))
      await db()
        .update(packages)
        .set({ limits: { ...p.limits, monthlyCredits: 0, requestsPerMinute: 1000 } })
        .where(eq(packages.id, p.id));
    invalidateLimits(db());
    admin = await makeUser(db(), { role: "admin" });
    // $1,000 / $2,000 per million tokens: 100 prompt + 100 answer tokens cost $0.30 = 30 credits.
    ({
      modelIds: { "pricey@tokens=100": shared = "" },
    } = await mockIntegration(db(), admin.actor, mock.url, {
      models: ["pricey@tokens=100"],
      pricing: { input: 1000, output: 2000 },
    }));
  });
  beforeEach(() => mock.reset());

  it("refuses a shared call on an empty wallet before any upstream request", async () => {
    const u = await makeUser(db());
    const { gateway } = makeGateway(db());
    const err = await gateway
      .stream({ actor: u.actor, modelId: shared, messages: [{ role: "user", content: "hi" }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("payment_required");
    expect((err as AppError).message).toMatch(/credits are used up/);
    expect(mock.requests()).toHaveLength(0);
  });

  it("charges cost plus markup to the wallet with the usage row, never below zero", async () => {
    const u = await makeUser(db());
    await grantCredits(db(), admin.actor, { userId: u.id, amount: 40, reason: "test" }, ctx);
    const { gateway } = makeGateway(db());
    const first = await gateway.stream({
      actor: u.actor,
      modelId: shared,
      messages: [{ role: "user", content: "x ".repeat(150) }],
    });
    await collect(first);
    const outcome = await first.outcome;
    expect(outcome.credits).toBeGreaterThan(0);
    await gateway.flush();
    expect(await balanceOf(db(), u.id)).toBe(40 - outcome.credits);
    // A second call costs more than what is left: the wallet goes to zero, not below.
    const second = await gateway.stream({
      actor: u.actor,
      modelId: shared,
      messages: [{ role: "user", content: "x ".repeat(150) }],
    });
    await collect(second);
    await gateway.flush();
    expect(await balanceOf(db(), u.id)).toBe(Math.max(0, 40 - 2 * outcome.credits));
    const usage = await db().select().from(ledgerTransfers).where(eq(ledgerTransfers.kind, "usage"));
    expect(usage.length).toBeGreaterThanOrEqual(2);
    expect(await ledgerImbalance(db())).toEqual({ unbalancedTransfers: 0, driftAccounts: 0 });
  });

  it("does not charge calls made with the user's own key", async () => {
    const u = await makeUser(db());
    // A user's own integration may reach loopback only through the admin's allowlist.
    await setSetting(db(), admin.actor, "outboundAllowlist", [new URL(mock.url).host], ctx);
    ({
      modelIds: { "mine@tokens=100": own = "" },
    } = await mockIntegration(db(), u.actor, mock.url, {
      shared: false,
      models: ["mine@tokens=100"],
      pricing: { input: 1000, output: 2000 },
    }));
    expect(own).not.toBe("");
    const { gateway } = makeGateway(db());
    const s = await gateway.stream({
      actor: u.actor,
      modelId: own,
      messages: [{ role: "user", content: "hi" }],
    });
    await collect(s);
    await gateway.flush();
    expect((await s.outcome).credits).toBe(0);
    expect(await balanceOf(db(), u.id)).toBe(0);
    expect(mock.requests().length).toBeGreaterThan(0);
    await setSetting(db(), admin.actor, "outboundAllowlist", [], ctx);
  });
});
