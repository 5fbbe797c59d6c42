import { eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiIntegrations, ROLLUP_ADDITIVE_COLUMNS } from "@/db/schema";
import { formatMicroUsd, toMicroUsd } from "@/lib/ai/pricing";
import { chargeUsage } from "@/lib/billing/usage-charge";
import { arrayLiteral, insertUsageLogs } from "./log-insert";
import {
  buildModelRollups,
  buildRollups,
  buildUserModelRollups,
  type CoarsePeriod,
  type ModelRollupRow,
  type RollupMeasures,
  type RollupRow,
  rollupCost,
  type UsageRecord,
  type UserModelRollupRow,
} from "./rollup";

export type UsageWriterOptions = {
  /** How long a record may wait before its batch is written. */
  flushIntervalMs?: number;
  /** Write as soon as this many records wait. */
  maxBatch?: number;
};

type WrittenListener = (records: readonly UsageRecord[]) => void;

/**
 * Writes usage rows off the streaming path: records queue in memory and are written in batches,
 * logs and every rollup grain (usage_daily per user and all users, usage_hourly_models,
 * usage_hourly_user_models and their day grains) in one transaction, so rollups always equal the logs. A failed write
 * keeps its records and retries with backoff; a record the database rejects outright (e.g. its user
 * was deleted meanwhile) is isolated and reported, so it cannot block the others.
 */
export class UsageWriter {
  private queue: UsageRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private failures = 0;
  private readonly interval: number;
  private readonly maxBatch: number;
  private pendingCost = new Map<string, bigint>();
  private listeners: WrittenListener[] = [];
  /** Records that could not be written at all (reported, never silently dropped). */
  readonly rejected: { record: UsageRecord; error: string }[] = [];

  constructor(
    private readonly db: Db,
    opts: UsageWriterOptions = {},
  ) {
    this.interval = opts.flushIntervalMs ?? 250;
    this.maxBatch = opts.maxBatch ?? 500;
  }

  enqueue(record: UsageRecord): void {
    this.queue.push(record);
    const cost = toMicroUsd(record.cost);
    for (const subject of subjectsOf(record))
      this.pendingCost.set(subject, (this.pendingCost.get(subject) ?? 0n) + cost);
    if (this.queue.length >= this.maxBatch) void this.flush();
    else this.schedule(this.interval);
  }

  /** Cost (USD micro-dollars) not yet written, of a subject (see subjectsOf). */
  pendingMicroUsd(subject: string): bigint {
    return this.pendingCost.get(subject) ?? 0n;
  }

  /** Called after records are committed (spend trackers add them to their totals). */
  onWritten(listener: WrittenListener): void {
    this.listeners.push(listener);
  }

  get pending(): number {
    return this.queue.length;
  }

  private schedule(ms: number) {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
    this.timer.unref?.();
  }

  /** Writes everything queued so far; resolves when it is in the database (or retrying failed). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.queue.length);
    this.flushing = this.write(batch).finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  private async write(batch: UsageRecord[]): Promise<void> {
    try {
      await writeUsage(this.db, batch);
      this.failures = 0;
      this.release(batch);
      for (const listener of this.listeners) listener(batch);
    } catch (err) {
      if (isConstraintError(err) && batch.length > 1) {
        // Find the bad record(s): write the rest one by one.
        for (const record of batch) await this.write([record]);
        return;
      }
      if (isConstraintError(err)) {
        const [record] = batch;
        if (record) {
          this.rejected.push({ record, error: String((err as Error).message) });
          const reason =
            err instanceof Error
              ? err.cause instanceof Error
                ? err.cause.message
                : err.message
              : String(err);
          console.error(
            `[prism] usage row rejected by the database (${reason.slice(0, 200)}):`,
            JSON.stringify(record),
          );
        }
        this.release(batch);
        return;
      }
      // Transient (connection, lock): put the records back in front and retry with backoff.
      this.queue.unshift(...batch);
      this.failures++;
      const delay = Math.min(30_000, this.interval * 2 ** this.failures);
      console.error(`[prism] usage write failed; retrying in ${delay} ms`, err);
      this.schedule(delay);
    }
  }

  private release(batch: UsageRecord[]) {
    for (const r of batch) {
      for (const subject of subjectsOf(r)) {
        const left = (this.pendingCost.get(subject) ?? 0n) - toMicroUsd(r.cost);
        if (left <= 0n) this.pendingCost.delete(subject);
        else this.pendingCost.set(subject, left);
      }
    }
  }
}

/**
 * The spend subjects a record counts toward: its user (`u:`), its user's spend on admin-shared
 * integrations (`s:`, what the plan's monthly cap limits) when the call was on one, and its API key
 * (`k:`) when there is one.
 */
export function subjectsOf(r: Pick<UsageRecord, "userId" | "apiKeyId" | "integrationShared">): string[] {
  const subjects = [`u:${r.userId}`];
  if (r.integrationShared) subjects.push(`s:${r.userId}`);
  if (r.apiKeyId) subjects.push(`k:${r.apiKeyId}`);
  return subjects;
}

function isConstraintError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("23")) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** One transaction: the log rows, the rollups at every grain, the integrations' running totals, and wallet charges for shared-integration calls. */
export async function writeUsage(db: Db, records: readonly UsageRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.transaction(async (tx) => {
    await insertUsageLogs(tx, records);
    await upsertRollups(tx, buildRollups(records));
    await upsertModelRollups(tx, "hour", buildModelRollups(records, "hour"));
    await upsertModelRollups(tx, "day", buildModelRollups(records, "day"));
    const userHours = buildUserModelRollups(records);
    await upsertUserModelRollups(tx, userHours);
    await addUserDays(tx, userHours);
    await bumpIntegrationStats(tx, records);
    await chargeUsage(tx, records);
  });
}

const ADDITIVE_COLUMNS = ROLLUP_ADDITIVE_COLUMNS;

/**
 * A rollup row's additive values as literals, in ADDITIVE_COLUMNS order: counts we computed (whole
 * numbers) and the cost formatted by formatMicroUsd (digits and a point), never input.
 */
const measureValues = (r: RollupMeasures) =>
  sql.raw(
    measureList(r)
      .map((v, i) =>
        ADDITIVE_COLUMNS[i] === "cost" ? `${String(v)}::numeric` : String(Math.trunc(Number(v))),
      )
      .join(", "),
  );

/**
 * INSERT ... ON CONFLICT DO UPDATE adding every measure and histogram slot, 200 rows per
 * statement. Table, key columns and constraint are constants of this module, never input.
 */
async function upsertMeasures<R extends RollupMeasures>(
  db: Db,
  target: { table: string; keyColumns: string; constraint: string },
  rows: R[],
  keyValues: (r: R) => SQL,
): Promise<void> {
  const t = target.table;
  const set = sql.raw(ADDITIVE_COLUMNS.map((c) => `${c} = ${t}.${c} + excluded.${c}`).join(",\n        "));
  const columns = sql.raw(`${target.keyColumns}, ${ADDITIVE_COLUMNS.join(", ")}`);
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const values = sql.join(
      chunk.map((r) => sql`(${keyValues(r)}, ${measureValues(r)})`),
      sql`, `,
    );
    await db.execute(sql`
      INSERT INTO ${sql.raw(t)} (${columns})
      VALUES ${values}
      ON CONFLICT ON CONSTRAINT ${sql.raw(target.constraint)} DO UPDATE SET
        ${set}
    `);
  }
}

async function upsertRollups(db: Db, rows: RollupRow[]): Promise<void> {
  await upsertMeasures(
    db,
    {
      table: "usage_daily",
      keyColumns:
        "bucket_start, user_id, provider_id, model_id, integration_id, api_key_id, template_id, request_type",
      constraint: "usage_daily_bucket_key",
    },
    rows,
    (
      r,
    ) => sql`${r.bucketStart.toISOString()}::timestamptz, ${r.userId}::uuid, ${r.providerId}::uuid, ${r.modelId}::uuid,
      ${r.integrationId}::uuid, ${r.apiKeyId}::uuid, ${r.templateId}::uuid, ${r.requestType}`,
  );
}

const MODEL_TABLE: Record<CoarsePeriod, string> = { hour: "usage_hourly_models", day: "usage_day_models" };

async function upsertModelRollups(db: Db, period: CoarsePeriod, rows: ModelRollupRow[]): Promise<void> {
  const table = MODEL_TABLE[period];
  await upsertMeasures(
    db,
    {
      table,
      keyColumns: `${period === "hour" ? "bucket_start" : "day"}, provider_id, model_id`,
      constraint: `${table}_bucket_key`,
    },
    rows,
    (r) =>
      period === "hour"
        ? sql`${r.bucketStart.toISOString()}::timestamptz, ${r.providerId}::uuid, ${r.modelId}::uuid`
        : sql`${r.bucketStart.toISOString().slice(0, 10)}::date, ${r.providerId}::uuid, ${r.modelId}::uuid`,
  );
}

async function upsertUserModelRollups(db: Db, rows: UserModelRollupRow[]): Promise<void> {
  await upsertMeasures(
    db,
    {
      table: "usage_hourly_user_models",
      keyColumns: "user_id, bucket_start, provider_id, model_id",
      constraint: "usage_hourly_user_models_bucket_key",
    },
    rows,
    (r) =>
      sql`${r.userId}::uuid, ${r.bucketStart.toISOString()}::timestamptz, ${r.providerId}::uuid, ${r.modelId}::uuid`,
  );
}

/**
 * The advisory lock (with the user id's hashtext) the writer holds shared while it adds to a user's
 * day rows, and the users_timezone_usage_days trigger exclusive while it regroups them (migration 0007).
 */
const DAY_LOCK = 727_004;

/** An additive column's values of a rollup row, in ADDITIVE_COLUMNS order. */
const measureList = (r: RollupMeasures): (number | string)[] => [
  r.requests,
  r.successCount,
  r.errorCount,
  r.timeoutCount,
  r.abortedCount,
  r.tokensIn,
  r.tokensOut,
  r.tokensCached,
  rollupCost(r),
  r.credits,
  r.latencySumMs,
  r.latencyCount,
  r.ttftSumMs,
  r.ttftCount,
  ...r.latencyHistogram,
  ...r.ttftHistogram,
];

/**
 * Adds a batch's user × hour rows to usage_day_user_models, each on the date its hour starts on in
 * its user's zone. The zone is read (through usage_day_zone, like the trigger and the dashboards)
 * in the statement after the locks are granted, so a zone change committed meanwhile is seen.
 */
async function addUserDays(db: Db, hours: UserModelRollupRow[]): Promise<void> {
  if (hours.length === 0) return;
  const userIds = [...new Set(hours.map((r) => r.userId))].sort();
  await db.execute(
    sql`select pg_advisory_xact_lock_shared(${DAY_LOCK}, hashtext(u::text)) from unnest(${arrayLiteral(userIds)}::uuid[]) u`,
  );
  const lists = hours.map(measureList);
  const arrays = ADDITIVE_COLUMNS.map(
    (c, i) =>
      sql`${arrayLiteral(lists.map((l) => l[i] as number | string))}::${sql.raw(c === "cost" ? "numeric" : "int8")}[]`,
  );
  const t = "usage_day_user_models";
  await db.execute(sql`
    INSERT INTO usage_day_user_models (user_id, day, provider_id, model_id, ${sql.raw(ADDITIVE_COLUMNS.join(", "))})
    SELECT v.user_id, (v.hour AT TIME ZONE z.zone)::date, v.provider_id, v.model_id,
      ${sql.raw(ADDITIVE_COLUMNS.map((c) => `sum(v.${c})`).join(", "))}
    FROM unnest(
      ${arrayLiteral(hours.map((r) => r.userId))}::uuid[], ${arrayLiteral(hours.map((r) => r.bucketStart.toISOString()))}::timestamptz[],
      ${arrayLiteral(hours.map((r) => r.providerId))}::uuid[], ${arrayLiteral(hours.map((r) => r.modelId))}::uuid[],
      ${sql.join(arrays, sql`, `)}
    ) AS v(user_id, hour, provider_id, model_id, ${sql.raw(ADDITIVE_COLUMNS.join(", "))})
    JOIN (SELECT id, usage_day_zone(timezone) AS zone FROM users WHERE id = ANY(${arrayLiteral(userIds)}::uuid[])) z
      ON z.id = v.user_id
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT usage_day_user_models_bucket_key DO UPDATE SET
      ${sql.raw(ADDITIVE_COLUMNS.map((c) => `${c} = ${t}.${c} + excluded.${c}`).join(", "))}
  `);
}

async function bumpIntegrationStats(db: Db, records: readonly UsageRecord[]): Promise<void> {
  const totals = new Map<string, { requests: number; tokensIn: number; tokensOut: number; cost: bigint }>();
  for (const r of records) {
    if (!r.integrationId) continue;
    const t = totals.get(r.integrationId) ?? { requests: 0, tokensIn: 0, tokensOut: 0, cost: 0n };
    t.requests++;
    t.tokensIn += r.tokensIn;
    t.tokensOut += r.tokensOut;
    t.cost += toMicroUsd(r.cost);
    totals.set(r.integrationId, t);
  }
  for (const [id, t] of [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await db
      .update(aiIntegrations)
      .set({
        usageStats: sql`jsonb_build_object(
          'requests', coalesce((${aiIntegrations.usageStats}->>'requests')::bigint, 0) + ${t.requests},
          'tokensIn', coalesce((${aiIntegrations.usageStats}->>'tokensIn')::bigint, 0) + ${t.tokensIn},
          'tokensOut', coalesce((${aiIntegrations.usageStats}->>'tokensOut')::bigint, 0) + ${t.tokensOut},
          'costUsd', (coalesce((${aiIntegrations.usageStats}->>'costUsd')::numeric, 0) + ${formatMicroUsd(t.cost)}::numeric)::text)`,
      })
      .where(eq(aiIntegrations.id, id));
  }
}
