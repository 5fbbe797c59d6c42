import { and, asc, eq, isNull, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiIntegrations, aiModels, aiProviders, type ModelPricing } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { invalidateEverywhere, onInvalidate } from "@/lib/server/invalidation";
import { shared } from "@/lib/server/shared";

export type UsableModel = {
  id: string;
  name: string;
  displayName: string;
  type: string;
  provider: string;
  providerName: string;
  providerStatus: string;
  contextWindow: number | null;
  pricing: ModelPricing;
  /** The integrations (own or shared) this model can be called through. */
  integrations: { id: string; name: string; shared: boolean; status: string }[];
};

const TTL_MS = 5_000;
const caches = shared(
  "usable-models",
  () => new WeakMap<Db, Map<string, { value: UsableModel[]; at: number }>>(),
);

onInvalidate("models", (db) => caches.get(db)?.clear());

/** Forget cached model lists, in every process (after integrations or the catalog change). */
export function invalidateUsableModels(db: Db): void {
  invalidateEverywhere(db, "models");
}

/** Cached for a few seconds: API calls resolve model names on every request. */
export async function usableModelsCached(db: Db, actor: Actor): Promise<UsableModel[]> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const hit = cache.get(actor.id);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = await usableModels(db, actor);
  if (cache.size > 10_000) cache.clear();
  cache.set(actor.id, { value, at: Date.now() });
  return value;
}

/** Models this user can call now: catalog models of providers they have an integration for, and their integrations' custom models. */
export async function usableModels(
  db: Db,
  actor: Actor,
  opts: { type?: "chat" | "embedding" } = {},
): Promise<UsableModel[]> {
  const integrations = await db
    .select({
      id: aiIntegrations.id,
      name: aiIntegrations.name,
      userId: aiIntegrations.userId,
      status: aiIntegrations.status,
      providerId: aiIntegrations.providerId,
    })
    .from(aiIntegrations)
    .where(or(eq(aiIntegrations.userId, actor.id), isNull(aiIntegrations.userId)));
  if (integrations.length === 0) return [];
  const providerIds = [...new Set(integrations.map((i) => i.providerId))];
  const rows = await db
    .select({
      m: aiModels,
      slug: aiProviders.slug,
      providerName: aiProviders.name,
      providerStatus: aiProviders.status,
    })
    .from(aiModels)
    .innerJoin(aiProviders, eq(aiProviders.id, aiModels.providerId))
    .where(
      and(
        eq(aiModels.active, true),
        or(...providerIds.map((id) => eq(aiModels.providerId, id))),
        opts.type ? eq(aiModels.type, opts.type) : undefined,
      ),
    )
    .orderBy(asc(aiProviders.name), asc(aiModels.displayName));
  return rows
    .map((r) => {
      const through = integrations.filter(
        (i) => i.providerId === r.m.providerId && (r.m.integrationId === null || r.m.integrationId === i.id),
      );
      return {
        id: r.m.id,
        name: r.m.name,
        displayName: r.m.displayName,
        type: r.m.type,
        provider: r.slug,
        providerName: r.providerName,
        providerStatus: r.providerStatus,
        contextWindow: r.m.contextWindow,
        pricing: r.m.pricing,
        integrations: through.map((i) => ({
          id: i.id,
          name: i.name,
          shared: i.userId === null,
          status: i.status,
        })),
      };
    })
    .filter((m) => m.integrations.length > 0);
}
