import { and, eq, gte, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { notifications, usageDaily } from "@/db/schema";
import { formatMicroUsd, toMicroUsd } from "@/lib/ai/pricing";
import { effectiveLimits } from "@/lib/billing/limits";
import { currentMonth, monthStartUtc, nextMonthStartUtc, type SpendTracker } from "./spend";

export const SOFT_ALERT_RATIO = 0.8;

export type BudgetStatus = {
  spentUsd: string;
  capUsd: number;
  ratio: number;
  planName: string;
  capSource: string;
  resetsOn: string;
};

/** Month-to-date spend against the user's cap, for the banner (one indexed query on the rollups). */
export async function budgetStatus(db: Db, userId: string): Promise<BudgetStatus> {
  const limits = await effectiveLimits(db, userId);
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${usageDaily.cost}), 0)::text` })
    .from(usageDaily)
    .where(
      and(
        eq(usageDaily.userId, userId),
        isNotNull(usageDaily.userId),
        gte(usageDaily.bucketStart, monthStartUtc()),
      ),
    );
  const spent = toMicroUsd(row?.total ?? "0");
  const cap = limits.monthlyCostCapUsd;
  return {
    spentUsd: formatMicroUsd(spent),
    capUsd: cap,
    ratio: cap > 0 ? Number(spent) / 1e6 / cap : 1,
    planName: limits.planName,
    capSource: limits.capSource,
    resetsOn: nextMonthStartUtc().toISOString().slice(0, 10),
  };
}

/**
 * The soft alert: the first time a user's month-to-date spend reaches 80% of their cap, an in-app
 * notification is written (once per month, across instances and restarts).
 */
export class BudgetAlerts {
  private alerted = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly spend: SpendTracker,
  ) {}

  async check(userId: string): Promise<boolean> {
    const month = currentMonth().key;
    const memo = `${userId}|${month}`;
    if (this.alerted.has(memo)) return false;
    const limits = await effectiveLimits(this.db, userId);
    const cap = toMicroUsd(limits.monthlyCostCapUsd.toFixed(6));
    const spent = await this.spend.monthToDateMicroUsd(`u:${userId}`);
    if (cap <= 0n || spent * 100n < cap * BigInt(SOFT_ALERT_RATIO * 100)) return false;
    this.alerted.add(memo);
    const [existing] = await this.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, userId),
          eq(notifications.kind, "budget_warning"),
          sql`${notifications.data}->>'month' = ${month}`,
        ),
      );
    if (existing) return false;
    await this.db.insert(notifications).values({
      userId,
      kind: "budget_warning",
      title: `You have used ${Math.floor((Number(spent) / Number(cap)) * 100)}% of your monthly budget`,
      body: `$${(Number(spent) / 1e6).toFixed(2)} of $${limits.monthlyCostCapUsd.toFixed(2)} (${limits.capSource === "plan" ? `${limits.planName} plan` : "set by an admin"}). Calls stop at 100% until ${nextMonthStartUtc().toISOString().slice(0, 10)} (UTC).`,
      data: { month, capUsd: limits.monthlyCostCapUsd, spentUsd: formatMicroUsd(spent) },
    });
    return true;
  }
}
