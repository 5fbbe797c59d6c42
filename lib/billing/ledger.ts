import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import {
  type CreditAccountKind,
  creditAccounts,
  type LedgerTransferKind,
  ledgerEntries,
  ledgerTransfers,
} from "@/db/schema";
import { AppError } from "@/lib/errors";

/**
 * The credits ledger (1 credit = 0.01 USD). Every movement is one `ledger_transfers` row with legs
 * in `ledger_entries` that sum to zero. `credit_accounts.balance` is kept in the same transaction
 * as the legs, with the accounts locked in id order, so concurrent transfers serialize per account
 * and no balance except the platform's funding account can go below zero (a CHECK backs this up).
 */

export type Leg = { accountId: string; amount: number };

export type TransferInput = {
  kind: LedgerTransferKind;
  legs: Leg[];
  description?: string;
  /** Globally unique: a second transfer with the same key is not made (the first is returned). */
  idempotencyKey?: string;
  createdBy?: string | null;
  referenceType?: string;
  referenceId?: string;
  metadata?: Record<string, unknown>;
};

export type TransferResult = { transferId: string; duplicate: boolean };

/** Thrown when a leg would take a user's balance below zero. */
export function insufficientCredits(balance: number, needed: number): AppError {
  return new AppError(
    "payment_required",
    `Not enough credits: this needs ${needed.toLocaleString("en-US")} and your balance is ${balance.toLocaleString("en-US")}.`,
    { details: { balance, needed } },
  );
}

/**
 * Writes one balanced transfer. Must run inside the caller's transaction (pass `tx`) so it lands
 * together with whatever caused it; it is also safe on its own connection for single transfers.
 */
export type LockedAccount = { id: string; kind: CreditAccountKind; balance: number };

export async function transfer(
  tx: Db,
  input: TransferInput,
  /** Accounts the caller already locked (FOR UPDATE, id order) in this transaction, with their balances. */
  prelocked?: readonly LockedAccount[],
): Promise<TransferResult> {
  const legs = mergeLegs(input.legs);
  if (legs.length < 2) throw new Error("a transfer needs at least two accounts");
  let sum = 0;
  for (const leg of legs) {
    if (!Number.isSafeInteger(leg.amount) || leg.amount === 0)
      throw new Error(`ledger amounts are non-zero integers (got ${leg.amount})`);
    sum += leg.amount;
  }
  if (sum !== 0) throw new Error(`a transfer must balance (legs sum to ${sum})`);

  const [created] = await tx
    .insert(ledgerTransfers)
    .values({
      kind: input.kind,
      description: input.description ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      createdBy: input.createdBy ?? null,
      referenceType: input.referenceType ?? null,
      referenceId: input.referenceId ?? null,
      metadata: input.metadata ?? {},
    })
    .onConflictDoNothing()
    .returning({ id: ledgerTransfers.id });
  if (!created) {
    if (!input.idempotencyKey) throw new Error("transfer insert returned nothing");
    const [existing] = await tx
      .select({ id: ledgerTransfers.id })
      .from(ledgerTransfers)
      .where(eq(ledgerTransfers.idempotencyKey, input.idempotencyKey));
    if (!existing) throw new Error("idempotent transfer vanished");
    return { transferId: existing.id, duplicate: true };
  }

  // Lock every account of the transfer in one order (ids ascending): no deadlocks between transfers.
  const ids = legs.map((l) => l.accountId).sort();
  const covered = prelocked && ids.every((id) => prelocked.some((a) => a.id === id));
  const locked = covered
    ? prelocked.filter((a) => ids.includes(a.id)).map((a) => ({ ...a }))
    : await tx
        .select({ id: creditAccounts.id, kind: creditAccounts.kind, balance: creditAccounts.balance })
        .from(creditAccounts)
        .where(inArray(creditAccounts.id, ids))
        .orderBy(asc(creditAccounts.id))
        .for("update");
  if (locked.length !== ids.length) throw new Error("a transfer names an account that does not exist");
  const byId = new Map(locked.map((a) => [a.id, a]));

  const entries = legs.map((leg) => {
    const account = byId.get(leg.accountId);
    if (!account) throw new Error("account missing after lock");
    const after = account.balance + leg.amount;
    if (after < 0 && account.kind !== "platform_funding")
      throw insufficientCredits(account.balance, -leg.amount);
    account.balance = after;
    return { transferId: created.id, accountId: leg.accountId, amount: leg.amount, balanceAfter: after };
  });
  await tx.insert(ledgerEntries).values(entries);
  // Every leg's new balance in one statement.
  const values = sql.join(
    entries.map((e) => sql`(${e.accountId}::uuid, ${e.balanceAfter}::bigint)`),
    sql`, `,
  );
  await tx.execute(
    sql`update credit_accounts as a set balance = v.balance, updated_at = now() from (values ${values}) as v(id, balance) where a.id = v.id`,
  );
  return { transferId: created.id, duplicate: false };
}

function mergeLegs(legs: Leg[]): Leg[] {
  const by = new Map<string, number>();
  for (const l of legs) by.set(l.accountId, (by.get(l.accountId) ?? 0) + l.amount);
  return [...by].filter(([, amount]) => amount !== 0).map(([accountId, amount]) => ({ accountId, amount }));
}

/** The user's wallet account id, created on first use. */
export async function userAccountId(db: Db, userId: string): Promise<string> {
  const [found] = await db
    .select({ id: creditAccounts.id })
    .from(creditAccounts)
    .where(and(eq(creditAccounts.userId, userId), eq(creditAccounts.kind, "user")));
  if (found) return found.id;
  await db.insert(creditAccounts).values({ userId, kind: "user" }).onConflictDoNothing();
  const [row] = await db
    .select({ id: creditAccounts.id })
    .from(creditAccounts)
    .where(and(eq(creditAccounts.userId, userId), eq(creditAccounts.kind, "user")));
  if (!row) throw new Error("could not create the wallet");
  return row.id;
}

/** The platform's revenue (fees, usage) or funding (grants, allowances, top-ups) account. */
export async function platformAccountId(db: Db, kind: Exclude<CreditAccountKind, "user">): Promise<string> {
  const [found] = await db
    .select({ id: creditAccounts.id })
    .from(creditAccounts)
    .where(eq(creditAccounts.kind, kind));
  if (found) return found.id;
  await db.insert(creditAccounts).values({ kind }).onConflictDoNothing();
  const [row] = await db
    .select({ id: creditAccounts.id })
    .from(creditAccounts)
    .where(eq(creditAccounts.kind, kind));
  if (!row) throw new Error(`could not create the ${kind} account`);
  return row.id;
}

export async function balanceOf(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ balance: creditAccounts.balance })
    .from(creditAccounts)
    .where(and(eq(creditAccounts.userId, userId), eq(creditAccounts.kind, "user")));
  return row?.balance ?? 0;
}

export type StatementLine = {
  id: string;
  at: Date;
  kind: LedgerTransferKind;
  description: string | null;
  amount: number;
  balanceAfter: number;
  referenceType: string | null;
  referenceId: string | null;
};

/**
 * One user's statement, newest first. Pages with `afterEntry`: the id of the last line already shown
 * (an exact (time, id) cursor; a timestamp alone would skip entries that share a millisecond).
 */
export async function statement(
  db: Db,
  userId: string,
  opts: { limit?: number; afterEntry?: string } = {},
): Promise<StatementLine[]> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const [account] = await db
    .select({ id: creditAccounts.id })
    .from(creditAccounts)
    .where(and(eq(creditAccounts.userId, userId), eq(creditAccounts.kind, "user")));
  if (!account) return [];
  return db
    .select({
      id: ledgerEntries.id,
      at: ledgerEntries.createdAt,
      kind: ledgerTransfers.kind,
      description: ledgerTransfers.description,
      amount: ledgerEntries.amount,
      balanceAfter: ledgerEntries.balanceAfter,
      referenceType: ledgerTransfers.referenceType,
      referenceId: ledgerTransfers.referenceId,
    })
    .from(ledgerEntries)
    .innerJoin(ledgerTransfers, eq(ledgerTransfers.id, ledgerEntries.transferId))
    .where(
      and(
        eq(ledgerEntries.accountId, account.id),
        opts.afterEntry
          ? sql`(${ledgerEntries.createdAt}, ${ledgerEntries.id}) < (select created_at, id from ledger_entries where id = ${opts.afterEntry})`
          : undefined,
      ),
    )
    .orderBy(desc(ledgerEntries.createdAt), desc(ledgerEntries.id))
    .limit(limit);
}

/** Sum of every leg of every transfer (0 when the books balance) — for checks and tests. */
export async function ledgerImbalance(
  db: Db,
): Promise<{ unbalancedTransfers: number; driftAccounts: number }> {
  const [unbalanced] = rowsOf<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as n from (select transfer_id from ledger_entries group by transfer_id having sum(amount) <> 0) t`,
    ),
  );
  const [drift] = rowsOf<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as n from credit_accounts a where a.balance <> coalesce((select sum(amount) from ledger_entries e where e.account_id = a.id), 0)`,
    ),
  );
  return { unbalancedTransfers: unbalanced?.n ?? 0, driftAccounts: drift?.n ?? 0 };
}
