import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  aiTemplates,
  conversations,
  templatePurchases,
  templateRatings,
  templateReports,
  users,
} from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { type Actor, requireAdmin } from "@/lib/auth/actor";
import { AppError, assertId, notFound, parseInput } from "@/lib/errors";
import { recomputeRating } from "./purchases";
import { ratingSchema, reportSchema } from "./schemas";

/** Whether the user may rate: a completed purchase, or (free templates) a conversation started with it. */
export async function canRate(db: Db, userId: string, templateId: string): Promise<boolean> {
  const [t] = await db
    .select({ owner: aiTemplates.userId, price: aiTemplates.priceCredits })
    .from(aiTemplates)
    .where(eq(aiTemplates.id, templateId));
  if (!t || t.owner === userId) return false;
  const [bought] = await db
    .select({ id: templatePurchases.id })
    .from(templatePurchases)
    .where(
      and(
        eq(templatePurchases.buyerId, userId),
        eq(templatePurchases.templateId, templateId),
        eq(templatePurchases.paymentStatus, "completed"),
      ),
    );
  return rateEligible(db, userId, templateId, {
    isCreator: false,
    owned: Boolean(bought),
    free: (t.price ?? 0) === 0,
  });
}

/**
 * The rating rule once the caller knows who the user is to the template: never the creator; a
 * buyer; or, for a free template, someone who started a conversation with it.
 */
export async function rateEligible(
  db: Db,
  userId: string,
  templateId: string,
  known: { isCreator: boolean; owned: boolean; free: boolean },
): Promise<boolean> {
  if (known.isCreator) return false;
  if (known.owned) return true;
  if (!known.free) return false;
  const [used] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.userId, userId), eq(conversations.templateId, templateId)))
    .limit(1);
  return Boolean(used);
}

/** Rates a template 1–5 (one rating per user, editable); the listing's average moves in the same transaction. */
export async function rateTemplate(
  db: Db,
  actor: Actor,
  templateId: string,
  input: unknown,
  ctx: RequestContext,
) {
  const data = parseInput(ratingSchema, input);
  assertId(templateId, "That template");
  const [t] = await db
    .select({ id: aiTemplates.id, owner: aiTemplates.userId })
    .from(aiTemplates)
    .where(eq(aiTemplates.id, templateId));
  if (!t) throw notFound("That template");
  if (t.owner === actor.id) throw new AppError("forbidden", "You cannot rate your own template.");
  if (!(await canRate(db, actor.id, templateId)))
    throw new AppError(
      "forbidden",
      "Only people who bought this template (or used it, when it is free) can rate it.",
    );
  return db.transaction(async (tx) => {
    // Serialize ratings of one template so the average is computed over committed rows.
    await tx
      .select({ id: aiTemplates.id })
      .from(aiTemplates)
      .where(eq(aiTemplates.id, templateId))
      .for("update");
    const [row] = await tx
      .insert(templateRatings)
      .values({ userId: actor.id, templateId, rating: data.rating, review: data.review || null })
      .onConflictDoUpdate({
        target: [templateRatings.userId, templateRatings.templateId],
        set: { rating: data.rating, review: data.review || null, updatedAt: new Date() },
      })
      .returning();
    await recomputeRating(tx, templateId);
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        entityType: "template_rating",
        entityId: row?.id,
        action: "template.rate",
        after: { templateId, rating: data.rating },
      },
      ctx,
    );
    return row;
  });
}

export async function reviewsOf(db: Db, templateId: string, limit = 20) {
  return db
    .select({
      id: templateRatings.id,
      rating: templateRatings.rating,
      review: templateRatings.review,
      updatedAt: templateRatings.updatedAt,
      author: users.name,
    })
    .from(templateRatings)
    .innerJoin(users, eq(users.id, templateRatings.userId))
    .where(eq(templateRatings.templateId, templateId))
    .orderBy(desc(templateRatings.updatedAt))
    .limit(Math.min(limit, 100));
}

export async function reportTemplate(
  db: Db,
  actor: Actor,
  templateId: string,
  input: unknown,
  ctx: RequestContext,
) {
  const data = parseInput(reportSchema, input);
  assertId(templateId, "That template");
  const [t] = await db
    .select({ id: aiTemplates.id, owner: aiTemplates.userId })
    .from(aiTemplates)
    .where(eq(aiTemplates.id, templateId));
  if (!t) throw notFound("That template");
  if (t.owner === actor.id) throw new AppError("conflict", "You cannot report your own template.");
  const [open] = await db
    .select({ id: templateReports.id })
    .from(templateReports)
    .where(
      and(
        eq(templateReports.userId, actor.id),
        eq(templateReports.templateId, templateId),
        eq(templateReports.status, "open"),
      ),
    );
  if (open) throw new AppError("conflict", "You already reported this listing; a moderator will look at it.");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(templateReports)
      .values({ templateId, userId: actor.id, reason: data.reason })
      .returning();
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        entityType: "template_report",
        entityId: row?.id,
        action: "template.report",
        after: { templateId },
      },
      ctx,
    );
    return row;
  });
}

/** Admin moderation queue: open reports grouped by listing, most reported first. */
export async function moderationQueue(db: Db, actor: Actor) {
  requireAdmin(actor);
  const reports = await db
    .select({
      id: templateReports.id,
      templateId: templateReports.templateId,
      reason: templateReports.reason,
      createdAt: templateReports.createdAt,
      reporter: users.email,
    })
    .from(templateReports)
    .innerJoin(users, eq(users.id, templateReports.userId))
    .where(eq(templateReports.status, "open"))
    .orderBy(desc(templateReports.createdAt))
    .limit(500);
  const ids = [...new Set(reports.map((r) => r.templateId))];
  if (ids.length === 0) return [];
  const templates = await db
    .select({
      id: aiTemplates.id,
      name: aiTemplates.name,
      slug: aiTemplates.slug,
      listingStatus: aiTemplates.listingStatus,
      creator: users.email,
      reports: count(templateReports.id),
    })
    .from(aiTemplates)
    .innerJoin(users, eq(users.id, aiTemplates.userId))
    .leftJoin(
      templateReports,
      and(eq(templateReports.templateId, aiTemplates.id), eq(templateReports.status, "open")),
    )
    .where(inArray(aiTemplates.id, ids))
    .groupBy(aiTemplates.id, users.email);
  return templates
    .map((t) => ({ ...t, items: reports.filter((r) => r.templateId === t.id) }))
    .sort((a, b) => b.reports - a.reports);
}

/** Resolves every open report of a listing: dismiss them, or unlist (removed) the listing. */
export async function moderate(
  db: Db,
  actor: Actor,
  templateId: string,
  decision: "dismiss" | "remove",
  ctx: RequestContext,
) {
  requireAdmin(actor);
  assertId(templateId, "That template");
  return db.transaction(async (tx) => {
    const [t] = await tx.select().from(aiTemplates).where(eq(aiTemplates.id, templateId)).for("update");
    if (!t) throw notFound("That template");
    const resolved = await tx
      .update(templateReports)
      .set({
        status: decision === "remove" ? "actioned" : "dismissed",
        resolvedBy: actor.id,
        resolvedAt: new Date(),
      })
      .where(and(eq(templateReports.templateId, templateId), eq(templateReports.status, "open")))
      .returning({ id: templateReports.id });
    if (decision === "remove")
      await tx
        .update(aiTemplates)
        .set({ listingStatus: "removed", isPublic: false, updatedAt: new Date() })
        .where(eq(aiTemplates.id, templateId));
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        entityType: "ai_template",
        entityId: templateId,
        action: decision === "remove" ? "template.moderation.remove" : "template.moderation.dismiss",
        before: { listingStatus: t.listingStatus },
        after: {
          listingStatus: decision === "remove" ? "removed" : t.listingStatus,
          reportsResolved: resolved.length,
        },
      },
      ctx,
    );
    return { resolved: resolved.length };
  });
}

/** Counts for the admin nav badge. */
export async function openReportCount(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(templateReports)
    .where(eq(templateReports.status, "open"));
  return row?.n ?? 0;
}
