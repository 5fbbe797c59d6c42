import type { Db } from "@/db/client";
import {
  type AnalyticsRow,
  type AnalyticsScope,
  type Dimension,
  type GrainOption,
  runAnalytics,
} from "./analytics";
import { toCsv } from "./chart-data";
import {
  cubeDimensions,
  type DashboardParams,
  dashboardGroupIds,
  dashboardOf,
  dashboardParams,
  loadDashboard,
  loadDashboardCube,
  rangeOf,
  TABLE_COLUMNS,
} from "./dashboard";
import { catalogLabels, dimensionLabels } from "./labels";

/** URL search params → dashboard params (bad values fall back to defaults). */
export function parseDashboardParams(search: Record<string, string | string[] | undefined>): DashboardParams {
  const flat = Object.fromEntries(
    Object.entries(search).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]),
  );
  return dashboardParams.parse(flat);
}

/**
 * The dashboard plus the choices of its model and provider filters (what has usage in the range,
 * whatever the filters): taken from the dashboard's own cube when no filter narrows it, else queried
 * alongside it. The names of models and providers (the catalog's, a few hundred rows) are read
 * alongside too, so a page grouped by either is one round trip; other groups' names are looked up
 * once their ids are known. `options` is for tests and benches (see GrainOption).
 */
export async function usagePageData(
  db: Db,
  scope: AnalyticsScope,
  params: DashboardParams,
  timezone: string,
  options: GrainOption = {},
) {
  const { from, to } = rangeOf(params);
  const unfiltered = !params.model && !params.provider && !params.apiKey;
  const inCube = unfiltered ? cubeDimensions(scope, params) : [];
  const loading = loadDashboardCube(db, scope, params, timezone, options);
  const choices = async (dimension: "model" | "provider") => {
    if (inCube.includes(dimension))
      return (await loading).cube.rows({ bucket: false, dimensions: [dimension] }, ["requests"]);
    return runAnalytics(
      db,
      scope,
      { from, to, timezone, granularity: "none", dimensions: [dimension], metrics: ["requests"] },
      options,
    );
  };
  const [cube, models, providers, catalog] = await Promise.all([
    loading,
    choices("model"),
    choices("provider"),
    catalogLabels(db),
  ]);
  const groupIds = dashboardGroupIds(cube);
  const labels: Partial<Record<Dimension, Record<string, string>>> = { ...catalog };
  if (!(cube.group in catalog)) labels[cube.group] = await dimensionLabels(db, scope, cube.group, groupIds);
  // The dashboard's labels are those of its own group ids, exactly as loadDashboard looks them up.
  const groupLabels = labels[cube.group] ?? {};
  const dashboard = dashboardOf(
    cube,
    Object.fromEntries(
      groupIds.filter((id) => id in groupLabels).map((id) => [id, groupLabels[id] as string]),
    ),
  );
  const choiceList = (rows: readonly AnalyticsRow[], key: "model" | "provider") =>
    rows
      .filter((r) => r[key])
      .map((r) => ({ id: String(r[key]), label: labels[key]?.[String(r[key])] ?? String(r[key]) }));
  return {
    dashboard,
    filterOptions: { models: choiceList(models, "model"), providers: choiceList(providers, "provider") },
  };
}

/** Exactly the dashboard's table, as CSV. */
export async function usageCsv(
  db: Db,
  scope: AnalyticsScope,
  params: DashboardParams,
  timezone: string,
  options: GrainOption = {},
): Promise<string> {
  const dashboard = await loadDashboard(db, scope, params, timezone, options);
  return toCsv(TABLE_COLUMNS, dashboard.table);
}
