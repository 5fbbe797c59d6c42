import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditAccounts } from "@/db/schema";
import type { UsageRecord } from "@/lib/usage/rollup";
import { platformAccountId, transfer } from "./ledger";

/**
 * Charges calls made on admin-shared integrations to their users' wallets (cost plus the admin's
 * markup, already in `credits`). Runs inside the usage writer's transaction, so a batch's charges
 * land exactly when its usage rows do: one balanced transfer per batch (each user's leg, and the
 * platform's revenue). A wallet is never taken below zero: the gateway refuses shared calls on an
 * empty wallet, and a charge larger than what is left takes the rest and records the shortfall.
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
  const userIds = [...owed.keys()];
  const revenue = await platformAccountId(tx, "platform_revenue");
  await tx
    .insert(creditAccounts)
    .values(userIds.map((userId) => ({ userId, kind: "user" as const })))
    .onConflictDoNothing();
  const wallets = await tx
    .select({ id: creditAccounts.id, userId: creditAccounts.userId })
    .from(creditAccounts)
    .where(and(eq(creditAccounts.kind, "user"), inArray(creditAccounts.userId, userIds)));
  // Lock the wallets and the revenue account in id order, like every transfer, so this cannot
  // deadlock with a purchase; the balances read here are the ones the transfer will move.
  const locked = await tx
    .select({ id: creditAccounts.id, balance: creditAccounts.balance })
    .from(creditAccounts)
    .where(inArray(creditAccounts.id, [...wallets.map((w) => w.id), revenue]))
    .orderBy(asc(creditAccounts.id))
    .for("update");
  const balance = new Map(locked.map((a) => [a.id, a.balance]));
  const legs: { accountId: string; amount: number }[] = [];
  const perUser: Record<string, { calls: number; owed: number; charged: number }> = {};
  let total = 0;
  for (const w of wallets) {
    const o = owed.get(w.userId ?? "");
    if (!o || !w.userId) continue;
    const charge = Math.min(o.credits, Math.max(0, balance.get(w.id) ?? 0));
    perUser[w.userId] = { calls: o.calls, owed: o.credits, charged: charge };
    if (charge <= 0) continue;
    legs.push({ accountId: w.id, amount: -charge });
    total += charge;
  }
  if (total === 0) return;
  legs.push({ accountId: revenue, amount: total });
  const calls = Object.values(perUser).reduce((n, u) => n + u.calls, 0);
  await transfer(tx, {
    kind: "usage",
    description: `AI usage on shared integrations (${calls} call${calls === 1 ? "" : "s"})`,
    referenceType: "ai_usage",
    metadata: { users: perUser },
    legs,
  });
}
