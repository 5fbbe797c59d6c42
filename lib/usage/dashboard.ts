import { z } from "zod";
import type { Db } from "@/db/client";
import {
  type AnalyticsCube,
  type AnalyticsRow,
  type AnalyticsScope,
  analyticsCube,
  type Dimension,
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
  byGroup: AnalyticsRow[];
  timeline: AnalyticsRow[];
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

/** Everything the usage page shows, for one scope, in one place. */
export async function loadDashboard(
  db: Db,
  scope: AnalyticsScope,
  p: DashboardParams,
  timezone: string,
): Promise<Dashboard> {
  return (await loadDashboardAndCube(db, scope, p, timezone)).dashboard;
}

/**
 * The dashboard, and the one analytics cube (range × granularity × cubeDimensions) its four views
 * (totals, by bucket and group, by bucket, by group) are rolled up from: one scan of the rollups.
 */
export async function loadDashboardAndCube(
  db: Db,
  scope: AnalyticsScope,
  p: DashboardParams,
  timezone: string,
): Promise<{ dashboard: Dashboard; cube: AnalyticsCube }> {
  const { from, to } = rangeOf(p);
  const span = to.getTime() - from.getTime();
  const granularity = span <= 2 * DAY ? "hour" : span <= 120 * DAY ? "day" : "week";
  const [group] = cubeDimensions(scope, p) as [Dimension];
  const filters = { modelId: p.model, providerId: p.provider, apiKeyId: p.apiKey };
  const cube = await analyticsCube(db, scope, {
    from,
    to,
    timezone,
    filters,
    granularity,
    dimensions: cubeDimensions(scope, p),
  });
  const totals = cube.rows({ bucket: false, dimensions: [] }, TOTAL_METRICS);
  const byGroup = cube.rows({ bucket: true, dimensions: [group] }, [
    "requests",
    "cost",
    "tokensIn",
    "tokensOut",
  ]);
  const timeline = cube.rows({ bucket: true, dimensions: [] }, [
    "requests",
    "errors",
    "p50LatencyMs",
    "p95LatencyMs",
    "avgTtftMs",
  ]);
  const table = cube.rows({ bucket: false, dimensions: [group] }, TOTAL_METRICS);
  const labels = await dimensionLabels(
    db,
    scope,
    group,
    table.map((r) => String(r[group] ?? "")),
  );
  const dashboard: Dashboard = {
    from,
    to,
    granularity,
    group,
    buckets: bucketsBetween(from, to, granularity, timezone),
    totals: totals[0] ?? { bucket: null },
    byGroup,
    timeline,
    table: table
      .map((r) => ({ ...r, label: labels[String(r[group])] ?? (r[group] ? String(r[group]) : "(none)") }))
      .sort((a, b) => Number(b.cost ?? 0) - Number(a.cost ?? 0)),
    labels,
  };
  return { dashboard, cube };
}
