import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { notifications } from "@/db/schema";
import { formatMicroUsd, toMicroUsd } from "@/lib/ai/pricing";
import { effectiveLimits } from "@/lib/billing/limits";
import {
  currentMonth,
  monthStartUtc,
  nextMonthStartUtc,
  type SpendTracker,
  sharedSpendMicroUsd,
} from "./spend";

export const SOFT_ALERT_RATIO = 0.8;

export type BudgetStatus = {
  /** Month-to-date spend on admin-shared integrations: what the cap counts. */
  spentUsd: string;
  capUsd: number;
  ratio: number;
  planName: string;
  capSource: string;
  resetsOn: string;
  /** An administrator exempt from plan limits: the cap does not apply (ratio is 0). */
  exempt: boolean;
};

/**
 * Month-to-date spend on shared integrations against the user's cap, for the banner and the usage
 * page (one indexed query on the rollups).
 */
export async function budgetStatus(db: Db, userId: string): Promise<BudgetStatus> {
  const limits = await effectiveLimits(db, userId);
  const spent = await sharedSpendMicroUsd(db, userId, monthStartUtc());
  const cap = limits.monthlyCostCapUsd;
  return {
    spentUsd: formatMicroUsd(spent),
    capUsd: cap,
    ratio: limits.exempt ? 0 : cap > 0 ? Number(spent) / 1e6 / cap : 1,
    planName: limits.planName,
    capSource: limits.capSource,
    resetsOn: nextMonthStartUtc().toISOString().slice(0, 10),
    exempt: limits.exempt,
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
    if (limits.exempt) return false;
    const cap = toMicroUsd(limits.monthlyCostCapUsd.toFixed(6));
    const spent = await this.spend.monthToDateMicroUsd(`s:${userId}`);
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
      body: `$${(Number(spent) / 1e6).toFixed(2)} of $${limits.monthlyCostCapUsd.toFixed(2)} (${limits.capSource === "plan" ? `${limits.planName} plan` : "set by an admin"}) on shared integrations and credits. Calls on shared integrations stop at 100% until ${nextMonthStartUtc().toISOString().slice(0, 10)} (UTC); your own provider keys are not counted.`,
      data: { month, capUsd: limits.monthlyCostCapUsd, spentUsd: formatMicroUsd(spent) },
    });
    return true;
  }
}
