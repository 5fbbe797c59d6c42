import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import type { LearningScope } from "@/lib/learning/signals";

/** How far the judge agrees with people, on answers that have both a person's and a judge's overall score. */
export type JudgeAgreement = {
  /** Answers with both (the latest of each per answer). */
  pairs: number;
  /** Of those, how many differ by at most 1 point. */
  withinOne: number;
  /** Mean absolute difference in points; null without pairs. */
  meanAbsDiff: number | null;
};

export async function judgeAgreement(db: Db, scope: LearningScope): Promise<JudgeAgreement> {
  const own = scope.kind === "user" ? sql`AND q.user_id = ${scope.userId}` : sql``;
  const result = await db.execute(sql`
    WITH latest AS (
      SELECT DISTINCT ON (q.message_id, q.assessor_type) q.message_id, q.assessor_type, q.overall_score::float8 AS score
      FROM quality_assessments q
      WHERE true ${own}
      ORDER BY q.message_id, q.assessor_type, q.created_at DESC, q.id DESC
    ), pairs AS (
      SELECT abs(p.score - m.score) AS diff
      FROM latest p JOIN latest m ON m.message_id = p.message_id
      WHERE p.assessor_type = 'person' AND m.assessor_type = 'model'
    )
    SELECT count(*)::int AS pairs,
      count(*) FILTER (WHERE diff <= 1)::int AS "withinOne",
      avg(diff)::float8 AS "meanAbsDiff"
    FROM pairs`);
  const [row] = rowsOf<JudgeAgreement>(result);
  return row ?? { pairs: 0, withinOne: 0, meanAbsDiff: null };
}
