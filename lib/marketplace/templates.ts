import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull, max } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiModels, aiTemplates, type TemplateSnapshot, templateVersions } from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { type Actor, assertCanAccess, isAdmin } from "@/lib/auth/actor";
import { AppError, assertId, notFound, parseInput } from "@/lib/errors";
import { listingSchema, publishVersionSchema, type TemplateInput, templateInputSchema } from "./schemas";

export type TemplateRow = typeof aiTemplates.$inferSelect;

export function snapshotOf(t: TemplateRow): TemplateSnapshot {
  return {
    name: t.name,
    description: t.description,
    avatarUrl: t.avatarUrl,
    category: t.category,
    tags: t.tags,
    systemPrompt: t.systemPrompt,
    functions: t.functions,
    personalityConfig: t.personalityConfig,
    knowledgeSources: t.knowledgeSources,
    modelConfig: t.modelConfig,
    allowedIntegrations: t.allowedIntegrations,
    costLimitPerRequest: t.costLimitPerRequest,
    examples: t.examples,
  };
}

function columnsOf(data: TemplateInput) {
  return {
    name: data.name,
    description: data.description || null,
    avatarUrl: data.avatarUrl || null,
    category: data.category,
    tags: data.tags,
    systemPrompt: data.systemPrompt,
    personalityConfig: data.personalityConfig,
    modelConfig: data.modelConfig,
    functions: data.functions,
    knowledgeSources: data.knowledgeSources,
    allowedIntegrations: data.allowedIntegrations,
    costLimitPerRequest: data.costLimitPerRequest === null ? null : data.costLimitPerRequest.toFixed(6),
    examples: data.examples,
  };
}

function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return `${base || "template"}-${randomBytes(3).toString("hex")}`;
}

/**
 * A creator's templates. The row is the working copy; "publish version" freezes it into an
 * immutable template_versions snapshot that buyers run. Only the creator (and admins, where a
 * method says so) can read the full content.
 */
export class TemplateModel {
  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
  ) {}

  async listMine(): Promise<TemplateRow[]> {
    return this.db
      .select()
      .from(aiTemplates)
      .where(and(eq(aiTemplates.userId, this.actor.id), isNull(aiTemplates.deletedAt)))
      .orderBy(desc(aiTemplates.updatedAt));
  }

  /** The full template, for its creator (or an admin). */
  async get(id: string): Promise<TemplateRow> {
    assertId(id, "That template");
    const [row] = await this.db
      .select()
      .from(aiTemplates)
      .where(and(eq(aiTemplates.id, id), isNull(aiTemplates.deletedAt)));
    assertCanAccess(this.actor, row, { adminBypass: true, what: "That template" });
    return row as TemplateRow;
  }

  async create(input: unknown, ctx: RequestContext): Promise<TemplateRow> {
    const data = parseInput(templateInputSchema, input);
    await this.checkModel(data.modelConfig.modelId);
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(aiTemplates)
        .values({ userId: this.actor.id, slug: slugify(data.name), ...columnsOf(data) })
        .returning();
      if (!row) throw new AppError("internal", "Could not create the template.");
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "ai_template",
          entityId: row.id,
          action: "template.create",
          after: { name: row.name },
        },
        ctx,
      );
      return row;
    });
  }

  async update(id: string, input: unknown, ctx: RequestContext): Promise<TemplateRow> {
    const before = await this.get(id);
    if (before.userId !== this.actor.id)
      throw new AppError("forbidden", "Only the creator can edit a template.");
    const data = parseInput(templateInputSchema, input);
    await this.checkModel(data.modelConfig.modelId);
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(aiTemplates)
        .set({ ...columnsOf(data), updatedAt: new Date() })
        .where(eq(aiTemplates.id, id))
        .returning();
      if (!row) throw notFound("That template");
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "ai_template",
          entityId: id,
          action: "template.update",
          before: { name: before.name },
          after: { name: row.name },
        },
        ctx,
      );
      return row;
    });
  }

  /** Freezes the working copy as the next version (with its changelog) and makes it current. */
  async publishVersion(id: string, input: unknown, ctx: RequestContext) {
    const template = await this.get(id);
    if (template.userId !== this.actor.id)
      throw new AppError("forbidden", "Only the creator can publish a version.");
    const data = parseInput(publishVersionSchema, input);
    return this.db.transaction(async (tx) => {
      // Lock the template so two publishes cannot take the same number.
      await tx.select({ id: aiTemplates.id }).from(aiTemplates).where(eq(aiTemplates.id, id)).for("update");
      const [{ latest } = { latest: null }] = await tx
        .select({ latest: max(templateVersions.version) })
        .from(templateVersions)
        .where(eq(templateVersions.templateId, id));
      const [fresh] = await tx.select().from(aiTemplates).where(eq(aiTemplates.id, id));
      if (!fresh) throw notFound("That template");
      const version = (latest ?? 0) + 1;
      const [created] = await tx
        .insert(templateVersions)
        .values({
          templateId: id,
          version,
          changelog: data.changelog,
          snapshot: snapshotOf(fresh),
          createdBy: this.actor.id,
        })
        .returning();
      if (!created) throw new AppError("internal", "Could not save the version.");
      await tx
        .update(aiTemplates)
        .set({ version, currentVersionId: created.id, updatedAt: new Date() })
        .where(eq(aiTemplates.id, id));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "ai_template",
          entityId: id,
          action: "template.version.publish",
          after: { version, changelog: data.changelog },
        },
        ctx,
      );
      return created;
    });
  }

  /** Versions newest first, with snapshots (creator/admin only). */
  async versions(id: string) {
    await this.get(id);
    return this.db
      .select()
      .from(templateVersions)
      .where(eq(templateVersions.templateId, id))
      .orderBy(desc(templateVersions.version));
  }

  /** Lists the template in the marketplace (free at 0 credits) at its current version. */
  async publishListing(id: string, input: unknown, ctx: RequestContext): Promise<TemplateRow> {
    const template = await this.get(id);
    if (template.userId !== this.actor.id)
      throw new AppError("forbidden", "Only the creator can list a template.");
    const data = parseInput(listingSchema, input);
    if (template.listingStatus === "removed")
      throw new AppError("conflict", "A moderator removed this listing; it cannot be republished.");
    if (!template.currentVersionId)
      throw new AppError(
        "conflict",
        "Publish a version first: buyers run a frozen version, never the draft.",
        {
          field: "version",
        },
      );
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(aiTemplates)
        .set({
          isMarketplace: true,
          isPublic: data.priceCredits === 0,
          priceCredits: data.priceCredits,
          listingStatus: "published",
          publishedAt: template.publishedAt ?? new Date(),
          updatedAt: new Date(),
        })
        .where(eq(aiTemplates.id, id))
        .returning();
      if (!row) throw notFound("That template");
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "ai_template",
          entityId: id,
          action: "template.listing.publish",
          before: { listingStatus: template.listingStatus, priceCredits: template.priceCredits },
          after: { listingStatus: row.listingStatus, priceCredits: row.priceCredits },
        },
        ctx,
      );
      return row;
    });
  }

  async unpublishListing(id: string, ctx: RequestContext): Promise<TemplateRow> {
    const template = await this.get(id);
    if (template.userId !== this.actor.id && !isAdmin(this.actor))
      throw new AppError("forbidden", "Only the creator can unlist a template.");
    if (template.listingStatus !== "published")
      throw new AppError("conflict", "This template is not listed.");
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(aiTemplates)
        .set({ listingStatus: "unlisted", isPublic: false, updatedAt: new Date() })
        .where(eq(aiTemplates.id, id))
        .returning();
      if (!row) throw notFound("That template");
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "ai_template",
          entityId: id,
          action: "template.listing.unpublish",
          before: { listingStatus: template.listingStatus },
          after: { listingStatus: "unlisted" },
        },
        ctx,
      );
      return row;
    });
  }

  /** Soft delete: off the marketplace; buyers keep running the versions they own. */
  async remove(id: string, ctx: RequestContext): Promise<void> {
    const template = await this.get(id);
    if (template.userId !== this.actor.id)
      throw new AppError("forbidden", "Only the creator can delete a template.");
    await this.db.transaction(async (tx) => {
      await tx
        .update(aiTemplates)
        .set({
          deletedAt: new Date(),
          listingStatus: template.listingStatus === "removed" ? "removed" : "unlisted",
          isPublic: false,
        })
        .where(eq(aiTemplates.id, id));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "ai_template",
          entityId: id,
          action: "template.delete",
          before: { name: template.name },
        },
        ctx,
      );
    });
  }

  private async checkModel(modelId: string | undefined) {
    if (!modelId) return;
    const [m] = await this.db.select({ id: aiModels.id }).from(aiModels).where(eq(aiModels.id, modelId));
    if (!m)
      throw new AppError("validation_failed", "modelConfig.modelId: that model is not in the catalog", {
        field: "modelConfig.modelId",
      });
  }
}
