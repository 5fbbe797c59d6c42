import { and, eq, isNull, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  type AIIntegration,
  type AIModel,
  type AIProvider,
  aiIntegrations,
  aiModels,
  aiProviders,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { SecretIntegrityError } from "@/lib/crypto/secrets";
import { AppError, notFound } from "@/lib/errors";
import { invalidateEverywhere, onInvalidate } from "@/lib/server/invalidation";
import { shared } from "@/lib/server/shared";
import { connectionFor } from "./integrations";
import { invalidateUsableModels } from "./models";
import type { CachedTokenConvention } from "./pricing";
import { catalogProvider, type ProviderConnection } from "./providers";

/** Everything the gateway needs to call one model for one user. */
export type ResolvedTarget = {
  model: AIModel;
  provider: AIProvider;
  integration: AIIntegration;
  connection: ProviderConnection;
  convention: CachedTokenConvention;
};

const TTL_MS = 15_000;
const caches = shared("targets", () => new WeakMap<Db, Map<string, { value: ResolvedTarget; at: number }>>());

onInvalidate("targets", (db) => caches.get(db)?.clear());

/** Forget resolved targets and model lists, in every process (after an integration or price changes). */
export function invalidateTargets(db: Db): void {
  invalidateEverywhere(db, "targets");
  invalidateUsableModels(db);
}

/**
 * Resolves (user, model, integration?) to a callable target. The integration must be the user's own
 * or admin-shared, and of the model's provider; without one, the user's own integration for that
 * provider is preferred over a shared one, and a connected one over an untested one.
 */
export async function resolveTarget(
  db: Db,
  actor: Actor,
  modelId: string,
  integrationId?: string | null,
): Promise<ResolvedTarget> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const key = `${actor.id}|${modelId}|${integrationId ?? ""}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;

  const [row] = await db
    .select({ model: aiModels, provider: aiProviders })
    .from(aiModels)
    .innerJoin(aiProviders, eq(aiProviders.id, aiModels.providerId))
    .where(eq(aiModels.id, modelId));
  if (!row?.model.active) throw notFound("That model");
  const usable = or(eq(aiIntegrations.userId, actor.id), isNull(aiIntegrations.userId));
  const candidates = await db
    .select()
    .from(aiIntegrations)
    .where(
      and(
        usable,
        eq(aiIntegrations.providerId, row.provider.id),
        integrationId ? eq(aiIntegrations.id, integrationId) : undefined,
        // A custom model belongs to the integration that reported it.
        row.model.integrationId ? eq(aiIntegrations.id, row.model.integrationId) : undefined,
      ),
    );
  if (candidates.length === 0) {
    if (integrationId) throw notFound("That integration");
    throw new AppError(
      "bad_request",
      `No ${row.provider.name} integration is available to you. Add your key in Settings → Integrations.`,
      { details: { provider: row.provider.slug } },
    );
  }
  const rank = (i: AIIntegration) =>
    (i.userId === actor.id ? 0 : 2) + (i.status === "connected" ? 0 : i.status === "error" ? 1.5 : 1);
  const integration = [...candidates].sort((a, b) => rank(a) - rank(b))[0] as AIIntegration;
  let connection: ProviderConnection;
  try {
    connection = await connectionFor(db, integration);
  } catch (err) {
    if (!(err instanceof SecretIntegrityError)) throw err;
    const message =
      "The stored API key failed its integrity check (tampered with, or the encryption key changed). Enter the key again.";
    await db
      .update(aiIntegrations)
      .set({ status: "error", lastError: message })
      .where(eq(aiIntegrations.id, integration.id));
    console.error(`[prism] integration ${integration.id}: ${err.message}`);
    throw new AppError("bad_request", `${integration.name}: ${message}`);
  }
  const value: ResolvedTarget = {
    model: row.model,
    provider: row.provider,
    integration,
    connection,
    convention:
      (row.provider.config as { cachedTokens?: CachedTokenConvention }).cachedTokens ??
      catalogProvider(row.provider.slug)?.cachedTokens ??
      "included-in-input",
  };
  cache.set(key, { value, at: Date.now() });
  return value;
}
