import { and, eq, gte, inArray, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiIntegrations, usageDaily } from "@/db/schema";
import { toMicroUsd } from "@/lib/ai/pricing";
import { subjectsOf, type UsageWriter } from "./writer";

/** Start of the current calendar month in UTC (budgets reset then). */
export function monthStartUtc(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export function nextMonthStartUtc(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

let monthCache = { start: 0, next: 0, key: "" };

/**
 * The current UTC month as its start (ms) and "YYYY-MM", recomputed only when a month boundary
 * passes: budget checks run before every call and need nothing more.
 */
export function currentMonth(nowMs = Date.now()): { start: number; key: string } {
  if (nowMs < monthCache.start || nowMs >= monthCache.next) {
    const now = new Date(nowMs);
    const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    monthCache = { start, next, key: new Date(start).toISOString().slice(0, 7) };
  }
  return monthCache;
}

const RELOAD_MS = 30_000;

async function writtenSpend(db: Db, owner: SQL, since: Date): Promise<bigint> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${usageDaily.cost}), 0)::text` })
    .from(usageDaily)
    // Key rows exist only in the per-user grain, so both filters read per-user rollups.
    .where(and(owner, isNotNull(usageDaily.userId), gte(usageDaily.bucketStart, since)));
  return toMicroUsd(row?.total ?? "0");
}

/**
 * A user's spend since `since` on admin-shared integrations (the ones with no owner): what the
 * plan's monthly cost cap counts. Calls through the user's own integrations are not in it.
 */
export function sharedSpendMicroUsd(db: Db, userId: string, since: Date): Promise<bigint> {
  return writtenSpend(
    db,
    and(
      eq(usageDaily.userId, userId),
      inArray(
        usageDaily.integrationId,
        db.select({ id: aiIntegrations.id }).from(aiIntegrations).where(isNull(aiIntegrations.userId)),
      ),
    ) as SQL,
    since,
  );
}

/**
 * Month-to-date spend per user, fast enough to check before every call: the written total comes
 * from the rollups (reloaded every 30 s) and the not-yet-written part from the usage writer's queue.
 */
export class SpendTracker {
  private written = new Map<string, { month: number; micro: bigint; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly writer: UsageWriter,
  ) {
    writer.onWritten((records) => {
      for (const r of records) for (const subject of subjectsOf(r)) this.noteWritten(subject, r.cost);
    });
  }

  /**
   * Month-to-date spend of a user (`u:<id>`), of a user on admin-shared integrations (`s:<id>`,
   * what the plan's cap limits) or of an API key (`k:<id>`).
   */
  async monthToDateMicroUsd(subject: string, nowMs = Date.now()): Promise<bigint> {
    const month = currentMonth(nowMs).start;
    let entry = this.written.get(subject);
    if (!entry || entry.month !== month || Date.now() - entry.at > RELOAD_MS) {
      // Flush first so the reload and the pending queue never count a record twice or not at all.
      await this.writer.flush();
      const id = subject.slice(2);
      const kind = subject.slice(0, 2);
      const micro =
        kind === "s:"
          ? await sharedSpendMicroUsd(this.db, id, new Date(month))
          : await writtenSpend(
              this.db,
              kind === "k:" ? eq(usageDaily.apiKeyId, id) : eq(usageDaily.userId, id),
              new Date(month),
            );
      entry = { month, micro, at: Date.now() };
      this.written.set(subject, entry);
    }
    return entry.micro + this.writer.pendingMicroUsd(subject);
  }

  /** Records written by this process after the last reload are added here as they are flushed. */
  private noteWritten(subject: string, costUsd: string): void {
    const entry = this.written.get(subject);
    if (entry) entry.micro += toMicroUsd(costUsd);
  }
}
