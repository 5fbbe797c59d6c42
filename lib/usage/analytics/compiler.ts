import { type SQL, sql } from "drizzle-orm";
import { HISTOGRAM_COLUMNS, HISTOGRAMS, type HistogramKind, LATENCY_BUCKETS_MS } from "@/db/schema";
import type { DaySource, Plan } from "./planner";
import type { Column } from "./results";
import {
  type AnalyticsScope,
  DIMENSION_COLUMNS,
  type Dimension,
  filterDimension,
  filtersOf,
  MAX_DAYS,
  type ParsedQuery,
} from "./shape";

/** What a group is keyed by: its time bucket and dimensions. */
export type Key = "bucket" | Dimension;
/** A grouping set: the keys its groups keep, and the columns its metrics read (results.ts columnsOf). */
export type GroupingSet = { keys: readonly Key[]; columns: readonly Column[] };

/** What grouping() says of a set: a bit per key of `all`, the first the highest, set when not kept. */
export const groupingOf = (all: readonly Key[], keep: readonly Key[]) =>
  all.reduce((n, k) => n * 2 + (keep.includes(k) ? 0 : 1), 0);

/** The sums the metrics are computed from (results.ts GroupRow): terms on a rollup row, on a logged call. */
const SUMS = {
  requests: ["x.requests", "1"],
  successes: ["x.success_count", "(x.status = 'success')::int"],
  errors: ["x.error_count + x.timeout_count", "(x.status in ('error', 'timeout'))::int"],
  tokensIn: ["x.tokens_in", "x.tokens_in"],
  tokensOut: ["x.tokens_out", "x.tokens_out"],
  tokensCached: ["x.tokens_cached", "x.tokens_cached"],
  cost: ["x.cost", "x.cost"],
  credits: ["x.credits", "x.credits"],
  latencySum: ["x.latency_sum_ms", "coalesce(x.latency_ms, 0)"],
  latencyCount: ["x.latency_count", "(x.latency_ms is not null)::int"],
  ttftSum: ["x.ttft_sum_ms", "coalesce(x.ttft_ms, 0)"],
  ttftCount: ["x.ttft_count", "(x.ttft_ms is not null)::int"],
} satisfies Record<string, [rollup: string, log: string]>;
export type Sum = keyof typeof SUMS;
/**
 * The slots of a histogram (its percentiles' column, results.ts METRIC_DEFINITIONS): a rollup row's
 * column, or whether a logged duration v falls in slot i (v <= LATENCY_BUCKETS_MS[i], above the
 * bound before: the writer's rule).
 */
const slotTerms = (kind: HistogramKind) =>
  HISTOGRAM_COLUMNS[kind].map((column, i): [string, string[]] => {
    const bound = `width_bucket(x.${kind}_ms - 1, array[${LATENCY_BUCKETS_MS}]) = ${i}`;
    return [`${kind}${i}`, [`x.${column}`, `(x.${kind}_ms is not null and ${bound})::int`]];
  });
/** The hour a logged call started in (the rollups' bucket_start). */
const HOUR_OF_CALL = sql`date_bin('1 hour', x.created_at, timestamptz '2000-01-01 00:00:00+00')`;
const HOUR_MS = 3_600_000;

/**
 * One statement for a query over the grain its plan picked: the rows in range (bucket, dimensions,
 * the terms the sets' metrics read, hour rows' signed on the day path), summed per group of each of
 * `sets` (several for a cube), groups without requests dropped, ordered by set, bucket (nulls first)
 * and dimensions (nulls last; uuids sort as their text does, request types are lowercase words).
 */
export function compile(
  scope: AnalyticsScope,
  q: ParsedQuery,
  plan: Plan,
  opts: { sets: readonly GroupingSet[]; limit: number | null },
): SQL {
  const bucketOf = (at: SQL) =>
    q.granularity === "none"
      ? sql`null::timestamp`
      : sql`date_trunc(${q.granularity}, ${at} at time zone ${q.timezone})`;
  const logs = plan.grain === "logs";
  const keys: Key[] = ["bucket", ...q.dimensions];
  // The sets (by grouping()) that read a column get it, the others NULL; what no set reads is not
  // summed at all (the requests always are: groups without them are dropped).
  const readers = (column: Column) =>
    opts.sets.filter((s) => s.columns.includes(column)).map((s) => groupingOf(keys, s.keys));
  const read = new Set(opts.sets.flatMap((s) => s.columns));
  const sums = (Object.entries(SUMS) as [Sum, string[]][]).filter(([s]) => s === "requests" || read.has(s));
  const kinds = HISTOGRAMS.filter((k) => read.has(`${k}Histogram`));
  const filters = filtersOf(scope, q).map(
    ([f, v]) => sql`x.${sql.raw(DIMENSION_COLUMNS[filterDimension(f)])} = ${v}`,
  );
  if (scope.kind === "user") filters.push(sql`x.user_id = ${scope.userId}`);
  else if (plan.where) filters.push(plan.where);
  // The range in whole hours: a rollup row (or call) is in it when its hour starts in it.
  const h0 = Math.ceil(q.from.getTime() / HOUR_MS) * HOUR_MS;
  const h1 = Math.max(h0, Math.ceil(q.to.getTime() / HOUR_MS) * HOUR_MS);
  const at = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;
  const row = (b: SQL, signed: boolean) => {
    const dims = q.dimensions.map((d) => `, x.${DIMENSION_COLUMNS[d]} as "${d}"`);
    const terms = [...sums, ...kinds.flatMap(slotTerms)].map(([name, t]) => {
      const term = t[logs ? 1 : 0];
      const value = signed ? `m.sign * (${term})` : term;
      return `, ${name === "cost" ? value : `(${value})::float8`} as "${name}"`;
    });
    return sql`select ${b} as b${sql.raw([...dims, ...terms].join(""))}`;
  };
  const where = (...conditions: SQL[]) => sql.join([...conditions, ...filters], sql` and `);
  const time = sql.raw(logs ? "x.created_at" : "x.bucket_start");
  let rows = sql`${row(bucketOf(logs ? HOUR_OF_CALL : time), false)} from ${plan.from}
    where ${where(sql`${time} >= ${at(h0)}`, sql`${time} < ${at(h1)}`)}`;
  if (plan.days)
    rows = sql`${dayPlan(plan.days, { first: at(h0), end: at(h1), last: at(h1 - HOUR_MS) }, bucketOf)}
      ${row(sql`m.b`, false)} from ${sql.raw(plan.days.day)} x join terms m on m.day = x.day
      where ${where(sql`x.day = any(array(select day from terms where day is not null))`)}
      union all
      ${row(sql`m.b`, true)} from ${sql.raw(plan.days.hour)} x join terms m on m.t = x.bucket_start
      where ${where(sql`x.bucket_start = any(array(select t from terms where t is not null))`)}`;
  const ref = (k: Key) => sql.raw(k === "bucket" ? "r.b" : `r."${k}"`);
  const grouping = sql`grouping(${sql.join(keys.map(ref), sql`, `)})`;
  const perSet = (column: Column, value: string) =>
    sql`case when ${grouping} in (${sql.raw(readers(column).join(", ") || "null")}) then ${sql.raw(value)} end as ${sql.identifier(column)}`;
  const columns = [
    sql.raw(`to_char(r.b, 'YYYY-MM-DD"T"HH24:MI:SS') as bucket`),
    ...q.dimensions.map((d) => sql`${ref(d)}::text as ${sql.identifier(d)}`),
    sql`${grouping} as grouping_set`,
    // Sums of float8 terms: the fastest, exact (whole numbers below 2^53), JS numbers in both drivers.
    ...sums.map(([s]) => perSet(s, s === "cost" ? "sum(r.cost)::text" : `sum(r."${s}")`)),
    ...kinds.map((k) => perSet(`${k}Histogram`, `array[${slotTerms(k).map(([n]) => `sum(r."${n}")`)}]`)),
  ];
  const sets = opts.sets.map((set) => sql`(${sql.join(set.keys.map(ref), sql`, `)})`);
  return sql`select ${sql.join(columns, sql`, `)} from (${rows}) r
    group by grouping sets (${sql.join(sets, sql`, `)}) having sum(r.requests) <> 0
    order by grouping_set, r.b nulls first${sql.join(q.dimensions.map((d) => sql`, ${ref(d)}`))}
    ${opts.limit === null ? sql`` : sql`limit ${opts.limit}`}`;
}

/**
 * The CTE `terms` of a query over days, weeks, months or the whole range from a day grain (UTC days
 * for all users, a user's own days for one: `zone`): which day and hour rows count for which bucket,
 * with which sign. A day wholly in range and in one bucket counts whole; for any other day, either
 * its day row counts (+1, day rows always do) and the hours outside the bucket -1, or the hours
 * inside +1, whichever reads fewer hours that can hold usage (today up to now is its day row). A
 * user's 30-day dashboard is a day row per day and model; Berlin's days from UTC days a day row and
 * two hour rows each.
 * Postgres plans it by its own zone rules, so buckets are exactly date_trunc(granularity, hour at
 * time zone tz) of the hours in range, as on the hourly grains. An hour belongs to the day its start
 * is on in the day zone (the writer's rule; Kolkata's day starts at 18:30 UTC, its first hour at
 * 19:00). A day row equals the sum of its hour rows, so every sum is exact.
 */
function dayPlan(source: DaySource, t: { first: SQL; end: SQL; last: SQL }, bucketOf: (at: SQL) => SQL): SQL {
  // The first hour on `day`: its midnight rounded up to a whole hour, or one of the two before on
  // that date (where midnight happens twice, as in the Azores, PostgreSQL reads the later one).
  const firstHourOf = (day: string) =>
    sql.raw(`(select min(h) from (
      select to_timestamp(ceil(extract(epoch from (${day})::timestamp at time zone z.zone) / 3600) * 3600)
        - i * interval '1 hour' from generate_series(0, 2) i) v(h)
    where (h at time zone z.zone)::date >= ${day})`);
  // The limits are what any range allows (MAX_DAYS + 2 days, 26 hours a day): without them the
  // planner takes a generate_series for 1,000 rows and sizes its hash tables for millions of terms.
  return sql`with z as materialized (select ${source.zone} as zone),
    days as materialized (
      select d, hf, he, bf,
        hf >= ${t.first} and he <= ${t.end} and bf is not distinct from ${bucketOf(sql`(he - interval '1 hour')`)} as whole
      from (
        select d, hf, he, ${bucketOf(sql`hf`)} as bf from (
          select g::date as d, ${firstHourOf("g::date")} as hf, ${firstHourOf("g::date + 1")} as he
          from z, generate_series((${t.first} at time zone z.zone)::date, (${t.last} at time zone z.zone)::date, interval '1 day') g
          limit ${sql.raw(String(MAX_DAYS + 2))}) w) y),
    hours as materialized (
      select s.d, h, h >= ${t.first} and h < ${t.end} as inr, h < now() as past, ${bucketOf(sql`h`)} as b
      from days s, lateral (select h from generate_series(s.hf, s.he - interval '1 hour', interval '1 hour') h limit 26) l
      where not s.whole),
    day_hours as (select d, count(*) as size, count(*) filter (where past) as past from hours group by d),
    parts as (
      select h.d, h.b, count(*) < min(y.size) as partial, count(*) filter (where h.past) * 2 > min(y.past) as via_day
      from hours h join day_hours y on y.d = h.d where h.inr group by h.d, h.b),
    terms as materialized (
      select null::timestamptz as t, s.d as day, s.bf as b, 1 as sign from days s where s.whole
      union all select null, p.d, p.b, 1 from parts p where p.via_day
      union all select h.h, null, h.b, 1 from hours h join parts p on p.d = h.d and p.b is not distinct from h.b
        where h.inr and not p.via_day
      union all select h.h, null, p.b, -1 from hours h join parts p on p.d = h.d
        where p.via_day and p.partial and not (h.inr and h.b is not distinct from p.b))`;
}
