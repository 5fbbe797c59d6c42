import { and, count, desc, eq, max, notInArray, sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { type LearningPatternType, learningPatterns, type NewLearningPattern, users } from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { notFound } from "@/lib/errors";
import { signalSums } from "./signals";
import { confidenceOf, modelStats } from "./stats";

/**
 * What Prism learns about a user, as learning_patterns rows, recomputed from the whole history of
 * their signals (so a recompute is idempotent and a moved vote or a deleted conversation is
 * reflected), each with a documented confidence:
 *
 * - ai_preference, key `<category>:<model key>`: confidence = 95% Wilson lower bound of the model's
 *   best-answer wins over the voted compares it answered in that category (0 without votes);
 *   occurrences = voted compares + scored answers. Derived for models with a vote or a score.
 * - terminology_usage, key = entry id: confidence = Wilson lower bound of checks where the term (or
 *   a variant) was used over all checks of answers the entry was applied to; occurrences = checks.
 * - workflow_pattern, key = workflow id: confidence = Wilson lower bound of succeeded runs over
 *   finished (succeeded + failed) runs; occurrences = runs.
 *
 * last_seen_at is the newest signal of the pattern. Nothing is derived when learning is off.
 */

/** Learning is on unless the user turned it off (`users.preferences.learning === false`). */
export async function learningEnabled(db: Db, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ off: sql<boolean>`coalesce(${users.preferences}->'learning' = 'false'::jsonb, false)` })
    .from(users)
    .where(eq(users.id, userId));
  if (!row) throw notFound("That user");
  return !row.off;
}

export async function setLearning(
  db: Db,
  userId: string,
  enabled: boolean,
  ctx: RequestContext,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await learningEnabled(tx, userId);
    await tx
      .update(users)
      .set({
        preferences: sql`jsonb_set(${users.preferences}, '{learning}', ${enabled ? "true" : "false"}::jsonb)`,
      })
      .where(eq(users.id, userId));
    await recordAudit(
      tx,
      {
        actorId: userId,
        entityType: "learning",
        entityId: userId,
        action: enabled ? "learning_enabled" : "learning_disabled",
        before: { learning: before },
        after: { learning: enabled },
      },
      ctx,
    );
  });
}

/** "Delete what was learned": every pattern of the user, audited; the signals themselves stay. */
export async function deleteLearned(db: Db, userId: string, ctx: RequestContext): Promise<number> {
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(learningPatterns)
      .where(eq(learningPatterns.userId, userId))
      .returning({ id: learningPatterns.id });
    await recordAudit(
      tx,
      {
        actorId: userId,
        entityType: "learning",
        entityId: userId,
        action: "learning_deleted",
        metadata: { patterns: gone.length },
      },
      ctx,
    );
    return gone.length;
  });
}

type Derived = Omit<NewLearningPattern, "userId">;

async function aiPreferences(db: Db, userId: string): Promise<Derived[]> {
  const sums = await signalSums(db, { kind: "user", userId }, { period: "all", category: null });
  return sums
    .filter((s) => s.voted > 0 || s.scoreN > 0)
    .map((s) => {
      const st = modelStats(s);
      return {
        patternType: "ai_preference" as const,
        patternKey: `${s.category}:${s.modelKey}`,
        confidence: confidenceOf(s.wins, s.voted),
        occurrences: s.voted + s.scoreN,
        lastSeenAt: s.lastSeen ? new Date(s.lastSeen) : new Date(),
        data: {
          category: s.category,
          modelId: s.modelId,
          provider: s.provider,
          modelName: s.modelName,
          label: s.label,
          answers: st.answers,
          compares: st.compares,
          voted: st.voted,
          wins: st.wins,
          winRate: st.winRate?.mean ?? null,
          scoreN: st.scoreN,
          scoreSum: s.scoreSum,
          scoreMean: st.scoreMean,
          costSum: s.costSum,
          costPerAnswer: st.costPerAnswer,
          qualityPerDollar: st.qualityPerDollar,
          regenerationRate: st.regenerationRate,
          termAdherence: st.termAdherence,
          fused: st.fused,
          fusedKept: st.fusedKept,
        },
      };
    });
}

async function termUsage(db: Db, userId: string): Promise<Derived[]> {
  const result = await db.execute(sql`
    SELECT i->>'entryId' AS "entryId", max(e.term) AS term,
      count(*)::int AS checked,
      count(*) FILTER (WHERE i->>'status' = 'used')::int AS used,
      count(*) FILTER (WHERE i->>'status' = 'missing')::int AS missing,
      count(*) FILTER (WHERE i->>'status' = 'forbidden_used')::int AS "forbiddenUsed",
      max(m.created_at) AS "lastSeen"
    FROM messages m
    JOIN conversations c ON c.id = m.conversation_id AND c.deleted_at IS NULL
    CROSS JOIN LATERAL jsonb_array_elements(
      CASE WHEN jsonb_typeof(m.metadata #> '{terms,check,items}') = 'array'
        THEN m.metadata #> '{terms,check,items}' ELSE '[]'::jsonb END) AS i
    JOIN terminology_entries e ON e.id::text = i->>'entryId' AND e.user_id = m.user_id
    WHERE m.user_id = ${userId} AND m.role = 'assistant' AND m.status = 'complete'
    GROUP BY 1
  `);
  type Row = {
    entryId: string;
    term: string;
    checked: number;
    used: number;
    missing: number;
    forbiddenUsed: number;
    lastSeen: Date | string;
  };
  return rowsOf<Row>(result).map((r) => ({
    patternType: "terminology_usage" as const,
    patternKey: r.entryId,
    confidence: confidenceOf(r.used, r.checked),
    occurrences: r.checked,
    lastSeenAt: new Date(r.lastSeen),
    data: {
      entryId: r.entryId,
      term: r.term,
      checked: r.checked,
      used: r.used,
      missing: r.missing,
      forbiddenUsed: r.forbiddenUsed,
    },
  }));
}

async function workflowPatterns(db: Db, userId: string): Promise<Derived[]> {
  const result = await db.execute(sql`
    SELECT w.id AS "workflowId", w.name,
      count(*)::int AS runs,
      count(*) FILTER (WHERE r.status = 'success')::int AS succeeded,
      count(*) FILTER (WHERE r.status = 'failed')::int AS failed,
      count(*) FILTER (WHERE r.status = 'cancelled')::int AS cancelled,
      max(r.queued_at) AS "lastSeen"
    FROM workflow_runs r
    JOIN workflows w ON w.id = r.workflow_id AND w.deleted_at IS NULL
    WHERE r.user_id = ${userId} AND w.user_id = ${userId}
    GROUP BY w.id, w.name
  `);
  type Row = {
    workflowId: string;
    name: string;
    runs: number;
    succeeded: number;
    failed: number;
    cancelled: number;
    lastSeen: Date | string;
  };
  return rowsOf<Row>(result).map((r) => ({
    patternType: "workflow_pattern" as const,
    patternKey: r.workflowId,
    confidence: confidenceOf(r.succeeded, r.succeeded + r.failed),
    occurrences: r.runs,
    lastSeenAt: new Date(r.lastSeen),
    data: {
      workflowId: r.workflowId,
      name: r.name,
      runs: r.runs,
      succeeded: r.succeeded,
      failed: r.failed,
      cancelled: r.cancelled,
    },
  }));
}

const TYPES: LearningPatternType[] = ["ai_preference", "terminology_usage", "workflow_pattern"];

/**
 * Recomputes the user's patterns: upserts what the history shows and removes patterns whose
 * evidence is gone. Returns null when learning is off (nothing derived, nothing touched).
 */
export async function derivePatterns(
  db: Db,
  userId: string,
): Promise<Record<LearningPatternType, number> | null> {
  if (!(await learningEnabled(db, userId))) return null;
  const [ai, terms, flows] = await Promise.all([
    aiPreferences(db, userId),
    termUsage(db, userId),
    workflowPatterns(db, userId),
  ]);
  const derived = [...ai, ...terms, ...flows];
  await db.transaction(async (tx) => {
    // Re-checked inside the transaction: learning turned off meanwhile derives nothing.
    if (!(await learningEnabled(tx, userId))) return;
    for (const type of TYPES) {
      const keys = derived.filter((d) => d.patternType === type).map((d) => d.patternKey);
      await tx
        .delete(learningPatterns)
        .where(
          and(
            eq(learningPatterns.userId, userId),
            eq(learningPatterns.patternType, type),
            keys.length ? notInArray(learningPatterns.patternKey, keys) : undefined,
          ),
        );
    }
    for (let i = 0; i < derived.length; i += 500) {
      await tx
        .insert(learningPatterns)
        .values(derived.slice(i, i + 500).map((d) => ({ ...d, userId })))
        .onConflictDoUpdate({
          target: [learningPatterns.userId, learningPatterns.patternType, learningPatterns.patternKey],
          set: {
            data: sql`excluded.data`,
            confidence: sql`excluded.confidence`,
            occurrences: sql`excluded.occurrences`,
            lastSeenAt: sql`excluded.last_seen_at`,
          },
        });
    }
  });
  return {
    ai_preference: ai.length,
    terminology_usage: terms.length,
    workflow_pattern: flows.length,
  };
}

/** The user's patterns, most confident first (for the insights page). */
export async function listPatterns(db: Db, userId: string, limit = 50) {
  return db
    .select()
    .from(learningPatterns)
    .where(eq(learningPatterns.userId, userId))
    .orderBy(desc(learningPatterns.confidence), learningPatterns.patternType, learningPatterns.patternKey)
    .limit(limit);
}

export async function patternSummary(db: Db, userId: string) {
  const [row] = await db
    .select({ n: count(), latest: max(learningPatterns.lastSeenAt) })
    .from(learningPatterns)
    .where(eq(learningPatterns.userId, userId));
  return { count: row?.n ?? 0, latest: row?.latest ?? null };
}
