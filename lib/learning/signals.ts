import { type SQL, sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { GENERAL_CATEGORY, type InsightsFilter, periodStart } from "./filters";
import type { SignalSums } from "./stats";

/** Whose signals: one user's (always scoped by them), or every user's (admin, explicit). */
export type LearningScope = { kind: "user"; userId: string } | { kind: "admin" };

type Row = Omit<SignalSums, "lastSeen"> & { lastSeen: Date | string | null };

/**
 * The signals of each (model, template category), summed in one SQL pass:
 *
 * - answers: complete assistant messages of kind `answer`, in conversations that are not deleted;
 *   the period filters by the answer's creation time, the category by the conversation's template.
 * - compare: a turn (turn_id) with at least two complete answers; `voted` when the turn has a
 *   best-answer vote (message_votes, one per user and turn), `wins` when the vote is this answer.
 * - score: the latest person score (quality_assessments, assessor person, overall 0–10) per answer.
 * - judge: the latest judge-model score (assessor model, overall 0–10) per answer, kept apart.
 * - regenerated: a later answer under the same user message in another turn (the prompt was asked
 *   again); edits are new user messages and do not count here.
 * - term adherence: the answer's term check score (metadata.terms.check.score, 0–1), when checked.
 * - fused answers (kind `fused`) count for their fuser model: `kept` when the turn's vote went to
 *   the fused answer, or when the turn has no vote and the prompt was not regenerated afterwards.
 */
export async function signalSums(
  db: Db,
  scope: LearningScope,
  filter: InsightsFilter,
): Promise<SignalSums[]> {
  const since = periodStart(filter.period);
  const where: SQL[] = [
    sql`m.role = 'assistant'`,
    sql`m.status = 'complete'`,
    sql`m.kind IN ('answer', 'fused')`,
    sql`c.deleted_at IS NULL`,
  ];
  if (scope.kind === "user") where.push(sql`m.user_id = ${scope.userId}`);
  if (since) where.push(sql`m.created_at >= ${since.toISOString()}::timestamptz`);
  const category = sql`coalesce(nullif(t.category, ''), ${GENERAL_CATEGORY}::text)`;
  if (filter.category) where.push(sql`${category} = ${filter.category}`);
  const result = await db.execute(sql`
    WITH a AS (
      SELECT m.id, m.user_id, m.turn_id, m.parent_id, m.created_at, m.kind, m.cost,
        m.model_id, m.provider_slug, m.model_name,
        ${category} AS category,
        CASE WHEN m.turn_id IS NULL THEN 0
          ELSE count(*) FILTER (WHERE m.kind = 'answer') OVER (PARTITION BY m.turn_id) END AS width,
        CASE WHEN jsonb_typeof(m.metadata #> '{terms,check,score}') = 'number'
          THEN (m.metadata #>> '{terms,check,score}')::float8 END AS term_score
      FROM messages m
      JOIN conversations c ON c.id = m.conversation_id
      LEFT JOIN ai_templates t ON t.id = c.template_id
      WHERE ${sql.join(where, sql` AND `)}
    ), s AS (
      SELECT a.*, v.message_id AS voted_id, v.created_at AS voted_at,
        (SELECT q.overall_score::float8 FROM quality_assessments q
          WHERE q.message_id = a.id AND q.assessor_type = 'person'
          ORDER BY q.created_at DESC, q.id DESC LIMIT 1) AS score,
        (SELECT q.overall_score::float8 FROM quality_assessments q
          WHERE q.message_id = a.id AND q.assessor_type = 'model'
          ORDER BY q.created_at DESC, q.id DESC LIMIT 1) AS judge,
        EXISTS (SELECT 1 FROM messages r
          WHERE r.parent_id = a.parent_id AND r.role = 'assistant' AND r.kind = 'answer'
            AND r.turn_id IS DISTINCT FROM a.turn_id AND r.created_at > a.created_at) AS regenerated
      FROM a
      LEFT JOIN message_votes v ON v.user_id = a.user_id AND v.turn_id = a.turn_id
    )
    SELECT
      coalesce(s.model_id::text, 'name:' || coalesce(s.provider_slug, '') || '/' || coalesce(s.model_name, '')) AS "modelKey",
      max(s.model_id::text) AS "modelId",
      max(s.provider_slug) AS provider,
      max(s.model_name) AS "modelName",
      coalesce(max(am.display_name), max(s.model_name), 'Unknown model') AS label,
      s.category,
      count(*) FILTER (WHERE s.kind = 'answer')::int AS answers,
      count(*) FILTER (WHERE s.kind = 'answer' AND s.width >= 2)::int AS compares,
      count(*) FILTER (WHERE s.kind = 'answer' AND s.width >= 2 AND s.voted_id IS NOT NULL)::int AS voted,
      count(*) FILTER (WHERE s.kind = 'answer' AND s.width >= 2 AND s.voted_id = s.id)::int AS wins,
      count(s.score) FILTER (WHERE s.kind = 'answer')::int AS "scoreN",
      coalesce(sum(s.score) FILTER (WHERE s.kind = 'answer'), 0)::float8 AS "scoreSum",
      coalesce(sum(s.score * s.score) FILTER (WHERE s.kind = 'answer'), 0)::float8 AS "scoreSumSq",
      count(s.judge) FILTER (WHERE s.kind = 'answer')::int AS "judgeN",
      coalesce(sum(s.judge) FILTER (WHERE s.kind = 'answer'), 0)::float8 AS "judgeSum",
      coalesce(sum(s.cost) FILTER (WHERE s.kind = 'answer'), 0)::float8 AS "costSum",
      count(*) FILTER (WHERE s.kind = 'answer' AND s.regenerated)::int AS regenerated,
      count(s.term_score) FILTER (WHERE s.kind = 'answer')::int AS "termN",
      coalesce(sum(s.term_score) FILTER (WHERE s.kind = 'answer'), 0)::float8 AS "termSum",
      count(*) FILTER (WHERE s.kind = 'fused')::int AS fused,
      count(*) FILTER (WHERE s.kind = 'fused'
        AND (s.voted_id = s.id OR (s.voted_id IS NULL AND NOT s.regenerated)))::int AS "fusedKept",
      greatest(max(s.created_at), max(s.voted_at)) AS "lastSeen"
    FROM s
    LEFT JOIN ai_models am ON am.id = s.model_id
    GROUP BY 1, s.category
    ORDER BY 1, s.category
  `);
  return rowsOf<Row>(result).map((r) => ({
    ...r,
    lastSeen: r.lastSeen === null ? null : new Date(r.lastSeen).toISOString(),
  }));
}

/** The template categories the scope has answers in (for the filter), "general" included. */
export async function signalCategories(db: Db, scope: LearningScope): Promise<string[]> {
  const result = await db.execute(sql`
    SELECT DISTINCT coalesce(nullif(t.category, ''), ${GENERAL_CATEGORY}::text) AS category
    FROM conversations c
    LEFT JOIN ai_templates t ON t.id = c.template_id
    WHERE c.deleted_at IS NULL
      ${scope.kind === "user" ? sql`AND c.user_id = ${scope.userId}` : sql``}
      AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.role = 'assistant')
    ORDER BY 1
  `);
  return rowsOf<{ category: string }>(result).map((r) => r.category);
}
