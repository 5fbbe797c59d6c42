import { type HistogramKind, LATENCY_BUCKETS_MS } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Sum } from "./compiler";
import type { AnalyticsRow, Dimension, Metric } from "./shape";

/**
 * One group of a compiled statement (compiler.ts): its bucket label and dimensions (NULL where its
 * grouping set does not keep them), its set, and its sums (compiler.ts SUMS; the cost as exact
 * decimal text) and histograms' counts, each NULL where the set's metrics do not read it.
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
const pct = (counts: number[] | null | undefined, p: number) => percentileFromHistogram(counts ?? [], p);
export type Column = Sum | `${HistogramKind}Histogram`;

/**
 * Every metric: the columns it reads (sums or a histogram's counts; a statement sums only what its
 * metrics read, each for the groups shown with them) and its value. The metrics are its keys.
 */
export const METRIC_DEFINITIONS = {
  requests: { reads: ["requests"], value: (s) => s.requests },
  successes: { reads: ["successes"], value: (s) => s.successes },
  errors: { reads: ["errors"], value: (s) => s.errors },
  successRate: { reads: ["successes", "requests"], value: (s) => ratio(s.successes, s.requests) },
  errorRate: { reads: ["errors", "requests"], value: (s) => ratio(s.errors, s.requests) },
  tokensIn: { reads: ["tokensIn"], value: (s) => s.tokensIn },
  tokensOut: { reads: ["tokensOut"], value: (s) => s.tokensOut },
  tokensCached: { reads: ["tokensCached"], value: (s) => s.tokensCached },
  cost: { reads: ["cost"], value: (s) => s.cost },
  credits: { reads: ["credits"], value: (s) => s.credits },
  avgLatencyMs: { reads: ["latencySum", "latencyCount"], value: (s) => mean(s.latencySum, s.latencyCount) },
  p50LatencyMs: { reads: ["latencyHistogram"], value: (s) => pct(s.latencyHistogram, 50) },
  p95LatencyMs: { reads: ["latencyHistogram"], value: (s) => pct(s.latencyHistogram, 95) },
  avgTtftMs: { reads: ["ttftSum", "ttftCount"], value: (s) => mean(s.ttftSum, s.ttftCount) },
  p95TtftMs: { reads: ["ttftHistogram"], value: (s) => pct(s.ttftHistogram, 95) },
} satisfies Record<string, { reads: readonly Column[]; value: (s: GroupRow) => number | string | null }>;

/** The columns a list of metrics reads. */
export const columnsOf = (metrics: readonly Metric[]): readonly Column[] =>
  metrics.flatMap((m): readonly Column[] => METRIC_DEFINITIONS[m].reads);

/** A group as the row callers see: its bucket, the dimensions asked for, the metrics asked for. */
export function rowOf(
  g: GroupRow,
  dimensions: readonly Dimension[],
  metrics: readonly Metric[],
): AnalyticsRow {
  const out: AnalyticsRow = { bucket: g.bucket };
  for (const d of dimensions) out[d] = g[d] ?? null;
  for (const m of metrics) out[m] = METRIC_DEFINITIONS[m].value(g);
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
