import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, inList, timestamps, tz, usd, usdTotal } from "./_helpers";
import { apiKeys, users } from "./accounts";
import { aiIntegrations, aiModels, aiProviders, INTEGRATION_STATUSES, type IntegrationStatus } from "./ai";
import { conversations } from "./chat";
import { aiTemplates } from "./marketplace";
import { workflowRuns } from "./workflows";

export const USAGE_REQUEST_TYPES = ["completion", "chat", "video", "workflow", "embedding"] as const;
export const USAGE_STATUSES = ["success", "error", "timeout", "aborted"] as const;
/** stdio servers are admin-only and only when the instance sets PRISM_MCP_STDIO=1 (lib/mcp). */
export const MCP_TRANSPORTS = ["http", "sse", "stdio"] as const;
/** What an outbound sync target receives. */
export const SYNC_DATA_KINDS = ["conversations", "terminology", "usage"] as const;
/** When a sync target is sent data: on every change, or on a schedule. */
export const SYNC_SCHEDULES = ["on_change", "hourly", "daily"] as const;
export const SYNC_TRIGGERS = ["change", "schedule", "manual"] as const;
export const AGENT_KINDS = ["n8n", "webhook"] as const;
export const OMNI_BRIDGE_SYNC_STATUSES = ["pending", "success", "failed"] as const;
/** Tables the retention job knows how to archive or delete (one policy per entity). */
export const RETENTION_ENTITIES = [
  "conversations",
  "messages",
  "ai_usage_logs",
  "usage_daily",
  "audit_logs",
  "user_sessions",
  "workflow_runs",
  "webhook_deliveries",
  "mcp_usage",
  "notifications",
  "ai_generations",
  "video_requests",
  "stripe_events",
] as const;

export type UsageRequestType = (typeof USAGE_REQUEST_TYPES)[number];
export type UsageStatus = (typeof USAGE_STATUSES)[number];
export type McpTransport = (typeof MCP_TRANSPORTS)[number];
export type OmniBridgeSyncStatus = (typeof OMNI_BRIDGE_SYNC_STATUSES)[number];
export type SyncDataKind = (typeof SYNC_DATA_KINDS)[number];
export type SyncSchedule = (typeof SYNC_SCHEDULES)[number];
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];
export type AgentKind = (typeof AGENT_KINDS)[number];

/** One tool of an MCP server as its tools/list answered (cached on the server row). */
export interface McpToolInfo {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  /** MCP tool annotations (destructiveHint, readOnlyHint, ...). */
  annotations?: Record<string, unknown>;
}
export type RetentionEntity = (typeof RETENTION_ENTITIES)[number];

/**
 * Upper bounds (ms, inclusive) of the latency / TTFT histogram buckets of usage_daily. Bucket i
 * counts values <= LATENCY_BUCKETS_MS[i] (and > the previous bound); the extra last bucket,
 * index LATENCY_BUCKETS_MS.length, counts everything above 120000 ms. Histograms therefore have
 * LATENCY_BUCKETS_MS.length + 1 = 19 slots. Percentiles (p50, p95) are estimated by summing
 * histograms and interpolating inside the bucket. Changing the bounds needs a data migration.
 */
export const LATENCY_BUCKETS_MS = [
  50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10000, 15000, 20000, 30000, 60000, 120000,
] as const;
export const LATENCY_HISTOGRAM_SLOTS = LATENCY_BUCKETS_MS.length + 1;

/** The two histograms every rollup row keeps: latency_ms and ttft_ms. */
export const HISTOGRAMS = ["latency", "ttft"] as const;
export type HistogramKind = (typeof HISTOGRAMS)[number];
/** "0" … "18": the slot indexes of a histogram, as a type. */
type HistogramSlot = Exclude<keyof [...typeof LATENCY_BUCKETS_MS, number], keyof unknown[]>;

/**
 * The SQL columns holding a histogram's slots, in slot order: latency_h0 … latency_h18 and ttft_h0 …
 * ttft_h18 (slot i counts values in LATENCY_BUCKETS_MS bucket i). One plain integer column per slot,
 * not an integer[]: summing 38 plain columns over a 30-day scan is about twice as fast as summing
 * array elements (each `h[i]` detoasts and subscripts the array per row). Every query, upsert and
 * bulk load builds its column lists from here.
 */
export const HISTOGRAM_COLUMNS: Record<HistogramKind, readonly string[]> = {
  latency: Array.from({ length: LATENCY_HISTOGRAM_SLOTS }, (_, i) => `latency_h${i}`),
  ttft: Array.from({ length: LATENCY_HISTOGRAM_SLOTS }, (_, i) => `ttft_h${i}`),
};
/** Every histogram slot column, latency slots then TTFT slots. */
export const ALL_HISTOGRAM_COLUMNS: readonly string[] = HISTOGRAMS.flatMap((k) => HISTOGRAM_COLUMNS[k]);

/**
 * Every additive column of a rollup row, in the order the writer, the migrations' backfills and the
 * bench list them: the counters and sums, then the histogram slots.
 */
export const ROLLUP_ADDITIVE_COLUMNS: readonly string[] = [
  "requests",
  "success_count",
  "error_count",
  "timeout_count",
  "aborted_count",
  "tokens_in",
  "tokens_out",
  "tokens_cached",
  "cost",
  "credits",
  "latency_sum_ms",
  "latency_count",
  "ttft_sum_ms",
  "ttft_count",
  ...ALL_HISTOGRAM_COLUMNS,
];

const slotColumn = (name: string) => integer(name).notNull().default(0);
type SlotProperty<K extends HistogramKind> = `${K}H${HistogramSlot}`;

/** Drizzle columns of one histogram (properties latencyH0 … latencyH18 or ttftH0 … ttftH18). */
function histogramColumns<K extends HistogramKind>(kind: K) {
  return Object.fromEntries(
    HISTOGRAM_COLUMNS[kind].map((name, i) => [`${kind}H${i}`, slotColumn(name)]),
  ) as Record<SlotProperty<K>, ReturnType<typeof slotColumn>>;
}

/** A rollup row's histogram as an array of LATENCY_HISTOGRAM_SLOTS counts (from a drizzle select). */
export function histogramOf(row: Record<SlotProperty<HistogramKind>, number>, kind: HistogramKind): number[] {
  return Array.from(
    { length: LATENCY_HISTOGRAM_SLOTS },
    (_, i) => row[`${kind}H${i}` as SlotProperty<HistogramKind>],
  );
}

/**
 * Seed 000 AIUsageLog + seed 003 Usage + seed 004 api_usage: one row per model call (or video,
 * workflow step, embedding). provider_slug / model_name are denormalised so a deleted model or
 * provider keeps its history. message_id has no FK: usage is written off the hot path, sometimes
 * before the message row commits, and must outlive it.
 */
export const aiUsageLogs = pgTable(
  "ai_usage_logs",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    apiKeyId: uuid("api_key_id").references(() => apiKeys.id, { onDelete: "set null" }),
    providerId: uuid("provider_id").references(() => aiProviders.id, { onDelete: "set null" }),
    modelId: uuid("model_id").references(() => aiModels.id, { onDelete: "set null" }),
    providerSlug: text("provider_slug"),
    modelName: text("model_name"),
    integrationId: uuid("integration_id").references(() => aiIntegrations.id, { onDelete: "set null" }),
    conversationId: uuid("conversation_id").references(() => conversations.id, { onDelete: "set null" }),
    messageId: uuid("message_id"),
    workflowRunId: uuid("workflow_run_id").references(() => workflowRuns.id, { onDelete: "set null" }),
    templateId: uuid("template_id").references(() => aiTemplates.id, { onDelete: "set null" }),
    /** Client session (seed 000 WebSocket session id). */
    sessionId: text("session_id"),
    requestType: text("request_type").$type<UsageRequestType>().notNull(),
    tokensIn: integer("tokens_in").notNull().default(0),
    tokensOut: integer("tokens_out").notNull().default(0),
    tokensCached: integer("tokens_cached").notNull().default(0),
    cost: usd("cost").notNull().default("0"),
    credits: integer("credits").notNull().default(0),
    latencyMs: integer("latency_ms"),
    ttftMs: integer("ttft_ms"),
    status: text("status").$type<UsageStatus>().notNull(),
    errorMessage: text("error_message"),
    /** Tokens estimated locally because the provider reported none (e.g. aborted stream). */
    estimated: boolean("estimated").notNull().default(false),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index("ai_usage_logs_user_created_idx").on(t.userId, t.createdAt),
    index("ai_usage_logs_api_key_created_idx").on(t.apiKeyId, t.createdAt),
    index("ai_usage_logs_provider_created_idx").on(t.providerId, t.createdAt),
    index("ai_usage_logs_model_created_idx").on(t.modelId, t.createdAt),
    index("ai_usage_logs_created_at_idx").on(t.createdAt),
    index("ai_usage_logs_status_created_idx").on(t.status, t.createdAt),
    index("ai_usage_logs_conversation_id_idx").on(t.conversationId),
    index("ai_usage_logs_integration_id_idx").on(t.integrationId),
    index("ai_usage_logs_workflow_run_id_idx").on(t.workflowRunId).where(sql`workflow_run_id IS NOT NULL`),
    index("ai_usage_logs_template_id_idx").on(t.templateId, t.createdAt).where(sql`template_id IS NOT NULL`),
    index("ai_usage_logs_session_id_idx").on(t.sessionId).where(sql`session_id IS NOT NULL`),
    check("ai_usage_logs_request_type_check", sql.raw(`request_type IN (${inList(USAGE_REQUEST_TYPES)})`)),
    check("ai_usage_logs_status_check", sql.raw(`status IN (${inList(USAGE_STATUSES)})`)),
    check(
      "ai_usage_logs_metering_check",
      sql`${t.tokensIn} >= 0 AND ${t.tokensOut} >= 0 AND ${t.tokensCached} >= 0 AND ${t.cost} >= 0 AND ${t.credits} >= 0 AND (${t.latencyMs} IS NULL OR ${t.latencyMs} >= 0) AND (${t.ttftMs} IS NULL OR ${t.ttftMs} >= 0)`,
    ),
  ],
);

/**
 * The additive measures every rollup grain stores (usage_daily and usage_hourly_models): counters,
 * sums and histograms, which merge exactly by adding them. A function, so each table gets its own
 * column builders.
 */
function rollupMeasures() {
  return {
    requests: integer("requests").notNull().default(0),
    successCount: integer("success_count").notNull().default(0),
    errorCount: integer("error_count").notNull().default(0),
    timeoutCount: integer("timeout_count").notNull().default(0),
    abortedCount: integer("aborted_count").notNull().default(0),
    tokensIn: bigint("tokens_in", { mode: "number" }).notNull().default(0),
    tokensOut: bigint("tokens_out", { mode: "number" }).notNull().default(0),
    tokensCached: bigint("tokens_cached", { mode: "number" }).notNull().default(0),
    cost: usdTotal("cost").notNull().default("0"),
    credits: bigint("credits", { mode: "number" }).notNull().default(0),
    /** Sum and count of latency_ms over rows that reported one (mean = sum / count). */
    latencySumMs: bigint("latency_sum_ms", { mode: "number" }).notNull().default(0),
    latencyCount: integer("latency_count").notNull().default(0),
    ttftSumMs: bigint("ttft_sum_ms", { mode: "number" }).notNull().default(0),
    ttftCount: integer("ttft_count").notNull().default(0),
    /** Counts per LATENCY_BUCKETS_MS bucket (+1 overflow slot), one column per slot (HISTOGRAM_COLUMNS). */
    ...histogramColumns("latency"),
    ...histogramColumns("ttft"),
  };
}

/** Every rollup row's counters add up: each request is a success, error, timeout or abort. */
function countersCheck(
  table: string,
  t: Record<
    "requests" | "successCount" | "errorCount" | "timeoutCount" | "abortedCount" | "cost",
    AnyPgColumn
  >,
) {
  return check(
    `${table}_counters_check`,
    sql`${t.requests} >= 0 AND ${t.successCount} + ${t.errorCount} + ${t.timeoutCount} + ${t.abortedCount} = ${t.requests} AND ${t.cost} >= 0`,
  );
}

/**
 * Rollup of ai_usage_logs, upserted (INSERT ... ON CONFLICT ON CONSTRAINT usage_daily_bucket_key
 * DO UPDATE, adding counters and histograms) as usage rows are written.
 *
 * Grain is the HOUR (bucket_start = start of a UTC hour), not the day: dashboards bucket days in
 * the viewer's time zone, and only hourly buckets can be regrouped into any zone's days (zones
 * with :30/:45 offsets are off by that fraction of an hour at day edges, which we accept).
 *
 * Two grains in one table:
 * - user_id set: per user × provider × model × integration × api key × template × request type.
 * - user_id NULL: the all-users grain the admin view reads, so it never scans per-user rows.
 *   api_key_id is always NULL there (keys are per user; per-key views read the per-user grain),
 *   and integration_id is set only for admin-shared integrations (user-owned ones are per user).
 * A third, coarser all-users grain (hour × provider × model) lives in usage_hourly_models.
 *
 * The dimension columns carry no foreign keys, on purpose: upserts stay cheap (no FK checks on the
 * hottest write path) and rollups keep history after a model, key or template is deleted.
 * NULLS NOT DISTINCT makes NULL dimensions part of the upsert key.
 */
export const usageDaily = pgTable(
  "usage_daily",
  {
    id: id(),
    bucketStart: tz("bucket_start").notNull(),
    userId: uuid("user_id"),
    providerId: uuid("provider_id"),
    modelId: uuid("model_id"),
    integrationId: uuid("integration_id"),
    apiKeyId: uuid("api_key_id"),
    templateId: uuid("template_id"),
    requestType: text("request_type").$type<UsageRequestType>().notNull(),
    ...rollupMeasures(),
  },
  (t) => [
    unique("usage_daily_bucket_key")
      .on(
        t.bucketStart,
        t.userId,
        t.providerId,
        t.modelId,
        t.integrationId,
        t.apiKeyId,
        t.templateId,
        t.requestType,
      )
      .nullsNotDistinct(),
    index("usage_daily_user_bucket_idx").on(t.userId, t.bucketStart),
    index("usage_daily_all_users_bucket_idx").on(t.bucketStart).where(sql`user_id IS NULL`),
    check("usage_daily_request_type_check", sql.raw(`request_type IN (${inList(USAGE_REQUEST_TYPES)})`)),
    check("usage_daily_hour_check", sql`extract(epoch FROM ${t.bucketStart}) % 3600 = 0`),
    check("usage_daily_all_users_grain_check", sql`${t.userId} IS NOT NULL OR ${t.apiKeyId} IS NULL`),
    countersCheck("usage_daily", t),
  ],
);

/**
 * The coarse all-users grain: hour × provider × model, nothing else. The default admin dashboard
 * (grouped and filtered by time, provider and model only) reads it instead of usage_daily's
 * all-users grain, which also splits by integration, template and request type (~18x more rows).
 * Maintained in the same transaction and from the same buildRollups output as usage_daily, so it
 * always equals the logs. Same measures, same hour check, NULLS NOT DISTINCT key; the key's
 * leading bucket_start serves the range scans.
 */
export const usageHourlyModels = pgTable(
  "usage_hourly_models",
  {
    id: id(),
    bucketStart: tz("bucket_start").notNull(),
    providerId: uuid("provider_id"),
    modelId: uuid("model_id"),
    ...rollupMeasures(),
  },
  (t) => [
    unique("usage_hourly_models_bucket_key").on(t.bucketStart, t.providerId, t.modelId).nullsNotDistinct(),
    check("usage_hourly_models_hour_check", sql`extract(epoch FROM ${t.bucketStart}) % 3600 = 0`),
    countersCheck("usage_hourly_models", t),
  ],
);

/**
 * The coarse per-user grain: user × hour × provider × model, nothing else. A user's default dashboard
 * (grouped and filtered by time, provider and model only) reads it instead of usage_daily's per-user
 * grain, which also splits by API key, integration, template and request type: for a heavy user
 * (most calls through API keys) that is several times more rows per hour. Admin queries by user,
 * provider and model read it too. Maintained like usage_hourly_models: same transaction, same
 * records, same measures and checks. The key leads with user_id, so it serves "one user's range"
 * scans; user_id is never NULL here.
 */
export const usageHourlyUserModels = pgTable(
  "usage_hourly_user_models",
  {
    id: id(),
    bucketStart: tz("bucket_start").notNull(),
    userId: uuid("user_id").notNull(),
    providerId: uuid("provider_id"),
    modelId: uuid("model_id"),
    ...rollupMeasures(),
  },
  (t) => [
    unique("usage_hourly_user_models_bucket_key")
      .on(t.userId, t.bucketStart, t.providerId, t.modelId)
      .nullsNotDistinct(),
    index("usage_hourly_user_models_bucket_idx").on(t.bucketStart),
    check("usage_hourly_user_models_hour_check", sql`extract(epoch FROM ${t.bucketStart}) % 3600 = 0`),
    countersCheck("usage_hourly_user_models", t),
  ],
);

/**
 * The day grains, for dashboards over days, weeks and months (lib/usage/analytics/compiler.ts `dayPlan`):
 * - usage_day_models: usage_hourly_models summed per UTC day.
 * - usage_day_user_models: usage_hourly_user_models summed per day in the user's own time zone
 *   (users.timezone, through usage_day_zone()), which is the zone their usage page buckets days in,
 *   so their 30-day dashboard is 30 day rows per model. An hour belongs to the local date its start
 *   falls on, exactly as the hourly grains are bucketed into days. When a user's zone changes, the
 *   trigger users_timezone_usage_days regroups their day rows from their hour rows in the same
 *   transaction (the usage writer holds a shared advisory lock per user while it adds to their day
 *   rows, the trigger an exclusive one, so the two never interleave).
 * A day is read in any other zone as its days plus or minus a few hour rows. Maintained in the same
 * transaction from the same records as the hourly grains, so a day row always equals the sum of its
 * hour rows; retention removes whole days (UTC days, or the user's days) from both.
 * (Migration 0007 also gave both tables a generated text column `packed`, which nothing reads any
 * more; it is left out of this schema until a migration drops it.)
 */
export const usageDayModels = pgTable(
  "usage_day_models",
  {
    id: id(),
    /** The UTC date. */
    day: date("day", { mode: "string" }).notNull(),
    providerId: uuid("provider_id"),
    modelId: uuid("model_id"),
    ...rollupMeasures(),
  },
  (t) => [
    unique("usage_day_models_bucket_key").on(t.day, t.providerId, t.modelId).nullsNotDistinct(),
    countersCheck("usage_day_models", t),
  ],
);

/** User × day (in the user's zone) × provider × model: see usageDayModels. */
export const usageDayUserModels = pgTable(
  "usage_day_user_models",
  {
    id: id(),
    userId: uuid("user_id").notNull(),
    /** The date in the user's time zone (usage_day_zone(users.timezone)). */
    day: date("day", { mode: "string" }).notNull(),
    providerId: uuid("provider_id"),
    modelId: uuid("model_id"),
    ...rollupMeasures(),
  },
  (t) => [
    unique("usage_day_user_models_bucket_key")
      .on(t.userId, t.day, t.providerId, t.modelId)
      .nullsNotDistinct(),
    index("usage_day_user_models_day_idx").on(t.day),
    countersCheck("usage_day_user_models", t),
  ],
);

/** Seed 004 mcp_usage: one row per MCP tool call. */
export const mcpUsage = pgTable(
  "mcp_usage",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** No FK, like ai_usage_logs.message_id. */
    messageId: uuid("message_id"),
    workflowRunId: uuid("workflow_run_id").references(() => workflowRuns.id, { onDelete: "set null" }),
    /** Null for Prism's built-in tools (server_name 'prism') and for deleted servers. */
    serverId: uuid("server_id").references((): AnyPgColumn => mcpServers.id, { onDelete: "set null" }),
    serverName: text("server_name").notNull(),
    toolName: text("tool_name").notNull(),
    success: boolean("success").notNull(),
    tokensUsed: integer("tokens_used").notNull().default(0),
    latencyMs: integer("latency_ms"),
    errorMessage: text("error_message"),
    createdAt: createdAt(),
  },
  (t) => [
    index("mcp_usage_user_created_idx").on(t.userId, t.createdAt),
    index("mcp_usage_created_at_idx").on(t.createdAt),
    index("mcp_usage_workflow_run_id_idx").on(t.workflowRunId).where(sql`workflow_run_id IS NOT NULL`),
    index("mcp_usage_message_id_idx").on(t.messageId).where(sql`message_id IS NOT NULL`),
    check(
      "mcp_usage_metering_check",
      sql`${t.tokensUsed} >= 0 AND (${t.latencyMs} IS NULL OR ${t.latencyMs} >= 0)`,
    ),
  ],
);

/**
 * MCP servers plugged in as tools: a user's own (shared = false) or an admin's shared with everyone
 * (shared = true; stdio servers are only ever shared). Tools are namespaced by server name, so it is
 * unique per owner. Headers (auth tokens) are an encrypted envelope, like provider keys. The tool
 * list is cached here (refreshed on demand); enabled_tools lists the tool names models may call.
 */
export const mcpServers = pgTable(
  "mcp_servers",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    shared: boolean("shared").notNull().default(false),
    /** Null only for stdio servers. */
    url: text("url"),
    transport: text("transport").$type<McpTransport>().notNull().default("http"),
    /** stdio only: a fixed executable and its arguments (no shell). */
    command: text("command"),
    args: jsonb("args").$type<string[]>().notNull().default([]),
    headersEncrypted: text("headers_encrypted"),
    keyVersion: integer("key_version"),
    enabled: boolean("enabled").notNull().default(true),
    status: text("status").$type<IntegrationStatus>().notNull().default("disconnected"),
    lastError: text("last_error"),
    tools: jsonb("tools").$type<McpToolInfo[]>().notNull().default([]),
    enabledTools: jsonb("enabled_tools").$type<string[]>().notNull().default([]),
    toolsRefreshedAt: tz("tools_refreshed_at"),
    ...timestamps(),
  },
  (t) => [
    unique("mcp_servers_user_name_unique").on(t.userId, t.name),
    index("mcp_servers_shared_idx").on(t.shared).where(sql`shared`),
    check("mcp_servers_transport_check", sql.raw(`transport IN (${inList(MCP_TRANSPORTS)})`)),
    check("mcp_servers_status_check", sql.raw(`status IN (${inList(INTEGRATION_STATUSES)})`)),
    check("mcp_servers_key_version_check", sql`(${t.headersEncrypted} IS NULL) = (${t.keyVersion} IS NULL)`),
    check(
      "mcp_servers_endpoint_check",
      sql`(transport = 'stdio' AND ${t.command} IS NOT NULL AND ${t.url} IS NULL AND ${t.shared}) OR (transport <> 'stdio' AND ${t.url} IS NOT NULL AND ${t.command} IS NULL)`,
    ),
  ],
);

/** Seed 004 retention_policies, enforced by a scheduled job. */
export const retentionPolicies = pgTable(
  "retention_policies",
  {
    id: id(),
    /** One of RETENTION_ENTITIES (a CHECK enforces it). */
    entity: text("entity").notNull(),
    retentionDays: integer("retention_days"),
    archiveAfterDays: integer("archive_after_days"),
    deleteAfterDays: integer("delete_after_days"),
    /** Extra row filters, e.g. { "status": ["failed"] }. */
    conditions: jsonb("conditions").$type<Record<string, unknown>>().notNull().default({}),
    enabled: boolean("enabled").notNull().default(true),
    lastRunAt: tz("last_run_at"),
    lastRunDeleted: integer("last_run_deleted"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("retention_policies_entity_unique").on(t.entity),
    check("retention_policies_entity_check", sql.raw(`entity IN (${inList(RETENTION_ENTITIES)})`)),
    check(
      "retention_policies_days_check",
      sql`(${t.retentionDays} IS NULL OR ${t.retentionDays} > 0) AND (${t.archiveAfterDays} IS NULL OR ${t.archiveAfterDays} > 0) AND (${t.deleteAfterDays} IS NULL OR ${t.deleteAfterDays} > 0)`,
    ),
    check(
      "retention_policies_order_check",
      sql`${t.archiveAfterDays} IS NULL OR ${t.deleteAfterDays} IS NULL OR ${t.archiveAfterDays} < ${t.deleteAfterDays}`,
    ),
  ],
);

/** One execution of a retention policy. */
export const retentionRuns = pgTable(
  "retention_runs",
  {
    id: id(),
    policyId: uuid("policy_id")
      .notNull()
      .references(() => retentionPolicies.id, { onDelete: "cascade" }),
    startedAt: tz("started_at").notNull().defaultNow(),
    finishedAt: tz("finished_at"),
    archived: integer("archived").notNull().default(0),
    deleted: integer("deleted").notNull().default(0),
    error: text("error"),
  },
  (t) => [index("retention_runs_policy_started_idx").on(t.policyId, t.startedAt)],
);

/** In-app notifications (budget alerts, sales, refunds, failed runs, ...). kind is free text. */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    readAt: tz("read_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("notifications_user_created_idx").on(t.userId, t.createdAt),
    index("notifications_user_unread_idx").on(t.userId).where(sql`read_at IS NULL`),
  ],
);

/**
 * Seed 002 omni_bridge_sync: an outbound sync target. The key is sent as a bearer token and the
 * body is signed (Standard Webhooks) with a per-target signing secret; both encrypted envelopes.
 * sync_data says what is sent ({ kinds: SyncDataKind[] }); schedule says when.
 */
export const omniBridgeSync = pgTable(
  "omni_bridge_sync",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull().default("Omni-Bridge"),
    omniBridgeUrl: text("omni_bridge_url").notNull(),
    apiKeyEncrypted: text("api_key_encrypted").notNull(),
    signingSecretEncrypted: text("signing_secret_encrypted"),
    keyVersion: integer("key_version"),
    syncEnabled: boolean("sync_enabled").notNull().default(true),
    schedule: text("schedule").$type<SyncSchedule>().notNull().default("on_change"),
    lastSyncAt: tz("last_sync_at"),
    syncStatus: text("sync_status").$type<OmniBridgeSyncStatus>().notNull().default("pending"),
    lastError: text("last_error"),
    /** What data to sync. */
    syncData: jsonb("sync_data").$type<Record<string, unknown>>().notNull().default({}),
    ...timestamps(),
  },
  (t) => [
    index("omni_bridge_sync_user_id_idx").on(t.userId),
    check("omni_bridge_sync_status_check", sql.raw(`sync_status IN (${inList(OMNI_BRIDGE_SYNC_STATUSES)})`)),
    check("omni_bridge_sync_schedule_check", sql.raw(`schedule IN (${inList(SYNC_SCHEDULES)})`)),
  ],
);

/** One delivery attempt series to a sync target (retried with backoff through the job queue). */
export const syncDeliveries = pgTable(
  "sync_deliveries",
  {
    id: id(),
    syncId: uuid("sync_id")
      .notNull()
      .references(() => omniBridgeSync.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").$type<SyncDataKind>().notNull(),
    trigger: text("trigger").$type<SyncTrigger>().notNull(),
    status: text("status").$type<OmniBridgeSyncStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    httpStatus: integer("http_status"),
    lastError: text("last_error"),
    items: integer("items").notNull().default(0),
    payloadBytes: integer("payload_bytes").notNull().default(0),
    nextAttemptAt: tz("next_attempt_at"),
    deliveredAt: tz("delivered_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("sync_deliveries_sync_created_idx").on(t.syncId, t.createdAt),
    index("sync_deliveries_user_created_idx").on(t.userId, t.createdAt),
    check("sync_deliveries_kind_check", sql.raw(`kind IN (${inList(SYNC_DATA_KINDS)})`)),
    check("sync_deliveries_trigger_check", sql.raw(`trigger IN (${inList(SYNC_TRIGGERS)})`)),
    check("sync_deliveries_status_check", sql.raw(`status IN (${inList(OMNI_BRIDGE_SYNC_STATUSES)})`)),
    check(
      "sync_deliveries_counts_check",
      sql`${t.attempts} >= 0 AND ${t.items} >= 0 AND ${t.payloadBytes} >= 0`,
    ),
  ],
);

/**
 * Seed 004 ai_agents + n8n_workflows, one row per agent: an external workflow (n8n or any webhook)
 * chat can @-mention by handle and workflows can call. Requests are signed (Standard Webhooks)
 * with the encrypted secret; execution counters kept here.
 */
export const aiAgents = pgTable(
  "ai_agents",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** @-mention handle, unique per user: lowercase letters, digits, - and _. */
    handle: text("handle").notNull(),
    description: text("description"),
    kind: text("kind").$type<AgentKind>().notNull().default("webhook"),
    webhookUrl: text("webhook_url").notNull(),
    /** n8n's own workflow id, when known (seed 004 n8n_workflows.workflow_id). */
    n8nWorkflowId: text("n8n_workflow_id"),
    secretEncrypted: text("secret_encrypted").notNull(),
    keyVersion: integer("key_version").notNull(),
    capabilities: jsonb("capabilities").$type<string[]>().notNull().default([]),
    configuration: jsonb("configuration").$type<Record<string, unknown>>().notNull().default({}),
    enabled: boolean("enabled").notNull().default(true),
    executionCount: integer("execution_count").notNull().default(0),
    successCount: integer("success_count").notNull().default(0),
    lastStatus: text("last_status").$type<"success" | "failed">(),
    lastError: text("last_error"),
    lastRunAt: tz("last_run_at"),
    ...timestamps(),
  },
  (t) => [
    unique("ai_agents_user_handle_unique").on(t.userId, t.handle),
    check("ai_agents_kind_check", sql.raw(`kind IN (${inList(AGENT_KINDS)})`)),
    check("ai_agents_handle_check", sql`${t.handle} ~ '^[a-z0-9][a-z0-9_-]{0,39}$'`),
    check(
      "ai_agents_last_status_check",
      sql`${t.lastStatus} IS NULL OR ${t.lastStatus} IN ('success', 'failed')`,
    ),
    check(
      "ai_agents_counts_check",
      sql`${t.executionCount} >= 0 AND ${t.successCount} BETWEEN 0 AND ${t.executionCount}`,
    ),
  ],
);

export type AIUsageLog = typeof aiUsageLogs.$inferSelect;
export type NewAIUsageLog = typeof aiUsageLogs.$inferInsert;
export type UsageDaily = typeof usageDaily.$inferSelect;
export type NewUsageDaily = typeof usageDaily.$inferInsert;
export type UsageHourlyModel = typeof usageHourlyModels.$inferSelect;
export type UsageHourlyUserModel = typeof usageHourlyUserModels.$inferSelect;
export type UsageDayModel = typeof usageDayModels.$inferSelect;
export type UsageDayUserModel = typeof usageDayUserModels.$inferSelect;
export type McpUsage = typeof mcpUsage.$inferSelect;
export type NewMcpUsage = typeof mcpUsage.$inferInsert;
export type McpServer = typeof mcpServers.$inferSelect;
export type NewMcpServer = typeof mcpServers.$inferInsert;
export type RetentionPolicy = typeof retentionPolicies.$inferSelect;
export type NewRetentionPolicy = typeof retentionPolicies.$inferInsert;
export type RetentionRun = typeof retentionRuns.$inferSelect;
export type NewRetentionRun = typeof retentionRuns.$inferInsert;
export type UserNotification = typeof notifications.$inferSelect;
export type NewUserNotification = typeof notifications.$inferInsert;
export type OmniBridgeSync = typeof omniBridgeSync.$inferSelect;
export type NewOmniBridgeSync = typeof omniBridgeSync.$inferInsert;
export type SyncDelivery = typeof syncDeliveries.$inferSelect;
export type AIAgent = typeof aiAgents.$inferSelect;
export type NewAIAgent = typeof aiAgents.$inferInsert;

/**
 * Instance-wide settings an admin changes in the app (outbound allowlist, shared-integration markup).
 * One row per key; values are validated by lib/settings before they are written.
 */
export const appSettings = pgTable("app_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").$type<unknown>().notNull(),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: tz("updated_at")
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
});
