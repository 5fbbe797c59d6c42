import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLogs, packages, templatePurchases, type UserRole, users } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import type { Actor } from "@/lib/auth/actor";
import { balanceOf, ledgerImbalance } from "@/lib/billing/ledger";
import { invalidateLimits } from "@/lib/billing/limits";
import { grantCredits, resetAllowanceMemo } from "@/lib/billing/wallet";
import { AppError } from "@/lib/errors";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx } from "@/lib/testing/fixtures";
import { resolveRunnable } from "./access";
import { ADMIN_PURCHASES_PAGE_SIZE, listPurchases } from "./admin-purchases";
import { purchaseTemplate, refundPurchase } from "./purchases";
import { TemplateModel } from "./templates";

const DAY = 86_400_000;

type QuickUser = Actor & { email: string };

/** A user row without the argon2 cost. */
async function quickUser(db: Db, prefix: string, role: UserRole = "user"): Promise<QuickUser> {
  const email = `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
  const [u] = await db
    .insert(users)
    .values({ email, name: prefix, passwordHash: "x", role })
    .returning({ id: users.id });
  if (!u) throw new Error("no user");
  return { id: u.id, role, email };
}

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected an AppError");
}

async function listed(db: Db, creator: Actor, price: number, name: string) {
  const model = new TemplateModel(db, creator);
  const t = await model.create({ name, systemPrompt: "Answer briefly." }, ctx);
  await model.publishVersion(t.id, { changelog: "First release" }, ctx);
  return model.publishListing(t.id, { priceCredits: price }, ctx);
}

describeEachEngine("admin purchases", ({ db }) => {
  let admin: QuickUser;
  let sellerA: QuickUser;
  let sellerB: QuickUser;
  let buyer1: QuickUser;
  let buyer2: QuickUser;
  let lighthouse: Awaited<ReturnType<typeof listed>>;
  let ferry: Awaited<ReturnType<typeof listed>>;
  const ids: Record<string, string> = {};

  async function buy(buyer: Actor, templateId: string, daysAgo: number) {
    const p = await purchaseTemplate(db(), buyer, { templateId, idempotencyKey: randomUUID() }, ctx);
    await db()
      .update(templatePurchases)
      .set({ purchasedAt: new Date(Date.now() - daysAgo * DAY) })
      .where(eq(templatePurchases.id, p.id));
    return p;
  }

  beforeAll(async () => {
    await seedCatalog(db());
    // Plan allowances would add credits behind the tests' back.
    for (const p of await db().select().from(packages))
      await db()
        .update(packages)
        .set({ limits: { ...p.limits, monthlyCredits: 0 } })
        .where(eq(packages.id, p.id));
    invalidateLimits(db());
    resetAllowanceMemo();
    admin = await quickUser(db(), "admin", "admin");
    sellerA = await quickUser(db(), "seller-anna");
    sellerB = await quickUser(db(), "seller-bo");
    buyer1 = await quickUser(db(), "buyer-one");
    buyer2 = await quickUser(db(), "buyer-two");
    lighthouse = await listed(db(), sellerA, 40, "Lighthouse Keeper");
    ferry = await listed(db(), sellerB, 99, "Ferry_Router 100%");
    for (const b of [buyer1, buyer2])
      await grantCredits(db(), admin, { userId: b.id, amount: 500, reason: "test" }, ctx);
    ids.b1Lighthouse = (await buy(buyer1, lighthouse.id, 3)).id;
    ids.b2Lighthouse = (await buy(buyer2, lighthouse.id, 2)).id;
    ids.b2Ferry = (await buy(buyer2, ferry.id, 1)).id;
    await refundPurchase(db(), buyer1, ids.b1Lighthouse, ctx);
  });

  it("lists every purchase newest first, with template, buyer, seller and the split", async () => {
    const page = await listPurchases(db(), admin, { page: 1 });
    expect(page.total).toBe(3);
    expect(page.page).toBe(1);
    expect(page.pageSize).toBe(ADMIN_PURCHASES_PAGE_SIZE);
    expect(page.rows.map((r) => r.id)).toEqual([ids.b2Ferry, ids.b2Lighthouse, ids.b1Lighthouse]);
    expect(page.rows[0]).toMatchObject({
      templateId: ferry.id,
      templateName: "Ferry_Router 100%",
      templateSlug: ferry.slug,
      buyerId: buyer2.id,
      buyerEmail: buyer2.email,
      sellerId: sellerB.id,
      sellerEmail: sellerB.email,
      price: 99,
      platformFee: 30,
      sellerPayout: 69,
      status: "completed",
      refundedAt: null,
    });
    const refunded = page.rows[2];
    expect(refunded?.status).toBe("refunded");
    expect(refunded?.refundedAt).toBeInstanceOf(Date);
    expect(refunded?.purchasedAt).toBeInstanceOf(Date);
  });

  it("filters by status and searches buyer email, seller email and template name", async () => {
    const idsOf = async (input: Parameters<typeof listPurchases>[2]) => {
      const res = await listPurchases(db(), admin, input);
      expect(res.total).toBe(res.rows.length);
      return res.rows.map((r) => r.id).sort();
    };
    expect(await idsOf({ page: 1, status: "completed" })).toEqual([ids.b2Ferry, ids.b2Lighthouse].sort());
    expect(await idsOf({ page: 1, status: "refunded" })).toEqual([ids.b1Lighthouse]);
    expect(await idsOf({ page: 1, status: "all" })).toHaveLength(3);
    // Buyer email, case-insensitively.
    expect(await idsOf({ page: 1, q: buyer1.email.toUpperCase() })).toEqual([ids.b1Lighthouse]);
    expect(await idsOf({ page: 1, q: "buyer-two" })).toEqual([ids.b2Ferry, ids.b2Lighthouse].sort());
    // Seller email.
    expect(await idsOf({ page: 1, q: sellerA.email })).toEqual([ids.b1Lighthouse, ids.b2Lighthouse].sort());
    // Template name.
    expect(await idsOf({ page: 1, q: "  lighthouse keep " })).toEqual(
      [ids.b1Lighthouse, ids.b2Lighthouse].sort(),
    );
    // Search and status together.
    expect(await idsOf({ page: 1, q: "lighthouse", status: "completed" })).toEqual([ids.b2Lighthouse]);
    // LIKE wildcards match themselves only.
    expect(await idsOf({ page: 1, q: "100%" })).toEqual([ids.b2Ferry]);
    expect(await idsOf({ page: 1, q: "%" })).toEqual([ids.b2Ferry]);
    expect(await idsOf({ page: 1, q: "_" })).toEqual([ids.b2Ferry]);
    expect(await idsOf({ page: 1, q: "nobody-at-all" })).toEqual([]);
    // An empty search is no search.
    expect(await idsOf({ page: 1, q: "   " })).toHaveLength(3);
  });

  it("pages 50 at a time with the total", async () => {
    const bulkSeller = await quickUser(db(), "bulk-seller");
    const bulk = await listed(db(), bulkSeller, 10, "Bulk Buoy");
    const base = Date.now() - 100 * DAY;
    await db()
      .insert(templatePurchases)
      .values(
        Array.from({ length: 52 }, (_, i) => ({
          buyerId: buyer1.id,
          templateId: bulk.id,
          sellerId: bulkSeller.id,
          versionId: bulk.currentVersionId as string,
          pinnedVersionId: bulk.currentVersionId as string,
          price: 10,
          platformFee: 3,
          sellerPayout: 7,
          paymentStatus: "refunded" as const,
          idempotencyKey: randomUUID(),
          purchasedAt: new Date(base + i * 60_000),
          refundedAt: new Date(base + i * 60_000 + 1000),
        })),
      );
    const first = await listPurchases(db(), admin, { page: 1, q: "bulk buoy" });
    expect(first.total).toBe(52);
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]?.purchasedAt.getTime()).toBe(base + 51 * 60_000);
    const second = await listPurchases(db(), admin, { page: "2", q: "bulk buoy" } as never);
    expect(second.page).toBe(2);
    expect(second.total).toBe(52);
    expect(second.rows.map((r) => r.purchasedAt.getTime())).toEqual([base + 60_000, base]);
    const seen = new Set([...first.rows, ...second.rows].map((r) => r.id));
    expect(seen.size).toBe(52);
    const beyond = await listPurchases(db(), admin, { page: 3, q: "bulk buoy" });
    expect(beyond.rows).toEqual([]);
    expect(beyond.total).toBe(52);
  });

  it("names the field of bad input", async () => {
    const badPage = await errorOf(listPurchases(db(), admin, { page: 0 }));
    expect(badPage.code).toBe("validation_failed");
    expect(badPage.field).toBe("page");
    expect(badPage.message).toMatch(/^page: /);
    const badStatus = await errorOf(listPurchases(db(), admin, { page: 1, status: "pending" } as never));
    expect(badStatus.code).toBe("validation_failed");
    expect(badStatus.field).toBe("status");
    const longQ = await errorOf(listPurchases(db(), admin, { page: 1, q: "x".repeat(201) }));
    expect(longQ.field).toBe("q");
  });

  it("refuses anyone who is not an admin", async () => {
    for (const who of [buyer1, sellerA, { id: admin.id, role: "enterprise" as const }]) {
      const err = await errorOf(listPurchases(db(), who, { page: 1 }));
      expect(err.code).toBe("forbidden");
    }
  });

  it("an admin refunds a purchase 30 days after it was made; the buyer gets the price back", async () => {
    const seller = await quickUser(db(), "late-seller");
    const t = await listed(db(), seller, 120, "Tide Table Tutor");
    const buyer = await quickUser(db(), "late-buyer");
    await grantCredits(db(), admin, { userId: buyer.id, amount: 200, reason: "test" }, ctx);
    const p = await buy(buyer, t.id, 30);
    expect(await balanceOf(db(), buyer.id)).toBe(80);
    expect(await balanceOf(db(), seller.id)).toBe(84);
    expect((await resolveRunnable(db(), buyer, t.id)).via).toBe("purchase");

    // The buyer's own window has closed…
    expect((await errorOf(refundPurchase(db(), buyer, p.id, ctx))).message).toMatch(/7 days/);
    // …but an admin, finding it in the list, can still refund it.
    const [found] = (await listPurchases(db(), admin, { page: 1, q: buyer.email, status: "completed" })).rows;
    expect(found?.id).toBe(p.id);
    await refundPurchase(db(), admin, p.id, ctx);

    expect(await balanceOf(db(), buyer.id)).toBe(200);
    expect(await balanceOf(db(), seller.id)).toBe(0);
    expect((await errorOf(resolveRunnable(db(), buyer, t.id))).code).toBe("payment_required");
    const after = await listPurchases(db(), admin, { page: 1, q: buyer.email });
    expect(after.rows).toHaveLength(1);
    expect(after.rows[0]?.status).toBe("refunded");
    expect(after.rows[0]?.refundedAt).toBeInstanceOf(Date);
    expect((await listPurchases(db(), admin, { page: 1, q: buyer.email, status: "completed" })).total).toBe(
      0,
    );
    const audits = await db()
      .select({ actorId: auditLogs.userId })
      .from(auditLogs)
      .where(and(eq(auditLogs.entityId, p.id), eq(auditLogs.action, "template.refund.admin")));
    expect(audits).toEqual([{ actorId: admin.id }]);
    // A second refund is refused.
    expect((await errorOf(refundPurchase(db(), admin, p.id, ctx))).message).toMatch(/already refunded/);
    expect(await ledgerImbalance(db())).toEqual({ unbalancedTransfers: 0, driftAccounts: 0 });
  });
});
