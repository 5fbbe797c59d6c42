import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { omniBridgeSync } from "@/db/schema";
import { sendTask } from "@/lib/jobs/tasks";

/** Changes gather this long before an on-change delivery is made (one per burst of edits). */
export const SYNC_DEBOUNCE_MS = 5_000;

/**
 * A user's conversations or dictionary changed: when they have an on-change sync target, request
 * the `sync-change` task a little later. The task's singleton key keeps one request queued per
 * user, so a burst of edits sends one delivery per kind.
 */
export async function syncChanged(db: Db, userId: string, tx?: Db): Promise<void> {
  // Inside a transaction the check must use it (PGlite has one connection: another query would wait).
  const [target] = await (tx ?? db)
    .select({ id: omniBridgeSync.id })
    .from(omniBridgeSync)
    .where(
      and(
        eq(omniBridgeSync.userId, userId),
        eq(omniBridgeSync.syncEnabled, true),
        eq(omniBridgeSync.schedule, "on_change"),
      ),
    )
    .limit(1);
  if (!target) return;
  await sendTask(
    db,
    { kind: "sync-change", userId },
    { tx, startAfter: new Date(Date.now() + SYNC_DEBOUNCE_MS) },
  );
}
