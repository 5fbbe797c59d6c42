import { and, asc, eq, inArray, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditAccounts } from "@/db/schema";
import type { UsageRecord } from "@/lib/usage/rollup";
import { type LockedAccount, platformAccountId, transfer } from "./ledger";

/**
 * Charges calls made on admin-shared integrations to their users' wallets (cost plus the admin's
 * markup, already in `credits`). Runs inside the usage writer's transaction, so a batch's charges
 * land exactly when its usage rows do: one balanced transfer per batch (each user's leg, and the
 * platform's revenue). A wallet is never taken below zero: the gateway refuses shared calls on an
 * empty wallet, and a charge larger than what is left takes the rest and records the shortfall.
 * Kept to a few statements: it runs on every flush of the usage writer.
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
  // The wallets and the revenue account, locked in id order like every transfer (no deadlock with a
  // purchase); the balances read here are the ones the transfer moves.
  const lock = () =>
    tx
      .select({
        id: creditAccounts.id,
        kind: creditAccounts.kind,
        userId: creditAccounts.userId,
        balance: creditAccounts.balance,
      })
      .from(creditAccounts)
      .where(
        or(
          and(eq(creditAccounts.kind, "user"), inArray(creditAccounts.userId, userIds)),
          eq(creditAccounts.kind, "platform_revenue"),
        ),
      )
      .orderBy(asc(creditAccounts.id))
      .for("update");
  let locked = await lock();
  const hasRevenue = locked.some((a) => a.kind === "platform_revenue");
  const missing = userIds.filter((id) => !locked.some((a) => a.userId === id));
  if (!hasRevenue || missing.length) {
    // First charge for someone (or on a new instance): create the accounts, then lock again.
    if (!hasRevenue) await platformAccountId(tx, "platform_revenue");
    if (missing.length)
      await tx
        .insert(creditAccounts)
        .values(missing.map((userId) => ({ userId, kind: "user" as const })))
        .onConflictDoNothing();
    locked = await lock();
  }
  const revenue = locked.find((a) => a.kind === "platform_revenue");
  if (!revenue) throw new Error("no platform revenue account");
  const legs: { accountId: string; amount: number }[] = [];
  const perUser: Record<string, { calls: number; owed: number; charged: number }> = {};
  let total = 0;
  for (const w of locked) {
    const o = w.kind === "user" && w.userId ? owed.get(w.userId) : undefined;
    if (!o || !w.userId) continue;
    const charge = Math.min(o.credits, Math.max(0, w.balance));
    perUser[w.userId] = { calls: o.calls, owed: o.credits, charged: charge };
    if (charge <= 0) continue;
    legs.push({ accountId: w.id, amount: -charge });
    total += charge;
  }
  if (total === 0) return;
  legs.push({ accountId: revenue.id, amount: total });
  const calls = Object.values(perUser).reduce((n, u) => n + u.calls, 0);
  const prelocked: LockedAccount[] = locked.map(({ id, kind, balance }) => ({ id, kind, balance }));
  await transfer(
    tx,
    {
      kind: "usage",
      description: `AI usage on shared integrations (${calls} call${calls === 1 ? "" : "s"})`,
      referenceType: "ai_usage",
      metadata: { users: perUser },
      legs,
    },
    prelocked,
  );
}
