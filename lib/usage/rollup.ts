import {
  LATENCY_BUCKETS_MS,
  LATENCY_HISTOGRAM_SLOTS,
  type UsageRequestType,
  type UsageStatus,
} from "@/db/schema";
import { formatMicroUsd, toMicroUsd } from "@/lib/ai/pricing";

/** One metered call, as the gateway hands it to the usage writer. */
export type UsageRecord = {
  userId: string;
  apiKeyId: string | null;
  providerId: string | null;
  modelId: string | null;
  providerSlug: string | null;
  modelName: string | null;
  integrationId: string | null;
  /** The integration is admin-shared (its id then also appears in the all-users rollup). */
  integrationShared: boolean;
  conversationId: string | null;
  messageId: string | null;
  workflowRunId: string | null;
  templateId: string | null;
  sessionId: string | null;
  requestType: UsageRequestType;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  cost: string;
  credits: number;
  latencyMs: number | null;
  ttftMs: number | null;
  status: UsageStatus;
  errorMessage: string | null;
  estimated: boolean;
  metadata: Record<string, unknown>;
  createdAt: Date;
};

/** The additive measures of a rollup row (both tables store exactly these). */
export type RollupMeasures = {
  requests: number;
  successCount: number;
  errorCount: number;
  timeoutCount: number;
  abortedCount: number;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  costMicro: bigint;
  credits: number;
  latencySumMs: number;
  latencyCount: number;
  ttftSumMs: number;
  ttftCount: number;
  latencyHistogram: number[];
  ttftHistogram: number[];
};

/** A usage_daily row (per-user or all-users grain). */
export type RollupRow = {
  bucketStart: Date;
  userId: string | null;
  providerId: string | null;
  modelId: string | null;
  integrationId: string | null;
  apiKeyId: string | null;
  templateId: string | null;
  requestType: UsageRequestType;
} & RollupMeasures;

/** A usage_hourly_models row: the coarse all-users grain, hour × provider × model. */
export type ModelRollupRow = {
  bucketStart: Date;
  providerId: string | null;
  modelId: string | null;
} & RollupMeasures;

/** A usage_hourly_user_models row: the coarse per-user grain, user × hour × provider × model. */
export type UserModelRollupRow = {
  bucketStart: Date;
  userId: string;
  providerId: string | null;
  modelId: string | null;
} & RollupMeasures;

/** Index of the histogram slot for a duration (the last slot is "above the last bound"). */
export function histogramSlot(ms: number): number {
  const i = LATENCY_BUCKETS_MS.findIndex((bound) => ms <= bound);
  return i === -1 ? LATENCY_BUCKETS_MS.length : i;
}

export function hourStart(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
}

/** The UTC midnight a moment falls in (the day grains' bucket_start). */
export function utcDayStart(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 86_400_000) * 86_400_000);
}

const STATUS_FIELD: Record<UsageStatus, "successCount" | "errorCount" | "timeoutCount" | "abortedCount"> = {
  success: "successCount",
  error: "errorCount",
  timeout: "timeoutCount",
  aborted: "abortedCount",
};

function emptyMeasures(): RollupMeasures {
  return {
    requests: 0,
    successCount: 0,
    errorCount: 0,
    timeoutCount: 0,
    abortedCount: 0,
    tokensIn: 0,
    tokensOut: 0,
    tokensCached: 0,
    costMicro: 0n,
    credits: 0,
    latencySumMs: 0,
    latencyCount: 0,
    ttftSumMs: 0,
    ttftCount: 0,
    latencyHistogram: new Array(LATENCY_HISTOGRAM_SLOTS).fill(0),
    ttftHistogram: new Array(LATENCY_HISTOGRAM_SLOTS).fill(0),
  };
}

function addRecord(row: RollupMeasures, r: UsageRecord): void {
  row.requests++;
  row[STATUS_FIELD[r.status]]++;
  row.tokensIn += r.tokensIn;
  row.tokensOut += r.tokensOut;
  row.tokensCached += r.tokensCached;
  row.costMicro += toMicroUsd(r.cost);
  row.credits += r.credits;
  if (r.latencyMs !== null) {
    row.latencySumMs += r.latencyMs;
    row.latencyCount++;
    row.latencyHistogram[histogramSlot(r.latencyMs)]! += 1;
  }
  if (r.ttftMs !== null) {
    row.ttftSumMs += r.ttftMs;
    row.ttftCount++;
    row.ttftHistogram[histogramSlot(r.ttftMs)]! += 1;
  }
}

/** Groups records by key, one row per key, sorted by key (so concurrent writers lock in one order). */
function aggregate<D extends object>(
  records: readonly UsageRecord[],
  grains: readonly ((r: UsageRecord) => D)[],
): (D & RollupMeasures)[] {
  const rows = new Map<string, D & RollupMeasures>();
  for (const r of records) {
    for (const dimsOf of grains) {
      const dims = dimsOf(r);
      const key = Object.values(dims)
        .map((v) => (v instanceof Date ? v.toISOString() : v))
        .join("|");
      let row = rows.get(key);
      if (!row) {
        row = { ...dims, ...emptyMeasures() };
        rows.set(key, row);
      }
      addRecord(row, r);
    }
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/**
 * Aggregates records into usage_daily rows at both grains: per user (with key, integration and
 * template), and all users (no key; integration only when admin-shared). One row per key, so one
 * upsert statement never touches a row twice. Rows come back sorted by key, so concurrent writers
 * lock rollup rows in the same order and cannot deadlock.
 */
export function buildRollups(records: readonly UsageRecord[]): RollupRow[] {
  const grain =
    (g: "user" | "all") =>
    (r: UsageRecord): Omit<RollupRow, keyof RollupMeasures> => ({
      bucketStart: hourStart(r.createdAt),
      userId: g === "user" ? r.userId : null,
      providerId: r.providerId,
      modelId: r.modelId,
      integrationId: g === "user" || r.integrationShared ? r.integrationId : null,
      apiKeyId: g === "user" ? r.apiKeyId : null,
      templateId: r.templateId,
      requestType: r.requestType,
    });
  return aggregate(records, [grain("user"), grain("all")]);
}

/** How the all-users coarse grain buckets time: per UTC hour (usage_hourly_models) or UTC day (usage_day_models). */
export type CoarsePeriod = "hour" | "day";
const periodStart = (period: CoarsePeriod) => (period === "hour" ? hourStart : utcDayStart);

/**
 * Aggregates records into usage_hourly_models rows (all users, hour × provider × model), or with
 * period "day" usage_day_models rows, sorted by key.
 */
export function buildModelRollups(
  records: readonly UsageRecord[],
  period: CoarsePeriod = "hour",
): ModelRollupRow[] {
  const start = periodStart(period);
  return aggregate(records, [
    (r) => ({ bucketStart: start(r.createdAt), providerId: r.providerId, modelId: r.modelId }),
  ]);
}

/**
 * Aggregates records into usage_hourly_user_models rows (user × hour × provider × model), sorted by
 * key. The writer also adds them to usage_day_user_models, grouped by day in each user's zone there.
 */
export function buildUserModelRollups(records: readonly UsageRecord[]): UserModelRollupRow[] {
  return aggregate(records, [
    (r) => ({
      bucketStart: hourStart(r.createdAt),
      userId: r.userId,
      providerId: r.providerId,
      modelId: r.modelId,
    }),
  ]);
}

export function rollupCost(row: RollupMeasures): string {
  return formatMicroUsd(row.costMicro);
}
