import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { appSettings } from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { type Actor, requireAdmin } from "@/lib/auth/actor";
import { parseInput } from "@/lib/errors";
import { invalidateEverywhere, onInvalidate } from "@/lib/server/invalidation";
import { shared } from "@/lib/server/shared";

/** host, host:port, or *.domain — what an admin may allow for outbound calls to private addresses. */
const hostPattern = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\*\.)?[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/, "use host, host:port or *.domain");

export const SETTINGS = {
  /** Hosts outbound calls may reach even when they resolve to private or loopback addresses. */
  outboundAllowlist: z.array(hostPattern).max(100).default([]),
  /** Markup on cost for calls through admin-shared integrations, charged to the wallet, in percent. */
  sharedMarkupPercent: z.number().min(0).max(1000).default(0),
  /**
   * Administrators are not bound by their plan's limits (models per compare, requests per minute,
   * monthly cost cap): on a self-hosted instance the first account is its owner.
   */
  adminsExemptFromPlanLimits: z.boolean().default(true),
  /**
   * Whether administrators' calls on admin-shared integrations are charged to their wallet (and
   * refused on an empty one). Off by default: they are metered (usage rows with cost) but not charged.
   */
  chargeAdminsForSharedIntegrations: z.boolean().default(false),
  /** The models a new chat starts with (catalog model ids), chosen in the first-run guide. */
  defaultChatModels: z.array(z.uuid()).max(8).default([]),
  /**
   * The embedding model (catalog model id) for dictionary search when a user has not picked their
   * own; null = lexical search only.
   */
  embeddingModel: z.uuid().nullable().default(null),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]>;

const TTL_MS = 5_000;
// Per database handle, so two databases in one process (tests) never share values.
const caches = shared("settings", () => new WeakMap<Db, Map<string, { value: unknown; at: number }>>());
function cacheOf(db: Db) {
  let c = caches.get(db);
  if (!c) {
    c = new Map();
    caches.set(db, c);
  }
  return c;
}

onInvalidate("settings", (db, key) => {
  if (key) cacheOf(db).delete(key);
  else cacheOf(db).clear();
});

/** A setting's value (default when unset); cached for a few seconds because the gateway reads them. */
export async function getSetting<K extends SettingKey>(db: Db, key: K): Promise<SettingValue<K>> {
  const cache = cacheOf(db);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as SettingValue<K>;
  const [row] = await db
    .select({ value: appSettings.value })
    .from(appSettings)
    .where(eq(appSettings.key, key));
  const parsed = SETTINGS[key].safeParse(row?.value ?? undefined);
  const value = (parsed.success ? parsed.data : SETTINGS[key].parse(undefined)) as SettingValue<K>;
  cache.set(key, { value, at: Date.now() });
  return value;
}

export async function setSetting<K extends SettingKey>(
  db: Db,
  actor: Actor,
  key: K,
  input: unknown,
  ctx: RequestContext,
): Promise<SettingValue<K>> {
  requireAdmin(actor);
  const value = parseInput(SETTINGS[key], input) as SettingValue<K>;
  const before = await getSetting(db, key);
  await db.transaction(async (tx) => {
    await tx
      .insert(appSettings)
      .values({ key, value, updatedBy: actor.id })
      .onConflictDoUpdate({
        target: appSettings.key,
        set: { value, updatedBy: actor.id, updatedAt: new Date() },
      });
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        entityType: "app_setting",
        entityId: key,
        action: "updated",
        before,
        after: value,
      },
      ctx,
    );
  });
  invalidateEverywhere(db, "settings", key);
  return value;
}
