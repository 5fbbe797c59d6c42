import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { usableModelsCached } from "@/lib/ai/models";
import { type RequestContext, recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { AppError, parseInput } from "@/lib/errors";

/** A user's judge settings, kept in `users.preferences.quality`. Automatic assessment is off by default. */
export type QualityPreferences = {
  /** The default judge model (catalog id), or null when none is chosen. */
  judgeModelId: string | null;
  /** Assess every compare turn in the background once its answers are in. */
  autoAssessCompare: boolean;
};

const stored = z
  .object({
    judgeModelId: z.string().nullable().catch(null),
    autoAssessCompare: z.boolean().catch(false),
  })
  .partial()
  .catch({});

export async function qualityPreferences(db: Db, userId: string): Promise<QualityPreferences> {
  const [row] = await db
    .select({ q: sql<unknown>`${users.preferences}->'quality'` })
    .from(users)
    .where(eq(users.id, userId));
  const q = stored.parse(row?.q ?? {});
  return { judgeModelId: q.judgeModelId ?? null, autoAssessCompare: q.autoAssessCompare ?? false };
}

export const qualityPreferencesInput = z.object({
  judgeModelId: z.uuid("judgeModelId must be a model id").nullable(),
  autoAssessCompare: z.boolean({ error: "autoAssessCompare must be true or false" }),
});

export async function setQualityPreferences(
  db: Db,
  actor: Actor,
  input: unknown,
  ctx: RequestContext,
): Promise<QualityPreferences> {
  const next = parseInput(qualityPreferencesInput, input);
  if (next.judgeModelId) {
    const usable = await usableModelsCached(db, actor);
    if (!usable.some((m) => m.id === next.judgeModelId && m.type === "chat"))
      throw new AppError("not_found", "That judge model is not one you can use.", { field: "judgeModelId" });
  }
  const before = await qualityPreferences(db, actor.id);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ preferences: sql`jsonb_set(${users.preferences}, '{quality}', ${JSON.stringify(next)}::jsonb)` })
      .where(eq(users.id, actor.id));
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        entityType: "user",
        entityId: actor.id,
        action: "quality.preferences",
        before,
        after: next,
      },
      ctx,
    );
  });
  return next;
}
