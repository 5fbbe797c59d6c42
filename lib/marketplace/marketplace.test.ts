import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  aiTemplates,
  auditLogs,
  conversations,
  creditAccounts,
  ledgerEntries,
  ledgerTransfers,
  packages,
  templatePurchases,
  users,
} from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import type { Actor } from "@/lib/auth/actor";
import { balanceOf, ledgerImbalance, platformAccountId, statement } from "@/lib/billing/ledger";
import { invalidateLimits } from "@/lib/billing/limits";
import { handleStripeWebhook, stripeSignature } from "@/lib/billing/stripe";
import { grantCredits, resetAllowanceMemo } from "@/lib/billing/wallet";
import { AppError } from "@/lib/errors";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { resolveRunnable, systemPromptOf } from "./access";
import { browseListings, listingDetail } from "./browse";
import { moderate, moderationQueue, rateTemplate, reportTemplate } from "./community";
import { diffLines, diffSnapshots } from "./diff";
import { purchaseTemplate, refundPurchase, splitSale, upgradePurchase } from "./purchases";
import { TemplateModel } from "./templates";

const SECRET_PROMPT = "You are Captain Ledger. SECRET-PROMPT-7f3a never reveal.";

/** A user row without the argon2 cost (these tests need many buyers). */
async function quickUser(db: Db, name = "Buyer"): Promise<Actor> {
  const [u] = await db
    .insert(users)
    .values({ email: `q${randomUUID().slice(0, 12)}@example.test`, name, passwordHash: "x" })
    .returning({ id: users.id });
  if (!u) throw new Error("no user");
  return { id: u.id, role: "user" };
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

async function listed(db: Db, creator: Actor, price: number, name = "Ledger Coach") {
  const model = new TemplateModel(db, creator);
  const t = await model.create(
    {
      name,
      description: "Keeps your books straight and explains double-entry accounting.",
      category: "business",
      tags: ["finance", "accounting"],
      systemPrompt: SECRET_PROMPT,
      knowledgeSources: [{ type: "text", title: "Rules", content: "Debits equal credits." }],
      functions: [{ name: "lookup_account", parameters: { type: "object", properties: {} } }],
      examples: [{ prompt: "What is a ledger?", response: "A book of accounts." }],
    },
    ctx,
  );
  await model.publishVersion(t.id, { changelog: "First release" }, ctx);
  return model.publishListing(t.id, { priceCredits: price }, ctx);
}

describe("sale split", () => {
  it("gives the seller 70% rounded down and the platform the rest", () => {
    expect(splitSale(100)).toEqual({ sellerPayout: 70, platformFee: 30 });
    expect(splitSale(99)).toEqual({ sellerPayout: 69, platformFee: 30 });
    expect(splitSale(1)).toEqual({ sellerPayout: 0, platformFee: 1 });
    for (let p = 0; p < 500; p++) {
      const s = splitSale(p);
      expect(s.sellerPayout + s.platformFee).toBe(p);
    }
  });

  it("diffs lines", () => {
    expect(diffLines("a\nb\nc", "a\nc\nd")).toEqual([
      { op: "same", text: "a" },
      { op: "del", text: "b" },
      { op: "same", text: "c" },
      { op: "add", text: "d" },
    ]);
  });
});

describeEachEngine("marketplace", ({ db }) => {
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let creator: Actor;

  beforeAll(async () => {
    await seedCatalog(db());
    // Plan allowances would add credits behind the tests' back; they are tested on their own below.
    for (const p of await db().select().from(packages))
      await db()
        .update(packages)
        .set({ limits: { ...p.limits, monthlyCredits: 0 } })
        .where(eq(packages.id, p.id));
    invalidateLimits(db());
    resetAllowanceMemo();
    admin = await makeUser(db(), { role: "admin" });
    creator = await quickUser(db(), "Creator");
  });

  it("versions a template and diffs versions", async () => {
    const model = new TemplateModel(db(), creator);
    const t = await model.create({ name: "Poet", systemPrompt: "Write haiku." }, ctx);
    await model.publishVersion(t.id, { changelog: "First" }, ctx);
    await model.update(t.id, { name: "Poet", systemPrompt: "Write haiku.\nAlways rhyme." }, ctx);
    const v2 = await model.publishVersion(t.id, { changelog: "Rhymes" }, ctx);
    expect(v2.version).toBe(2);
    const versions = await model.versions(t.id);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    const [newer, older] = versions;
    if (!newer || !older) throw new Error("versions missing");
    const diff = diffSnapshots(older.snapshot, newer.snapshot);
    expect(diff).toHaveLength(1);
    expect(diff[0]?.field).toBe("System prompt");
    expect(diff[0]?.lines).toContainEqual({ op: "add", text: "Always rhyme." });
    // Bad input names the field.
    const bad = await errorOf(
      model.update(t.id, { name: "Poet", systemPrompt: "x", modelConfig: { temperature: 3 } }, ctx),
    );
    expect(bad.code).toBe("validation_failed");
    expect(bad.message).toContain("modelConfig.temperature");
    // Someone else cannot read or edit it.
    const other = new TemplateModel(db(), await quickUser(db()));
    expect((await errorOf(other.get(t.id))).code).toBe("not_found");
    // An admin may read it (moderation) but not edit it.
    const asAdmin = new TemplateModel(db(), admin.actor);
    expect((await asAdmin.get(t.id)).systemPrompt).toContain("Always rhyme.");
    expect((await errorOf(asAdmin.update(t.id, { name: "Hijack", systemPrompt: "x" }, ctx))).code).toBe(
      "forbidden",
    );
  });

  it("refuses a listing without a version and a purchase of an unpublished, own or free template", async () => {
    const model = new TemplateModel(db(), creator);
    const draft = await model.create({ name: "Draft", systemPrompt: "p" }, ctx);
    expect((await errorOf(model.publishListing(draft.id, { priceCredits: 10 }, ctx))).code).toBe("conflict");
    const buyer = await quickUser(db());
    const key = () => randomUUID();
    expect(
      (await errorOf(purchaseTemplate(db(), buyer, { templateId: draft.id, idempotencyKey: key() }, ctx)))
        .message,
    ).toMatch(/not on sale/);
    const paid = await listed(db(), creator, 50);
    expect(
      (await errorOf(purchaseTemplate(db(), creator, { templateId: paid.id, idempotencyKey: key() }, ctx)))
        .message,
    ).toMatch(/your own/);
    const insufficient = await errorOf(
      purchaseTemplate(db(), buyer, { templateId: paid.id, idempotencyKey: key() }, ctx),
    );
    expect(insufficient.code).toBe("payment_required");
    expect(insufficient.message).toMatch(/Not enough credits/);
    const free = await listed(db(), creator, 0, "Free helper");
    expect(
      (await errorOf(purchaseTemplate(db(), buyer, { templateId: free.id, idempotencyKey: key() }, ctx)))
        .message,
    ).toMatch(/free/);
    await new TemplateModel(db(), creator).unpublishListing(paid.id, ctx);
    await grantCredits(db(), admin.actor, { userId: buyer.id, amount: 100, reason: "test" }, ctx);
    expect(
      (await errorOf(purchaseTemplate(db(), buyer, { templateId: paid.id, idempotencyKey: key() }, ctx)))
        .message,
    ).toMatch(/unpublished/);
    expect(await balanceOf(db(), buyer.id)).toBe(100);
  });

  it("50 concurrent purchases of one listing by one buyer make exactly one purchase", async () => {
    const t = await listed(db(), creator, 40);
    const buyer = await quickUser(db());
    await grantCredits(db(), admin.actor, { userId: buyer.id, amount: 1000, reason: "test" }, ctx);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        purchaseTemplate(db(), buyer, { templateId: t.id, idempotencyKey: randomUUID() }, ctx),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    for (const r of results)
      if (r.status === "rejected") {
        expect(r.reason).toBeInstanceOf(AppError);
        expect((r.reason as AppError).message).toMatch(/already own/);
      }
    const rows = await db().select().from(templatePurchases).where(eq(templatePurchases.templateId, t.id));
    expect(rows).toHaveLength(1);
    expect(await balanceOf(db(), buyer.id)).toBe(960);
    // The same idempotency key returns the same purchase, without charging again.
    const first = rows[0];
    if (!first) throw new Error("no purchase");
    const replay = await purchaseTemplate(
      db(),
      buyer,
      { templateId: t.id, idempotencyKey: first.idempotencyKey },
      ctx,
    );
    expect(replay.id).toBe(first.id);
    expect(await balanceOf(db(), buyer.id)).toBe(960);
  });

  it("100 buyers at once: balanced transfers, seller gets exactly 70%, nobody negative; refunds restore", async () => {
    const seller = await quickUser(db(), "Seller");
    const price = 130;
    const t = await listed(db(), seller, price, "Popular agent");
    const buyers = await Promise.all(Array.from({ length: 100 }, () => quickUser(db())));
    for (const b of buyers)
      await grantCredits(db(), admin.actor, { userId: b.id, amount: price, reason: "test" }, ctx);
    const revenue = await platformAccountId(db(), "platform_revenue");
    const revenueBefore = await accountBalance(db(), revenue);
    const results = await Promise.allSettled(
      buyers.map((b) => purchaseTemplate(db(), b, { templateId: t.id, idempotencyKey: randomUUID() }, ctx)),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await balanceOf(db(), seller.id)).toBe(100 * 91); // 70% of 130 = 91, exactly
    expect((await accountBalance(db(), revenue)) - revenueBefore).toBe(100 * 39);
    for (const b of buyers) expect(await balanceOf(db(), b.id)).toBe(0);
    const [row] = await db()
      .select({ sales: aiTemplates.salesCount })
      .from(aiTemplates)
      .where(eq(aiTemplates.id, t.id));
    expect(row?.sales).toBe(100);
    expect(await ledgerImbalance(db())).toEqual({ unbalancedTransfers: 0, driftAccounts: 0 });
    const negative = await db()
      .select()
      .from(creditAccounts)
      .where(sql`balance < 0 and kind <> 'platform_funding'`);
    expect(negative).toEqual([]);

    // A buyer refunds: balances go back and access is revoked.
    const buyer = buyers[0] as Actor;
    const [purchase] = await db()
      .select()
      .from(templatePurchases)
      .where(and(eq(templatePurchases.buyerId, buyer.id), eq(templatePurchases.templateId, t.id)));
    if (!purchase) throw new Error("no purchase");
    expect((await resolveRunnable(db(), buyer, t.id)).via).toBe("purchase");
    await refundPurchase(db(), buyer, purchase.id, ctx);
    expect(await balanceOf(db(), buyer.id)).toBe(price);
    expect(await balanceOf(db(), seller.id)).toBe(99 * 91);
    expect((await accountBalance(db(), revenue)) - revenueBefore).toBe(99 * 39);
    expect((await errorOf(resolveRunnable(db(), buyer, t.id))).code).toBe("payment_required");
    expect((await errorOf(refundPurchase(db(), buyer, purchase.id, ctx))).message).toMatch(
      /already refunded/,
    );
    expect(await ledgerImbalance(db())).toEqual({ unbalancedTransfers: 0, driftAccounts: 0 });
  });

  it("refund window: the buyer within 7 days, an admin any time", async () => {
    const t = await listed(db(), creator, 20);
    const buyer = await quickUser(db());
    await grantCredits(db(), admin.actor, { userId: buyer.id, amount: 20, reason: "test" }, ctx);
    const p = await purchaseTemplate(db(), buyer, { templateId: t.id, idempotencyKey: randomUUID() }, ctx);
    const late = new Date(Date.now() + 8 * 86_400_000);
    expect((await errorOf(refundPurchase(db(), buyer, p.id, ctx, late))).message).toMatch(/7 days/);
    expect((await errorOf(refundPurchase(db(), await quickUser(db()), p.id, ctx))).code).toBe("not_found");
    await refundPurchase(db(), admin.actor, p.id, ctx, late);
    expect(await balanceOf(db(), buyer.id)).toBe(20);
  });

  it("buyers run a pinned version, never see the prompt, and may upgrade for free", async () => {
    const model = new TemplateModel(db(), creator);
    const t = await listed(db(), creator, 10, "Pinned");
    const buyer = await quickUser(db());
    await grantCredits(db(), admin.actor, { userId: buyer.id, amount: 10, reason: "test" }, ctx);
    const outsider = await quickUser(db());
    expect((await errorOf(resolveRunnable(db(), outsider, t.id))).code).toBe("payment_required");
    const p = await purchaseTemplate(db(), buyer, { templateId: t.id, idempotencyKey: randomUUID() }, ctx);
    const full = await model.get(t.id);
    await model.update(t.id, { ...editable(full), systemPrompt: `${SECRET_PROMPT}\nVersion two.` }, ctx);
    await model.publishVersion(t.id, { changelog: "Second version" }, ctx);
    const pinned = await resolveRunnable(db(), buyer, t.id);
    expect(pinned.version).toBe(1);
    expect(systemPromptOf(pinned.snapshot)).toContain("Debits equal credits.");
    await upgradePurchase(db(), buyer, p.id, ctx);
    expect((await resolveRunnable(db(), buyer, t.id)).version).toBe(2);
    expect(await balanceOf(db(), buyer.id)).toBe(0);
    // Nothing a buyer (or a stranger) can read carries the prompt, tools or knowledge.
    const detail = await listingDetail(db(), buyer, t.slug);
    const page = await browseListings(db(), { q: "Pinned" });
    for (const blob of [JSON.stringify(detail), JSON.stringify(page)]) {
      expect(blob).not.toContain("SECRET-PROMPT");
      expect(blob).not.toContain("lookup_account");
      expect(blob).not.toContain("Debits equal credits");
    }
    expect(detail.viewer.purchase?.pinnedVersion).toBe(2);
    expect((await errorOf(new TemplateModel(db(), buyer).get(t.id))).code).toBe("not_found");
  });

  it("only buyers (or users of free templates) rate; the average moves with each rating", async () => {
    const t = await listed(db(), creator, 5, "Rated");
    const stranger = await quickUser(db());
    const refused = await errorOf(rateTemplate(db(), stranger, t.id, { rating: 5 }, ctx));
    expect(refused.code).toBe("forbidden");
    expect((await errorOf(rateTemplate(db(), creator, t.id, { rating: 5 }, ctx))).message).toMatch(/own/);
    const a = await quickUser(db());
    const b = await quickUser(db());
    for (const u of [a, b]) {
      await grantCredits(db(), admin.actor, { userId: u.id, amount: 5, reason: "test" }, ctx);
      await purchaseTemplate(db(), u, { templateId: t.id, idempotencyKey: randomUUID() }, ctx);
    }
    await rateTemplate(db(), a, t.id, { rating: 5, review: "Great" }, ctx);
    await rateTemplate(db(), b, t.id, { rating: 2 }, ctx);
    await rateTemplate(db(), b, t.id, { rating: 4, review: "Better after v2" }, ctx);
    const [row] = await db().select().from(aiTemplates).where(eq(aiTemplates.id, t.id));
    expect(row?.rating).toBe(4.5);
    expect(row?.ratingCount).toBe(2);
    expect((await errorOf(rateTemplate(db(), a, t.id, { rating: 6 }, ctx))).message).toContain("rating");

    const free = await listed(db(), creator, 0, "Free rated");
    const user = await quickUser(db());
    expect((await errorOf(rateTemplate(db(), user, free.id, { rating: 3 }, ctx))).code).toBe("forbidden");
    await db().insert(conversations).values({ userId: user.id, templateId: free.id, mode: "single" });
    await rateTemplate(db(), user, free.id, { rating: 3 }, ctx);
  });

  it("reports go to a moderation queue; an admin can unlist", async () => {
    const t = await listed(db(), creator, 0, "Reported");
    const reporter = await quickUser(db());
    await reportTemplate(db(), reporter, t.id, { reason: "It gives dangerous advice." }, ctx);
    expect(
      (await errorOf(reportTemplate(db(), reporter, t.id, { reason: "Again and again." }, ctx))).code,
    ).toBe("conflict");
    expect((await errorOf(moderationQueue(db(), reporter))).code).toBe("forbidden");
    const queue = await moderationQueue(db(), admin.actor);
    expect(queue.find((q) => q.id === t.id)?.reports).toBe(1);
    await moderate(db(), admin.actor, t.id, "remove", ctx);
    const page = await browseListings(db(), { q: "Reported" });
    expect(page.items.find((i) => i.id === t.id)).toBeUndefined();
    expect((await errorOf(listingDetail(db(), reporter, t.slug))).code).toBe("not_found");
    expect(
      (await errorOf(new TemplateModel(db(), creator).publishListing(t.id, { priceCredits: 0 }, ctx)))
        .message,
    ).toMatch(/moderator/);
    const audits = await db()
      .select()
      .from(auditLogs)
      .where(eq(auditLogs.action, "template.moderation.remove"));
    expect(audits.length).toBeGreaterThan(0);
  });

  it("browses with search, filters, sorts and pages", async () => {
    const seller = await quickUser(db(), "Browse seller");
    const model = new TemplateModel(db(), seller);
    const make = async (name: string, category: string, tags: string[], price: number) => {
      const t = await model.create(
        { name, description: `${name} helps with things`, category, tags, systemPrompt: "p" },
        ctx,
      );
      await model.publishVersion(t.id, { changelog: "First release" }, ctx);
      return model.publishListing(t.id, { priceCredits: price }, ctx);
    };
    await make("Zebra Translator", "writing", ["translation"], 0);
    await make("Zebra Coder", "coding", ["typescript", "review"], 300);
    await make("Zebra Analyst", "data", ["sql"], 900);
    const all = await browseListings(db(), { q: "zebra" });
    expect(all.items.map((i) => i.name).sort()).toEqual(["Zebra Analyst", "Zebra Coder", "Zebra Translator"]);
    expect((await browseListings(db(), { q: "zebra", price: "free" })).items.map((i) => i.name)).toEqual([
      "Zebra Translator",
    ]);
    expect((await browseListings(db(), { q: "zebra", category: "coding" })).items).toHaveLength(1);
    expect((await browseListings(db(), { q: "zebra", tags: ["sql"] })).items.map((i) => i.name)).toEqual([
      "Zebra Analyst",
    ]);
    expect(
      (await browseListings(db(), { q: "zebra", minPrice: 100, maxPrice: 500 })).items.map((i) => i.name),
    ).toEqual(["Zebra Coder"]);
    expect(
      (await browseListings(db(), { q: "zebra", sort: "price_desc" })).items.map((i) => i.priceCredits),
    ).toEqual([900, 300, 0]);
    const paged = await browseListings(db(), { q: "zebra", sort: "price_asc", pageSize: 2, page: 2 });
    expect(paged.items.map((i) => i.priceCredits)).toEqual([900]);
    expect(paged.total).toBe(3);
    expect((await browseListings(db(), { q: "zebras translating" })).items.map((i) => i.name)).toContain(
      "Zebra Translator",
    );
    // A broad query (more matches than are counted) ranks its matches by popularity and says "1,000+".
    await db().execute(sql`
      insert into ai_templates (user_id, slug, name, system_prompt, listing_status, is_marketplace, price_credits, usage_count, published_at)
      select ${seller.id}, 'quokka-' || g, 'Quokka helper ' || g, 'p', 'published', true, 0, g, now()
      from generate_series(1, 1005) g`);
    const broad = await browseListings(db(), { q: "quokka" });
    expect(broad.totalCapped).toBe(true);
    expect(broad.total).toBe(1000);
    expect(broad.items.slice(0, 3).map((i) => i.usageCount)).toEqual([1005, 1004, 1003]);
    const bad = await errorOf(browseListings(db(), { pageSize: 500 }));
    expect(bad.code).toBe("validation_failed");
    expect(bad.message).toContain("pageSize");
  });

  it("monthly allowance is granted once per month", async () => {
    const { ensureMonthlyAllowance } = await import("@/lib/billing/wallet");
    const [free] = await db().select().from(packages).where(eq(packages.slug, "free"));
    if (!free) throw new Error("no plan");
    await db()
      .update(packages)
      .set({ limits: { ...free.limits, monthlyCredits: 100 } })
      .where(eq(packages.id, free.id));
    invalidateLimits(db());
    const u = await quickUser(db());
    await Promise.all([ensureMonthlyAllowance(db(), u.id), ensureMonthlyAllowance(db(), u.id)]);
    resetAllowanceMemo();
    await ensureMonthlyAllowance(db(), u.id);
    expect(await balanceOf(db(), u.id)).toBe(100);
    resetAllowanceMemo();
    await ensureMonthlyAllowance(db(), u.id, new Date(Date.now() + 40 * 86_400_000));
    expect(await balanceOf(db(), u.id)).toBe(200);
    await db().update(packages).set({ limits: free.limits }).where(eq(packages.id, free.id));
    invalidateLimits(db());
  });

  it("Stripe webhook: bad signature refused, a replayed event credits once", async () => {
    const u = await quickUser(db());
    const secret = "whsec_test_secret";
    const event = {
      id: `evt_${randomUUID().replaceAll("-", "")}`,
      type: "checkout.session.completed",
      data: {
        object: {
          id: `cs_${randomUUID().slice(0, 8)}`,
          payment_status: "paid",
          metadata: { userId: u.id, credits: "500" },
        },
      },
    };
    const body = JSON.stringify(event);
    const forged = await errorOf(
      handleStripeWebhook(db(), body, stripeSignature(body, "whsec_wrong"), secret),
    );
    expect(forged.code).toBe("bad_request");
    const stale = await errorOf(
      handleStripeWebhook(
        db(),
        body,
        stripeSignature(body, secret, Math.floor(Date.now() / 1000) - 3600),
        secret,
      ),
    );
    expect(stale.message).toMatch(/tolerance/);
    expect(await balanceOf(db(), u.id)).toBe(0);
    const first = await handleStripeWebhook(db(), body, stripeSignature(body, secret), secret);
    const again = await handleStripeWebhook(db(), body, stripeSignature(body, secret), secret);
    expect(first.status).toBe("credited");
    expect(again.status).toBe("duplicate");
    expect(await balanceOf(db(), u.id)).toBe(500);
    const topups = await db()
      .select()
      .from(ledgerTransfers)
      .where(and(eq(ledgerTransfers.kind, "topup"), eq(ledgerTransfers.referenceId, event.id)));
    expect(topups).toHaveLength(1);
    const legs = await db()
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.transferId, topups[0]?.id ?? ""));
    expect(legs.reduce((s, l) => s + l.amount, 0)).toBe(0);
  });

  it("grants need an admin and a reason; they are audited", async () => {
    const u = await quickUser(db());
    expect(
      (await errorOf(grantCredits(db(), u, { userId: u.id, amount: 5, reason: "free money" }, ctx))).code,
    ).toBe("forbidden");
    const bad = await errorOf(
      grantCredits(db(), admin.actor, { userId: u.id, amount: -5, reason: "oops" }, ctx),
    );
    expect(bad.message).toContain("amount");
    await grantCredits(db(), admin.actor, { userId: u.id, amount: 5, reason: "welcome" }, ctx);
    const audits = await db().select().from(auditLogs).where(eq(auditLogs.action, "credits.grant"));
    expect(audits.some((a) => (a.changes as { after?: { userId?: string } })?.after?.userId === u.id)).toBe(
      true,
    );
    // The statement pages through every line exactly once, newest first.
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        grantCredits(db(), admin.actor, { userId: u.id, amount: n, reason: "paging" }, ctx),
      ),
    );
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await statement(db(), u.id, { limit: 2, afterEntry: after });
      if (page.length === 0) break;
      seen.push(...page.map((l) => l.id));
      after = page[page.length - 1]?.id;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });
});

async function accountBalance(db: Db, id: string): Promise<number> {
  const [row] = await db
    .select({ b: creditAccounts.balance })
    .from(creditAccounts)
    .where(eq(creditAccounts.id, id));
  return row?.b ?? 0;
}

function editable(t: typeof aiTemplates.$inferSelect) {
  return {
    name: t.name,
    description: t.description ?? "",
    category: t.category ?? "other",
    tags: t.tags,
    systemPrompt: t.systemPrompt,
    functions: t.functions,
    knowledgeSources: t.knowledgeSources,
    examples: t.examples,
  };
}
