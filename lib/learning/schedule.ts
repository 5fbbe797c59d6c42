import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { sendTask } from "@/lib/jobs/tasks";

/** Votes and scores of a few seconds coalesce into one recompute (the task is one job per user). */
export const LEARN_DELAY_MS = 5_000;

/**
 * Asks for the user's patterns to be recomputed (task `learn`), after a vote or a score. A failure
 * to queue does not fail the vote: the periodic recompute picks the user up.
 */
export async function requestLearning(db: Db, userId: string): Promise<void> {
  try {
    await sendTask(db, { kind: "learn", userId }, { startAfter: new Date(Date.now() + LEARN_DELAY_MS) });
  } catch (err) {
    console.error("learning: could not queue the recompute", err);
  }
}

/** How often the periodic recompute looks for users (per process; the maintenance tick is every ~10 s). */
export const RECOMPUTE_EVERY_MS = 60 * 60_000;
/** It covers signals of this long: two runs, so a missed run or a restart loses nothing. */
const WINDOW_MS = 2 * RECOMPUTE_EVERY_MS + 5 * 60_000;

const lastRun = new WeakMap<Db, number>();

/**
 * The periodic recompute, called from the maintenance tick but doing work at most once an hour per
 * process: the users with learning on who voted, scored or ran a workflow in the last ~2 hours (a
 * recompute is idempotent, so asking twice is harmless). Returns [] between runs.
 */
export async function usersToRelearn(db: Db, now = Date.now(), limit = 500): Promise<string[]> {
  const last = lastRun.get(db);
  if (last !== undefined && now - last < RECOMPUTE_EVERY_MS) return [];
  lastRun.set(db, now);
  const since = new Date(now - WINDOW_MS).toISOString();
  const rows = await db.execute(sql`
    SELECT s.user_id AS id FROM (
      SELECT user_id FROM message_votes WHERE created_at >= ${since}::timestamptz
      UNION
      SELECT user_id FROM quality_assessments WHERE assessor_type = 'person' AND created_at >= ${since}::timestamptz
      UNION
      SELECT user_id FROM workflow_runs WHERE completed_at >= ${since}::timestamptz
    ) s
    JOIN users u ON u.id = s.user_id
    WHERE coalesce(u.preferences->'learning' <> 'false'::jsonb, true)
    LIMIT ${limit}`);
  return rowsOf<{ id: string }>(rows).map((r) => r.id);
}
