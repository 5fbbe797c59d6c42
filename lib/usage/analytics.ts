import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rowsOf } from "@/db/client";
import { LATENCY_BUCKETS_MS, LATENCY_HISTOGRAM_SLOTS, USAGE_REQUEST_TYPES } from "@/db/schema";
import { formatMicroUsd, toMicroUsd } from "@/lib/ai/pricing";
import { parseInput } from "@/lib/errors";

/**
 * The one analytics query shape: every usage chart and table is a `{metrics, dimensions,
 * granularity, from, to, timezone, filters}` compiled to SQL here, over the hourly rollups
 * (usage_daily, usage_hourly_models) — never a hand-written query per chart. The scope (one user, or admin) is a
 * required argument, not a filter a caller could forget.
 */
export const METRICS = [
  "requests",
  "successes",
  "errors",
  "successRate",
  "errorRate",
  "tokensIn",
  "tokensOut",
  "tokensCached",
  "cost",
  "credits",
  "avgLatencyMs",
  "p50LatencyMs",
  "p95LatencyMs",
  "avgTtftMs",
  "p95TtftMs",
] as const;
export const DIMENSIONS = [
  "provider",
  "model",
  "integration",
  "apiKey",
  "template",
  "requestType",
  "user",
] as const;
export const GRANULARITIES = ["hour", "day", "week", "month", "none"] as const;

export type Metric = (typeof METRICS)[number];
export type Dimension = (typeof DIMENSIONS)[number];

const timezones = new Set(Intl.supportedValuesOf("timeZone").concat("UTC"));

export const analyticsQuery = z
  .object({
    metrics: z.array(z.enum(METRICS)).min(1, "Choose at least one metric.").max(METRICS.length),
    dimensions: z.array(z.enum(DIMENSIONS)).max(2, "Break down by at most two dimensions.").default([]),
    granularity: z.enum(GRANULARITIES).default("day"),
    from: z.coerce.date({ error: "from must be a date" }),
    to: z.coerce.date({ error: "to must be a date" }),
    timezone: z
      .string()
      .refine((tz) => timezones.has(tz), "Unknown time zone.")
      .default("UTC"),
    filters: z
      .object({
        providerId: z.uuid().optional(),
        modelId: z.uuid().optional(),
        integrationId: z.uuid().optional(),
        apiKeyId: z.uuid().optional(),
        templateId: z.uuid().optional(),
        userId: z.uuid().optional(),
        requestType: z.enum(USAGE_REQUEST_TYPES).optional(),
      })
      .default({}),
    limit: z.number().int().min(1).max(10_000).default(5_000),
  })
  .refine((q) => q.to > q.from, { message: "to must be after from", path: ["to"] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= 400 * 86_400_000, {
    message: "Query at most 400 days at once.",
    path: ["to"],
  });

export type AnalyticsQuery = z.input<typeof analyticsQuery>;
export type AnalyticsScope = { kind: "user"; userId: string } | { kind: "admin" };
export type AnalyticsRow = { bucket: string | null } & Partial<Record<Dimension, string | null>> &
  Partial<Record<Metric, number | string | null>>;

const DIM_COLUMN: Record<Dimension, string> = {
  provider: "provider_id",
  model: "model_id",
  integration: "integration_id",
  apiKey: "api_key_id",
  template: "template_id",
  requestType: "request_type",
  user: "user_id",
};
const FILTER_COLUMN: Record<string, string> = {
  providerId: "provider_id",
  modelId: "model_id",
  integrationId: "integration_id",
  apiKeyId: "api_key_id",
  templateId: "template_id",
  userId: "user_id",
  requestType: "request_type",
};

/** Percentile from summed histogram counts, interpolated inside its bucket; null without data. */
export function percentileFromHistogram(counts: readonly number[], p: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const target = (p / 100) * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] ?? 0;
    if (c > 0 && seen + c >= target) {
      const lower = i === 0 ? 0 : (LATENCY_BUCKETS_MS[i - 1] ?? 0);
      const upper = LATENCY_BUCKETS_MS[i] ?? lower * 2;
      return Math.round(lower + ((target - seen) / c) * (upper - lower));
    }
    seen += c;
  }
  return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1] ?? null;
}

/** The additive totals of one group of rollup rows: groups merge exactly by adding them. */
type Sums = {
  requests: number;
  successes: number;
  errors: number;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  costMicro: bigint;
  credits: number;
  latencySum: number;
  latencyCount: number;
  ttftSum: number;
  ttftCount: number;
  /** Summed histograms (LATENCY_HISTOGRAM_SLOTS counts), when the query asked for them. */
  latencyHistogram: number[] | null;
  ttftHistogram: number[] | null;
};
type Cell = { bucket: string | null; dims: Partial<Record<Dimension, string | null>>; sums: Sums };

const METRICS_NEEDING_HISTOGRAMS: readonly Metric[] = ["p50LatencyMs", "p95LatencyMs", "p95TtftMs"];
// Histograms are summed slot by slot (sum(h[i]) for each slot) in the same pass as the counters: an
// unnest per row costs a function scan per rollup row and made percentile queries ~6x slower.
const histogramSums = (column: string) =>
  `array[${Array.from({ length: LATENCY_HISTOGRAM_SLOTS }, (_, i) => `sum(${column}[${i + 1}])`).join(", ")}]::float8[]`;
const HISTOGRAM_SUMS = sql.raw(
  `, ${histogramSums("latency_histogram")} as latency_histogram, ${histogramSums("ttft_histogram")} as ttft_histogram`,
);

/**
 * Which rollup grain answers a query. A user reads their own per-user rollups (usage_daily). An admin
 * reads usage_hourly_models (hour × provider × model, the smallest) when the query only breaks down
 * and filters by provider and model; else usage_daily's all-users grain (user_id NULL), unless the
 * query breaks down or filters by user or API key, which only the per-user grain has. All grains
 * are built from the same records in the same transaction, so every choice gives the same sums.
 */
export function grainOf(
  scope: AnalyticsScope,
  q: Pick<z.output<typeof analyticsQuery>, "dimensions" | "filters">,
): "user" | "models" | "all" | "perUser" {
  if (scope.kind === "user") return "user";
  const coarse = new Set<string>(["provider", "model", "providerId", "modelId"]);
  const filtered = Object.entries(q.filters)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  if ([...q.dimensions, ...filtered].every((k) => coarse.has(k))) return "models";
  const perUser =
    q.dimensions.includes("user") ||
    q.dimensions.includes("apiKey") ||
    !!q.filters.userId ||
    !!q.filters.apiKeyId;
  return perUser ? "perUser" : "all";
}

/**
 * `grain: "all"` makes an admin query that usage_hourly_models could answer read usage_daily's
 * all-users grain instead (tests and benches compare the two; the app never sets it).
 */
export type GrainOption = { grain?: "all" };

/**
 * The rollup rows of a query, summed per bucket and dimension values, ordered by bucket then
 * dimensions, from the grain grainOf picks.
 */
async function queryCells(
  db: Db,
  scope: AnalyticsScope,
  q: z.output<typeof analyticsQuery>,
  opts: { histograms: boolean; limit: number | null } & GrainOption,
): Promise<Cell[]> {
  const where: SQL[] = [
    sql`bucket_start >= ${q.from.toISOString()}::timestamptz`,
    sql`bucket_start < ${q.to.toISOString()}::timestamptz`,
  ];
  let grain = grainOf(scope, q);
  if (opts.grain === "all" && grain === "models") grain = "all";
  if (scope.kind === "user") where.push(sql`user_id = ${scope.userId}::uuid`);
  else if (grain === "perUser") where.push(sql`user_id is not null`);
  else if (grain === "all") where.push(sql`user_id is null`);
  const table = sql.raw(grain === "models" ? "usage_hourly_models" : "usage_daily");
  for (const [key, value] of Object.entries(q.filters)) {
    if (value === undefined) continue;
    if (scope.kind === "user" && key === "userId") continue;
    where.push(sql`${sql.raw(FILTER_COLUMN[key] as string)} = ${value}`);
  }
  // Grouped on the truncated timestamp; formatted once per group, not once per rollup row.
  const bucket =
    q.granularity === "none"
      ? sql`null::timestamp`
      : sql`date_trunc(${q.granularity}, bucket_start at time zone ${q.timezone})`;
  // Grouped on the raw columns (uuid compares faster than text), cast to text once per group.
  const dims = q.dimensions.map((d) => sql`${sql.raw(DIM_COLUMN[d])} as ${sql.identifier(d)}`);
  const dimNames = q.dimensions.map((d) => sql.identifier(d));
  const dimTexts = q.dimensions.map((d) => sql`${sql.identifier(d)}::text as ${sql.identifier(d)}`);
  const groupBy = [sql`1`, ...q.dimensions.map((_, i) => sql.raw(String(i + 2)))];

  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select to_char(b, 'YYYY-MM-DD"T"HH24:MI:SS') as bucket ${dimTexts.length ? sql`, ${sql.join(dimTexts, sql`, `)}` : sql``},
        requests, successes, errors, tokens_in, tokens_out, tokens_cached, cost, credits, latency_sum, latency_count,
        ttft_sum, ttft_count ${opts.histograms ? sql`, latency_histogram, ttft_histogram` : sql``}
      from (
        select ${bucket} as b ${dims.length ? sql`, ${sql.join(dims, sql`, `)}` : sql``},
          sum(requests)::bigint as requests, sum(success_count)::bigint as successes,
          sum(error_count + timeout_count)::bigint as errors,
          sum(tokens_in)::bigint as tokens_in, sum(tokens_out)::bigint as tokens_out, sum(tokens_cached)::bigint as tokens_cached,
          sum(cost)::text as cost, sum(credits)::bigint as credits,
          sum(latency_sum_ms)::float8 as latency_sum, sum(latency_count)::float8 as latency_count,
          sum(ttft_sum_ms)::float8 as ttft_sum, sum(ttft_count)::float8 as ttft_count
          ${opts.histograms ? HISTOGRAM_SUMS : sql``}
        from ${table} where ${sql.join(where, sql` and `)}
        group by ${sql.join(groupBy, sql`, `)}
      ) s
      order by b nulls first ${dimNames.length ? sql`, ${sql.join(dimNames, sql`, `)}` : sql``}
      ${opts.limit === null ? sql`` : sql`limit ${opts.limit}`}`),
  );
  const histogram = (v: unknown) => (Array.isArray(v) ? v.map((x) => Number(x)) : null);
  return rows.map((r) => {
    const dimValues: Partial<Record<Dimension, string | null>> = {};
    for (const d of q.dimensions) dimValues[d] = (r[d] as string | null) ?? null;
    return {
      bucket: (r.bucket as string | null) ?? null,
      dims: dimValues,
      sums: {
        requests: Number(r.requests),
        successes: Number(r.successes),
        errors: Number(r.errors),
        tokensIn: Number(r.tokens_in),
        tokensOut: Number(r.tokens_out),
        tokensCached: Number(r.tokens_cached),
        costMicro: toMicroUsd(String(r.cost ?? "0")),
        credits: Number(r.credits),
        latencySum: Number(r.latency_sum),
        latencyCount: Number(r.latency_count),
        ttftSum: Number(r.ttft_sum),
        ttftCount: Number(r.ttft_count),
        latencyHistogram: opts.histograms ? histogram(r.latency_histogram) : null,
        ttftHistogram: opts.histograms ? histogram(r.ttft_histogram) : null,
      },
    };
  });
}

function metricsOf(s: Sums, metrics: readonly Metric[]): Partial<Record<Metric, number | string | null>> {
  const all: Record<Metric, () => number | string | null> = {
    requests: () => s.requests,
    successes: () => s.successes,
    errors: () => s.errors,
    successRate: () => (s.requests ? s.successes / s.requests : null),
    errorRate: () => (s.requests ? s.errors / s.requests : null),
    tokensIn: () => s.tokensIn,
    tokensOut: () => s.tokensOut,
    tokensCached: () => s.tokensCached,
    cost: () => formatMicroUsd(s.costMicro),
    credits: () => s.credits,
    avgLatencyMs: () => (s.latencyCount ? Math.round(s.latencySum / s.latencyCount) : null),
    p50LatencyMs: () => (s.latencyHistogram ? percentileFromHistogram(s.latencyHistogram, 50) : null),
    p95LatencyMs: () => (s.latencyHistogram ? percentileFromHistogram(s.latencyHistogram, 95) : null),
    avgTtftMs: () => (s.ttftCount ? Math.round(s.ttftSum / s.ttftCount) : null),
    p95TtftMs: () => (s.ttftHistogram ? percentileFromHistogram(s.ttftHistogram, 95) : null),
  };
  const out: Partial<Record<Metric, number | string | null>> = {};
  for (const m of metrics) out[m] = all[m]();
  return out;
}

function rowOf(cell: Cell, dimensions: readonly Dimension[], metrics: readonly Metric[]): AnalyticsRow {
  const out: AnalyticsRow = { bucket: cell.bucket };
  for (const d of dimensions) out[d] = cell.dims[d] ?? null;
  return Object.assign(out, metricsOf(cell.sums, metrics));
}

/** Runs one query. */
export async function runAnalytics(
  db: Db,
  scope: AnalyticsScope,
  input: AnalyticsQuery,
  options: GrainOption = {},
): Promise<AnalyticsRow[]> {
  const q = parseInput(analyticsQuery, input);
  const cells = await queryCells(db, scope, q, {
    histograms: q.metrics.some((m) => METRICS_NEEDING_HISTOGRAMS.includes(m)),
    limit: q.limit,
    ...options,
  });
  return cells.map((c) => rowOf(c, q.dimensions, q.metrics));
}

/**
 * One query's groups, with every metric available, that can be re-aggregated to fewer keys: a
 * dashboard showing the same range by day and group, by day, by group and in total scans the
 * rollups once instead of once per view. Sums, counts and histograms add up exactly, so a rolled-up
 * row equals what runAnalytics returns for those keys (same order, same limit).
 */
export type AnalyticsCube = {
  dimensions: readonly Dimension[];
  rows(
    keys: { bucket: boolean; dimensions: readonly Dimension[] },
    metrics: readonly Metric[],
    limit?: number,
  ): AnalyticsRow[];
};

export async function analyticsCube(
  db: Db,
  scope: AnalyticsScope,
  input: Omit<AnalyticsQuery, "metrics" | "limit">,
  options: GrainOption = {},
): Promise<AnalyticsCube> {
  const q = parseInput(analyticsQuery, { ...input, metrics: ["requests"] });
  const cells = await queryCells(db, scope, q, { histograms: true, limit: null, ...options });
  return {
    dimensions: q.dimensions,
    rows(keys, metrics, limit = 5_000) {
      for (const d of keys.dimensions)
        if (!q.dimensions.includes(d)) throw new Error(`the cube has no ${d} dimension`);
      const groups = new Map<string, Cell>();
      for (const c of cells) {
        const bucket = keys.bucket ? c.bucket : null;
        const key = JSON.stringify([bucket, ...keys.dimensions.map((d) => c.dims[d] ?? null)]);
        const g = groups.get(key);
        if (!g) {
          const dims: Cell["dims"] = {};
          for (const d of keys.dimensions) dims[d] = c.dims[d] ?? null;
          groups.set(key, { bucket, dims, sums: copySums(c.sums) });
        } else addSums(g.sums, c.sums);
      }
      return [...groups.values()]
        .sort((a, b) => compareKeys(a, b, keys.dimensions))
        .slice(0, limit)
        .map((c) => rowOf(c, keys.dimensions, metrics));
    },
  };
}

function copySums(s: Sums): Sums {
  return {
    ...s,
    latencyHistogram: s.latencyHistogram ? [...s.latencyHistogram] : null,
    ttftHistogram: s.ttftHistogram ? [...s.ttftHistogram] : null,
  };
}

function addSums(into: Sums, s: Sums) {
  into.requests += s.requests;
  into.successes += s.successes;
  into.errors += s.errors;
  into.tokensIn += s.tokensIn;
  into.tokensOut += s.tokensOut;
  into.tokensCached += s.tokensCached;
  into.costMicro += s.costMicro;
  into.credits += s.credits;
  into.latencySum += s.latencySum;
  into.latencyCount += s.latencyCount;
  into.ttftSum += s.ttftSum;
  into.ttftCount += s.ttftCount;
  for (const [h, add] of [
    [into.latencyHistogram, s.latencyHistogram],
    [into.ttftHistogram, s.ttftHistogram],
  ] as const)
    if (h && add) for (let i = 0; i < h.length; i++) h[i] = (h[i] ?? 0) + (add[i] ?? 0);
}

/** The SQL order: bucket (nulls first), then each dimension (nulls last), by code point (C collation). */
function compareKeys(a: Cell, b: Cell, dimensions: readonly Dimension[]): number {
  const byText = (x: string | null, y: string | null, nullsFirst: boolean) =>
    x === y ? 0 : x === null ? (nullsFirst ? -1 : 1) : y === null ? (nullsFirst ? 1 : -1) : x < y ? -1 : 1;
  let c = byText(a.bucket, b.bucket, true);
  for (let i = 0; c === 0 && i < dimensions.length; i++) {
    const d = dimensions[i] as Dimension;
    c = byText(a.dims[d] ?? null, b.dims[d] ?? null, false);
  }
  return c;
}
