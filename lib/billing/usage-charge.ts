import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditAccounts } from "@/db/schema";
import type { UsageRecord } from "@/lib/usage/rollup";
import { platformAccountId, transfer, userAccountId } from "./ledger";

/**
 * Charges calls made on admin-shared integrations to their users' wallets (cost plus the admin's
 * markup, already in `credits`). Runs inside the usage writer's transaction, so a batch's charges
 * land exactly when its usage rows do. A wallet is never taken below zero: the gateway refuses
 * shared calls on an empty wallet, and a charge larger than what is left takes the rest and records
 * the shortfall on the transfer.
 */
export async function chargeUsage(tx: Db, records: readonly UsageRecord[]): Promise<void> {
  const owed = new Map<string, { credits: number; calls: number }>();
  for (const r of records) {
    if (!r.integrationShared || r.credits <= 0) continue;
    const o = owed.get(r.userId) ?? { credits: 0, calls: 0 };
    o.credits += r.credits;
    o.calls += 1;
    owed.set(r.userId, o);
  }
  if (owed.size === 0) return;
  const revenue = await platformAccountId(tx, "platform_revenue");
  for (const [userId, o] of [...owed].sort(([a], [b]) => a.localeCompare(b))) {
    const account = await userAccountId(tx, userId);
    const [row] = await tx
      .select({ balance: creditAccounts.balance })
      .from(creditAccounts)
      .where(eq(creditAccounts.id, account))
      .for("update");
    const charge = Math.min(o.credits, Math.max(0, row?.balance ?? 0));
    if (charge <= 0) continue;
    await transfer(tx, {
      kind: "usage",
      description: `AI usage on shared integrations (${o.calls} call${o.calls === 1 ? "" : "s"})`,
      referenceType: "ai_usage",
      referenceId: userId,
      metadata: { calls: o.calls, owed: o.credits, charged: charge, shortfall: o.credits - charge },
      legs: [
        { accountId: account, amount: -charge },
        { accountId: revenue, amount: charge },
      ],
    });
  }
}
