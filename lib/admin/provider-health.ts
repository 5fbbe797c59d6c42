import { and, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiModels, aiProviders, aiUsageLogs, type UsageStatus } from "@/db/schema";
import { type HealthVerdict, judgeHealth } from "@/lib/ai/health";
import { type Actor, requireAdmin } from "@/lib/auth/actor";
import { type AnalyticsRow, runAnalytics } from "@/lib/usage/analytics";
import { bucketsBetween, type Point, rateSeries } from "@/lib/usage/chart-data";
import { hourStart } from "@/lib/usage/rollup";

const HOUR = 3_600_000;
/** The status column judges this many most recent hourly buckets (the current, partial one included). */
const RECENT_BUCKETS = 2;

export type LastError = { at: Date; message: string; status: UsageStatus; model: string | null };

export type HealthMetrics = {
  requests: number;
  errors: number;
  errorRate: number | null;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  avgTtftMs: number | null;
  p95TtftMs: number | null;
  /** The gateway's rule over the recent window; "degraded" too when the gateway marked it so live. */
  status: HealthVerdict;
  lastError: LastError | null;
};

export type ModelHealth = HealthMetrics & { id: string | null; name: string };
export type ProviderHealthRow = HealthMetrics & {
  id: string;
  name: string;
  slug: string;
  /** What the gateway's live tracker last wrote to the catalog (active / degraded / inactive). */
  liveStatus: string;
  models: ModelHealth[];
};

export type ProviderHealthReport = {
  from: Date;
  to: Date;
  /** Hourly bucket labels in the viewer's zone, as analytics labels them. */
  buckets: string[];
  providers: ProviderHealthRow[];
  /** Hourly requests, errors and latency of the selection (one provider, or all). */
  timeline: AnalyticsRow[];
};

const METRICS = [
  "requests",
  "errors",
  "errorRate",
  "p50LatencyMs",
  "p95LatencyMs",
  "avgTtftMs",
  "p95TtftMs",
] as const;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function metricsOf(r: AnalyticsRow | undefined): Omit<HealthMetrics, "status" | "lastError"> {
  return {
    requests: Number(r?.requests ?? 0),
    errors: Number(r?.errors ?? 0),
    errorRate: num(r?.errorRate),
    p50LatencyMs: num(r?.p50LatencyMs),
    p95LatencyMs: num(r?.p95LatencyMs),
    avgTtftMs: num(r?.avgTtftMs),
    p95TtftMs: num(r?.p95TtftMs),
  };
}

/**
 * Admin → Provider health: the last 24 hours per provider and per model, from the all-users hourly
 * rollups (never the raw logs); ai_usage_logs is read only to show the last error, inside the one
 * hour the rollups say it happened in, through the (model_id | provider_id, created_at) indexes.
 */
export class ProviderHealthRepo {
  constructor(
    private readonly db: Db,
    actor: Actor,
  ) {
    requireAdmin(actor);
  }

  async report(opts: { timezone: string; providerId?: string; now?: Date }): Promise<ProviderHealthReport> {
    const now = opts.now ?? new Date();
    const from = new Date(hourStart(now).getTime() - 23 * HOUR);
    const to = new Date(Math.max(now.getTime(), from.getTime() + 1));
    const scope = { kind: "admin" } as const;
    const base = { from, to, timezone: opts.timezone };
    const [byProvider, byModel, hourly, timeline, catalog] = await Promise.all([
      runAnalytics(this.db, scope, {
        ...base,
        granularity: "none",
        dimensions: ["provider"],
        metrics: [...METRICS],
      }),
      runAnalytics(this.db, scope, {
        ...base,
        granularity: "none",
        dimensions: ["provider", "model"],
        metrics: [...METRICS],
      }),
      // UTC hours: which hour each model last failed in, and the recent window the status judges.
      runAnalytics(this.db, scope, {
        from,
        to,
        timezone: "UTC",
        granularity: "hour",
        dimensions: ["provider", "model"],
        metrics: ["requests", "errors"],
        limit: 10_000,
      }),
      runAnalytics(this.db, scope, {
        ...base,
        granularity: "hour",
        filters: opts.providerId ? { providerId: opts.providerId } : {},
        metrics: ["requests", "errors", "p50LatencyMs", "p95LatencyMs", "avgTtftMs"],
      }),
      this.db
        .select({
          id: aiProviders.id,
          name: aiProviders.name,
          slug: aiProviders.slug,
          status: aiProviders.status,
        })
        .from(aiProviders),
    ]);

    const modelIds = [...new Set(byModel.map((r) => r.model).filter((id): id is string => !!id))];
    const modelNames = new Map(
      (modelIds.length
        ? await this.db
            .select({ id: aiModels.id, name: aiModels.displayName })
            .from(aiModels)
            .where(inArray(aiModels.id, modelIds))
        : []
      ).map((m) => [m.id, m.name]),
    );

    // Per (provider, model): the latest UTC hour with errors, and counts over the recent window.
    const recentFrom = hourStart(now).getTime() - (RECENT_BUCKETS - 1) * HOUR;
    const key = (p: unknown, m: unknown) => `${p ?? ""}|${m ?? ""}`;
    const lastErrorHour = new Map<string, number>();
    const recent = new Map<string, { calls: number; errors: number }>();
    const addRecent = (k: string, calls: number, errors: number) => {
      const s = recent.get(k) ?? { calls: 0, errors: 0 };
      s.calls += calls;
      s.errors += errors;
      recent.set(k, s);
    };
    for (const r of hourly) {
      const at = Date.parse(`${r.bucket}Z`);
      const k = key(r.provider, r.model);
      if (Number(r.errors) > 0 && at > (lastErrorHour.get(k) ?? 0)) lastErrorHour.set(k, at);
      if (at >= recentFrom) {
        addRecent(k, Number(r.requests), Number(r.errors));
        addRecent(key(r.provider, "*"), Number(r.requests), Number(r.errors));
      }
    }
    const lastErrors = new Map<string, LastError>();
    await Promise.all(
      [...lastErrorHour.entries()].map(async ([k, at]) => {
        const [providerId = "", modelId = ""] = k.split("|");
        const found = await this.lastErrorIn(providerId || null, modelId || null, new Date(at));
        if (found) lastErrors.set(k, found);
      }),
    );

    const providers = new Map(catalog.map((p) => [p.id, p]));
    const verdict = (k: string, live: string): HealthVerdict => {
      const s = recent.get(k) ?? { calls: 0, errors: 0 };
      return live === "degraded" ? "degraded" : judgeHealth(s.calls, s.errors);
    };
    const ids = new Set([
      ...byProvider.map((r) => r.provider).filter((id): id is string => !!id),
      ...catalog.filter((p) => p.status === "degraded").map((p) => p.id),
    ]);
    const rows: ProviderHealthRow[] = [...ids].flatMap((id) => {
      const p = providers.get(id);
      if (!p) return [];
      const models: ModelHealth[] = byModel
        .filter((r) => r.provider === id)
        .map((r) => ({
          id: r.model ?? null,
          name: (r.model && modelNames.get(r.model)) || "(deleted or unknown model)",
          ...metricsOf(r),
          status: verdict(key(id, r.model), "active"),
          lastError: lastErrors.get(key(id, r.model)) ?? null,
        }))
        .sort((a, b) => b.requests - a.requests);
      const latest = models
        .map((m) => m.lastError)
        .filter((e): e is LastError => e !== null)
        .sort((a, b) => b.at.getTime() - a.at.getTime())[0];
      return [
        {
          id,
          name: p.name,
          slug: p.slug,
          liveStatus: p.status,
          ...metricsOf(byProvider.find((r) => r.provider === id)),
          status: verdict(key(id, "*"), p.status),
          lastError: latest ?? null,
          models,
        },
      ];
    });
    const rank = { degraded: 0, healthy: 1, too_few_calls: 2 } as const;
    rows.sort((a, b) => rank[a.status] - rank[b.status] || b.requests - a.requests);
    return { from, to, buckets: bucketsBetween(from, to, "hour", opts.timezone), providers: rows, timeline };
  }

  /** The newest failed call of a model (or, for rows without a model, a provider) inside one hour. */
  private async lastErrorIn(
    providerId: string | null,
    modelId: string | null,
    hour: Date,
  ): Promise<LastError | null> {
    const where: SQL[] = [
      sql`${aiUsageLogs.createdAt} >= ${hour.toISOString()}::timestamptz`,
      sql`${aiUsageLogs.createdAt} < ${new Date(hour.getTime() + HOUR).toISOString()}::timestamptz`,
      inArray(aiUsageLogs.status, ["error", "timeout"]),
    ];
    if (modelId) where.push(eq(aiUsageLogs.modelId, modelId));
    else if (providerId) where.push(eq(aiUsageLogs.providerId, providerId), isNull(aiUsageLogs.modelId));
    else return null;
    const [row] = await this.db
      .select({
        at: aiUsageLogs.createdAt,
        message: aiUsageLogs.errorMessage,
        status: aiUsageLogs.status,
        model: aiUsageLogs.modelName,
      })
      .from(aiUsageLogs)
      .where(and(...where))
      .orderBy(desc(aiUsageLogs.createdAt))
      .limit(1);
    if (!row) return null;
    return {
      at: row.at,
      message: row.message ?? (row.status === "timeout" ? "Timed out" : "Failed without a message"),
      status: row.status,
      model: row.model,
    };
  }
}

/**
 * Chart points, one per hour of the window: requests and error rate, and latency. An hour with no
 * traffic is a gap (undefined), never a zero.
 */
export function healthSeries(report: Pick<ProviderHealthReport, "buckets" | "timeline">): {
  errors: Point[];
  latency: Point[];
} {
  const byBucket = new Map(report.timeline.map((r) => [r.bucket, r]));
  const rates = new Map(
    rateSeries(report.timeline, report.buckets, "errors", "requests").map((p) => [p.bucket, p.rate]),
  );
  const value = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));
  return {
    errors: report.buckets.map((b) => ({
      bucket: b,
      requests: value(byBucket.get(b)?.requests),
      rate: rates.get(b),
    })),
    latency: report.buckets.map((b) => {
      const r = byBucket.get(b);
      return {
        bucket: b,
        p50LatencyMs: value(r?.p50LatencyMs),
        p95LatencyMs: value(r?.p95LatencyMs),
        avgTtftMs: value(r?.avgTtftMs),
      };
    }),
  };
}
