import { and, asc, count, eq, gte, ilike, isNull, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  aiIntegrations,
  aiModelPrices,
  aiModels,
  aiProviders,
  aiUsageLogs,
  MODEL_TYPES,
  type ModelPricing,
} from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { type Actor, requireAdmin } from "@/lib/auth/actor";
import { AppError, notFound, parseInput } from "@/lib/errors";
import { invalidateTargets } from "./resolve";

const price = z
  .number({ error: "Enter a price in USD per million tokens." })
  .min(0, "Prices cannot be negative.")
  .max(100_000, "That price is implausibly high.")
  .refine((n) => Math.abs(Math.round(n * 1e6) - n * 1e6) < 1e-6, "Use at most 6 decimals.");

export const pricingSchema = z
  .object({
    input: price.optional(),
    output: price.optional(),
    cachedInput: price.optional(),
    cacheWrite: price.optional(),
    perSecond: price.optional(),
  })
  .strict();

export const customModelSchema = z.object({
  integrationId: z.uuid("integrationId must be an integration id"),
  name: z.string().trim().min(1, "Enter the model id the endpoint expects.").max(200),
  displayName: z.string().trim().max(200).optional(),
  type: z.enum(MODEL_TYPES).default("chat"),
  contextWindow: z.number().int().positive().max(100_000_000).optional(),
  pricing: pricingSchema.default({}),
});

export type ProviderHealthRow = {
  id: string;
  slug: string;
  name: string;
  status: string;
  models: number;
  integrations: number;
  /** Last hour; null without calls. */
  requests: number;
  errorRate: number | null;
  avgLatencyMs: number | null;
};

export type CatalogModelRow = {
  id: string;
  provider: string;
  providerName: string;
  name: string;
  displayName: string;
  type: string;
  contextWindow: number | null;
  pricing: ModelPricing;
  isCustom: boolean;
  integrationName: string | null;
  active: boolean;
};

/** Admin → Models: the catalog, its prices (with history) and custom models. */
export class CatalogAdmin {
  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
  ) {
    requireAdmin(actor);
  }

  async providers(): Promise<ProviderHealthRow[]> {
    const since = new Date(Date.now() - 3_600_000);
    const [providers, modelCounts, integrationCounts, recent] = await Promise.all([
      this.db.select().from(aiProviders).orderBy(asc(aiProviders.name)),
      this.db
        .select({ providerId: aiModels.providerId, n: count() })
        .from(aiModels)
        .groupBy(aiModels.providerId),
      this.db
        .select({ providerId: aiIntegrations.providerId, n: count() })
        .from(aiIntegrations)
        .groupBy(aiIntegrations.providerId),
      this.db
        .select({
          providerId: aiUsageLogs.providerId,
          n: count(),
          failed: sql<number>`count(*) filter (where ${aiUsageLogs.status} in ('error', 'timeout'))::int`,
          avgLatency: sql<number | null>`avg(${aiUsageLogs.latencyMs})::float`,
        })
        .from(aiUsageLogs)
        .where(gte(aiUsageLogs.createdAt, since))
        .groupBy(aiUsageLogs.providerId),
    ]);
    return providers.map((p) => {
      const r = recent.find((x) => x.providerId === p.id);
      return {
        id: p.id,
        slug: p.slug,
        name: p.name,
        status: p.status,
        models: modelCounts.find((m) => m.providerId === p.id)?.n ?? 0,
        integrations: integrationCounts.find((m) => m.providerId === p.id)?.n ?? 0,
        requests: r?.n ?? 0,
        errorRate: r && r.n > 0 ? r.failed / r.n : null,
        avgLatencyMs: r?.avgLatency != null ? Math.round(r.avgLatency) : null,
      };
    });
  }

  async models(filter: { provider?: string; q?: string } = {}): Promise<CatalogModelRow[]> {
    const where: SQL[] = [];
    if (filter.provider) where.push(eq(aiProviders.slug, filter.provider));
    if (filter.q) {
      const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const match = or(ilike(aiModels.name, like), ilike(aiModels.displayName, like));
      if (match) where.push(match);
    }
    const rows = await this.db
      .select({
        m: aiModels,
        providerSlug: aiProviders.slug,
        providerName: aiProviders.name,
        integrationName: aiIntegrations.name,
      })
      .from(aiModels)
      .innerJoin(aiProviders, eq(aiProviders.id, aiModels.providerId))
      .leftJoin(aiIntegrations, eq(aiIntegrations.id, aiModels.integrationId))
      .where(where.length ? and(...where) : undefined)
      .orderBy(asc(aiProviders.name), asc(aiModels.isCustom), asc(aiModels.name));
    return rows.map((r) => ({
      id: r.m.id,
      provider: r.providerSlug,
      providerName: r.providerName,
      name: r.m.name,
      displayName: r.m.displayName,
      type: r.m.type,
      contextWindow: r.m.contextWindow,
      pricing: r.m.pricing,
      isCustom: r.m.isCustom,
      integrationName: r.integrationName,
      active: r.m.active,
    }));
  }

  /** Sets a model's price from now on; earlier calls keep the price they were charged. */
  async setPricing(modelId: string, input: unknown, ctx: RequestContext): Promise<void> {
    const pricing = parseInput(pricingSchema, input) as ModelPricing;
    await this.db.transaction(async (tx) => {
      const [model] = await tx.select().from(aiModels).where(eq(aiModels.id, modelId)).for("update");
      if (!model) throw notFound("That model");
      await tx.update(aiModels).set({ pricing }).where(eq(aiModels.id, modelId));
      await tx.insert(aiModelPrices).values({ modelId, pricing, createdBy: this.actor.id });
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "ai_model",
          entityId: modelId,
          action: "price_changed",
          before: model.pricing,
          after: pricing,
        },
        ctx,
      );
    });
    invalidateTargets(this.db);
  }

  async priceHistory(modelId: string) {
    return this.db
      .select()
      .from(aiModelPrices)
      .where(eq(aiModelPrices.modelId, modelId))
      .orderBy(asc(aiModelPrices.effectiveFrom));
  }

  async setActive(modelId: string, active: boolean, ctx: RequestContext): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(aiModels)
        .set({ active })
        .where(eq(aiModels.id, modelId))
        .returning({ id: aiModels.id });
      if (!row) throw notFound("That model");
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "ai_model",
          entityId: modelId,
          action: active ? "enabled" : "disabled",
        },
        ctx,
      );
    });
    invalidateTargets(this.db);
  }

  /** A custom model on an OpenAI-compatible or Ollama integration (admin-shared or the admin's own). */
  async addCustomModel(input: unknown, ctx: RequestContext): Promise<string> {
    const data = parseInput(customModelSchema, input);
    const [integration] = await this.db
      .select()
      .from(aiIntegrations)
      .where(
        and(
          eq(aiIntegrations.id, data.integrationId),
          or(isNull(aiIntegrations.userId), eq(aiIntegrations.userId, this.actor.id)),
        ),
      );
    if (!integration) throw notFound("That integration");
    if (!["openai-compatible", "ollama"].includes(integration.platform)) {
      throw new AppError(
        "validation_failed",
        "integrationId: Custom models are for OpenAI-compatible and Ollama integrations.",
        { field: "integrationId" },
      );
    }
    const id = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(aiModels)
        .values({
          providerId: integration.providerId,
          integrationId: integration.id,
          name: data.name,
          displayName: data.displayName || data.name,
          type: data.type,
          contextWindow: data.contextWindow ?? null,
          pricing: data.pricing as ModelPricing,
          isCustom: true,
        })
        .onConflictDoNothing()
        .returning({ id: aiModels.id });
      if (!row) {
        throw new AppError("conflict", `${data.name} is already in the catalog for this integration.`, {
          field: "name",
        });
      }
      await tx
        .insert(aiModelPrices)
        .values({ modelId: row.id, pricing: data.pricing as ModelPricing, createdBy: this.actor.id });
      await recordAudit(
        tx,
        { actorId: this.actor.id, entityType: "ai_model", entityId: row.id, action: "created", after: data },
        ctx,
      );
      return row.id;
    });
    invalidateTargets(this.db);
    return id;
  }
}
