import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiTemplates, creditAccounts, templatePurchases, templateRatings } from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { type Actor, isAdmin } from "@/lib/auth/actor";
import { platformAccountId, transfer, userAccountId } from "@/lib/billing/ledger";
import { ensureMonthlyAllowance } from "@/lib/billing/wallet";
import { AppError, assertId, notFound, parseInput } from "@/lib/errors";
import { purchaseSchema } from "./schemas";

export type PurchaseRow = typeof templatePurchases.$inferSelect;

/** A buyer may refund their own purchase for this long. */
export const REFUND_WINDOW_DAYS = 7;

/**
 * The split of a sale, in whole credits. The seller receives 70% rounded down; the platform fee is
 * the rest (30% rounded up), so fee + payout always equals the price and no fraction of a credit is
 * created or lost. E.g. 99 credits → payout 69, fee 30.
 */
export function splitSale(price: number): { sellerPayout: number; platformFee: number } {
  const sellerPayout = Math.floor((price * 70) / 100);
  return { sellerPayout, platformFee: price - sellerPayout };
}

function uniqueViolation(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const o = e as { code?: unknown; constraint_name?: unknown; constraint?: unknown; message?: unknown };
    if (o.code === "23505") {
      const name = o.constraint_name ?? o.constraint;
      if (typeof name === "string") return name;
      const m = typeof o.message === "string" ? /constraint "([^"]+)"/.exec(o.message) : null;
      return m?.[1] ?? "unique";
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Buys a listing with credits in one transaction: the purchase row (at most one completed per
 * buyer and template, enforced by a unique index), the balanced transfer buyer → seller (70%) +
 * platform (30%), and the sales counter. The idempotency key makes a retried request return the
 * first purchase instead of buying twice.
 */
export async function purchaseTemplate(
  db: Db,
  actor: Actor,
  input: unknown,
  ctx: RequestContext,
): Promise<PurchaseRow> {
  const data = parseInput(purchaseSchema, input);
  const replay = await findByKey(db, actor.id, data.idempotencyKey);
  if (replay) return checkReplay(replay, data.templateId);

  const [template] = await db
    .select()
    .from(aiTemplates)
    .where(and(eq(aiTemplates.id, data.templateId)));
  if (!template || template.deletedAt) throw notFound("That template");
  if (template.listingStatus !== "published" || !template.isMarketplace || !template.currentVersionId)
    throw new AppError("conflict", "This template is not on sale (it is unpublished).");
  if (template.userId === actor.id) throw new AppError("conflict", "You cannot buy your own template.");
  const price = template.priceCredits ?? 0;
  if (price <= 0)
    throw new AppError("conflict", "This template is free: start a chat with it, no purchase needed.");
  const versionId = template.currentVersionId;
  const { sellerPayout, platformFee } = splitSale(price);
  await ensureMonthlyAllowance(db, actor.id);

  try {
    return await db.transaction(async (tx) => {
      const [purchase] = await tx
        .insert(templatePurchases)
        .values({
          buyerId: actor.id,
          templateId: template.id,
          sellerId: template.userId,
          versionId,
          pinnedVersionId: versionId,
          price,
          platformFee,
          sellerPayout,
          paymentStatus: "completed",
          paymentMethod: "credits",
          idempotencyKey: data.idempotencyKey,
        })
        .returning();
      if (!purchase) throw new AppError("internal", "Could not record the purchase.");
      const [buyer, seller, revenue] = [
        await userAccountId(tx, actor.id),
        await userAccountId(tx, template.userId),
        await platformAccountId(tx, "platform_revenue"),
      ];
      const moved = await transfer(tx, {
        kind: "purchase",
        description: `Purchase of “${template.name}”`,
        idempotencyKey: `purchase:${purchase.id}`,
        createdBy: actor.id,
        referenceType: "template_purchase",
        referenceId: purchase.id,
        metadata: { templateId: template.id, price, platformFee, sellerPayout },
        legs: [
          { accountId: buyer, amount: -price },
          { accountId: seller, amount: sellerPayout },
          { accountId: revenue, amount: platformFee },
        ],
      });
      const [done] = await tx
        .update(templatePurchases)
        .set({ transactionId: moved.transferId })
        .where(eq(templatePurchases.id, purchase.id))
        .returning();
      await tx
        .update(aiTemplates)
        .set({ salesCount: sql`${aiTemplates.salesCount} + 1` })
        .where(eq(aiTemplates.id, template.id));
      await recordAudit(
        tx,
        {
          actorId: actor.id,
          entityType: "template_purchase",
          entityId: purchase.id,
          action: "template.purchase",
          after: { templateId: template.id, price, platformFee, sellerPayout },
        },
        ctx,
      );
      return done ?? purchase;
    });
  } catch (err) {
    const constraint = uniqueViolation(err);
    if (constraint === "template_purchases_buyer_idempotency_unique") {
      const again = await findByKey(db, actor.id, data.idempotencyKey);
      if (again) return checkReplay(again, data.templateId);
    }
    if (constraint) throw new AppError("conflict", "You already own this template.");
    throw err;
  }
}

async function findByKey(db: Db, buyerId: string, key: string): Promise<PurchaseRow | undefined> {
  const [row] = await db
    .select()
    .from(templatePurchases)
    .where(and(eq(templatePurchases.buyerId, buyerId), eq(templatePurchases.idempotencyKey, key)));
  return row;
}

function checkReplay(row: PurchaseRow, templateId: string): PurchaseRow {
  if (row.templateId !== templateId)
    throw new AppError("conflict", "That idempotency key was already used for another purchase.", {
      field: "idempotencyKey",
    });
  return row;
}

/**
 * Refunds a purchase: the buyer within REFUND_WINDOW_DAYS, an admin at any time. The transfer is
 * reversed leg for leg (when the seller has already spent the payout, the platform's funding
 * account covers the difference, recorded on the transfer), access is revoked and the buyer's
 * rating is withdrawn with the listing's average recomputed.
 */
export async function refundPurchase(
  db: Db,
  actor: Actor,
  purchaseId: string,
  ctx: RequestContext,
  now = new Date(),
): Promise<PurchaseRow> {
  assertId(purchaseId, "That purchase");
  return db.transaction(async (tx) => {
    const [p] = await tx
      .select()
      .from(templatePurchases)
      .where(eq(templatePurchases.id, purchaseId))
      .for("update");
    const admin = isAdmin(actor);
    if (!p || (p.buyerId !== actor.id && !admin)) throw notFound("That purchase");
    if (p.paymentStatus !== "completed")
      throw new AppError("conflict", "This purchase was already refunded.");
    if (!admin && now.getTime() - p.purchasedAt.getTime() > REFUND_WINDOW_DAYS * 86_400_000)
      throw new AppError(
        "conflict",
        `Refunds are possible for ${REFUND_WINDOW_DAYS} days after purchase; this one was bought on ${p.purchasedAt.toISOString().slice(0, 10)}. An administrator can still refund it.`,
      );
    const [template] = await tx
      .select({ name: aiTemplates.name })
      .from(aiTemplates)
      .where(eq(aiTemplates.id, p.templateId));
    const buyer = await userAccountId(tx, p.buyerId);
    const seller = await userAccountId(tx, p.sellerId);
    const revenue = await platformAccountId(tx, "platform_revenue");
    const funding = await platformAccountId(tx, "platform_funding");
    const [sellerAccount] = await tx
      .select({ balance: creditAccounts.balance })
      .from(creditAccounts)
      .where(eq(creditAccounts.id, seller))
      .for("update");
    const fromSeller = Math.min(p.sellerPayout, Math.max(0, sellerAccount?.balance ?? 0));
    const covered = p.sellerPayout - fromSeller;
    const legs = [
      { accountId: buyer, amount: p.price },
      ...(fromSeller > 0 ? [{ accountId: seller, amount: -fromSeller }] : []),
      ...(p.platformFee > 0 ? [{ accountId: revenue, amount: -p.platformFee }] : []),
      ...(covered > 0 ? [{ accountId: funding, amount: -covered }] : []),
    ];
    const moved = await transfer(tx, {
      kind: "refund",
      description: `Refund of “${template?.name ?? "a template"}”`,
      idempotencyKey: `refund:${p.id}`,
      createdBy: actor.id,
      referenceType: "template_purchase",
      referenceId: p.id,
      metadata: { templateId: p.templateId, price: p.price, coveredByPlatform: covered },
      legs,
    });
    const [row] = await tx
      .update(templatePurchases)
      .set({ paymentStatus: "refunded", refundedAt: now, refundTransactionId: moved.transferId })
      .where(eq(templatePurchases.id, p.id))
      .returning();
    await tx
      .update(aiTemplates)
      .set({ salesCount: sql`greatest(${aiTemplates.salesCount} - 1, 0)` })
      .where(eq(aiTemplates.id, p.templateId));
    const removed = await tx
      .delete(templateRatings)
      .where(and(eq(templateRatings.userId, p.buyerId), eq(templateRatings.templateId, p.templateId)))
      .returning({ id: templateRatings.id });
    if (removed.length) await recomputeRating(tx, p.templateId);
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        entityType: "template_purchase",
        entityId: p.id,
        action: admin && p.buyerId !== actor.id ? "template.refund.admin" : "template.refund",
        before: { paymentStatus: "completed" },
        after: { paymentStatus: "refunded", price: p.price },
      },
      ctx,
    );
    if (!row) throw notFound("That purchase");
    return row;
  });
}

/** Keeps ai_templates.rating/rating_count equal to its ratings (call inside the rating's transaction). */
export async function recomputeRating(tx: Db, templateId: string): Promise<void> {
  await tx
    .update(aiTemplates)
    .set({
      rating: sql`coalesce((select round(avg(rating)::numeric, 2) from template_ratings where template_id = ${templateId}), 0)`,
      ratingCount: sql`(select count(*)::int from template_ratings where template_id = ${templateId})`,
    })
    .where(eq(aiTemplates.id, templateId));
}

/** Moves a buyer to the template's current version (free). */
export async function upgradePurchase(db: Db, actor: Actor, purchaseId: string, ctx: RequestContext) {
  assertId(purchaseId, "That purchase");
  const [p] = await db
    .select({
      purchase: templatePurchases,
      current: aiTemplates.currentVersionId,
      version: aiTemplates.version,
    })
    .from(templatePurchases)
    .innerJoin(aiTemplates, eq(aiTemplates.id, templatePurchases.templateId))
    .where(and(eq(templatePurchases.id, purchaseId), eq(templatePurchases.buyerId, actor.id)));
  if (p?.purchase.paymentStatus !== "completed") throw notFound("That purchase");
  if (!p.current || p.current === p.purchase.pinnedVersionId)
    throw new AppError("conflict", "You already run the newest version.");
  const current = p.current;
  await db.transaction(async (tx) => {
    await tx
      .update(templatePurchases)
      .set({ pinnedVersionId: current })
      .where(eq(templatePurchases.id, purchaseId));
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        entityType: "template_purchase",
        entityId: purchaseId,
        action: "template.purchase.upgrade",
        before: { pinnedVersionId: p.purchase.pinnedVersionId },
        after: { pinnedVersionId: current, version: p.version },
      },
      ctx,
    );
  });
}

/** The buyer's purchases, newest first. */
export async function myPurchases(db: Db, actor: Actor) {
  return db
    .select({
      id: templatePurchases.id,
      templateId: templatePurchases.templateId,
      name: aiTemplates.name,
      slug: aiTemplates.slug,
      price: templatePurchases.price,
      status: templatePurchases.paymentStatus,
      purchasedAt: templatePurchases.purchasedAt,
      refundedAt: templatePurchases.refundedAt,
      pinnedVersionId: templatePurchases.pinnedVersionId,
      currentVersionId: aiTemplates.currentVersionId,
    })
    .from(templatePurchases)
    .innerJoin(aiTemplates, eq(aiTemplates.id, templatePurchases.templateId))
    .where(eq(templatePurchases.buyerId, actor.id))
    .orderBy(desc(templatePurchases.purchasedAt));
}
