import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { Gateway } from "@/lib/ai/gateway";
import { AppError, type ErrorCode } from "@/lib/errors";
import { QualityJudge } from "./judge";
import { JudgeOutputError } from "./rubric";

/** Refusals a retry would only repeat. */
const FINAL = new Set<ErrorCode>([
  "bad_request",
  "not_found",
  "forbidden",
  "validation_failed",
  "budget_exceeded",
  "payment_required",
]);

/**
 * The `assess-turn` task: judges a compare turn as its owner, with their default judge. Refusals
 * that a retry cannot fix (no judge, the judge answered too, a malformed verdict, the turn is gone)
 * are logged and end the task; other failures throw so the queue retries.
 */
export async function assessTurnInBackground(
  ctx: { db: Db; gateway: Gateway },
  userId: string,
  turnId: string,
): Promise<void> {
  const [user] = await ctx.db
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return;
  try {
    await new QualityJudge(ctx.db, ctx.gateway, { id: user.id, role: user.role }).assessTurn(turnId);
  } catch (err) {
    if (err instanceof JudgeOutputError || (err instanceof AppError && FINAL.has(err.code))) {
      console.warn(`quality: automatic assessment of turn ${turnId} skipped: ${err.message}`);
      return;
    }
    throw err;
  }
}
