import type { Db } from "@/db/client";
import { type AnalyticsScope, runAnalytics } from "./analytics";
import { toCsv } from "./chart-data";
import {
  cubeDimensions,
  type DashboardParams,
  dashboardParams,
  loadDashboard,
  loadDashboardAndCube,
  rangeOf,
  TABLE_COLUMNS,
} from "./dashboard";
import { dimensionLabels } from "./labels";

/** URL search params → dashboard params (bad values fall back to defaults). */
export function parseDashboardParams(search: Record<string, string | string[] | undefined>): DashboardParams {
  const flat = Object.fromEntries(
    Object.entries(search).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]),
  );
  return dashboardParams.parse(flat);
}

/**
 * The dashboard plus the choices of its model and provider filters (what has usage in the range,
 * whatever the filters): taken from the dashboard's own cube when no filter narrows it.
 */
export async function usagePageData(
  db: Db,
  scope: AnalyticsScope,
  params: DashboardParams,
  timezone: string,
) {
  const { from, to } = rangeOf(params);
  const unfiltered = !params.model && !params.provider && !params.apiKey;
  const inCube = unfiltered ? cubeDimensions(scope, params) : [];
  const loading = loadDashboardAndCube(db, scope, params, timezone);
  const choices = async (dimension: "model" | "provider") => {
    if (inCube.includes(dimension))
      return (await loading).cube.rows({ bucket: false, dimensions: [dimension] }, ["requests"]);
    return runAnalytics(db, scope, {
      from,
      to,
      timezone,
      granularity: "none",
      dimensions: [dimension],
      metrics: ["requests"],
    });
  };
  const [{ dashboard }, models, providers] = await Promise.all([
    loading,
    choices("model"),
    choices("provider"),
  ]);
  const [modelLabels, providerLabels] = await Promise.all([
    dimensionLabels(
      db,
      scope,
      "model",
      models.map((m) => String(m.model ?? "")),
    ),
    dimensionLabels(
      db,
      scope,
      "provider",
      providers.map((p) => String(p.provider ?? "")),
    ),
  ]);
  const options = (rows: typeof models, key: "model" | "provider", labels: Record<string, string>) =>
    rows
      .filter((r) => r[key])
      .map((r) => ({ id: String(r[key]), label: labels[String(r[key])] ?? String(r[key]) }));
  return {
    dashboard,
    filterOptions: {
      models: options(models, "model", modelLabels),
      providers: options(providers, "provider", providerLabels),
    },
  };
}

/** Exactly the dashboard's table, as CSV. */
export async function usageCsv(
  db: Db,
  scope: AnalyticsScope,
  params: DashboardParams,
  timezone: string,
): Promise<string> {
  const dashboard = await loadDashboard(db, scope, params, timezone);
  return toCsv(TABLE_COLUMNS, dashboard.table);
}
