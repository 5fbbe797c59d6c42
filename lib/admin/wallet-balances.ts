import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { creditAccounts } from "@/db/schema";
import { type Actor, requireAdmin } from "@/lib/auth/actor";

/** Wallet balances (credits) of the listed users, for Admin → Users; a user without a wallet has 0. */
export async function walletBalances(db: Db, actor: Actor, userIds: string[]): Promise<Map<string, number>> {
  requireAdmin(actor);
  const out = new Map(userIds.map((id) => [id, 0]));
  if (userIds.length === 0) return out;
  const rows = await db
    .select({ userId: creditAccounts.userId, balance: creditAccounts.balance })
    .from(creditAccounts)
    .where(and(eq(creditAccounts.kind, "user"), inArray(creditAccounts.userId, userIds)));
  for (const r of rows) if (r.userId) out.set(r.userId, r.balance);
  return out;
}
