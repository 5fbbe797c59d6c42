import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";

const BATCH = 1_000;

/**
 * Runs of workflows with their own retention (days): step rows first, then the runs, each in
 * batches of at most 1,000 so no statement holds locks for long. Only ended runs are removed.
 * Workflows on the default are covered by the workflow_runs retention policy.
 */
export async function pruneWorkflowRuns(db: Db): Promise<number> {
  const expired = sql`select r.id from workflow_runs r join workflows w on w.id = r.workflow_id
    where w.retention_days is not null and r.status in ('success', 'failed', 'cancelled')
      and r.queued_at < now() - make_interval(days => w.retention_days)`;
  let deleted = 0;
  for (const [table, column] of [
    ["workflow_step_runs", "run_id"],
    ["workflow_runs", "id"],
  ] as const) {
    for (;;) {
      const [row] = rowsOf<{ n: number }>(
        await db.execute(
          sql`with gone as (delete from ${sql.identifier(table)} where id in (select id from ${sql.identifier(table)} where ${sql.identifier(column)} in (${expired}) limit ${BATCH}) returning 1) select count(*)::int as n from gone`,
        ),
      );
      deleted += row?.n ?? 0;
      if ((row?.n ?? 0) < BATCH) break;
    }
  }
  return deleted;
}
