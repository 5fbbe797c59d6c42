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

export type RollupRow = {
  bucketStart: Date;
  userId: string | null;
  providerId: string | null;
  modelId: string | null;
  integrationId: string | null;
  apiKeyId: string | null;
  templateId: string | null;
  requestType: UsageRequestType;
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

/** Index of the histogram slot for a duration (the last slot is "above the last bound"). */
export function histogramSlot(ms: number): number {
  const i = LATENCY_BUCKETS_MS.findIndex((bound) => ms <= bound);
  return i === -1 ? LATENCY_BUCKETS_MS.length : i;
}

export function hourStart(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
}

const STATUS_FIELD: Record<UsageStatus, "successCount" | "errorCount" | "timeoutCount" | "abortedCount"> = {
  success: "successCount",
  error: "errorCount",
  timeout: "timeoutCount",
  aborted: "abortedCount",
};

/**
 * Aggregates records into rollup rows at both grains: per user (with key, integration and template),
 * and all users (no key; integration only when admin-shared). One row per key, so one upsert
 * statement never touches a row twice. Rows come back sorted by key, so concurrent writers lock
 * rollup rows in the same order and cannot deadlock.
 */
export function buildRollups(records: readonly UsageRecord[]): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  const add = (r: UsageRecord, grain: "user" | "all") => {
    const dims = {
      bucketStart: hourStart(r.createdAt),
      userId: grain === "user" ? r.userId : null,
      providerId: r.providerId,
      modelId: r.modelId,
      integrationId: grain === "user" || r.integrationShared ? r.integrationId : null,
      apiKeyId: grain === "user" ? r.apiKeyId : null,
      templateId: r.templateId,
      requestType: r.requestType,
    };
    const key = [
      dims.bucketStart.toISOString(),
      dims.userId,
      dims.providerId,
      dims.modelId,
      dims.integrationId,
      dims.apiKeyId,
      dims.templateId,
      dims.requestType,
    ].join("|");
    let row = rows.get(key);
    if (!row) {
      row = {
        ...dims,
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
      rows.set(key, row);
    }
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
  };
  for (const r of records) {
    add(r, "user");
    add(r, "all");
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

export function rollupCost(row: RollupRow): string {
  return formatMicroUsd(row.costMicro);
}
