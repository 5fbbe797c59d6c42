import { type SQL, sql } from "drizzle-orm";
import {
  type AnalyticsScope,
  DIMENSIONS,
  type Dimension,
  filterDimension,
  filtersOf,
  type ParsedQuery,
} from "./shape";

export type Grain = "models" | "userModels" | "all" | "perUser" | "user" | "logs";

/**
 * `grain: "fine"` makes a query that a coarse grain (usage_hourly_models, usage_hourly_user_models)
 * could answer read usage_daily instead (tests and benches compare the two; the app never sets it).
 */
export type GrainOption = { grain?: "fine" };

const DAILY: Dimension[] = ["provider", "model", "integration", "template", "requestType"];
/**
 * The grains, smallest first: the dimensions each keeps besides the hour, where its rows are, and
 * which rows of that table are its. The rollups are built from the same records in the same
 * transaction (lib/usage/writer.ts), so every choice gives the same sums; the logs (a row per call,
 * bucketed by the hour it started in, like the rollups) keep every dimension, the workflow too.
 */
const GRAINS: Record<Grain, { dimensions: readonly Dimension[]; from: string; where?: string }> = {
  models: { dimensions: ["provider", "model"], from: "usage_hourly_models" },
  userModels: { dimensions: ["provider", "model", "user"], from: "usage_hourly_user_models" },
  all: { dimensions: DAILY, from: "usage_daily", where: "x.user_id is null" },
  perUser: { dimensions: [...DAILY, "apiKey", "user"], from: "usage_daily", where: "x.user_id is not null" },
  user: { dimensions: [...DAILY, "apiKey", "user"], from: "usage_daily" },
  logs: {
    dimensions: DIMENSIONS,
    from: "(select l.*, r.workflow_id from ai_usage_logs l left join workflow_runs r on r.id = l.workflow_run_id)",
  },
};
const CANDIDATES: Record<AnalyticsScope["kind"], readonly Grain[]> = {
  user: ["userModels", "user", "logs"],
  admin: ["models", "userModels", "all", "perUser", "logs"],
};
/** The usage_daily grain that answers what a coarse grain would (a user scope adds its user_id). */
const FINE_GRAIN: Partial<Record<Grain, Grain>> = { models: "all", userModels: "perUser" };

/**
 * Which grain answers a query: the smallest that keeps every dimension it breaks down or filters by.
 * A user's default dashboard (time, provider, model) reads usage_hourly_user_models, an admin's
 * usage_hourly_models; an API key needs usage_daily's per-user rows; a workflow, the logs.
 */
export function grainOf(scope: AnalyticsScope, q: Pick<ParsedQuery, "dimensions" | "filters">): Grain {
  const keys = [...q.dimensions, ...filtersOf(scope, q).map(([f]) => filterDimension(f))];
  const keeps = (g: Grain) => keys.every((k) => GRAINS[g].dimensions.includes(k));
  return CANDIDATES[scope.kind].find(keeps) ?? "logs";
}

/**
 * The day grain of a query over days, weeks, months or the whole range (compiler.ts dayPlan), and
 * the zone of its days: UTC for all users' rows, a user's own for theirs (and none for several
 * users' rows, which are in several zones).
 */
export type DaySource = { day: string; hour: string; zone: SQL };
export type Plan = { grain: Grain; from: SQL; where: SQL | null; days: DaySource | null };

export function planOf(scope: AnalyticsScope, q: ParsedQuery, options: GrainOption): Plan {
  let grain = grainOf(scope, q);
  if (options.grain === "fine") grain = FINE_GRAIN[grain] ?? grain;
  const { from, where } = GRAINS[grain];
  const plan: Plan = { grain, from: sql.raw(`${from} x`), where: where ? sql.raw(where) : null, days: null };
  const userId = scope.kind === "user" ? scope.userId : q.filters.userId;
  if (q.granularity === "hour") return plan;
  if (grain === "models")
    plan.days = { day: "usage_day_models", hour: "usage_hourly_models", zone: sql`'UTC'` };
  else if (grain === "userModels" && userId)
    plan.days = {
      day: "usage_day_user_models",
      hour: "usage_hourly_user_models",
      zone: sql`coalesce((select usage_day_zone(timezone) from users where id = ${userId}::uuid), 'UTC')`,
    };
  return plan;
}
