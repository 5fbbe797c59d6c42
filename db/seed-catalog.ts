import { and, eq, isNull } from "drizzle-orm";
import { CATALOG } from "../lib/ai/catalog";
import { DEFAULT_PLANS } from "../lib/billing/plans";
import { RETENTION_DEFAULTS } from "../lib/governance/retention-defaults";
import type { Db } from "./client";
import { aiModelPrices, aiModels, aiProviders, packages, retentionPolicies } from "./schema";

/**
 * Idempotent catalog seed, run at every start: providers, models with list prices, plans and
 * retention defaults. It only inserts what is missing, so prices and limits edited by an admin stay.
 */
export async function seedCatalog(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    for (const p of CATALOG) {
      await tx
        .insert(aiProviders)
        .values({
          slug: p.slug,
          name: p.name,
          type: p.type,
          capabilities: p.capabilities,
          config: { cachedTokens: p.cachedTokens },
          defaultBaseUrl: p.defaultBaseUrl,
        })
        .onConflictDoNothing();
      const [provider] = await tx
        .select({ id: aiProviders.id })
        .from(aiProviders)
        .where(eq(aiProviders.slug, p.slug));
      if (!provider || p.models.length === 0) continue;
      const existing = await tx
        .select({ name: aiModels.name })
        .from(aiModels)
        .where(and(eq(aiModels.providerId, provider.id), isNull(aiModels.integrationId)));
      const have = new Set(existing.map((m) => m.name));
      const missing = p.models.filter((m) => !have.has(m.name));
      if (missing.length === 0) continue;
      const inserted = await tx
        .insert(aiModels)
        .values(
          missing.map((m) => ({
            providerId: provider.id,
            name: m.name,
            displayName: m.displayName,
            type: m.type,
            contextWindow: m.contextWindow ?? null,
            maxOutputTokens: m.maxOutputTokens ?? null,
            pricing: m.pricing,
            capabilities: m.capabilities ?? [],
          })),
        )
        .returning({ id: aiModels.id, pricing: aiModels.pricing });
      // The list price is the first entry of each model's price history.
      await tx
        .insert(aiModelPrices)
        .values(inserted.map((m) => ({ modelId: m.id, pricing: m.pricing, effectiveFrom: new Date(0) })));
    }
    await tx
      .insert(packages)
      .values(
        DEFAULT_PLANS.map((p) => ({
          slug: p.slug,
          name: p.name,
          description: p.description,
          priceUsd: p.priceUsd,
          features: p.features,
          limits: p.limits,
          sortOrder: p.sortOrder,
        })),
      )
      .onConflictDoNothing();
    await tx
      .insert(retentionPolicies)
      .values(
        RETENTION_DEFAULTS.map((r) => ({
          entity: r.entity,
          archiveAfterDays: r.archiveAfterDays,
          deleteAfterDays: r.deleteAfterDays,
          enabled: r.enabled,
          conditions: r.conditions,
        })),
      )
      .onConflictDoNothing();
  });
}
