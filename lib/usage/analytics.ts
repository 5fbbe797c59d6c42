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

const MAX_DAYS = 400;

export const analyticsQuery = z
  .object({
    metrics: z.array(z.enum(METRICS)).min(1, "Choose at least one metric.").max(METRICS.length),
    dimensions: z
      .array(z.enum(DIMENSIONS))
      .max(2, "Break down by at most two dimensions.")
      .refine((ds) => new Set(ds).size === ds.length, "Break down by each dimension once.")
      .default([]),
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
  .refine((q) => q.to.getTime() - q.from.getTime() <= MAX_DAYS * 86_400_000, {
    message: `Query at most ${MAX_DAYS} days at once.`,
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
 * Groups of rollup rows (a query's answer, or a roll-up of it), column by column. Each key column
 * (the bucket, each dimension) holds its distinct values once, their rank in the output order, and
 * each group's value as an index into them. The additive values are in one Float64Array, `stride`
 * per group at the V offsets (counts and sums, then histogram slots when the stride is W; whole
 * numbers); the cost in exact micro-dollars: as doubles while the magnitudes of everything added
 * stay below 2^53 (so every partial sum is exact), else as BigInts in `bigCost`.
 * Groups merge exactly by adding their values. No object, string or BigInt per group: a dashboard's
 * cube holds a thousand groups and rolls them up several times, and the collector's pauses for
 * that garbage were the slowest part of the page.
 */
type KeyColumn = {
  dict: (string | null)[];
  /** Each distinct value's rank in the output order: bucket nulls first, dimensions nulls last, by code point. */
  rank: Int32Array;
  code: Int32Array;
};
type Groups = {
  size: number;
  stride: typeof W | typeof COUNTERS;
  bucket: KeyColumn;
  dims: Partial<Record<Dimension, KeyColumn>>;
  values: Float64Array;
  cost: Float64Array;
  bigCost: BigInt64Array | null;
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

/**
 * `size` empty groups keyed like `like` (sharing its distinct values) by the given keys; without
 * the bucket, every group's bucket is null.
 */
function groupsLike(
  like: Groups,
  size: number,
  keys: { bucket: boolean; dimensions: readonly Dimension[] },
  stride: Groups["stride"],
): Groups {
  const column = (c: KeyColumn): KeyColumn => ({ dict: c.dict, rank: c.rank, code: new Int32Array(size) });
  const dims: Groups["dims"] = {};
  for (const d of keys.dimensions) dims[d] = column(like.dims[d] as KeyColumn);
  return {
    size,
    stride,
    bucket: keys.bucket
      ? column(like.bucket)
      : { dict: [null], rank: new Int32Array(1), code: new Int32Array(size) },
    dims,
    values: new Float64Array(size * stride),
    cost: new Float64Array(size),
    bigCost: like.bigCost ? new BigInt64Array(size) : null,
  };
}

/** A group's value of a key column. */
function valueAt(column: KeyColumn, g: number): string | null {
  return column.dict[column.code[g] as number] ?? null;
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
 * either the day row counts (sign +1) and the hours it does not cover count -1, or the hours it
 * covers count +1. A user's own 30-day dashboard is then one
 * day row per day and model (plus the hours of the range's first, partial day); Europe/Berlin's days
 * read from UTC days are one day row and two hour rows each, instead of 24 hour rows.
 *
 * The plan (which day or hour counts for which bucket, with which sign) is computed by Postgres from
 * its own zone rules, so buckets are exactly `date_trunc(granularity, bucket_start at time zone tz)`
 * of the hours in range, as on the hourly grains. An hour belongs to the day its start falls on in
 * the day zone (the writer's rule), so a day's hours run from its first hour to the next day's
 * (Kolkata's day starts at 18:30 UTC: its first hour is 19:00 UTC; `firstHourOf`; this takes dates
 * to run forward, as they do in every zone that does not turn its clocks back from after a midnight
 * to before it — none does in the tz database's current rules). A day
 * wholly in range whose first and last hours fall in the same bucket counts whole (`days`); only the
 * others (the range's edge days, and days a bucket boundary cuts) are planned hour by hour (`hours`,
 * `parts`). Either way of reading a part of a day is exact; the plan picks the one reading fewer
 * hours that can hold usage, those started before now: today's part up to now is its day row (the
 * hours after now, given back, are empty). A day row always equals the sum of its hour rows, so
 * every sum is exact; buckets whose rows cancel out (usage only in the hours given back) have 0
 * requests, and are dropped by groupsOf.
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
  const first = sql`${lit(new Date(h0).toISOString())}::timestamptz`;
  const end = sql`${lit(new Date(h1).toISOString())}::timestamptz`;
  const last = sql`${lit(new Date(h1 - HOUR_MS).toISOString())}::timestamptz`;
  const bucketOf = (instant: SQL) =>
    q.granularity === "none"
      ? sql`null::timestamp`
      : sql`date_trunc(${lit(q.granularity)}, ${instant} at time zone ${lit(q.timezone)})`;
  /** An instant rounded up to a whole UTC hour (date_trunc on timestamptz would use the session's zone). */
  const hourUp = (instant: SQL) => sql`to_timestamp(ceil(extract(epoch from ${instant}) / 3600) * 3600)`;
  /**
   * The first hour on `day` by the writer's rule (the date its start falls on, `zone` in scope),
   * from `up`, the day's midnight rounded up to a whole hour: that hour or one of the two before.
   * Where clocks fall back across midnight (Azores, Havana: 01:00 back to 00:00), midnight happens
   * twice, PostgreSQL reads it as the later one, and the day starts at the earlier.
   */
  const firstHourOf = (day: SQL, up: SQL) => sql`(
    select min(h) from (values (${up} - interval '2 hours'), (${up} - interval '1 hour'), (${up})) v(h)
    where (h at time zone zone)::date >= ${day})`;
  const label = (b: string) => sql.raw(`to_char(${b}, ${BUCKET_FORMAT})`);
  // The limits are what any range allows (at most MAX_DAYS + 2 days, 25 hours a day): they are
  // there for the planner, which takes a generate_series over timestamps for 1,000 rows and then
  // sized its hash tables for millions of terms (10 ms of the statement).
  // A row's measures travel as one text of comma-separated integers (PACKED_COLUMNS order, the
  // cost in micro-dollars): the driver turns each column into a value and every row into an object,
  // which cost more than the query itself when each measure and histogram slot was a column. Day
  // rows keep theirs ready (the generated `packed` column); hour rows are packed here, signed.
  const dims = columns.dims.map((c) => `x.${c}, `).join("");
  const dayRow = sql.raw(`${dims}x.packed as v`);
  const hourRow = sql.raw(`${dims}${packedSql(columns.additive, (c) => `m.sign * x.${c}`)} as v`);
  const where = filters.length ? sql` and ${sql.join(filters, sql` and `)}` : sql``;
  return sql`
    with z as materialized (select ${zone} as zone),
    days as materialized (
      select d, hf, bf,
        hf >= ${first} and he <= ${end} and bf is not distinct from ${bucketOf(sql`(he - interval '1 hour')`)} as whole,
        he
      from (
        select d, hf, he, ${bucketOf(sql`hf`)} as bf
        from (
          select d, ${firstHourOf(sql`d`, sql`c0`)} as hf, ${firstHourOf(sql`d + 1`, sql`c1`)} as he
          from (
            select g::date as d, z.zone,
              ${hourUp(sql`(g::date::timestamp at time zone z.zone)`)} as c0,
              ${hourUp(sql`((g::date + 1)::timestamp at time zone z.zone)`)} as c1
            from z, generate_series((${first} at time zone z.zone)::date, (${last} at time zone z.zone)::date, interval '1 day') g
            limit ${sql.raw(String(MAX_DAYS + 2))}
          ) w
        ) x
      ) y
    ),
    hours as materialized (
      select s.d, h, h >= ${first} and h < ${end} as inr, h < now() as past, ${bucketOf(sql`h`)} as b
      from days s, lateral (
        select h from generate_series(s.hf, s.he - interval '1 hour', interval '1 hour') h limit 26
      ) l
      where not s.whole
    ),
    day_hours as (select d, count(*) as size, count(*) filter (where past) as past from hours group by d),
    parts as (
      select h.d, h.b, count(*) < min(y.size) as partial,
        count(*) filter (where h.past) * 2 > min(y.past) as via_day
      from hours h join day_hours y on y.d = h.d
      where h.inr group by h.d, h.b
    ),
    terms as materialized (
      select null::timestamptz as t, s.d as day, ${label("s.bf")} as b, 1 as sign from days s where s.whole
      union all
      select null, p.d, ${label("p.b")}, 1 from parts p where p.via_day
      union all
      select h.h, null::date, ${label("h.b")}, 1 from hours h join parts p on p.d = h.d and p.b is not distinct from h.b
      where h.inr and not p.via_day
      union all
      select h.h, null::date, ${label("p.b")}, -1 from hours h join parts p on p.d = h.d
      where p.via_day and p.partial and not (h.inr and h.b is not distinct from p.b)
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
 * Adds the packed values starting at text[from] (PACKED_COLUMNS, or only their counters: whole
 * numbers, the cost in micro-dollars, comma-separated, up to a newline or the end) to group g,
 * parsing them in place (no string per value). The cost goes to `cost` as a double; returns its magnitude, or Infinity when it is not
 * exact as a double (groupsOf then re-reads every cost as a BigInt).
 */
function addPacked(text: string, from: number, into: Groups, g: number): number {
  const values = into.values;
  const base = g * into.stride;
  // Groups without histograms take the counters only (the rows may carry the slots too).
  const fields = into.stride === W ? PACKED_SLOTS.length : COUNTER_COLUMNS.length;
  let magnitude = 0;
  let i = from;
  for (let field = 0; field < fields; field++) {
    // Digits, maybe after a minus, up to the comma, newline or end (charCodeAt gives NaN there).
    let c = text.charCodeAt(i);
    const negative = c === 45;
    if (negative) c = text.charCodeAt(++i);
    let value = 0;
    while (c >= 48) {
      value = value * 10 + (c - 48);
      c = text.charCodeAt(++i);
    }
    i++;
    const slot = PACKED_SLOTS[field] as number;
    if (slot === COST_SLOT) {
      into.cost[g] = (into.cost[g] as number) + (negative ? -value : value);
      magnitude = Number.isSafeInteger(value) ? value : Number.POSITIVE_INFINITY;
    } else values[base + slot] = (values[base + slot] as number) + (negative ? -value : value);
  }
  return magnitude;
}

/** The cost field of the packed values at text[from, to), as a BigInt. */
function packedCost(text: string, from: number, to: number): bigint {
  let start = from;
  for (let field = 0; field < COST_FIELD; field++) start = text.indexOf(",", start) + 1;
  const end = text.indexOf(",", start);
  return BigInt(text.slice(start, end < 0 || end > to ? to : end));
}

/** Where each of PACKED_COLUMNS goes in a group: a V offset, or the cost. */
const COST_SLOT = -1;
const COST_FIELD = PACKED_COLUMNS.indexOf("cost");
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

/** A statement's rows as one text (see linesOf): their number, and the lines. */
type Lines = { n: number; text: string };

/** Key codes below this combine into one small integer (three of them stay below 2^30, a V8 Smi). */
const SMALL_KEY_BASE = 1024;

/**
 * A key column's distinct values while lines are read, found by a hash of the field's characters
 * in an open-addressing table of codes + 1 (0: free): a field is compared where it lies in the
 * text, so only a value seen for the first time becomes a string.
 */
type Dictionary = { values: (string | null)[]; nullCode: number; table: Int32Array };

function newDictionary(): Dictionary {
  return { values: [], nullCode: -1, table: new Int32Array(64) };
}

function hashOf(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The code of the key field text[from, to) (empty: NULL) in a dictionary, added when new. */
function codeOf(dictionary: Dictionary, text: string, from: number, to: number): number {
  if (from === to) {
    if (dictionary.nullCode < 0) {
      dictionary.nullCode = dictionary.values.length;
      dictionary.values.push(null);
    }
    return dictionary.nullCode;
  }
  const { table, values } = dictionary;
  const mask = table.length - 1;
  for (let slot = hashOf(text, from, to) & mask; ; slot = (slot + 1) & mask) {
    const entry = table[slot] as number;
    if (entry === 0) break;
    const value = values[entry - 1] as string;
    if (value.length === to - from && text.startsWith(value, from)) return entry - 1;
  }
  const code = values.length;
  values.push(text.slice(from, to));
  // At most half full, so that a probe soon meets a free slot.
  if (2 * (code + 1) > table.length) {
    const grown = new Int32Array(table.length * 2);
    for (let c = 0; c < values.length; c++) {
      const value = values[c];
      if (value === null || value === undefined) continue;
      let slot = hashOf(value, 0, value.length) & (grown.length - 1);
      while (grown[slot] !== 0) slot = (slot + 1) & (grown.length - 1);
      grown[slot] = c + 1;
    }
    dictionary.table = grown;
  } else {
    let slot = hashOf(text, from, to) & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = code + 1;
  }
  return code;
}

/**
 * Builds the groups of a query from its lines (bucket | each dimension | packed values): adding
 * lines with the same keys when `merge` (the day path's day rows and hour corrections), dropping
 * groups left without requests, in the statement's order, or in output order (bucket nulls
 * first, dimensions nulls last, by code point) with `sort`, the first `limit` of them.
 */
function groupsOf(
  lines: Lines,
  dimensions: readonly Dimension[],
  opts: { merge: boolean; sort: boolean; limit: number | null; histograms: boolean },
): Groups {
  const { n, text } = lines;
  const keyCount = 1 + dimensions.length;
  const dictionaries: Dictionary[] = [];
  const columns: KeyColumn[] = [];
  for (let c = 0; c < keyCount; c++) {
    const dictionary = newDictionary();
    dictionaries.push(dictionary);
    columns.push({ dict: dictionary.values, rank: new Int32Array(0), code: new Int32Array(n) });
  }
  const dims: Groups["dims"] = {};
  dimensions.forEach((d, i) => {
    dims[d] = columns[i + 1];
  });
  const stride = opts.histograms ? W : COUNTERS;
  const all: Groups = {
    size: 0,
    stride,
    bucket: columns[0] as KeyColumn,
    dims,
    values: new Float64Array(n * stride),
    cost: new Float64Array(n),
    bigCost: null,
  };
  // Where each line's values start and which group it went to, should its cost be re-read.
  const valuesAt = new Int32Array(n);
  const lineEnd = new Int32Array(n);
  const groupOfLine = new Int32Array(n);
  // A line's key is its codes combined into a small integer (no allocation to hash it), or, when
  // one code is too large for that, their text in a map of its own.
  const smallIndex = new Map<number, number>();
  const largeIndex = new Map<string, number>();
  const lineCodes = new Int32Array(keyCount);
  let magnitude = 0;
  let pos = 0;
  for (let line = 0; line < n; line++) {
    let key = 0;
    let small = true;
    for (let c = 0; c < keyCount; c++) {
      const bar = text.indexOf("|", pos);
      const code = codeOf(dictionaries[c] as Dictionary, text, pos, bar);
      lineCodes[c] = code;
      key = key * SMALL_KEY_BASE + code;
      if (code >= SMALL_KEY_BASE) small = false;
      pos = bar + 1;
    }
    const newline = text.indexOf("\n", pos);
    const end = newline < 0 ? text.length : newline;
    let g = all.size;
    if (opts.merge) {
      const large = small ? "" : lineCodes.join(",");
      const known = small ? smallIndex.get(key) : largeIndex.get(large);
      if (known !== undefined) g = known;
      else if (small) smallIndex.set(key, g);
      else largeIndex.set(large, g);
    }
    if (g === all.size) {
      for (let c = 0; c < keyCount; c++) (columns[c] as KeyColumn).code[g] = lineCodes[c] as number;
      all.size++;
    }
    magnitude += addPacked(text, pos, all, g);
    valuesAt[line] = pos;
    lineEnd[line] = end;
    groupOfLine[line] = g;
    pos = end + 1;
  }
  if (!(magnitude <= Number.MAX_SAFE_INTEGER)) {
    // Beyond 2^53 micro-dollars (nine billion dollars) the costs are read again, exactly.
    const bigCost = new BigInt64Array(n);
    for (let line = 0; line < n; line++) {
      const g = groupOfLine[line] as number;
      bigCost[g] =
        (bigCost[g] as bigint) + packedCost(text, valuesAt[line] as number, lineEnd[line] as number);
    }
    all.bigCost = bigCost;
  }
  for (let c = 0; c < keyCount; c++) {
    const column = columns[c] as KeyColumn;
    column.rank = rankOf(column.dict, c === 0);
  }
  const order: number[] = [];
  for (let g = 0; g < all.size; g++) if (all.values[g * stride + V.requests] !== 0) order.push(g);
  if (opts.sort)
    order.sort((a, b) => {
      for (const column of columns) {
        const byRank =
          (column.rank[column.code[a] as number] as number) -
          (column.rank[column.code[b] as number] as number);
        if (byRank !== 0) return byRank;
      }
      return 0;
    });
  if (opts.limit !== null && order.length > opts.limit) order.length = opts.limit;
  if (order.length === all.size && order.every((g, i) => g === i)) return all;
  return pick(all, dimensions, order);
}

/** The groups at `order`, in that order. */
function pick(from: Groups, dimensions: readonly Dimension[], order: readonly number[]): Groups {
  const out = groupsLike(from, order.length, { bucket: true, dimensions }, from.stride);
  const stride = from.stride;
  for (let i = 0; i < order.length; i++) {
    const g = order[i] as number;
    out.bucket.code[i] = from.bucket.code[g] as number;
    for (const d of dimensions)
      (out.dims[d] as KeyColumn).code[i] = (from.dims[d] as KeyColumn).code[g] as number;
    out.values.set(from.values.subarray(g * stride, g * stride + stride), i * stride);
    out.cost[i] = from.cost[g] as number;
    if (out.bigCost && from.bigCost) out.bigCost[i] = from.bigCost[g] as bigint;
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

/**
 * A statement returning `inner`'s rows as one text, a line per row — its `fields` separated by "|",
 * NULL as an empty field (no bucket label, uuid, request type or packed value is empty or holds a
 * "|" or a newline), in `order` if given — and how many rows there are. One value instead of a
 * thousand rows: the driver made an object and a string per column of each row, and that garbage
 * made the collector pause for several milliseconds every few dashboards.
 */
function linesOf(inner: SQL, fields: readonly string[], order?: string): SQL {
  const line = fields.map((f) => `r."${f}"`).join(`, '|', `);
  return sql`select count(*)::int as n, string_agg(concat(${sql.raw(line)}), chr(10)${sql.raw(order ? ` order by ${order}` : "")}) as t from (${inner}) r`;
}

async function selectLines(db: Db, query: SQL): Promise<Lines> {
  try {
    const [row] = rowsOf<{ n: number | string; t: string | null }>(await db.execute(query));
    return { n: Number(row?.n ?? 0), text: row?.t ?? "" };
  } catch (err) {
    throw unknownZoneError(err) ?? err;
  }
}

/**
 * The rollup rows of a query, summed per bucket and dimension values, from the grain grainOf picks
 * (over days, weeks and months, its day grain when it has one); ordered by bucket then dimensions
 * when `ordered` (a cube rolls them up in its own order).
 */
async function queryGroups(
  db: Db,
  scope: AnalyticsScope,
  q: z.output<typeof analyticsQuery>,
  opts: { histograms: boolean; limit: number | null; ordered: boolean } & GrainOption,
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
    const dims = q.dimensions.map((d) => DIM_COLUMN[d]);
    const lines = await selectLines(
      db,
      linesOf(dayPlanSource(days.tables, days.zone, q, filters, { dims, additive }), [
        "bucket",
        ...dims,
        "v",
      ]),
    );
    return groupsOf(lines, q.dimensions, {
      merge: true,
      sort: opts.ordered,
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
  // The lines keep the statement's order (the limit's): its bucket labels sort as its timestamps.
  const lines = await selectLines(
    db,
    linesOf(
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
      ["bucket", ...q.dimensions, "v"],
      ["r.bucket nulls first", ...q.dimensions.map((d) => `r."${d}"`)].join(", "),
    ),
  );
  return groupsOf(lines, q.dimensions, {
    merge: false,
    sort: false,
    limit: null,
    histograms: opts.histograms,
  });
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
      return formatMicroUsd(t.bigCost ? (t.bigCost[g] as bigint) : BigInt(t.cost[g] as number));
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
  // Built up from an empty object, not a literal: V8 tracks a literal's allocation site and, seeing
  // a page's rows live through a scavenge, moved every later row straight to the old generation,
  // where they kept the page's young strings alive through each scavenge (8x the survivors).
  const out = {} as AnalyticsRow;
  out.bucket = valueAt(t.bucket, g);
  for (const d of dimensions) out[d] = valueAt(t.dims[d] as KeyColumn, g);
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
    ordered: true,
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
  const cells = await queryGroups(db, scope, q, {
    histograms: true,
    limit: null,
    ordered: false,
    ...options,
  });
  // A dashboard asks for some roll-ups twice (its table's ids, then its table): computed once.
  const done = new Map<string, AnalyticsRow[]>();
  // Roll-ups computed so far: a coarser one is rolled up from the smallest of them that keeps its
  // keys and values (the totals from the timeline, not from every cell).
  const rolled: { keys: RollUpKeys; groups: Groups }[] = [];
  const groupsFor = (keys: RollUpKeys, width: Groups["stride"]): Groups => {
    let source = cells;
    for (const r of rolled) {
      if (r.groups.stride < width || !keepsKeys(r.keys, keys)) continue;
      if (r.keys.bucket === keys.bucket && r.keys.dimensions.join() === keys.dimensions.join())
        return r.groups;
      if (r.groups.size < source.size) source = r.groups;
    }
    const groups = rollUp(source, keys, width);
    rolled.push({ keys, groups });
    return groups;
  };
  return {
    dimensions: q.dimensions,
    rows(keys, metrics, limit = 5_000) {
      for (const d of keys.dimensions)
        if (!q.dimensions.includes(d)) throw new Error(`the cube has no ${d} dimension`);
      const memo = `${keys.bucket}\u0001${keys.dimensions.join(",")}\u0001${metrics.join(",")}\u0001${limit}`;
      const known = done.get(memo);
      if (known) return known;
      // Histograms are summed only for the roll-ups that show a percentile.
      const width = metrics.some((m) => METRICS_NEEDING_HISTOGRAMS.includes(m)) ? W : COUNTERS;
      const groups = groupsFor(keys, width);
      const out: AnalyticsRow[] = [];
      for (let g = 0; g < Math.min(groups.size, limit); g++)
        out.push(rowOf(groups, g, keys.dimensions, metrics));
      done.set(memo, out);
      return out;
    },
  };
}

type RollUpKeys = { bucket: boolean; dimensions: readonly Dimension[] };

/** Whether groups keyed by `a` can be rolled up to `b`. */
function keepsKeys(a: RollUpKeys, b: RollUpKeys): boolean {
  return (a.bucket || !b.bucket) && b.dimensions.every((d) => a.dimensions.includes(d));
}

/**
 * Groups summed to fewer keys (the first `width` values of each), in output order. A group's key is
 * its values' ranks combined into one number; when the key space is small (a dashboard's days times
 * models), an array over it numbers the groups in key order, with no hashing and no sort.
 */
function rollUp(from: Groups, keys: RollUpKeys, width: Groups["stride"]): Groups {
  const parts = [
    ...(keys.bucket ? [from.bucket] : []),
    ...keys.dimensions.map((d) => from.dims[d] as KeyColumn),
  ];
  const space = parts.reduce((n, p) => n * Math.max(1, p.dict.length), 1);
  if (!Number.isSafeInteger(space)) throw new Error("too many distinct values to roll the cube up");
  const keyOf = new Float64Array(from.size);
  for (let i = 0; i < from.size; i++) {
    let key = 0;
    for (const p of parts) key = key * p.dict.length + (p.rank[p.code[i] as number] as number);
    keyOf[i] = key;
  }
  const groupOf = new Int32Array(from.size);
  let size = 0;
  if (space <= Math.max(4096, 4 * from.size)) {
    const slot = new Int32Array(space).fill(-1);
    for (let i = 0; i < from.size; i++) slot[keyOf[i] as number] = 0;
    for (let k = 0; k < space; k++) if (slot[k] === 0) slot[k] = ++size;
    for (let i = 0; i < from.size; i++) groupOf[i] = (slot[keyOf[i] as number] as number) - 1;
  } else {
    const distinct = [...new Set(keyOf)].sort((x, y) => x - y);
    const index = new Map(distinct.map((key, g) => [key, g]));
    size = distinct.length;
    for (let i = 0; i < from.size; i++) groupOf[i] = index.get(keyOf[i] as number) as number;
  }
  const groups = groupsLike(from, size, keys, width);
  const fromColumns = keys.dimensions.map((d) => from.dims[d] as KeyColumn);
  const toColumns = keys.dimensions.map((d) => groups.dims[d] as KeyColumn);
  const src = from.values;
  const into = groups.values;
  for (let i = 0; i < from.size; i++) {
    const g = groupOf[i] as number;
    const a = i * from.stride;
    const b = g * width;
    for (let k = 0; k < width; k++) into[b + k] = (into[b + k] as number) + (src[a + k] as number);
    // Exact as doubles unless the costs are BigInts (see Groups).
    groups.cost[g] = (groups.cost[g] as number) + (from.cost[i] as number);
    if (groups.bigCost && from.bigCost)
      groups.bigCost[g] = (groups.bigCost[g] as bigint) + (from.bigCost[i] as bigint);
    if (keys.bucket) groups.bucket.code[g] = from.bucket.code[i] as number;
    for (let c = 0; c < toColumns.length; c++)
      (toColumns[c] as KeyColumn).code[g] = (fromColumns[c] as KeyColumn).code[i] as number;
  }
  return groups;
}

/** Each distinct value's rank in text order with NULL first or last. */
function rankOf(dict: readonly (string | null)[], nullsFirst: boolean): Int32Array {
  const order = Array.from(dict.keys());
  order.sort((a, b) => byText(dict[a] ?? null, dict[b] ?? null, nullsFirst));
  const rank = new Int32Array(dict.length);
  for (let r = 0; r < order.length; r++) rank[order[r] as number] = r;
  return rank;
}

/** Text order with NULL first or last, by code point (C collation). */
function byText(x: string | null, y: string | null, nullsFirst: boolean): number {
  if (x === y) return 0;
  if (x === null) return nullsFirst ? -1 : 1;
  if (y === null) return nullsFirst ? 1 : -1;
  return x < y ? -1 : 1;
}
