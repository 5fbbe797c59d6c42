import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiTemplates, type TemplateSnapshot, templatePurchases, templateVersions } from "@/db/schema";
import { type Actor, isAdmin } from "@/lib/auth/actor";
import { AppError, assertId, notFound } from "@/lib/errors";
import { snapshotOf } from "./templates";

/** What a conversation runs: a frozen version (or, for the creator, the working copy). */
export type RunnableTemplate = {
  templateId: string;
  versionId: string | null;
  version: number | null;
  snapshot: TemplateSnapshot;
  via: "creator" | "purchase" | "free" | "admin";
};

/**
 * Decides whether the actor may run a template and which content they run:
 * - the creator runs the working copy (so they can try edits before publishing);
 * - a buyer runs the version pinned on their completed purchase (refunded = no access);
 * - anyone runs the current version of a published free listing;
 * - an admin runs the current version.
 * Everyone else gets not_found for unlisted/deleted templates and payment_required for paid ones.
 */
export async function resolveRunnable(db: Db, actor: Actor, templateId: string): Promise<RunnableTemplate> {
  assertId(templateId, "That template");
  const [t] = await db.select().from(aiTemplates).where(eq(aiTemplates.id, templateId));
  if (!t) throw notFound("That template");
  if (t.userId === actor.id && !t.deletedAt)
    return { templateId: t.id, versionId: null, version: null, snapshot: snapshotOf(t), via: "creator" };

  const [owned] = await db
    .select({
      snapshot: templateVersions.snapshot,
      versionId: templateVersions.id,
      version: templateVersions.version,
    })
    .from(templatePurchases)
    .innerJoin(templateVersions, eq(templateVersions.id, templatePurchases.pinnedVersionId))
    .where(
      and(
        eq(templatePurchases.buyerId, actor.id),
        eq(templatePurchases.templateId, t.id),
        eq(templatePurchases.paymentStatus, "completed"),
      ),
    );
  if (owned) return { templateId: t.id, ...owned, via: "purchase" };

  const listed = t.listingStatus === "published" && t.isMarketplace && !t.deletedAt && t.currentVersionId;
  const viaAdmin = isAdmin(actor) && t.currentVersionId;
  if (!listed && !viaAdmin) throw notFound("That template");
  const free = (t.priceCredits ?? 0) === 0;
  if (!free && !viaAdmin)
    throw new AppError("payment_required", `Buy “${t.name}” to use it (${t.priceCredits} credits).`);
  const [current] = await db
    .select({
      snapshot: templateVersions.snapshot,
      versionId: templateVersions.id,
      version: templateVersions.version,
    })
    .from(templateVersions)
    .where(eq(templateVersions.id, t.currentVersionId as string));
  if (!current) throw notFound("That template");
  return { templateId: t.id, ...current, via: listed && free ? "free" : "admin" };
}

/**
 * The system prompt a template's conversation runs with: the prompt, the personality, and the
 * knowledge sources. Built on the server only; never sent to a browser that is not the creator's.
 */
export function systemPromptOf(s: TemplateSnapshot): string {
  const parts = [s.systemPrompt.trim()];
  const p = s.personalityConfig;
  const persona = [
    p.tone ? `Tone: ${p.tone}.` : "",
    p.expertise ? `Expertise: ${p.expertise}.` : "",
    p.style ? `Style: ${p.style}.` : "",
  ].filter(Boolean);
  if (persona.length) parts.push(persona.join(" "));
  const texts = s.knowledgeSources.filter((k) => k.type === "text");
  const urls = s.knowledgeSources.filter((k) => k.type === "url");
  if (texts.length || urls.length) {
    parts.push(
      [
        "Reference knowledge (use it when relevant):",
        ...texts.map((k) => `## ${k.title}\n${k.content}`),
        ...urls.map((k) => `- ${k.title}: ${k.url}`),
      ].join("\n\n"),
    );
  }
  return parts.join("\n\n");
}

/** Counts one real use (a conversation's first prompt with the template). */
export async function countUse(db: Db, templateId: string): Promise<void> {
  await db
    .update(aiTemplates)
    .set({ usageCount: sql`${aiTemplates.usageCount} + 1` })
    .where(eq(aiTemplates.id, templateId));
}
