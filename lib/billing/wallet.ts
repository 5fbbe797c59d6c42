import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { type Actor, requireAdmin } from "@/lib/auth/actor";
import { notFound, parseInput } from "@/lib/errors";
import { shared } from "@/lib/server/shared";
import { platformAccountId, transfer, userAccountId } from "./ledger";
import { effectiveLimits } from "./limits";

export const grantSchema = z.object({
  userId: z.uuid("userId must be a user id"),
  amount: z
    .number("amount must be a number of credits")
    .int("amount must be a whole number of credits")
    .min(1, "amount must be at least 1 credit")
    .max(10_000_000, "amount must be at most 10,000,000 credits"),
  reason: z.string().trim().min(3, "reason must say why (3 characters at least)").max(300),
});

/** An admin gives a user credits from the platform's funding account. Audited. */
export async function grantCredits(db: Db, actor: Actor, input: unknown, ctx: RequestContext) {
  requireAdmin(actor);
  const data = parseInput(grantSchema, input);
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, data.userId));
  if (!user) throw notFound("That user");
  return db.transaction(async (tx) => {
    const from = await platformAccountId(tx, "platform_funding");
    const to = await userAccountId(tx, data.userId);
    const result = await transfer(tx, {
      kind: "grant",
      description: data.reason,
      createdBy: actor.id,
      referenceType: "user",
      referenceId: data.userId,
      legs: [
        { accountId: from, amount: -data.amount },
        { accountId: to, amount: data.amount },
      ],
    });
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        entityType: "credit_account",
        entityId: to,
        action: "credits.grant",
        after: { userId: data.userId, amount: data.amount, reason: data.reason },
        metadata: { transferId: result.transferId },
      },
      ctx,
    );
    return result;
  });
}

/** "2026-11" for a date, in UTC: the month an allowance belongs to. */
export const allowanceMonth = (at = new Date()) => at.toISOString().slice(0, 7);

const granted = shared("allowance-granted", () => new Map<string, string>());

/**
 * Grants the user's plan allowance for this month once (idempotent on user + month, also across
 * instances: the transfer's idempotency key is unique). Called when a wallet is read or spent from.
 */
export async function ensureMonthlyAllowance(db: Db, userId: string, at = new Date()): Promise<void> {
  const month = allowanceMonth(at);
  const memo = `${userId}`;
  if (granted.get(memo) === month) return;
  const limits = await effectiveLimits(db, userId);
  if (limits.monthlyCredits > 0) {
    await db.transaction(async (tx) => {
      const from = await platformAccountId(tx, "platform_funding");
      const to = await userAccountId(tx, userId);
      await transfer(tx, {
        kind: "allowance",
        description: `${limits.planName} plan allowance for ${month}`,
        idempotencyKey: `allowance:${userId}:${month}`,
        referenceType: "plan",
        referenceId: limits.planSlug,
        legs: [
          { accountId: from, amount: -limits.monthlyCredits },
          { accountId: to, amount: limits.monthlyCredits },
        ],
      });
    });
  }
  granted.set(memo, month);
}

/** Forget which allowances this process already checked (tests that move the clock). */
export function resetAllowanceMemo(): void {
  granted.clear();
}
