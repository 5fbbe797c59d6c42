import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, inList, timestamps, tz, usd } from "./_helpers";
import { users } from "./accounts";
import { aiModels, aiProviders } from "./ai";

export const WORKFLOW_STATUSES = ["active", "paused", "archived"] as const;
export const WORKFLOW_LAST_RUN_STATUSES = ["success", "failed", "partial", "cancelled"] as const;
export const WORKFLOW_TRIGGER_TYPES = ["manual", "scheduled", "webhook", "api", "subworkflow"] as const;
export const WORKFLOW_RUN_STATUSES = ["queued", "running", "success", "failed", "cancelled"] as const;
export const WORKFLOW_STEP_TYPES = [
  "model",
  "template",
  "multi_model",
  "transform",
  "condition",
  "http",
  "delay",
  "subworkflow",
  "tool",
  "agent",
] as const;
/**
 * One row per attempt of a step. ready = may be claimed once available_at has passed (a delay step
 * or a retry waits that way); waiting = a sub-workflow step whose child run is under way.
 */
export const STEP_RUN_STATUSES = [
  "pending",
  "ready",
  "running",
  "waiting",
  "success",
  "failed",
  "skipped",
  "cancelled",
] as const;
export const WEBHOOK_DELIVERY_STATUSES = ["accepted", "rejected", "duplicate"] as const;
export const GENERATION_MODES = ["creative", "professional", "brandable", "tech-focused"] as const;
export const GENERATION_STATUSES = ["pending", "processing", "completed", "failed", "cancelled"] as const;
export const VIDEO_REQUEST_STATUSES = ["queued", "processing", "completed", "failed"] as const;
export const VIDEO_WORKFLOW_TYPES = ["text-to-video", "image-to-video", "video-enhancement"] as const;
export const VIDEO_WORKFLOW_STATUSES = ["processing", "completed", "failed"] as const;

export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];
export type WorkflowLastRunStatus = (typeof WORKFLOW_LAST_RUN_STATUSES)[number];
export type WorkflowTriggerType = (typeof WORKFLOW_TRIGGER_TYPES)[number];
export type WorkflowRunStatus = (typeof WORKFLOW_RUN_STATUSES)[number];
export type WorkflowStepType = (typeof WORKFLOW_STEP_TYPES)[number];
export type StepRunStatus = (typeof STEP_RUN_STATUSES)[number];
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
export type GenerationMode = (typeof GENERATION_MODES)[number];
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];
export type VideoRequestStatus = (typeof VIDEO_REQUEST_STATUSES)[number];
export type VideoWorkflowType = (typeof VIDEO_WORKFLOW_TYPES)[number];
export type VideoWorkflowStatus = (typeof VIDEO_WORKFLOW_STATUSES)[number];

/**
 * A workflow version's graph, validated by lib/workflows/definition.ts (its zod schema is the
 * authority; this type only names the stored shape).
 */
export type WorkflowDefinitionJson = {
  inputSchema: Array<Record<string, unknown>>;
  steps: Array<
    { id: string; type: WorkflowStepType; config: Record<string, unknown> } & Record<string, unknown>
  >;
  edges: Array<{ from: string; to: string; branch?: "true" | "false" }>;
};
/** Workflow-level trigger settings (not versioned): schedule, webhook, API. */
export type WorkflowTriggerSettings = {
  schedule?: { cron: string; timezone: string; enabled: boolean } | null;
  webhook?: { enabled: boolean } | null;
  api?: { enabled: boolean } | null;
};

/**
 * Seed 002 workflows. The graph lives in immutable workflow_versions; current_version_id names the
 * one new runs start on. Secrets (webhook signing secret, {{secrets.NAME}} values) are encrypted
 * envelopes like provider keys.
 */
export const workflows = pgTable(
  "workflows",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    currentVersionId: uuid("current_version_id").references((): AnyPgColumn => workflowVersions.id, {
      onDelete: "set null",
    }),
    version: integer("version").notNull().default(0),
    triggers: jsonb("triggers").$type<WorkflowTriggerSettings>().notNull().default({}),
    status: text("status").$type<WorkflowStatus>().notNull().default("active"),
    lastRunAt: tz("last_run_at"),
    lastRunStatus: text("last_run_status").$type<WorkflowLastRunStatus>(),
    runCount: integer("run_count").notNull().default(0),
    successCount: integer("success_count").notNull().default(0),
    errorCount: integer("error_count").notNull().default(0),
    webhookSecretEncrypted: text("webhook_secret_encrypted"),
    /** JSON object NAME -> value, encrypted as one envelope. */
    secretsEncrypted: text("secrets_encrypted"),
    /** Cron expression of the scheduled trigger (in cron_timezone), if enabled. */
    cron: text("cron"),
    cronTimezone: text("cron_timezone").notNull().default("UTC"),
    nextRunAt: tz("next_run_at"),
    /** Runs of this workflow executing at once; more wait queued. */
    concurrencyLimit: integer("concurrency_limit").notNull().default(5),
    runTimeoutSeconds: integer("run_timeout_seconds"),
    /** Days runs are kept; NULL = the admin's retention policy for workflow runs. */
    retentionDays: integer("retention_days"),
    keepSuccessStepData: boolean("keep_success_step_data").notNull().default(true),
    deletedAt: tz("deleted_at"),
    ...timestamps(),
  },
  (t) => [
    index("workflows_user_updated_idx").on(t.userId, t.updatedAt),
    index("workflows_next_run_idx").on(t.nextRunAt).where(sql`cron IS NOT NULL AND status = 'active'`),
    check("workflows_status_check", sql.raw(`status IN (${inList(WORKFLOW_STATUSES)})`)),
    check(
      "workflows_last_run_status_check",
      sql.raw(`last_run_status IN (${inList(WORKFLOW_LAST_RUN_STATUSES)})`),
    ),
    check(
      "workflows_counts_check",
      sql`${t.runCount} >= 0 AND ${t.successCount} >= 0 AND ${t.errorCount} >= 0 AND ${t.version} >= 0`,
    ),
    check("workflows_concurrency_check", sql`${t.concurrencyLimit} BETWEEN 1 AND 100`),
    check(
      "workflows_limits_check",
      sql`(${t.runTimeoutSeconds} IS NULL OR ${t.runTimeoutSeconds} > 0) AND (${t.retentionDays} IS NULL OR ${t.retentionDays} BETWEEN 1 AND 3650)`,
    ),
  ],
);

/** An immutable published graph. Restoring an old version publishes a copy as a new one. */
export const workflowVersions = pgTable(
  "workflow_versions",
  {
    id: id(),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    definition: jsonb("definition").$type<WorkflowDefinitionJson>().notNull(),
    /** sha256 of the canonical definition: a save that changes nothing publishes nothing. */
    hash: text("hash").notNull(),
    changelog: text("changelog"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("workflow_versions_workflow_version_unique").on(t.workflowId, t.version),
    check("workflow_versions_version_check", sql`${t.version} >= 1`),
  ],
);

/**
 * Seed 002 workflow_runs, made durable: queued by a trigger, admitted under the workflow's
 * concurrency limit, advanced step by step by workers. Resuming from the failed step is a new
 * attempt of the same run; re-running makes a new run that points at the one it re-ran.
 */
export const workflowRuns = pgTable(
  "workflow_runs",
  {
    id: id(),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    versionId: uuid("version_id")
      .notNull()
      .references(() => workflowVersions.id, { onDelete: "restrict" }),
    triggerType: text("trigger_type").$type<WorkflowTriggerType>().notNull().default("manual"),
    triggerData: jsonb("trigger_data").$type<Record<string, unknown>>(),
    status: text("status").$type<WorkflowRunStatus>().notNull().default("queued"),
    stepsCompleted: integer("steps_completed").notNull().default(0),
    stepsTotal: integer("steps_total"),
    input: jsonb("input").$type<unknown>(),
    output: jsonb("output").$type<unknown>(),
    errorMessage: text("error_message"),
    /** Dedupe key of the trigger: webhook-id, cron slot, API Idempotency-Key. */
    idempotencyKey: text("idempotency_key"),
    parentRunId: uuid("parent_run_id").references((): AnyPgColumn => workflowRuns.id, {
      onDelete: "set null",
    }),
    parentStepRunId: uuid("parent_step_run_id"),
    depth: integer("depth").notNull().default(0),
    rerunOfRunId: uuid("rerun_of_run_id").references((): AnyPgColumn => workflowRuns.id, {
      onDelete: "set null",
    }),
    apiKeyId: uuid("api_key_id"),
    /** Resume epoch: 1 for the first execution, +1 per resume from the failed step. */
    attempt: integer("attempt").notNull().default(1),
    /** Some step failed but the run went on (e.g. one model of a multi-model step). */
    partial: boolean("partial").notNull().default(false),
    tokensIn: integer("tokens_in").notNull().default(0),
    tokensOut: integer("tokens_out").notNull().default(0),
    cost: usd("cost").notNull().default("0"),
    cancelRequestedAt: tz("cancel_requested_at"),
    deadlineAt: tz("deadline_at"),
    queuedAt: tz("queued_at").notNull().defaultNow(),
    startedAt: tz("started_at"),
    completedAt: tz("completed_at"),
  },
  (t) => [
    unique("workflow_runs_workflow_idempotency_unique").on(t.workflowId, t.idempotencyKey),
    index("workflow_runs_workflow_queued_idx").on(t.workflowId, t.queuedAt.desc().nullsFirst()),
    index("workflow_runs_user_queued_idx").on(t.userId, t.queuedAt.desc().nullsFirst()),
    index("workflow_runs_workflow_status_idx").on(t.workflowId, t.status, t.queuedAt),
    index("workflow_runs_completed_idx").on(t.completedAt).where(sql`completed_at IS NOT NULL`),
    index("workflow_runs_deadline_idx")
      .on(t.deadlineAt)
      .where(sql`status = 'running' AND deadline_at IS NOT NULL`),
    index("workflow_runs_parent_run_id_idx").on(t.parentRunId).where(sql`parent_run_id IS NOT NULL`),
    check("workflow_runs_trigger_type_check", sql.raw(`trigger_type IN (${inList(WORKFLOW_TRIGGER_TYPES)})`)),
    check("workflow_runs_status_check", sql.raw(`status IN (${inList(WORKFLOW_RUN_STATUSES)})`)),
    check(
      "workflow_runs_counts_check",
      sql`${t.stepsCompleted} >= 0 AND (${t.stepsTotal} IS NULL OR ${t.stepsTotal} >= 0) AND ${t.attempt} >= 1 AND ${t.depth} BETWEEN 0 AND 5 AND ${t.tokensIn} >= 0 AND ${t.tokensOut} >= 0 AND ${t.cost} >= 0`,
    ),
  ],
);

/**
 * Per step and attempt: a step runs at most once per (run, step, attempt). A worker claims a ready
 * row with a guarded update that takes a lease; only the lease holder's commit counts.
 */
export const workflowStepRuns = pgTable(
  "workflow_step_runs",
  {
    id: id(),
    runId: uuid("run_id")
      .notNull()
      .references(() => workflowRuns.id, { onDelete: "cascade" }),
    /** A step id of the run's version definition. */
    stepId: text("step_id").notNull(),
    stepType: text("step_type").$type<WorkflowStepType>().notNull(),
    attempt: integer("attempt").notNull().default(1),
    /** The run attempt (resume epoch) this row belongs to. */
    epoch: integer("epoch").notNull().default(1),
    status: text("status").$type<StepRunStatus>().notNull().default("pending"),
    availableAt: tz("available_at").notNull().defaultNow(),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: tz("lease_expires_at"),
    input: jsonb("input").$type<unknown>(),
    output: jsonb("output").$type<unknown>(),
    error: text("error"),
    /** Retryable failure class of the error: http_429, http_5xx, timeout, or NULL. */
    errorKind: text("error_kind"),
    /** The output was copied from the run this one re-ran (not executed again). */
    reusedFromStepRunId: uuid("reused_from_step_run_id"),
    childRunId: uuid("child_run_id"),
    /** Per-model detail of a multi-model step, judge verdicts, HTTP status and the like. */
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    tokensIn: integer("tokens_in").notNull().default(0),
    tokensOut: integer("tokens_out").notNull().default(0),
    cost: usd("cost").notNull().default("0"),
    startedAt: tz("started_at"),
    completedAt: tz("completed_at"),
    durationMs: integer("duration_ms"),
    createdAt: createdAt(),
  },
  (t) => [
    unique("workflow_step_runs_run_step_attempt_unique").on(t.runId, t.stepId, t.attempt),
    index("workflow_step_runs_lease_idx").on(t.leaseExpiresAt).where(sql`status = 'running'`),
    index("workflow_step_runs_ready_idx").on(t.availableAt).where(sql`status = 'ready'`),
    index("workflow_step_runs_child_run_idx").on(t.childRunId).where(sql`child_run_id IS NOT NULL`),
    check("workflow_step_runs_step_type_check", sql.raw(`step_type IN (${inList(WORKFLOW_STEP_TYPES)})`)),
    check("workflow_step_runs_status_check", sql.raw(`status IN (${inList(STEP_RUN_STATUSES)})`)),
    check(
      "workflow_step_runs_metering_check",
      sql`${t.attempt} >= 1 AND ${t.epoch} >= 1 AND ${t.tokensIn} >= 0 AND ${t.tokensOut} >= 0 AND ${t.cost} >= 0 AND (${t.durationMs} IS NULL OR ${t.durationMs} >= 0)`,
    ),
  ],
);

/**
 * Seed 004 n8n integration: every received webhook call, valid or not. Deduplication is on the
 * sender's delivery id among accepted deliveries only, so a forged (badly signed) request cannot
 * burn the id of a genuine one, and duplicates can still be recorded.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    receivedAt: tz("received_at").notNull().defaultNow(),
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    payload: jsonb("payload").$type<unknown>(),
    signatureValid: boolean("signature_valid").notNull(),
    status: text("status").$type<WebhookDeliveryStatus>().notNull(),
    runId: uuid("run_id").references(() => workflowRuns.id, { onDelete: "set null" }),
    error: text("error"),
    /** Sender's delivery id (e.g. an X-Delivery-Id header). */
    deliveryId: text("delivery_id"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_workflow_delivery_unique")
      .on(t.workflowId, t.deliveryId)
      .where(sql`status = 'accepted'`),
    index("webhook_deliveries_user_received_idx").on(t.userId, t.receivedAt),
    index("webhook_deliveries_workflow_received_idx").on(t.workflowId, t.receivedAt),
    index("webhook_deliveries_run_id_idx").on(t.runId).where(sql`run_id IS NOT NULL`),
    check("webhook_deliveries_status_check", sql.raw(`status IN (${inList(WEBHOOK_DELIVERY_STATUSES)})`)),
    check("webhook_deliveries_accepted_check", sql`status <> 'accepted' OR ${t.signatureValid}`),
  ],
);

/** Seed 001 projects (business-name studio). */
export const projects = pgTable(
  "projects",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    businessIdea: text("business_idea"),
    aiPreferences: jsonb("ai_preferences").$type<Record<string, unknown>>(),
    lastGenerationAt: tz("last_generation_at"),
    selectedNameId: uuid("selected_name_id").references((): AnyPgColumn => nameSuggestions.id, {
      onDelete: "set null",
    }),
    ...timestamps(),
  },
  (t) => [
    index("projects_user_updated_idx").on(t.userId, t.updatedAt),
    index("projects_user_last_generation_idx").on(t.userId, t.lastGenerationAt),
  ],
);

/** Seed 001 ai_generations: one name-generation session across several models. */
export const aiGenerations = pgTable(
  "ai_generations",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "cascade" }),
    businessIdea: text("business_idea").notNull(),
    generationMode: text("generation_mode").$type<GenerationMode>().notNull(),
    deepThinking: boolean("deep_thinking").notNull().default(false),
    modelsRequested: jsonb("models_requested").$type<string[]>().notNull(),
    modelsCompleted: jsonb("models_completed").$type<string[]>().notNull().default([]),
    totalNamesGenerated: integer("total_names_generated").notNull().default(0),
    generationTimeMs: integer("generation_time_ms"),
    status: text("status").$type<GenerationStatus>().notNull().default("pending"),
    errorDetails: jsonb("error_details").$type<Record<string, unknown>>(),
    ...timestamps(),
  },
  (t) => [
    index("ai_generations_user_created_idx").on(t.userId, t.createdAt),
    index("ai_generations_project_id_idx").on(t.projectId),
    index("ai_generations_status_created_idx").on(t.status, t.createdAt),
    check("ai_generations_mode_check", sql.raw(`generation_mode IN (${inList(GENERATION_MODES)})`)),
    check("ai_generations_status_check", sql.raw(`status IN (${inList(GENERATION_STATUSES)})`)),
    check(
      "ai_generations_models_requested_check",
      sql`CASE WHEN jsonb_typeof(${t.modelsRequested}) = 'array' THEN jsonb_array_length(${t.modelsRequested}) >= 1 ELSE false END`,
    ),
    check("ai_generations_total_names_check", sql`${t.totalNamesGenerated} >= 0`),
  ],
);

/**
 * Seed 001 name_suggestions (+ AI columns). ai_model is free text, not the seed's fixed list of
 * four model names: models come from the catalog and change over time.
 */
export const nameSuggestions = pgTable(
  "name_suggestions",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** NULL for a name the user added by hand. */
    generationId: uuid("generation_id").references(() => aiGenerations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    domain: text("domain"),
    tagline: text("tagline"),
    description: text("description"),
    aiModel: text("ai_model"),
    generationMetadata: jsonb("generation_metadata").$type<Record<string, unknown>>(),
    generationSessionId: uuid("generation_session_id"),
    isFavorite: boolean("is_favorite").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index("name_suggestions_user_created_idx").on(t.userId, t.createdAt),
    index("name_suggestions_project_created_idx").on(t.projectId, t.createdAt),
    index("name_suggestions_generation_id_idx").on(t.generationId),
    index("name_suggestions_ai_model_idx").on(t.aiModel),
    index("name_suggestions_generation_session_idx").on(t.generationSessionId),
  ],
);

/** Seed 001 ai_model_performance: one row per model per generation. */
export const aiModelPerformance = pgTable(
  "ai_model_performance",
  {
    id: id(),
    aiGenerationId: uuid("ai_generation_id")
      .notNull()
      .references(() => aiGenerations.id, { onDelete: "cascade" }),
    modelName: text("model_name").notNull(),
    responseTimeMs: integer("response_time_ms").notNull(),
    namesGenerated: integer("names_generated").notNull(),
    tokensUsed: integer("tokens_used"),
    /** Percentage 0.00–100.00. */
    successRate: numeric("success_rate", { precision: 5, scale: 2, mode: "number" }).notNull(),
    errorMessage: text("error_message"),
    createdAt: createdAt(),
  },
  (t) => [
    index("ai_model_performance_generation_id_idx").on(t.aiGenerationId),
    index("ai_model_performance_model_created_idx").on(t.modelName, t.createdAt),
    index("ai_model_performance_created_at_idx").on(t.createdAt),
    check("ai_model_performance_success_rate_check", sql`${t.successRate} >= 0 AND ${t.successRate} <= 100`),
    check(
      "ai_model_performance_counts_check",
      sql`${t.responseTimeMs} >= 0 AND ${t.namesGenerated} >= 0 AND (${t.tokensUsed} IS NULL OR ${t.tokensUsed} >= 0)`,
    ),
  ],
);

/** Seed 001 user_ai_preferences: one row per user. */
export const userAiPreferences = pgTable(
  "user_ai_preferences",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    preferredModels: jsonb("preferred_models").$type<string[]>().notNull().default([]),
    defaultGenerationMode: text("default_generation_mode")
      .$type<GenerationMode>()
      .notNull()
      .default("creative"),
    enableDeepThinking: boolean("enable_deep_thinking").notNull().default(false),
    autoGenerateOnCreate: boolean("auto_generate_on_create").notNull().default(false),
    /** Model name -> weight. */
    modelWeights: jsonb("model_weights").$type<Record<string, number>>(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("user_ai_preferences_user_unique").on(t.userId),
    check(
      "user_ai_preferences_mode_check",
      sql.raw(`default_generation_mode IN (${inList(GENERATION_MODES)})`),
    ),
  ],
);

/** Seed 000 VideoRequest (+ model). The video URL expires at expires_at. */
export const videoRequests = pgTable(
  "video_requests",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    providerId: uuid("provider_id")
      .notNull()
      .references(() => aiProviders.id, { onDelete: "restrict" }),
    modelId: uuid("model_id").references(() => aiModels.id, { onDelete: "set null" }),
    prompt: text("prompt").notNull(),
    parameters: jsonb("parameters").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status").$type<VideoRequestStatus>().notNull().default("queued"),
    url: text("url"),
    thumbnailUrl: text("thumbnail_url"),
    creditsUsed: integer("credits_used").notNull().default(0),
    /** Seconds. */
    duration: integer("duration"),
    /** Percent 0–100. */
    progress: integer("progress").notNull().default(0),
    errorMessage: text("error_message"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    completedAt: tz("completed_at"),
    expiresAt: tz("expires_at"),
  },
  (t) => [
    index("video_requests_user_created_idx").on(t.userId, t.createdAt),
    index("video_requests_provider_id_idx").on(t.providerId),
    index("video_requests_status_created_idx").on(t.status, t.createdAt),
    check("video_requests_status_check", sql.raw(`status IN (${inList(VIDEO_REQUEST_STATUSES)})`)),
    check("video_requests_progress_check", sql`${t.progress} >= 0 AND ${t.progress} <= 100`),
    check("video_requests_credits_check", sql`${t.creditsUsed} >= 0`),
    check("video_requests_duration_check", sql`${t.duration} > 0`),
  ],
);

/** Seed 000 VideoWorkflow: the enhancement pipeline of one video request. */
export const videoWorkflows = pgTable(
  "video_workflows",
  {
    id: id(),
    videoRequestId: uuid("video_request_id")
      .notNull()
      .references(() => videoRequests.id, { onDelete: "cascade" }),
    workflowType: text("workflow_type").$type<VideoWorkflowType>().notNull(),
    input: jsonb("input").$type<Record<string, unknown>>().notNull(),
    /** Prompt rewritten by a language model before it goes to the video model. */
    enhancedPrompt: text("enhanced_prompt"),
    parameters: jsonb("parameters").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status").$type<VideoWorkflowStatus>().notNull().default("processing"),
    steps: jsonb("steps").$type<unknown[]>(),
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    completedAt: tz("completed_at"),
  },
  (t) => [
    uniqueIndex("video_workflows_video_request_unique").on(t.videoRequestId),
    index("video_workflows_workflow_type_idx").on(t.workflowType),
    index("video_workflows_status_idx").on(t.status),
    check("video_workflows_type_check", sql.raw(`workflow_type IN (${inList(VIDEO_WORKFLOW_TYPES)})`)),
    check("video_workflows_status_check", sql.raw(`status IN (${inList(VIDEO_WORKFLOW_STATUSES)})`)),
  ],
);

export type Workflow = typeof workflows.$inferSelect;
export type WorkflowVersion = typeof workflowVersions.$inferSelect;
export type NewWorkflow = typeof workflows.$inferInsert;
export type WorkflowRun = typeof workflowRuns.$inferSelect;
export type NewWorkflowRun = typeof workflowRuns.$inferInsert;
export type WorkflowStepRun = typeof workflowStepRuns.$inferSelect;
export type NewWorkflowStepRun = typeof workflowStepRuns.$inferInsert;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type NewWebhookDelivery = typeof webhookDeliveries.$inferInsert;
export type Project = typeof projects.$inferSelect;
export type NewProject = typeof projects.$inferInsert;
export type NameSuggestion = typeof nameSuggestions.$inferSelect;
export type NewNameSuggestion = typeof nameSuggestions.$inferInsert;
export type AIGeneration = typeof aiGenerations.$inferSelect;
export type NewAIGeneration = typeof aiGenerations.$inferInsert;
export type AIModelPerformance = typeof aiModelPerformance.$inferSelect;
export type NewAIModelPerformance = typeof aiModelPerformance.$inferInsert;
export type UserAIPreferences = typeof userAiPreferences.$inferSelect;
export type NewUserAIPreferences = typeof userAiPreferences.$inferInsert;
export type VideoRequest = typeof videoRequests.$inferSelect;
export type NewVideoRequest = typeof videoRequests.$inferInsert;
export type VideoWorkflow = typeof videoWorkflows.$inferSelect;
export type NewVideoWorkflow = typeof videoWorkflows.$inferInsert;
