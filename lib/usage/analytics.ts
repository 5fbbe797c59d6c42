import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rowsOf } from "@/db/client";
import {
  ALL_HISTOGRAM_COLUMNS,
  LATENCY_BUCKETS_MS,
  LATENCY_HISTOGRAM_SLOTS,
  PACKED_COLUMNS,
  packedSql,
  USAGE_REQUEST_TYPES,
} from "@/db/schema";
import { formatMicroUsd } from "@/lib/ai/pricing";
import { AppError, parseInput } from "@/lib/errors";
import { isTimeZone } from "@/lib/time-zones";

/**
 * The one analytics query shape: every usage chart and table is a `{metrics, dimensions,
 * granularity, from, to, timezone, filters}` compiled to SQL here, over the rollups (usage_daily,
 * the hour × provider × model grains and their day grains) — never a hand-written query per chart.
 * The scope (one user, or admin) is a required argument, not a filter a caller could forget.
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

export const analyticsQuery = z
  .object({
    metrics: z.array(z.enum(METRICS)).min(1, "Choose at least one metric.").max(METRICS.length),
    dimensions: z.array(z.enum(DIMENSIONS)).max(2, "Break down by at most two dimensions.").default([]),
    granularity: z.enum(GRANULARITIES).default("day"),
    from: z.coerce.date({ error: "from must be a date" }),
    to: z.coerce.date({ error: "to must be a date" }),
    timezone: z.string().refine(isTimeZone, "Unknown time zone.").default("UTC"),
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
export function percentileFromHistogram(counts: ArrayLike<number>, p: number): number | null {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] ?? 0;
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
 * Groups of rollup rows (a query's answer, or a roll-up of it), column by column: each group's
 * bucket and dimension values; its additive values in one Float64Array, `stride` per group at the
 * V offsets (counts and sums, then histogram slots when the stride is W; whole numbers); and its
 * cost in exact micro-dollars.
 * Groups merge exactly by adding their values. No object per group: a dashboard's cube holds a
 * thousand groups and rolls them up several times, and per-group objects and arrays made the
 * garbage collector the largest cost of the page.
 */
type Groups = {
  size: number;
  stride: typeof W | typeof COUNTERS;
  bucket: (string | null)[];
  dims: Partial<Record<Dimension, (string | null)[]>>;
  values: Float64Array;
  cost: BigInt64Array;
};
const V = {
  requests: 0,
  successes: 1,
  errors: 2,
  tokensIn: 3,
  tokensOut: 4,
  tokensCached: 5,
  credits: 6,
  latencySum: 7,
  latencyCount: 8,
  ttftSum: 9,
  ttftCount: 10,
  latencyHistogram: 11,
  ttftHistogram: 11 + LATENCY_HISTOGRAM_SLOTS,
} as const;
/** Values per group: the counters, then both histograms. */
const COUNTERS = 11;
const W = COUNTERS + 2 * LATENCY_HISTOGRAM_SLOTS;

function newGroups(size: number, dimensions: readonly Dimension[], stride: Groups["stride"] = W): Groups {
  const dims: Groups["dims"] = {};
  for (const d of dimensions) dims[d] = new Array<string | null>(size).fill(null);
  return {
    size,
    stride,
    bucket: new Array<string | null>(size).fill(null),
    dims,
    values: new Float64Array(size * stride),
    cost: new BigInt64Array(size),
  };
}

const METRICS_NEEDING_HISTOGRAMS: readonly Metric[] = ["p50LatencyMs", "p95LatencyMs", "p95TtftMs"];
export type Grain = "models" | "userModels" | "all" | "perUser" | "user";

/** The rollup table and the user_id restriction of each grain (a user's own is added in queryGroups). */
const GRAIN_SOURCE: Record<Grain, { table: string; where: string | null }> = {
  models: { table: "usage_hourly_models", where: null },
  userModels: { table: "usage_hourly_user_models", where: null },
  all: { table: "usage_daily", where: "user_id is null" },
  perUser: { table: "usage_daily", where: "user_id is not null" },
  user: { table: "usage_daily", where: null },
};

/** Dimensions and filters the coarse grains keep: time, provider and model (and user, per user). */
const MODEL_KEYS = new Set<string>(["provider", "model", "providerId", "modelId"]);
const USER_MODEL_KEYS = new Set<string>([...MODEL_KEYS, "user", "userId"]);

/**
 * Which rollup grain answers a query: the smallest that keeps every dimension and filter it uses.
 * - A user: usage_hourly_user_models (user × hour × provider × model) when the query only breaks
 *   down and filters by provider and model; else their rows of usage_daily's per-user grain.
 * - An admin: usage_hourly_models (hour × provider × model) for provider and model only;
 *   usage_hourly_user_models when the user is broken down or filtered on too; else usage_daily's
 *   all-users grain (user_id NULL), unless the query needs the user or API key, which only the
 *   per-user grain has.
 * All grains are built from the same records in the same transaction, so every choice gives the
 * same sums.
 */
export function grainOf(
  scope: AnalyticsScope,
  q: Pick<z.output<typeof analyticsQuery>, "dimensions" | "filters">,
): Grain {
  const keys = [
    ...q.dimensions,
    ...Object.entries(q.filters)
      .filter(([k, v]) => v !== undefined && !(scope.kind === "user" && k === "userId"))
      .map(([k]) => k),
  ];
  if (scope.kind === "user") return keys.every((k) => MODEL_KEYS.has(k)) ? "userModels" : "user";
  if (keys.every((k) => MODEL_KEYS.has(k))) return "models";
  if (keys.every((k) => USER_MODEL_KEYS.has(k))) return "userModels";
  const perUser =
    q.dimensions.includes("user") ||
    q.dimensions.includes("apiKey") ||
    !!q.filters.userId ||
    !!q.filters.apiKeyId;
  return perUser ? "perUser" : "all";
}

/**
 * `grain: "fine"` makes a query that a coarse grain (usage_hourly_models, usage_hourly_user_models)
 * could answer read usage_daily instead (tests and benches compare the two; the app never sets it).
 */
export type GrainOption = { grain?: "fine" };

/** The usage_daily grain that answers what a coarse grain would (a user scope adds its user_id). */
const FINE_GRAIN: Record<Grain, Grain> = {
  models: "all",
  userModels: "perUser",
  all: "all",
  perUser: "perUser",
  user: "user",
};

/**
 * The day grains of the coarse grains, for queries over days, weeks, months or the whole range (see
 * dayPlanSource): UTC days for all users; for one user, days in their own zone.
 */
const DAY_SOURCE: Partial<Record<Grain, { day: string; hour: string }>> = {
  models: { day: "usage_day_models", hour: "usage_hourly_models" },
  userModels: { day: "usage_day_user_models", hour: "usage_hourly_user_models" },
};

/** The counters of PACKED_COLUMNS (before the histogram slots, which are read only when asked for). */
const COUNTER_COLUMNS = PACKED_COLUMNS.slice(0, PACKED_COLUMNS.length - ALL_HISTOGRAM_COLUMNS.length);
const HOUR_MS = 3_600_000;
const BUCKET_FORMAT = `'YYYY-MM-DD"T"HH24:MI:SS'`;

/**
 * The signed rows that make up a query over days (or weeks, months, or the whole range) from a day
 * grain, whose days are UTC days (all users) or the user's own (one user; `zone` reads it). Each
 * bucket's hours are whole days plus or minus a few hours: for every day a bucket covers part of,
 * when it covers more than half of its hours the day row counts (sign +1) and the hours it does not
 * cover count -1; otherwise the hours it covers count +1. A user's own 30-day dashboard is then one
 * day row per day and model (plus the hours of the range's first, partial day); Europe/Berlin's days
 * read from UTC days are one day row and two hour rows each, instead of 24 hour rows.
 *
 * The plan (which day or hour counts for which bucket, with which sign) is computed by Postgres from
 * its own zone rules (the `span`/`parts`/`terms` CTEs), so buckets are exactly `date_trunc(granularity,
 * bucket_start at time zone tz)` of the hours in range, as on the hourly grains. A day row always
 * equals the sum of its hour rows, so every sum is exact; buckets whose rows cancel out (usage only
 * in the hours given back) have 0 requests, and are dropped by groupsOf.
 */
function dayPlanSource(
  tables: { day: string; hour: string },
  zone: SQL,
  q: z.output<typeof analyticsQuery>,
  filters: SQL[],
  columns: { dims: string[]; additive: readonly string[] },
): SQL {
  const h0 = Math.ceil(q.from.getTime() / HOUR_MS) * HOUR_MS;
  const h1 = Math.max(h0, Math.ceil(q.to.getTime() / HOUR_MS) * HOUR_MS);
  const iso = (ms: number) => new Date(ms).toISOString();
  const bucket =
    q.granularity === "none"
      ? sql`null::timestamp`
      : sql`date_trunc(${lit(q.granularity)}, h at time zone ${lit(q.timezone)})`;
  const label = (b: string) => sql.raw(`to_char(${b}, ${BUCKET_FORMAT})`);
  // A row's measures travel as one text of comma-separated integers (PACKED_COLUMNS order, the
  // cost in micro-dollars): the driver turns each column into a value and every row into an object,
  // which cost more than the query itself when each measure and histogram slot was a column. Day
  // rows keep theirs ready (the generated `packed` column); hour rows are packed here, signed.
  const dims = columns.dims.map((c) => `x.${c}, `).join("");
  const dayRow = sql.raw(`${dims}x.packed as v`);
  const hourRow = sql.raw(`${dims}${packedSql(columns.additive, (c) => `m.sign * x.${c}`)} as v`);
  const where = filters.length ? sql` and ${sql.join(filters, sql` and `)}` : sql``;
  // The span reaches 26 hours beyond the range on both sides, so every day an hour in range falls
  // on (at most 25 hours long) lies wholly inside it and `sizes` counts all its hours. Buckets are
  // formatted per term, not per hour.
  return sql`
    with span as materialized (
      select h, h >= ${lit(iso(h0))}::timestamptz and h < ${lit(iso(h1))}::timestamptz as inr, ${bucket} as b,
        (h at time zone z.zone)::date as d
      from generate_series(${lit(iso(h0 - 26 * HOUR_MS))}::timestamptz, ${lit(iso(h1 + 25 * HOUR_MS))}::timestamptz, interval '1 hour') h,
        (select ${zone} as zone) z
    ),
    sizes as (select d, count(*) as size from span group by d),
    parts as (
      select s.d, s.b, count(*) as k, min(z.size) as size from span s join sizes z on z.d = s.d where s.inr group by s.d, s.b
    ),
    terms as materialized (
      select null::timestamptz as t, p.d as day, ${label("p.b")} as b, 1 as sign from parts p where p.k * 2 > p.size
      union all
      select s.h, null::date, ${label("s.b")}, 1 from span s join parts p on p.d = s.d and p.b is not distinct from s.b
      where s.inr and p.k * 2 <= p.size
      union all
      select s.h, null::date, ${label("p.b")}, -1 from span s join parts p on p.d = s.d
      where p.k * 2 > p.size and p.k < p.size and not (s.inr and s.b is not distinct from p.b)
    )
    select m.b as bucket, ${dayRow} from ${sql.raw(tables.day)} x join terms m on m.day = x.day
    where x.day = any(array(select day from terms where day is not null))${where}
    union all
    select m.b, ${hourRow} from ${sql.raw(tables.hour)} x join terms m on m.t = x.bucket_start
    where x.bucket_start = any(array(select t from terms where t is not null))${where}`;
}

/** The day grain and zone that can answer a query, if any (hour buckets never; all users' rows by user never). */
function daySourceOf(
  grain: Grain,
  scope: AnalyticsScope,
  q: z.output<typeof analyticsQuery>,
): { tables: { day: string; hour: string }; zone: SQL } | null {
  const tables = DAY_SOURCE[grain];
  if (!tables || q.granularity === "hour") return null;
  if (grain === "models") return { tables, zone: sql`'UTC'` };
  // One user's rows are in their zone; several users' rows in several zones.
  const userId = scope.kind === "user" ? scope.userId : q.filters.userId;
  if (!userId) return null;
  return {
    tables,
    zone: sql`coalesce((select usage_day_zone(timezone) from users where id = ${lit(userId)}::uuid), 'UTC')`,
  };
}

/**
 * Adds one packed row (PACKED_COLUMNS, or only their counters: whole numbers, the cost in
 * micro-dollars, comma-separated) to group g, parsing it in place (no string per value).
 */
function addPacked(text: string, into: Groups, g: number): void {
  const values = into.values;
  const base = g * into.stride;
  // Groups without histograms take the counters only (the rows may carry the slots too).
  const fields = into.stride === W ? PACKED_SLOTS.length : COUNTER_COLUMNS.length;
  let field = 0;
  let value = 0;
  let negative = false;
  let start = 0;
  for (let i = 0; i <= text.length && field < fields; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 44;
    if (c === 45) negative = true;
    else if (c !== 44) value = value * 10 + (c - 48);
    else {
      const v = negative ? -value : value;
      const slot = PACKED_SLOTS[field] as number;
      if (slot === COST_SLOT)
        // Micro-dollars beyond 2^53 (nine billion dollars in one row) are re-read exactly.
        into.cost[g] =
          (into.cost[g] ?? 0n) + (Number.isSafeInteger(v) ? BigInt(v) : BigInt(text.slice(start, i)));
      else values[base + slot] = (values[base + slot] ?? 0) + v;
      field++;
      value = 0;
      negative = false;
      start = i + 1;
    }
  }
}

/** Where each of PACKED_COLUMNS goes in a group: a V offset, or the cost. */
const COST_SLOT = -1;
const PACKED_SLOTS: readonly number[] = PACKED_COLUMNS.map((column) => {
  const histogramSlot = ALL_HISTOGRAM_COLUMNS.indexOf(column);
  if (histogramSlot >= 0) return V.latencyHistogram + histogramSlot;
  const slot = {
    requests: V.requests,
    success_count: V.successes,
    // Errors and timeouts both count as errors.
    error_count: V.errors,
    timeout_count: V.errors,
    tokens_in: V.tokensIn,
    tokens_out: V.tokensOut,
    tokens_cached: V.tokensCached,
    cost: COST_SLOT,
    credits: V.credits,
    latency_sum_ms: V.latencySum,
    latency_count: V.latencyCount,
    ttft_sum_ms: V.ttftSum,
    ttft_count: V.ttftCount,
  }[column];
  if (slot === undefined) throw new Error(`no group slot for ${column}`);
  return slot;
});

/**
 * Builds the groups of a query from its rows (bucket, dimension columns, packed values), adding
 * rows with the same keys (the day path's day rows and hour corrections), dropping groups left
 * without requests, in the SQL order (bucket nulls first, dimensions nulls last, by code point).
 */
function groupsOf(
  rows: Record<string, unknown>[],
  q: z.output<typeof analyticsQuery>,
  dimColumn: (d: Dimension) => string,
  opts: { merge: boolean; limit: number | null; histograms: boolean },
): Groups {
  const all = newGroups(rows.length, q.dimensions, opts.histograms ? W : COUNTERS);
  const index = new Map<string, number>();
  let size = 0;
  for (const r of rows) {
    const bucket = (r.bucket as string | null) ?? null;
    let g = size;
    if (opts.merge) {
      let key = bucket ?? "\0";
      for (const d of q.dimensions) key += `\u0001${(r[dimColumn(d)] as string | null) ?? "\0"}`;
      const known = index.get(key);
      if (known === undefined) index.set(key, size);
      else g = known;
    }
    if (g === size) {
      all.bucket[g] = bucket;
      for (const d of q.dimensions)
        (all.dims[d] as (string | null)[])[g] = (r[dimColumn(d)] as string | null) ?? null;
      size++;
    }
    addPacked(r.v as string, all, g);
  }
  const order: number[] = [];
  for (let g = 0; g < size; g++) if (all.values[g * all.stride + V.requests] !== 0) order.push(g);
  if (opts.merge) order.sort(keyOrder(all, q.dimensions));
  return pick(all, q.dimensions, opts.limit === null ? order : order.slice(0, opts.limit));
}

/** The groups at `order`, in that order. */
function pick(from: Groups, dimensions: readonly Dimension[], order: readonly number[]): Groups {
  const out = newGroups(order.length, dimensions, from.stride);
  const stride = from.stride;
  for (let i = 0; i < order.length; i++) {
    const g = order[i] as number;
    out.bucket[i] = from.bucket[g] ?? null;
    for (const d of dimensions) (out.dims[d] as (string | null)[])[i] = from.dims[d]?.[g] ?? null;
    out.values.set(from.values.subarray(g * stride, g * stride + stride), i * stride);
    out.cost[i] = from.cost[g] ?? 0n;
  }
  return out;
}

/**
 * A database error saying PostgreSQL does not know a zone name, as the caller's validation error naming the
 * field (validation accepts what the runtime knows, and the two zone databases can differ).
 */
export function unknownZoneError(err: unknown): AppError | null {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === "22023" && typeof message === "string" && /time zone .* not recognized/.test(message))
      return new AppError("validation_failed", "timezone: Unknown time zone.", { field: "timezone" });
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * A validated value (an ISO time, a zone or granularity name, a uuid, a request type) as an SQL
 * literal. Analytics statements carry no parameters: a statement with parameters costs the driver
 * an extra round trip (it asks the server for their types before sending them), a fifth of a
 * user's dashboard. Only characters such values have are let through, so no quoting is needed.
 */
function lit(value: string): SQL {
  if (!/^[A-Za-z0-9_+\-/:. ]*$/.test(value)) throw new Error(`not a plain analytics value: ${value}`);
  return sql.raw(`'${value}'`);
}

async function select(db: Db, query: SQL): Promise<Record<string, unknown>[]> {
  try {
    return rowsOf<Record<string, unknown>>(await db.execute(query));
  } catch (err) {
    throw unknownZoneError(err) ?? err;
  }
}

/**
 * The rollup rows of a query, summed per bucket and dimension values, ordered by bucket then
 * dimensions, from the grain grainOf picks (over days, weeks and months, its day grain when it has
 * one).
 */
async function queryGroups(
  db: Db,
  scope: AnalyticsScope,
  q: z.output<typeof analyticsQuery>,
  opts: { histograms: boolean; limit: number | null } & GrainOption,
): Promise<Groups> {
  let grain = grainOf(scope, q);
  if (opts.grain === "fine") grain = FINE_GRAIN[grain];
  const source = GRAIN_SOURCE[grain];
  const filters: SQL[] = [];
  if (scope.kind === "user") filters.push(sql`user_id = ${lit(scope.userId)}::uuid`);
  else if (source.where) filters.push(sql.raw(source.where));
  for (const [key, value] of Object.entries(q.filters)) {
    if (value === undefined) continue;
    if (scope.kind === "user" && key === "userId") continue;
    filters.push(sql`${sql.raw(FILTER_COLUMN[key] as string)} = ${lit(value)}`);
  }
  const additive = opts.histograms ? PACKED_COLUMNS : COUNTER_COLUMNS;
  const days = daySourceOf(grain, scope, q);
  if (days) {
    // Day rows and their hour corrections, added up here: one row per day and model is what the
    // rollups hold already, so an SQL aggregate would only repeat the work.
    const rows = await select(
      db,
      dayPlanSource(days.tables, days.zone, q, filters, {
        dims: q.dimensions.map((d) => DIM_COLUMN[d]),
        additive,
      }),
    );
    return groupsOf(rows, q, (d) => DIM_COLUMN[d], {
      merge: true,
      limit: opts.limit,
      histograms: opts.histograms,
    });
  }
  const where = [
    sql`bucket_start >= ${lit(q.from.toISOString())}::timestamptz`,
    sql`bucket_start < ${lit(q.to.toISOString())}::timestamptz`,
    ...filters,
  ];
  // Grouped on the truncated timestamp; formatted once per group, not once per rollup row.
  const bucket =
    q.granularity === "none"
      ? sql`null::timestamp`
      : sql`date_trunc(${lit(q.granularity)}, bucket_start at time zone ${lit(q.timezone)})`;
  // Grouped on the raw columns (uuid compares faster than text), cast to text once per group.
  const dims = q.dimensions.map((d) => sql`${sql.raw(DIM_COLUMN[d])} as ${sql.identifier(d)}`);
  const dimNames = q.dimensions.map((d) => sql.identifier(d));
  const dimTexts = q.dimensions.map((d) => sql`${sql.identifier(d)}::text as ${sql.identifier(d)}`);
  const groupBy = [sql`1`, ...q.dimensions.map((_, i) => sql.raw(String(i + 2)))];
  const rows = await select(
    db,
    sql`
      select to_char(b, ${sql.raw(BUCKET_FORMAT)}) as bucket ${dimTexts.length ? sql`, ${sql.join(dimTexts, sql`, `)}` : sql``}, v
      from (
        select ${bucket} as b ${dims.length ? sql`, ${sql.join(dims, sql`, `)}` : sql``},
          ${sql.raw(packedSql(additive, (c) => `sum(${c})`))} as v
        from ${sql.raw(source.table)} where ${sql.join(where, sql` and `)}
        group by ${sql.join(groupBy, sql`, `)}
      ) s
      order by b nulls first ${dimNames.length ? sql`, ${sql.join(dimNames, sql`, `)}` : sql``}
      ${opts.limit === null ? sql`` : sql.raw(`limit ${Math.trunc(opts.limit)}`)}`,
  );
  return groupsOf(rows, q, (d) => d, { merge: false, limit: null, histograms: opts.histograms });
}

// The per-group helpers below create no closures: a dashboard re-aggregates thousands of groups,
// and a function allocated per group or per comparison (worse under tsx's keepNames, which renames
// each one) cost more than the arithmetic.

function metricOf(t: Groups, g: number, m: Metric): number | string | null {
  const v = t.values;
  const o = g * t.stride;
  const requests = v[o + V.requests] as number;
  switch (m) {
    case "requests":
      return requests;
    case "successes":
      return v[o + V.successes] as number;
    case "errors":
      return v[o + V.errors] as number;
    case "successRate":
      return requests ? (v[o + V.successes] as number) / requests : null;
    case "errorRate":
      return requests ? (v[o + V.errors] as number) / requests : null;
    case "tokensIn":
      return v[o + V.tokensIn] as number;
    case "tokensOut":
      return v[o + V.tokensOut] as number;
    case "tokensCached":
      return v[o + V.tokensCached] as number;
    case "cost":
      return formatMicroUsd(t.cost[g] ?? 0n);
    case "credits":
      return v[o + V.credits] as number;
    case "avgLatencyMs": {
      const n = v[o + V.latencyCount] as number;
      return n ? Math.round((v[o + V.latencySum] as number) / n) : null;
    }
    case "p50LatencyMs":
      return percentileFromHistogram(histogram(t, g, V.latencyHistogram), 50);
    case "p95LatencyMs":
      return percentileFromHistogram(histogram(t, g, V.latencyHistogram), 95);
    case "avgTtftMs": {
      const n = v[o + V.ttftCount] as number;
      return n ? Math.round((v[o + V.ttftSum] as number) / n) : null;
    }
    case "p95TtftMs":
      return percentileFromHistogram(histogram(t, g, V.ttftHistogram), 95);
  }
}

function histogram(t: Groups, g: number, at: number): Float64Array {
  if (t.stride !== W) throw new Error("these groups were summed without histograms");
  return t.values.subarray(g * W + at, g * W + at + LATENCY_HISTOGRAM_SLOTS);
}

function rowOf(
  t: Groups,
  g: number,
  dimensions: readonly Dimension[],
  metrics: readonly Metric[],
): AnalyticsRow {
  const out: AnalyticsRow = { bucket: t.bucket[g] ?? null };
  for (const d of dimensions) out[d] = t.dims[d]?.[g] ?? null;
  for (const m of metrics) out[m] = metricOf(t, g, m);
  return out;
}

function rowsOfGroups(
  t: Groups,
  dimensions: readonly Dimension[],
  metrics: readonly Metric[],
): AnalyticsRow[] {
  const out: AnalyticsRow[] = [];
  for (let g = 0; g < t.size; g++) out.push(rowOf(t, g, dimensions, metrics));
  return out;
}

/** Runs one query. */
export async function runAnalytics(
  db: Db,
  scope: AnalyticsScope,
  input: AnalyticsQuery,
  options: GrainOption = {},
): Promise<AnalyticsRow[]> {
  const q = parseInput(analyticsQuery, input);
  const groups = await queryGroups(db, scope, q, {
    histograms: q.metrics.some((m) => METRICS_NEEDING_HISTOGRAMS.includes(m)),
    limit: q.limit,
    ...options,
  });
  return rowsOfGroups(groups, q.dimensions, q.metrics);
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
  ): readonly AnalyticsRow[];
};

export async function analyticsCube(
  db: Db,
  scope: AnalyticsScope,
  input: Omit<AnalyticsQuery, "metrics" | "limit">,
  options: GrainOption = {},
): Promise<AnalyticsCube> {
  const q = parseInput(analyticsQuery, { ...input, metrics: ["requests"] });
  const cells = await queryGroups(db, scope, q, { histograms: true, limit: null, ...options });
  // A dashboard asks for some roll-ups twice (its table's ids, then its table): computed once.
  const done = new Map<string, AnalyticsRow[]>();
  // Each cell's bucket and dimension values as their rank in the output order (bucket nulls first,
  // dimensions nulls last, by code point), so that a group key is one number and groups sort as
  // numbers.
  const bucketRanks = ranksOf(cells.bucket, true);
  // Costs are added as doubles when that is exact: every cell's cost is a whole, non-negative
  // number of micro-dollars, so while their total is below 2^53 so is every partial sum (BigInt
  // additions allocate, and a roll-up makes one per cell).
  let costTotal = 0n;
  for (let i = 0; i < cells.size; i++) costTotal += cells.cost[i] as bigint;
  const floatCosts =
    costTotal <= BigInt(Number.MAX_SAFE_INTEGER) ? Float64Array.from(cells.cost, (c) => Number(c)) : null;
  const dimRanks = q.dimensions.map((d) => ranksOf(cells.dims[d] ?? [], false));
  return {
    dimensions: q.dimensions,
    rows(keys, metrics, limit = 5_000) {
      for (const d of keys.dimensions)
        if (!q.dimensions.includes(d)) throw new Error(`the cube has no ${d} dimension`);
      const memo = `${keys.bucket}\u0001${keys.dimensions.join(",")}\u0001${metrics.join(",")}\u0001${limit}`;
      const known = done.get(memo);
      if (known) return known;
      const parts = [
        ...(keys.bucket ? [bucketRanks] : []),
        ...keys.dimensions.map((d) => dimRanks[q.dimensions.indexOf(d)] as Ranks),
      ];
      if (!Number.isSafeInteger(parts.reduce((n, p) => n * p.size, 1)))
        throw new Error("too many distinct values to roll the cube up");
      // Which group each cell goes to, and each group's first cell and key.
      const groupOf = new Int32Array(cells.size);
      const index = new Map<number, number>();
      const keysOf: number[] = [];
      const firstCell: number[] = [];
      for (let i = 0; i < cells.size; i++) {
        let key = 0;
        for (const p of parts) key = key * p.size + (p.rank[i] as number);
        let g = index.get(key);
        if (g === undefined) {
          g = keysOf.length;
          index.set(key, g);
          keysOf.push(key);
          firstCell.push(i);
        }
        groupOf[i] = g;
      }
      // Histograms are summed only for the roll-ups that show a percentile.
      const width = metrics.some((m) => METRICS_NEEDING_HISTOGRAMS.includes(m)) ? W : COUNTERS;
      const groups = newGroups(keysOf.length, keys.dimensions, width);
      const from = cells.values;
      const into = groups.values;
      const costs = floatCosts ? new Float64Array(groups.size) : null;
      for (let i = 0; i < cells.size; i++) {
        const g = groupOf[i] as number;
        const a = i * cells.stride;
        const b = g * width;
        for (let k = 0; k < width; k++) into[b + k] = (into[b + k] as number) + (from[a + k] as number);
        if (costs && floatCosts) costs[g] = (costs[g] as number) + (floatCosts[i] as number);
        else groups.cost[g] = (groups.cost[g] as bigint) + (cells.cost[i] as bigint);
      }
      if (costs) for (let g = 0; g < groups.size; g++) groups.cost[g] = BigInt(costs[g] as number);
      for (let g = 0; g < groups.size; g++) {
        const i = firstCell[g] as number;
        if (keys.bucket) groups.bucket[g] = cells.bucket[i] ?? null;
        for (const d of keys.dimensions)
          (groups.dims[d] as (string | null)[])[g] = cells.dims[d]?.[i] ?? null;
      }
      const order = keysOf.map((_, g) => g);
      order.sort((x, y) => (keysOf[x] as number) - (keysOf[y] as number));
      const out: AnalyticsRow[] = [];
      for (const g of order.slice(0, limit)) out.push(rowOf(groups, g, keys.dimensions, metrics));
      done.set(memo, out);
      return out;
    },
  };
}

/** One column's value rank per cell, and how many distinct values it has. */
type Ranks = { rank: Int32Array; size: number };

function ranksOf(values: readonly (string | null)[], nullsFirst: boolean): Ranks {
  const distinct = [...new Set(values)];
  distinct.sort((x, y) => byText(x, y, nullsFirst));
  const rankOf = new Map(distinct.map((v, i) => [v, i]));
  const rank = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) rank[i] = rankOf.get(values[i] ?? null) as number;
  return { rank, size: Math.max(1, distinct.length) };
}

/** Text order with NULL first or last, by code point (C collation). */
function byText(x: string | null, y: string | null, nullsFirst: boolean): number {
  if (x === y) return 0;
  if (x === null) return nullsFirst ? -1 : 1;
  if (y === null) return nullsFirst ? 1 : -1;
  return x < y ? -1 : 1;
}

/** The SQL order of groups: bucket (nulls first), then each dimension (nulls last). */
function keyOrder(t: Groups, dimensions: readonly Dimension[]): (a: number, b: number) => number {
  return (a, b) => {
    let c = byText(t.bucket[a] ?? null, t.bucket[b] ?? null, true);
    for (let i = 0; c === 0 && i < dimensions.length; i++) {
      const column = t.dims[dimensions[i] as Dimension] as (string | null)[];
      c = byText(column[a] ?? null, column[b] ?? null, false);
    }
    return c;
  };
}
