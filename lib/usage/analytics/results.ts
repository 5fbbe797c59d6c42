import { type HistogramKind, LATENCY_BUCKETS_MS } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Sum } from "./compiler";
import type { AnalyticsRow, Dimension, Metric } from "./shape";

/**
 * One group of a compiled statement (compiler.ts): its bucket label and dimensions (NULL where its
 * grouping set does not keep them), its set, and its sums (compiler.ts SUMS; the cost as exact
 * decimal text; a histogram's counts only where the set shows its percentiles).
 */
export type GroupRow = { bucket: string | null; grouping_set: number; cost: string } & Record<
  Exclude<Sum, "cost">,
  number
> &
  Partial<Record<`${HistogramKind}Histogram`, number[] | null> & Record<Dimension, string | null>>;

/** Percentile from summed histogram counts, interpolated inside its bucket; null without data. */
export function percentileFromHistogram(counts: ArrayLike<number>, p: number): number | null {
  const all = Array.from(counts);
  const total = all.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const [i, c] of all.entries()) {
    if (c > 0 && seen + c >= (p / 100) * total) {
      const lower = LATENCY_BUCKETS_MS[i - 1] ?? 0;
      const upper = LATENCY_BUCKETS_MS[i] ?? lower * 2;
      return Math.round(lower + (((p / 100) * total - seen) / c) * (upper - lower));
    }
    seen += c;
  }
  return LATENCY_BUCKETS_MS.at(-1) ?? null;
}

const ratio = (part: number, whole: number) => (whole ? part / whole : null);
const mean = (sum: number, n: number) => (n ? Math.round(sum / n) : null);

/** Every metric, from its group's sums (the list of metrics is this object's keys, in this order). */
export const METRIC_VALUES = {
  requests: (s: GroupRow) => s.requests,
  successes: (s: GroupRow) => s.successes,
  errors: (s: GroupRow) => s.errors,
  successRate: (s: GroupRow) => ratio(s.successes, s.requests),
  errorRate: (s: GroupRow) => ratio(s.errors, s.requests),
  tokensIn: (s: GroupRow) => s.tokensIn,
  tokensOut: (s: GroupRow) => s.tokensOut,
  tokensCached: (s: GroupRow) => s.tokensCached,
  cost: (s: GroupRow) => s.cost,
  credits: (s: GroupRow) => s.credits,
  avgLatencyMs: (s: GroupRow) => mean(s.latencySum, s.latencyCount),
  p50LatencyMs: (s: GroupRow) => percentileFromHistogram(s.latencyHistogram ?? [], 50),
  p95LatencyMs: (s: GroupRow) => percentileFromHistogram(s.latencyHistogram ?? [], 95),
  avgTtftMs: (s: GroupRow) => mean(s.ttftSum, s.ttftCount),
  p95TtftMs: (s: GroupRow) => percentileFromHistogram(s.ttftHistogram ?? [], 95),
} satisfies Record<string, (s: GroupRow) => number | string | null>;

/** The histogram each percentile metric is read from. */
const HISTOGRAM_OF: Partial<Record<Metric, HistogramKind>> = {
  p50LatencyMs: "latency",
  p95LatencyMs: "latency",
  p95TtftMs: "ttft",
};
export const histogramsOf = (metrics: readonly Metric[]): HistogramKind[] => [
  ...new Set(metrics.flatMap((m) => HISTOGRAM_OF[m] ?? [])),
];

/** A group as the row callers see: its bucket, the dimensions asked for, the metrics asked for. */
export function rowOf(
  g: GroupRow,
  dimensions: readonly Dimension[],
  metrics: readonly Metric[],
): AnalyticsRow {
  const out: AnalyticsRow = { bucket: g.bucket };
  for (const d of dimensions) out[d] = g[d] ?? null;
  for (const m of metrics) out[m] = METRIC_VALUES[m](g);
  return out;
}

/** PostgreSQL not knowing a zone name the runtime knew, as a validation error naming the field. */
export function unknownZoneError(err: unknown): AppError | null {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === "22023" && typeof message === "string" && /time zone .* not recognized/.test(message))
      return new AppError("validation_failed", "timezone: Unknown time zone.", { field: "timezone" });
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}
