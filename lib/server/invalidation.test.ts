import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { appSettings } from "@/db/schema";
import { getSetting } from "@/lib/settings";
import { describeEachEngine } from "@/lib/testing/db";
import { INVALIDATE_CHANNEL, listenForInvalidations } from "./invalidation";

/**
 * Another instance changes a setting: it writes the row and publishes the change (what
 * invalidateEverywhere sends). This process, LISTENing, forgets its cached copy at once instead of
 * serving the old value until the cache's time-to-live runs out.
 */
describeEachEngine("caches cleared in every process", ({ db, database }) => {
  it("a change published by another instance is read here within a second", async () => {
    const unlisten = await listenForInvalidations(database());
    try {
      expect(await getSetting(db(), "sharedMarkupPercent")).toBe(0);
      await db()
        .insert(appSettings)
        .values({ key: "sharedMarkupPercent", value: 25 })
        .onConflictDoUpdate({ target: appSettings.key, set: { value: 25 } });
      // Cached: the row changed behind this process's back.
      expect(await getSetting(db(), "sharedMarkupPercent")).toBe(0);
      await db().execute(
        sql`select pg_notify(${INVALIDATE_CHANNEL}, ${JSON.stringify({ scope: "settings", key: "sharedMarkupPercent" })})`,
      );
      await expect.poll(() => getSetting(db(), "sharedMarkupPercent"), { timeout: 1_000 }).toBe(25);
    } finally {
      await unlisten();
    }
  });

  it("ignores payloads that are not its own", async () => {
    const unlisten = await listenForInvalidations(database());
    try {
      await db().execute(sql`select pg_notify(${INVALIDATE_CHANNEL}, 'not json')`);
      await db().execute(sql`select pg_notify(${INVALIDATE_CHANNEL}, '{"scope":"nope"}')`);
      expect(await getSetting(db(), "sharedMarkupPercent")).toBe(25);
    } finally {
      await unlisten();
    }
  });
});
