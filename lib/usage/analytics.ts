import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rowsOf } from "@/db/client";
import { LATENCY_BUCKETS_MS, USAGE_REQUEST_TYPES } from "@/db/schema";
import { parseInput } from "@/lib/errors";

/**
 * The one analytics query shape: every usage chart and table is a `{metrics, dimensions,
 * granularity, from, to, timezone, filters}` compiled to SQL here, over the hourly rollups
 * (usage_daily) — never a hand-written query per chart. The scope (one user, or admin) is a
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

/**
 * Runs one query. A user sees their own per-user rollups. An admin reads the all-users grain
 * (user_id NULL) unless the query breaks down or filters by user or API key, which only the
 * per-user grain has.
 */
export async function runAnalytics(
  db: Db,
  scope: AnalyticsScope,
  input: AnalyticsQuery,
): Promise<AnalyticsRow[]> {
  const q = parseInput(analyticsQuery, input);
  const where: SQL[] = [
    sql`bucket_start >= ${q.from.toISOString()}::timestamptz`,
    sql`bucket_start < ${q.to.toISOString()}::timestamptz`,
  ];
  const perUser =
    q.dimensions.includes("user") ||
    q.dimensions.includes("apiKey") ||
    !!q.filters.userId ||
    !!q.filters.apiKeyId;
  if (scope.kind === "user") where.push(sql`user_id = ${scope.userId}::uuid`);
  else where.push(perUser ? sql`user_id is not null` : sql`user_id is null`);
  for (const [key, value] of Object.entries(q.filters)) {
    if (value === undefined) continue;
    if (scope.kind === "user" && key === "userId") continue;
    where.push(sql`${sql.raw(FILTER_COLUMN[key] as string)} = ${value}`);
  }
  const bucket =
    q.granularity === "none"
      ? sql`null::text`
      : sql`to_char(date_trunc(${q.granularity}, bucket_start at time zone ${q.timezone}), 'YYYY-MM-DD"T"HH24:MI:SS')`;
  const dims = q.dimensions.map((d) => sql`${sql.raw(DIM_COLUMN[d])}::text as ${sql.identifier(d)}`);
  const groupBy = [sql`1`, ...q.dimensions.map((_, i) => sql.raw(String(i + 2)))];
  const whereSql = sql.join(where, sql` and `);
  const needsHistograms = q.metrics.some(
    (m) => m === "p50LatencyMs" || m === "p95LatencyMs" || m === "p95TtftMs",
  );

  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select ${bucket} as bucket ${dims.length ? sql`, ${sql.join(dims, sql`, `)}` : sql``},
        sum(requests)::bigint as requests, sum(success_count)::bigint as successes,
        sum(error_count + timeout_count)::bigint as errors, sum(aborted_count)::bigint as aborted,
        sum(tokens_in)::bigint as tokens_in, sum(tokens_out)::bigint as tokens_out, sum(tokens_cached)::bigint as tokens_cached,
        sum(cost)::text as cost, sum(credits)::bigint as credits,
        sum(latency_sum_ms)::float8 as latency_sum, sum(latency_count)::float8 as latency_count,
        sum(ttft_sum_ms)::float8 as ttft_sum, sum(ttft_count)::float8 as ttft_count
      from usage_daily where ${whereSql}
      group by ${sql.join(groupBy, sql`, `)}
      order by 1 nulls first ${
        dims.length
          ? sql`, ${sql.join(
              q.dimensions.map((_, i) => sql.raw(String(i + 2))),
              sql`, `,
            )}`
          : sql``
      }
      limit ${q.limit}`),
  );

  const histograms = new Map<string, { latency: number[]; ttft: number[] }>();
  if (needsHistograms) {
    const h = rowsOf<Record<string, unknown>>(
      await db.execute(sql`
        select ${bucket} as bucket ${dims.length ? sql`, ${sql.join(dims, sql`, `)}` : sql``}, t.i::int as i,
          sum(t.l)::bigint as l, sum(t.f)::bigint as f
        from usage_daily, unnest(latency_histogram, ttft_histogram) with ordinality as t(l, f, i)
        where ${whereSql}
        group by ${sql.join(groupBy, sql`, `)}, t.i`),
    );
    for (const r of h) {
      const key = groupKey(r, q.dimensions);
      const entry = histograms.get(key) ?? {
        latency: new Array(LATENCY_BUCKETS_MS.length + 1).fill(0),
        ttft: new Array(LATENCY_BUCKETS_MS.length + 1).fill(0),
      };
      const i = Number(r.i) - 1;
      entry.latency[i] = Number(r.l);
      entry.ttft[i] = Number(r.f);
      histograms.set(key, entry);
    }
  }

  return rows.map((r) => {
    const requests = Number(r.requests);
    const successes = Number(r.successes);
    const errors = Number(r.errors);
    const hist = histograms.get(groupKey(r, q.dimensions));
    const all: Record<Metric, number | string | null> = {
      requests,
      successes,
      errors,
      successRate: requests ? successes / requests : null,
      errorRate: requests ? errors / requests : null,
      tokensIn: Number(r.tokens_in),
      tokensOut: Number(r.tokens_out),
      tokensCached: Number(r.tokens_cached),
      cost: normalizeUsd(String(r.cost ?? "0")),
      credits: Number(r.credits),
      avgLatencyMs: Number(r.latency_count)
        ? Math.round(Number(r.latency_sum) / Number(r.latency_count))
        : null,
      p50LatencyMs: hist ? percentileFromHistogram(hist.latency, 50) : null,
      p95LatencyMs: hist ? percentileFromHistogram(hist.latency, 95) : null,
      avgTtftMs: Number(r.ttft_count) ? Math.round(Number(r.ttft_sum) / Number(r.ttft_count)) : null,
      p95TtftMs: hist ? percentileFromHistogram(hist.ttft, 95) : null,
    };
    const out: AnalyticsRow = { bucket: (r.bucket as string | null) ?? null };
    for (const d of q.dimensions) out[d] = (r[d] as string | null) ?? null;
    for (const m of q.metrics) out[m] = all[m];
    return out;
  });
}

function groupKey(r: Record<string, unknown>, dims: readonly Dimension[]): string {
  return [r.bucket ?? "", ...dims.map((d) => r[d] ?? "")].join("|");
}

/** numeric sums come back with varying scale; keep six decimals like every money value. */
function normalizeUsd(v: string): string {
  const n = v.includes(".") ? v : `${v}.0`;
  const [whole, frac = ""] = n.split(".");
  return `${whole}.${frac.padEnd(6, "0").slice(0, 6)}`;
}
