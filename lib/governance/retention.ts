import { asc, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rowsOf } from "@/db/client";
import { retentionPolicies, retentionRuns } from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { type Actor, requireAdmin } from "@/lib/auth/actor";
import { notFound, parseInput } from "@/lib/errors";

const BATCH = 1_000;
const LOCK = 727_003;

/**
 * What "older than the cutoff" means per entity, and extra conditions from the policy
 * (`onlyDeleted`, `onlyEnded`, `status`). Table and column names come only from this map.
 * `also` are tables deleted under the same policy, each with its own predicate (the usage_daily
 * policy covers every rollup grain, so the coarse grains never outlive the fine one).
 */
function predicate(
  entity: string,
  cutoff: Date,
  conditions: Record<string, unknown>,
): { table: string; where: SQL; also?: { table: string; where: SQL }[] } | null {
  const at = cutoff.toISOString();
  switch (entity) {
    case "conversations":
      return conditions.onlyDeleted
        ? { table: "conversations", where: sql`deleted_at is not null and deleted_at < ${at}::timestamptz` }
        : { table: "conversations", where: sql`coalesce(last_message_at, created_at) < ${at}::timestamptz` };
    case "messages":
      return { table: "messages", where: sql`created_at < ${at}::timestamptz` };
    case "ai_usage_logs":
      return { table: "ai_usage_logs", where: sql`created_at < ${at}::timestamptz` };
    case "usage_daily": {
      // Whole days only, so a day row never outlives (or dies before) its hours, and every grain
      // keeps the same calls: UTC days for the all-users rows, the user's own days (the zone their
      // day rows are in) for per-user rows. A user's midnight is never after the UTC one and less
      // than a day before it, so only the last two days' rows need their user's zone (two: clock
      // changes). The day grains go last:
      // while a run is under way, a day is then never read as less than its hours.
      const day = new Date(Math.floor(cutoff.getTime() / 86_400_000) * 86_400_000).toISOString();
      const zone = sql.raw(
        "coalesce((select usage_day_zone(u.timezone) from users u where u.id = user_id), 'UTC')",
      );
      const userCut = sql`(${day}::timestamptz at time zone ${zone})::date`;
      const userHours = sql`bucket_start < ${day}::timestamptz - interval '2 days'
        or (bucket_start < ${day}::timestamptz and (bucket_start at time zone ${zone})::date < ${userCut})`;
      return {
        table: "usage_daily",
        where: sql`user_id is null and bucket_start < ${day}::timestamptz or user_id is not null and (${userHours})`,
        also: [
          { table: "usage_hourly_models", where: sql`bucket_start < ${day}::timestamptz` },
          { table: "usage_hourly_user_models", where: userHours },
          { table: "usage_day_models", where: sql`day < ${day}::date` },
          {
            table: "usage_day_user_models",
            where: sql`day < ${day}::date - 1 or (day < ${day}::date and day < ${userCut})`,
          },
        ],
      };
    }
    case "audit_logs":
      return { table: "audit_logs", where: sql`created_at < ${at}::timestamptz` };
    case "user_sessions":
      return conditions.onlyEnded
        ? {
            table: "user_sessions",
            where: sql`(revoked_at is not null and revoked_at < ${at}::timestamptz) or expires_at < ${at}::timestamptz`,
          }
        : { table: "user_sessions", where: sql`started_at < ${at}::timestamptz` };
    case "workflow_runs": {
      // Ended runs of workflows that keep the default; a workflow's own setting is applied by
      // lib/workflows/retention.ts. Step rows (the payloads) go first, then the run summaries.
      const expired = sql`queued_at < ${at}::timestamptz and status in ('success', 'failed', 'cancelled')
        and not exists (select 1 from workflows w where w.id = workflow_id and w.retention_days is not null)`;
      return {
        table: "workflow_step_runs",
        where: sql`run_id in (select id from workflow_runs where ${expired})`,
        also: [{ table: "workflow_runs", where: expired }],
      };
    }
    case "webhook_deliveries":
      return { table: "webhook_deliveries", where: sql`received_at < ${at}::timestamptz` };
    case "mcp_usage":
      return { table: "mcp_usage", where: sql`created_at < ${at}::timestamptz` };
    case "notifications":
      return { table: "notifications", where: sql`created_at < ${at}::timestamptz` };
    case "ai_generations":
      return typeof conditions.status === "string"
        ? {
            table: "ai_generations",
            where: sql`created_at < ${at}::timestamptz and status = ${conditions.status}`,
          }
        : { table: "ai_generations", where: sql`created_at < ${at}::timestamptz` };
    case "video_requests":
      return {
        table: "video_requests",
        where: sql`created_at < ${at}::timestamptz and status in ('completed', 'failed')`,
      };
    case "stripe_events":
      return { table: "stripe_events", where: sql`processed_at < ${at}::timestamptz` };
    default:
      return null;
  }
}

export type RetentionResult = { entity: string; deleted: number; error: string | null };

/**
 * Applies every enabled policy: deletes what is older than `delete_after_days`, in batches so no
 * statement holds locks for long, and records each run. Only one instance runs it at a time.
 */
export async function runRetention(db: Db, now = new Date()): Promise<RetentionResult[] | null> {
  const [lock] = rowsOf<{ ok: boolean }>(await db.execute(sql`select pg_try_advisory_lock(${LOCK}) as ok`));
  if (!lock?.ok) return null;
  try {
    const policies = await db
      .select()
      .from(retentionPolicies)
      .where(eq(retentionPolicies.enabled, true))
      .orderBy(asc(retentionPolicies.entity));
    const results: RetentionResult[] = [];
    for (const policy of policies) {
      if (!policy.deleteAfterDays) continue;
      const target = predicate(
        policy.entity,
        new Date(now.getTime() - policy.deleteAfterDays * 86_400_000),
        policy.conditions,
      );
      if (!target) continue;
      const [run] = await db
        .insert(retentionRuns)
        .values({ policyId: policy.id })
        .returning({ id: retentionRuns.id });
      let deleted = 0;
      let error: string | null = null;
      try {
        for (const { table, where } of [target, ...(target.also ?? [])]) {
          for (;;) {
            const removed =
              rowsOf<{ n: number }>(
                await db.execute(
                  sql`with gone as (delete from ${sql.identifier(table)} where id in (select id from ${sql.identifier(table)} where ${where} limit ${BATCH}) returning 1) select count(*)::int as n from gone`,
                ),
              )[0]?.n ?? 0;
            deleted += removed;
            if (removed < BATCH) break;
          }
        }
      } catch (err) {
        error = err instanceof Error ? err.message.slice(0, 500) : String(err);
      }
      if (run)
        await db
          .update(retentionRuns)
          .set({ finishedAt: new Date(), deleted, error })
          .where(eq(retentionRuns.id, run.id));
      await db
        .update(retentionPolicies)
        .set({ lastRunAt: new Date(), lastRunDeleted: deleted })
        .where(eq(retentionPolicies.id, policy.id));
      results.push({ entity: policy.entity, deleted, error });
    }
    return results;
  } finally {
    await db.execute(sql`select pg_advisory_unlock(${LOCK})`);
  }
}

export const policyUpdate = z.object({
  enabled: z.boolean().optional(),
  deleteAfterDays: z.number().int().min(1, "Keep data at least one day.").max(36_500).nullable().optional(),
});

/** Admin → Retention. */
export class RetentionAdmin {
  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
  ) {
    requireAdmin(actor);
  }

  async list() {
    return this.db.select().from(retentionPolicies).orderBy(asc(retentionPolicies.entity));
  }

  async recentRuns(limit = 20) {
    return this.db
      .select({
        entity: retentionPolicies.entity,
        startedAt: retentionRuns.startedAt,
        finishedAt: retentionRuns.finishedAt,
        deleted: retentionRuns.deleted,
        error: retentionRuns.error,
      })
      .from(retentionRuns)
      .innerJoin(retentionPolicies, eq(retentionPolicies.id, retentionRuns.policyId))
      .orderBy(sql`${retentionRuns.startedAt} desc`)
      .limit(limit);
  }

  async update(id: string, input: unknown, ctx: RequestContext): Promise<void> {
    const data = parseInput(policyUpdate, input);
    await this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(retentionPolicies).where(eq(retentionPolicies.id, id));
      if (!before) throw notFound("That policy");
      await tx.update(retentionPolicies).set(data).where(eq(retentionPolicies.id, id));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "retention_policy",
          entityId: id,
          action: "updated",
          before: { enabled: before.enabled, deleteAfterDays: before.deleteAfterDays },
          after: data,
        },
        ctx,
      );
    });
  }
}
