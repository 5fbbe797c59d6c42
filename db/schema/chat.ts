import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
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
import { createdAt, id, inList, timestamps, tsvector, tz, usd } from "./_helpers";
import { users } from "./accounts";
import { aiIntegrations, aiModels } from "./ai";
import { aiTemplates, templateVersions } from "./marketplace";

export const CONVERSATION_MODES = ["single", "multi", "collaborative"] as const;
export const MESSAGE_ROLES = ["user", "assistant", "system", "tool"] as const;
export const MESSAGE_STATUSES = ["streaming", "complete", "error", "aborted"] as const;
/** answer = one model's reply; fused = the collaborative synthesis of a multi turn. */
export const MESSAGE_KINDS = ["answer", "fused"] as const;
export const ASSESSOR_TYPES = ["person", "model"] as const;
export const TRACKING_TARGETS = ["prompt", "output"] as const;
export const TRACKING_STATUSES = ["pending", "in_progress", "completed", "cancelled"] as const;
export const TRACKING_PRIORITIES = ["low", "medium", "high", "urgent"] as const;

export type ConversationMode = (typeof CONVERSATION_MODES)[number];
export type MessageRole = (typeof MESSAGE_ROLES)[number];
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export type AssessorType = (typeof ASSESSOR_TYPES)[number];
export type TrackingTarget = (typeof TRACKING_TARGETS)[number];
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];
export type TrackingPriority = (typeof TRACKING_PRIORITIES)[number];

/** One column of a compare: which model, through which connection (null = resolve at call time). */
export type ConversationParticipant = { modelId: string; integrationId: string | null };

/** A file or image attached to a message. */
export type MessageAttachment = { name: string; mediaType: string; url: string; size?: number };

/**
 * Seed 002 conversations (+ seed 003 Thread, seed 004 conversations): a chat owned by one user,
 * optionally started from a template version, shareable by an unguessable token.
 */
export const conversations = pgTable(
  "conversations",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    templateId: uuid("template_id").references(() => aiTemplates.id, { onDelete: "set null" }),
    templateVersionId: uuid("template_version_id").references(() => templateVersions.id, {
      onDelete: "set null",
    }),
    shareToken: text("share_token"),
    sharedAt: tz("shared_at"),
    title: text("title"),
    participants: jsonb("participants").$type<ConversationParticipant[]>().notNull().default([]),
    mode: text("mode").$type<ConversationMode>().notNull().default("single"),
    /** Context shared by every model of the conversation. */
    context: jsonb("context").$type<Record<string, unknown>>().notNull().default({}),
    /** Routing decisions, fuser model for collaborative mode, etc. */
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    totalTokensUsed: bigint("total_tokens_used", { mode: "number" }).notNull().default(0),
    totalCost: usd("total_cost").notNull().default("0"),
    lastMessageAt: tz("last_message_at"),
    deletedAt: tz("deleted_at"),
    ...timestamps(),
    search: tsvector("search").generatedAlwaysAs(sql`to_tsvector('simple', coalesce(title, ''))`),
  },
  (t) => [
    index("conversations_user_last_message_idx").on(t.userId, t.lastMessageAt),
    index("conversations_search_idx").using("gin", t.search),
    uniqueIndex("conversations_share_token_unique").on(t.shareToken),
    index("conversations_template_id_idx").on(t.templateId),
    index("conversations_template_version_id_idx")
      .on(t.templateVersionId)
      .where(sql`template_version_id IS NOT NULL`),
    check("conversations_mode_check", sql.raw(`mode IN (${inList(CONVERSATION_MODES)})`)),
    check("conversations_totals_check", sql`${t.totalTokensUsed} >= 0 AND ${t.totalCost} >= 0`),
  ],
);

/**
 * Seed 002 messages + seed 004 prompts (role user) and outputs (role assistant). A tree: parent_id
 * links branches (edit / regenerate). The N assistant answers of one multi turn share turn_id.
 * user_id is the conversation owner, copied here so every query scopes by it directly.
 * provider_slug / model_name are kept so history survives a deleted model or integration.
 */
export const messages = pgTable(
  "messages",
  {
    id: id(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    parentId: uuid("parent_id").references((): AnyPgColumn => messages.id, { onDelete: "cascade" }),
    turnId: uuid("turn_id"),
    role: text("role").$type<MessageRole>().notNull(),
    content: text("content").notNull().default(""),
    /** AI SDK UI message parts (text, reasoning, tool calls, sources, citations). */
    parts: jsonb("parts").$type<unknown[]>().notNull().default([]),
    modelId: uuid("model_id").references(() => aiModels.id, { onDelete: "set null" }),
    integrationId: uuid("integration_id").references(() => aiIntegrations.id, { onDelete: "set null" }),
    providerSlug: text("provider_slug"),
    modelName: text("model_name"),
    status: text("status").$type<MessageStatus>().notNull().default("complete"),
    errorMessage: text("error_message"),
    tokensIn: integer("tokens_in").notNull().default(0),
    tokensOut: integer("tokens_out").notNull().default(0),
    tokensCached: integer("tokens_cached").notNull().default(0),
    cost: usd("cost").notNull().default("0"),
    latencyMs: integer("latency_ms"),
    /** Time to first token. */
    ttftMs: integer("ttft_ms"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    attachments: jsonb("attachments").$type<MessageAttachment[]>().notNull().default([]),
    kind: text("kind").$type<MessageKind>().notNull().default("answer"),
    ...timestamps(),
    search: tsvector("search").generatedAlwaysAs(sql`to_tsvector('simple', coalesce(content, ''))`),
  },
  (t) => [
    index("messages_conversation_created_idx").on(t.conversationId, t.createdAt),
    index("messages_user_created_idx").on(t.userId, t.createdAt),
    index("messages_parent_id_idx").on(t.parentId),
    index("messages_turn_id_idx").on(t.turnId).where(sql`turn_id IS NOT NULL`),
    index("messages_model_id_idx").on(t.modelId),
    index("messages_integration_id_idx").on(t.integrationId),
    index("messages_search_idx").using("gin", t.search),
    check("messages_role_check", sql.raw(`role IN (${inList(MESSAGE_ROLES)})`)),
    check("messages_status_check", sql.raw(`status IN (${inList(MESSAGE_STATUSES)})`)),
    check("messages_kind_check", sql.raw(`kind IN (${inList(MESSAGE_KINDS)})`)),
    check("messages_fused_role_check", sql`kind = 'answer' OR role = 'assistant'`),
    check(
      "messages_metering_check",
      sql`${t.tokensIn} >= 0 AND ${t.tokensOut} >= 0 AND ${t.tokensCached} >= 0 AND ${t.cost} >= 0 AND (${t.latencyMs} IS NULL OR ${t.latencyMs} >= 0) AND (${t.ttftMs} IS NULL OR ${t.ttftMs} >= 0)`,
    ),
  ],
);

/** Best answer of a multi-model turn; blind = the voter did not see model names. Feeds learning. */
export const messageVotes = pgTable(
  "message_votes",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    turnId: uuid("turn_id").notNull(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    blind: boolean("blind").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    unique("message_votes_user_turn_unique").on(t.userId, t.turnId),
    index("message_votes_user_created_idx").on(t.userId, t.createdAt),
    index("message_votes_created_at_idx").on(t.createdAt),
    index("message_votes_conversation_id_idx").on(t.conversationId),
    index("message_votes_message_id_idx").on(t.messageId),
  ],
);

/** Seed 004 quality_assessments: 0–10 scores of an output by a person or a judge model. */
export const qualityAssessments = pgTable(
  "quality_assessments",
  {
    id: id(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    /** Owner of the assessed message. */
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    assessorType: text("assessor_type").$type<AssessorType>().notNull(),
    assessorUserId: uuid("assessor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** Judge model name when assessor_type = model. */
    assessorModel: text("assessor_model"),
    accuracyScore: numeric("accuracy_score", { precision: 4, scale: 2, mode: "number" }),
    relevanceScore: numeric("relevance_score", { precision: 4, scale: 2, mode: "number" }),
    overallScore: numeric("overall_score", { precision: 4, scale: 2, mode: "number" }).notNull(),
    notes: text("notes"),
    /** Judge only: reasoning, rubric levels, pairwise results ({ pairwise: {...} }). */
    criteria: jsonb("criteria").$type<Record<string, unknown>>().notNull().default({}),
    /** Judge only: the rubric's version and a sha256 of the judge prompt, to keep scores comparable. */
    rubricVersion: text("rubric_version"),
    promptHash: text("prompt_hash"),
    /** Set when the assessment came from judging a whole compare turn. */
    turnId: uuid("turn_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("quality_assessments_created_at_idx").on(t.createdAt),
    index("quality_assessments_turn_id_idx").on(t.turnId).where(sql`turn_id IS NOT NULL`),
    index("quality_assessments_user_created_idx").on(t.userId, t.createdAt),
    index("quality_assessments_message_id_idx").on(t.messageId),
    check("quality_assessments_assessor_type_check", sql.raw(`assessor_type IN (${inList(ASSESSOR_TYPES)})`)),
    check(
      "quality_assessments_assessor_model_check",
      sql`assessor_type = 'person' OR ${t.assessorModel} IS NOT NULL`,
    ),
    check(
      "quality_assessments_scores_check",
      sql`(${t.accuracyScore} IS NULL OR ${t.accuracyScore} BETWEEN 0 AND 10) AND (${t.relevanceScore} IS NULL OR ${t.relevanceScore} BETWEEN 0 AND 10) AND ${t.overallScore} BETWEEN 0 AND 10`,
    ),
  ],
);

/**
 * Seed 004 prompt_tracking (target = prompt, a user message) and output_tracking (target =
 * output, an assistant message): follow-up tasks. tracking_type is free text (review,
 * improvement, optimization, analysis, ...): the seed does not enumerate it.
 */
export const trackingTasks = pgTable(
  "tracking_tasks",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    target: text("target").$type<TrackingTarget>().notNull(),
    trackingType: text("tracking_type").notNull(),
    title: text("title").notNull().default(""),
    status: text("status").$type<TrackingStatus>().notNull().default("pending"),
    priority: text("priority").$type<TrackingPriority>().notNull().default("medium"),
    assignedTo: uuid("assigned_to").references(() => users.id, { onDelete: "set null" }),
    dueDate: tz("due_date"),
    notes: text("notes"),
    completedAt: tz("completed_at"),
    /** When the overdue notification was sent (once per due date). */
    overdueNotifiedAt: tz("overdue_notified_at"),
    ...timestamps(),
  },
  (t) => [
    index("tracking_tasks_user_status_idx").on(t.userId, t.status, t.dueDate),
    index("tracking_tasks_user_created_idx").on(t.userId, t.createdAt),
    index("tracking_tasks_message_id_idx").on(t.messageId),
    index("tracking_tasks_assigned_to_idx").on(t.assignedTo, t.status),
    // The overdue sweep: open tasks by due date.
    index("tracking_tasks_open_due_idx")
      .on(t.dueDate)
      .where(
        sql`status IN ('pending', 'in_progress') AND due_date IS NOT NULL AND overdue_notified_at IS NULL`,
      ),
    check("tracking_tasks_target_check", sql.raw(`target IN (${inList(TRACKING_TARGETS)})`)),
    check("tracking_tasks_status_check", sql.raw(`status IN (${inList(TRACKING_STATUSES)})`)),
    check("tracking_tasks_priority_check", sql.raw(`priority IN (${inList(TRACKING_PRIORITIES)})`)),
  ],
);

export type Conversation = typeof conversations.$inferSelect;
export type NewConversation = typeof conversations.$inferInsert;
export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type MessageVote = typeof messageVotes.$inferSelect;
export type NewMessageVote = typeof messageVotes.$inferInsert;
export type QualityAssessment = typeof qualityAssessments.$inferSelect;
export type NewQualityAssessment = typeof qualityAssessments.$inferInsert;
export type TrackingTask = typeof trackingTasks.$inferSelect;
export type NewTrackingTask = typeof trackingTasks.$inferInsert;
