import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import type { Gauge } from "./metrics";

/**
 * Figures that are the same for the whole fleet, read from the database when /api/metrics is
 * scraped: jobs waiting or running per queue (pg-boss's table), and the outcomes of workflow runs that
 * ended in the last 24 hours. A database without the queue's schema yet (no worker ever started) reports none.
 */
export async function fleetGauges(db: Db): Promise<Gauge[]> {
  const depth: Gauge = {
    name: "prism_queue_jobs",
    help: "Jobs in the durable queue by queue and state (created, retry, active).",
    samples: [],
  };
  try {
    const rows = rowsOf<{ name: string; state: string; n: number }>(
      await db.execute(
        sql`select name, state::text as state, count(*)::int as n from pgboss.job
            where state in ('created', 'retry', 'active') group by name, state`,
      ),
    );
    for (const r of rows) depth.samples.push({ labels: { queue: r.name, state: r.state }, value: r.n });
  } catch {
    // No pgboss schema yet: nothing is queued.
  }
  const runs = rowsOf<{ status: string; n: number }>(
    await db.execute(
      sql`select status, count(*)::int as n from workflow_runs
          where completed_at > now() - interval '24 hours' group by status`,
    ),
  );
  return [
    depth,
    {
      name: "prism_workflow_runs_completed_24h",
      help: "Workflow runs that ended in the last 24 hours, by outcome.",
      samples: runs.map((r) => ({ labels: { status: r.status }, value: r.n })),
    },
  ];
}
