/**
 * Usage analytics: every usage chart and table is one `{metrics, dimensions, granularity, from, to,
 * timezone, filters}` query (shape.ts, validated by zod), answered by Postgres, never a hand-written
 * query per chart. The scope (one user, or admin) is a required argument, not a filter a caller
 * could forget. planner.ts picks the smallest grain that keeps what the query breaks down and filters
 * by (the rollups: usage_hourly_models, usage_hourly_user_models, usage_daily, with the day grains
 * usage_day_models and usage_day_user_models for days, weeks and months; or the raw usage logs);
 * compiler.ts turns the query into one statement over that grain, in which Postgres buckets hours in
 * the viewer's zone and adds up the sums; results.ts turns each group's sums into the metrics.
 *
 * Adding a metric: its entry in METRIC_DEFINITIONS (results.ts), the columns it reads and its value;
 * if it needs a sum the others lack (a new rollup column), its terms in SUMS (compiler.ts).
 * Adding a dimension: its column in DIMENSION_COLUMNS, and its filter, in shape.ts; the raw logs
 * carry every column of ai_usage_logs (and the workflow), so planner.ts changes only when a rollup
 * grain carries the dimension too (its `dimensions` in GRAINS).
 */
import type { SQL } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { parseInput } from "@/lib/errors";
import { compile, type GroupingSet, groupingOf, type Key } from "./compiler";
import { type GrainOption, planOf } from "./planner";
import { columnsOf, type GroupRow, rowOf, unknownZoneError } from "./results";
import {
  type AnalyticsQuery,
  type AnalyticsRow,
  type AnalyticsScope,
  analyticsQuery,
  type Dimension,
  METRICS,
  type Metric,
} from "./shape";

export { type Grain, type GrainOption, grainOf } from "./planner";
export { percentileFromHistogram, unknownZoneError } from "./results";
export * from "./shape";

async function groups(db: Db, statement: SQL): Promise<GroupRow[]> {
  try {
    return rowsOf<GroupRow>(await db.execute(statement));
  } catch (err) {
    throw unknownZoneError(err) ?? err;
  }
}

/** Runs one query. */
export async function runAnalytics(
  db: Db,
  scope: AnalyticsScope,
  input: AnalyticsQuery,
  options: GrainOption = {},
): Promise<AnalyticsRow[]> {
  const q = parseInput(analyticsQuery, input);
  const set = { keys: ["bucket" as const, ...q.dimensions], columns: columnsOf(q.metrics) };
  const plan = planOf(scope, q, options);
  const rows = await groups(db, compile(scope, q, plan, { sets: [set], limit: q.limit }));
  return rows.map((g) => rowOf(g, q.dimensions, q.metrics));
}

/** A view of a cube: by bucket or not, by which of its dimensions, and (if known) with which metrics. */
export type CubeView = { bucket: boolean; dimensions: readonly Dimension[]; metrics?: readonly Metric[] };

/**
 * One query's groups by several views (GROUPING SETS, one statement): a dashboard by day and group,
 * by day, by group and in total reads the rollups once. A view's rows are what runAnalytics returns
 * for its keys (same order, same limit). `views` lists those rows() will be asked for (each costs
 * Postgres a pass over the rows, summing what any view's metrics read); default: every subset.
 */
export type AnalyticsCube = {
  dimensions: readonly Dimension[];
  rows(keys: CubeView, metrics: readonly Metric[], limit?: number): readonly AnalyticsRow[];
};

export async function analyticsCube(
  db: Db,
  scope: AnalyticsScope,
  input: Omit<AnalyticsQuery, "metrics" | "limit">,
  options: GrainOption & { views?: readonly CubeView[] } = {},
): Promise<AnalyticsCube> {
  const q = parseInput(analyticsQuery, { ...input, metrics: ["requests"] });
  const all: Key[] = ["bucket", ...q.dimensions];
  const keysOf = (v: CubeView): Key[] => [...(v.bucket ? ["bucket" as const] : []), ...v.dimensions];
  // Without views, every subset of the keys.
  const subsets: Key[][] = [[]];
  for (const k of all) for (const keys of [...subsets]) subsets.push([...keys, k]);
  const sets: GroupingSet[] = options.views
    ? options.views.map((v) => ({ keys: keysOf(v), columns: columnsOf(v.metrics ?? METRICS) }))
    : subsets.map((keys) => ({ keys, columns: columnsOf(METRICS) }));
  const asked = new Map(sets.map((s) => [groupingOf(all, s.keys), s.columns]));
  const groupRows = await groups(db, compile(scope, q, planOf(scope, q, options), { sets, limit: null }));
  return {
    dimensions: q.dimensions,
    rows(keys, metrics, limit = 5_000) {
      const set = groupingOf(all, keysOf(keys));
      const columns = asked.get(set);
      const known = keys.dimensions.every((d) => q.dimensions.includes(d));
      if (!known || !columns || !columnsOf(metrics).every((c) => columns.includes(c)))
        throw new Error("the cube was not asked for this view, or these metrics of it");
      const rows = groupRows.filter((g) => g.grouping_set === set).slice(0, limit);
      return rows.map((g) => rowOf(g, keys.dimensions, metrics));
    },
  };
}
