import { z } from "zod";
import { USAGE_REQUEST_TYPES } from "@/db/schema";
import { isTimeZone } from "@/lib/time-zones";
import { METRIC_DEFINITIONS } from "./results";

/** Each dimension and the column holding it (in every source that carries it: see planner.ts). */
export const DIMENSION_COLUMNS = {
  provider: "provider_id",
  model: "model_id",
  integration: "integration_id",
  apiKey: "api_key_id",
  template: "template_id",
  requestType: "request_type",
  user: "user_id",
  /** The workflow of the run that made the call (ai_usage_logs.workflow_run_id → workflow_runs). */
  workflow: "workflow_id",
} as const;
export type Dimension = keyof typeof DIMENSION_COLUMNS;
export const DIMENSIONS = Object.keys(DIMENSION_COLUMNS) as [Dimension, ...Dimension[]];

export type Metric = keyof typeof METRIC_DEFINITIONS;
export const METRICS = Object.keys(METRIC_DEFINITIONS) as [Metric, ...Metric[]];
export const GRANULARITIES = ["hour", "day", "week", "month", "none"] as const;
export const MAX_DAYS = 400;

const filters = z.object({
  providerId: z.uuid().optional(),
  modelId: z.uuid().optional(),
  integrationId: z.uuid().optional(),
  apiKeyId: z.uuid().optional(),
  templateId: z.uuid().optional(),
  userId: z.uuid().optional(),
  requestType: z.enum(USAGE_REQUEST_TYPES).optional(),
  workflowId: z.uuid().optional(),
});
export type Filter = keyof z.output<typeof filters>;
/** The dimension a filter keeps to one value: its name without "Id". */
export const filterDimension = (f: Filter) => f.replace(/Id$/, "") as Dimension;

/** The one analytics query shape (validated here; see index.ts). */
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
    filters: filters.default({}),
    limit: z.number().int().min(1).max(10_000).default(5_000),
  })
  .refine((q) => q.to > q.from, { message: "to must be after from", path: ["to"] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= MAX_DAYS * 86_400_000, {
    message: `Query at most ${MAX_DAYS} days at once.`,
    path: ["to"],
  });

export type AnalyticsQuery = z.input<typeof analyticsQuery>;
export type ParsedQuery = z.output<typeof analyticsQuery>;
export type AnalyticsScope = { kind: "user"; userId: string } | { kind: "admin" };
export type AnalyticsRow = { bucket: string | null } & Partial<Record<Dimension, string | null>> &
  Partial<Record<Metric, number | string | null>>;

/** The filters a query sets, without the user filter of a user's own query (their scope wins). */
export function filtersOf(scope: AnalyticsScope, q: Pick<ParsedQuery, "filters">): [Filter, string][] {
  return (Object.entries(q.filters) as [Filter, string | undefined][]).filter(
    (e): e is [Filter, string] => e[1] !== undefined && !(scope.kind === "user" && e[0] === "userId"),
  );
}
