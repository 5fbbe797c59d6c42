import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, inList, timestamps, tz } from "./_helpers";
import { users } from "./accounts";

/** Provider adapters the gateway knows. Not a CHECK: video/image providers (seed 000) may be added. */
export const PROVIDER_SLUGS = [
  "openai",
  "anthropic",
  "google",
  "xai",
  "cohere",
  "perplexity",
  "ollama",
  "openai-compatible",
] as const;
export const PROVIDER_TYPES = ["llm", "video", "image"] as const;
export const PROVIDER_STATUSES = ["active", "inactive", "degraded"] as const;
export const MODEL_TYPES = ["completion", "chat", "embedding", "video"] as const;
export const INTEGRATION_STATUSES = ["connected", "disconnected", "error"] as const;

export type ProviderSlug = (typeof PROVIDER_SLUGS)[number];
export type ProviderType = (typeof PROVIDER_TYPES)[number];
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];
export type ModelType = (typeof MODEL_TYPES)[number];
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

/** USD per million tokens; perSecond is USD per second of output (video). */
export type ModelPricing = {
  input?: number;
  output?: number;
  cachedInput?: number;
  /** Prompt-cache writes (Anthropic); priced at `input` when absent. */
  cacheWrite?: number;
  perSecond?: number;
};

/** Running totals shown on the integrations page; the usage tables stay the source of truth. */
export type IntegrationUsageStats = {
  requests?: number;
  tokensIn?: number;
  tokensOut?: number;
  /** USD as a decimal string, like every money value. */
  costUsd?: string;
};

/** Seed 000 AIProvider + slug and default base URL. */
export const aiProviders = pgTable(
  "ai_providers",
  {
    id: id(),
    /** Stable key used by the gateway to pick an adapter (see PROVIDER_SLUGS). */
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    type: text("type").$type<ProviderType>().notNull().default("llm"),
    status: text("status").$type<ProviderStatus>().notNull().default("active"),
    capabilities: jsonb("capabilities").$type<string[]>().notNull().default([]),
    /** Non-secret provider settings (api version, headers). Secrets live in ai_integrations. */
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    defaultBaseUrl: text("default_base_url"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("ai_providers_slug_unique").on(t.slug),
    uniqueIndex("ai_providers_name_unique").on(t.name),
    index("ai_providers_type_idx").on(t.type),
    index("ai_providers_status_idx").on(t.status),
    check("ai_providers_type_check", sql.raw(`type IN (${inList(PROVIDER_TYPES)})`)),
    check("ai_providers_status_check", sql.raw(`status IN (${inList(PROVIDER_STATUSES)})`)),
    check("ai_providers_slug_format_check", sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]*$'`),
  ],
);

/**
 * Seed 000 AIModel. Catalog models have integration_id NULL; custom models discovered on one
 * OpenAI-compatible or Ollama integration carry that integration and die with it.
 */
export const aiModels = pgTable(
  "ai_models",
  {
    id: id(),
    providerId: uuid("provider_id")
      .notNull()
      .references(() => aiProviders.id, { onDelete: "cascade" }),
    /** The provider's model id as sent on the wire (e.g. gpt-4o). */
    name: text("name").notNull(),
    displayName: text("display_name").notNull(),
    type: text("type").$type<ModelType>().notNull().default("chat"),
    contextWindow: integer("context_window"),
    maxOutputTokens: integer("max_output_tokens"),
    /** Current price; history (price in force at call time) is ai_model_prices. */
    pricing: jsonb("pricing").$type<ModelPricing>().notNull().default({}),
    /** e.g. ["vision", "tools", "json", "reasoning"]. */
    capabilities: jsonb("capabilities").$type<string[]>().notNull().default([]),
    isCustom: boolean("is_custom").notNull().default(false),
    integrationId: uuid("integration_id").references(() => aiIntegrations.id, { onDelete: "cascade" }),
    active: boolean("active").notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    unique("ai_models_provider_name_integration_unique")
      .on(t.providerId, t.name, t.integrationId)
      .nullsNotDistinct(),
    index("ai_models_type_idx").on(t.type),
    index("ai_models_integration_id_idx").on(t.integrationId),
    check("ai_models_type_check", sql.raw(`type IN (${inList(MODEL_TYPES)})`)),
    check("ai_models_context_window_check", sql`${t.contextWindow} > 0`),
    check("ai_models_max_output_tokens_check", sql`${t.maxOutputTokens} > 0`),
    check("ai_models_custom_check", sql`${t.integrationId} IS NULL OR ${t.isCustom}`),
  ],
);

/**
 * Price history: cost of a call uses the row with the latest effective_from <= call time.
 * One price per model per instant.
 */
export const aiModelPrices = pgTable(
  "ai_model_prices",
  {
    id: id(),
    modelId: uuid("model_id")
      .notNull()
      .references(() => aiModels.id, { onDelete: "cascade" }),
    pricing: jsonb("pricing").$type<ModelPricing>().notNull(),
    effectiveFrom: tz("effective_from").notNull().defaultNow(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("ai_model_prices_model_effective_unique").on(t.modelId, t.effectiveFrom)],
);

/**
 * Seed 002 ai_integrations (+ seed 004 credentials). user_id NULL = shared by an admin for
 * everyone. Secrets are an AES-256-GCM envelope; key_version says which master key sealed it so
 * rotation can find stale rows. credentials_encrypted is NULL only for providers that need no key
 * (a local Ollama).
 */
export const aiIntegrations = pgTable(
  "ai_integrations",
  {
    id: id(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    providerId: uuid("provider_id")
      .notNull()
      .references(() => aiProviders.id, { onDelete: "restrict" }),
    /** Provider slug, denormalised for filtering and display. */
    platform: text("platform").notNull(),
    name: text("name").notNull(),
    /** Seed 004 credential_type: api_key, oauth, ... (free text). */
    credentialType: text("credential_type").notNull().default("api_key"),
    credentialsEncrypted: text("credentials_encrypted"),
    keyVersion: integer("key_version"),
    /** Masked secret for display only, e.g. `sk-…abcd`. */
    keyHint: text("key_hint"),
    baseUrl: text("base_url"),
    status: text("status").$type<IntegrationStatus>().notNull().default("disconnected"),
    lastSyncAt: tz("last_sync_at"),
    lastError: text("last_error"),
    usageStats: jsonb("usage_stats").$type<IntegrationUsageStats>().notNull().default({}),
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    /** Seed 004 credentials.expires_at: when the provider key stops working, if known. */
    expiresAt: tz("expires_at"),
    ...timestamps(),
  },
  (t) => [
    index("ai_integrations_user_id_idx").on(t.userId),
    index("ai_integrations_platform_idx").on(t.platform),
    index("ai_integrations_status_idx").on(t.status),
    index("ai_integrations_provider_id_idx").on(t.providerId),
    check("ai_integrations_status_check", sql.raw(`status IN (${inList(INTEGRATION_STATUSES)})`)),
    check(
      "ai_integrations_key_version_check",
      sql`(${t.credentialsEncrypted} IS NULL) = (${t.keyVersion} IS NULL) AND (${t.keyVersion} IS NULL OR ${t.keyVersion} > 0)`,
    ),
  ],
);

export type AIProvider = typeof aiProviders.$inferSelect;
export type NewAIProvider = typeof aiProviders.$inferInsert;
export type AIModel = typeof aiModels.$inferSelect;
export type NewAIModel = typeof aiModels.$inferInsert;
export type AIModelPrice = typeof aiModelPrices.$inferSelect;
export type NewAIModelPrice = typeof aiModelPrices.$inferInsert;
export type AIIntegration = typeof aiIntegrations.$inferSelect;
export type NewAIIntegration = typeof aiIntegrations.$inferInsert;
