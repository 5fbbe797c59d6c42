import { sql } from "drizzle-orm";
import type { Database, Db } from "@/db/client";
import { shared } from "./shared";

/**
 * Caches every process keeps (resolved model targets, plan limits, settings) are cleared in every
 * process when something they hold changes: the process that made the change clears its own and
 * publishes the change on Postgres (NOTIFY, delivered at commit when sent inside a transaction);
 * every app instance and worker LISTENs (listenForInvalidations, at start) and clears its copy. A
 * cache's time-to-live stays as the backstop for a missed notification.
 */

export const INVALIDATE_CHANNEL = "prism_invalidate";
export type CacheScope = "targets" | "models" | "limits" | "settings";

const clearers = shared("cache-clearers", () => new Map<CacheScope, (db: Db, key?: string) => void>());

/** Registers how this process clears one cache (called by the module that owns the cache). */
export function onInvalidate(scope: CacheScope, clear: (db: Db, key?: string) => void): void {
  clearers.set(scope, clear);
}

/** Clears `scope` here and tells every other process to clear it too. */
export function invalidateEverywhere(db: Db, scope: CacheScope, key?: string): void {
  clearers.get(scope)?.(db, key);
  void db
    .execute(sql`select pg_notify(${INVALIDATE_CHANNEL}, ${JSON.stringify({ scope, key: key ?? null })})`)
    .catch((err: unknown) => console.error("[prism] cache invalidation not published", err));
}

/** Clears this process's caches when another process says so. Returns the unlisten function. */
export function listenForInvalidations(
  database: Pick<Database, "db" | "listen">,
): Promise<() => Promise<void>> {
  return database.listen(INVALIDATE_CHANNEL, (payload) => {
    try {
      const { scope, key } = JSON.parse(payload) as { scope?: CacheScope; key?: string | null };
      if (scope) clearers.get(scope)?.(database.db, key ?? undefined);
    } catch {
      // Not one of ours.
    }
  });
}
