import { z } from "zod";
import type { Db } from "@/db/client";
import {
  type AnalyticsCube,
  type AnalyticsRow,
  type AnalyticsScope,
  analyticsCube,
  type CubeView,
  type Dimension,
  type GrainOption,
} from "./analytics";
import { bucketsBetween } from "./chart-data";
import { dimensionLabels } from "./labels";

const DAY = 86_400_000;
const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The dashboard's filters, from the URL: invalid values fall back to defaults (and are reported). */
export const dashboardParams = z.object({
  range: z.enum(["1d", "7d", "30d", "90d", "custom"]).catch("30d"),
  from: dateOnly.optional().catch(undefined),
  to: dateOnly.optional().catch(undefined),
  group: z
    .enum(["model", "provider", "integration", "apiKey", "template", "requestType", "user"])
    .catch("model"),
  model: z.uuid().optional().catch(undefined),
  provider: z.uuid().optional().catch(undefined),
  apiKey: z.uuid().optional().catch(undefined),
});
export type DashboardParams = z.infer<typeof dashboardParams>;

export const TABLE_COLUMNS = [
  { key: "label", label: "Name" },
  { key: "requests", label: "Requests" },
  { key: "successRate", label: "Success rate" },
  { key: "tokensIn", label: "Tokens in" },
  { key: "tokensOut", label: "Tokens out" },
  { key: "cost", label: "Cost (USD)" },
  { key: "avgLatencyMs", label: "Avg latency (ms)" },
  { key: "p95LatencyMs", label: "p95 latency (ms)" },
  { key: "avgTtftMs", label: "Avg time to first token (ms)" },
];

export type Dashboard = {
  from: Date;
  to: Date;
  granularity: "hour" | "day" | "week";
  group: Dimension;
  buckets: string[];
  totals: AnalyticsRow;
  byGroup: readonly AnalyticsRow[];
  timeline: readonly AnalyticsRow[];
  table: (AnalyticsRow & { label: string })[];
  labels: Record<string, string>;
};

/** Resolves the range in the viewer's zone (custom dates are whole days there). */
export function rangeOf(p: DashboardParams, now = new Date()): { from: Date; to: Date } {
  if (p.range === "custom" && p.from && p.to) {
    const from = new Date(`${p.from}T00:00:00Z`);
    const to = new Date(new Date(`${p.to}T00:00:00Z`).getTime() + DAY);
    if (to > from && to.getTime() - from.getTime() <= 400 * DAY) return { from, to };
  }
  const days = { "1d": 1, "7d": 7, "30d": 30, "90d": 90, custom: 30 }[p.range];
  return { from: new Date(now.getTime() - days * DAY), to: now };
}

/**
 * The dimensions of the dashboard's cube: its group first (a user has no "user" group). Grouped by
 * model, the cube also carries the provider: every model belongs to one provider, so that adds no
 * rows, and the page's provider choices come from the same scan.
 */
export function cubeDimensions(scope: AnalyticsScope, p: DashboardParams): Dimension[] {
  const group: Dimension = scope.kind === "user" && p.group === "user" ? "model" : p.group;
  return group === "model" ? ["model", "provider"] : [group];
}

const TOTAL_METRICS = [
  "requests",
  "successRate",
  "tokensIn",
  "tokensOut",
  "cost",
  "avgLatencyMs",
  "p95LatencyMs",
  "avgTtftMs",
] as const;

/**
 * The views of the dashboard's cube, with the metrics each shows (the chart by bucket and group draws
 * requests; each dimension alone: the table, the filter choices). A column is summed only for these.
 */
function viewsOf(group: Dimension, dimensions: readonly Dimension[]) {
  return {
    totals: { bucket: false, dimensions: [], metrics: TOTAL_METRICS },
    byGroup: { bucket: true, dimensions: [group], metrics: ["requests"] },
    timeline: {
      bucket: true,
      dimensions: [],
      metrics: ["requests", "errors", "p50LatencyMs", "p95LatencyMs", "avgTtftMs"],
    },
    alone: dimensions.map((d) => ({
      bucket: false,
      dimensions: [d],
      metrics: d === group ? TOTAL_METRICS : ["requests"],
    })),
  } satisfies Record<string, CubeView | CubeView[]>;
}

/** The dashboard's one analytics cube and what it was asked for. */
export type DashboardCube = {
  cube: AnalyticsCube;
  from: Date;
  to: Date;
  granularity: Dashboard["granularity"];
  group: Dimension;
  timezone: string;
};

/**
 * The one analytics cube (range × granularity × cubeDimensions) the dashboard's four views (totals,
 * by bucket and group, by bucket, by group) are rolled up from: one scan of the rollups.
 */
export async function loadDashboardCube(
  db: Db,
  scope: AnalyticsScope,
  p: DashboardParams,
  timezone: string,
  options: GrainOption = {},
): Promise<DashboardCube> {
  const { from, to } = rangeOf(p);
  const span = to.getTime() - from.getTime();
  const granularity = span <= 2 * DAY ? "hour" : span <= 120 * DAY ? "day" : "week";
  const dimensions = cubeDimensions(scope, p);
  const [group] = dimensions as [Dimension];
  const filters = { modelId: p.model, providerId: p.provider, apiKeyId: p.apiKey };
  const { alone, ...shown } = viewsOf(group, dimensions);
  const views = [...Object.values(shown), ...alone];
  const cube = await analyticsCube(
    db,
    scope,
    { from, to, timezone, filters, granularity, dimensions },
    { ...options, views },
  );
  return { cube, from, to, granularity, group, timezone };
}

/** The table's rows (one per group value), before labels and sorting. */
const tableRows = (c: DashboardCube) => c.cube.rows({ bucket: false, dimensions: [c.group] }, TOTAL_METRICS);

/** The group values the dashboard's table lists: the ids its labels are for. */
export function dashboardGroupIds(c: DashboardCube): string[] {
  return tableRows(c).map((r) => String(r[c.group] ?? ""));
}

/** The dashboard from its cube and the labels of dashboardGroupIds (no query). */
export function dashboardOf(c: DashboardCube, labels: Record<string, string>): Dashboard {
  const { cube, group } = c;
  const views = viewsOf(group, []);
  return {
    from: c.from,
    to: c.to,
    granularity: c.granularity,
    group,
    buckets: bucketsBetween(c.from, c.to, c.granularity, c.timezone),
    totals: cube.rows(views.totals, views.totals.metrics)[0] ?? { bucket: null },
    byGroup: cube.rows(views.byGroup, views.byGroup.metrics),
    timeline: cube.rows(views.timeline, views.timeline.metrics),
    table: tableRows(c)
      .map((r) => ({ ...r, label: labels[String(r[group])] ?? (r[group] ? String(r[group]) : "(none)") }))
      .sort((a, b) => Number(b.cost ?? 0) - Number(a.cost ?? 0)),
    labels,
  };
}

/** Everything the usage page shows, for one scope, in one place. */
export async function loadDashboard(
  db: Db,
  scope: AnalyticsScope,
  p: DashboardParams,
  timezone: string,
  options: GrainOption = {},
): Promise<Dashboard> {
  const c = await loadDashboardCube(db, scope, p, timezone, options);
  return dashboardOf(c, await dimensionLabels(db, scope, c.group, dashboardGroupIds(c)));
}
