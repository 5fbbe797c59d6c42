import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { terminologyEntries, terminologyUsagePending } from "@/db/schema";
import { sendTask } from "@/lib/jobs/tasks";

/** How long uses gather before they are counted (one entry update per term per batch). */
export const USAGE_BATCH_DELAY_MS = 30_000;

/**
 * Records that a prompt or a kept answer used these entries. The entries' frequency and last_used_at
 * are updated later, in one statement per batch, by the `term-usage` task.
 */
export async function recordTermUse(
  db: Db,
  userId: string,
  entryIds: string[],
  usedAt = new Date(),
): Promise<void> {
  const ids = [...new Set(entryIds)];
  if (ids.length === 0) return;
  await db.insert(terminologyUsagePending).values({ userId, entryIds: ids, usedAt });
  await sendTask(
    db,
    { kind: "term-usage", userId },
    { startAfter: new Date(Date.now() + USAGE_BATCH_DELAY_MS) },
  );
}

/** Folds a user's waiting uses into their entries (entries deleted meanwhile are skipped). */
export async function applyUsageCounts(db: Db, userId: string): Promise<number> {
  const p = terminologyUsagePending;
  const t = terminologyEntries;
  return db.transaction(async (tx) => {
    const taken = await tx
      .delete(p)
      .where(sql`${p.userId} = ${userId}`)
      .returning({ entryIds: p.entryIds, usedAt: p.usedAt });
    if (taken.length === 0) return 0;
    const counts = new Map<string, { n: number; last: Date }>();
    for (const row of taken) {
      for (const id of row.entryIds) {
        const c = counts.get(id);
        if (!c) counts.set(id, { n: 1, last: row.usedAt });
        else {
          c.n++;
          if (row.usedAt > c.last) c.last = row.usedAt;
        }
      }
    }
    const payload = [...counts].map(([id, c]) => ({ id, n: c.n, last: c.last.toISOString() }));
    await tx.execute(sql`
      UPDATE ${t} SET frequency = ${t.frequency} + x.n, last_used_at = greatest(${t.lastUsedAt}, x.last)
      FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(id uuid, n int, last timestamptz)
      WHERE ${t.id} = x.id AND ${t.userId} = ${userId}`);
    return payload.length;
  });
}
