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

export const LISTING_STATUSES = ["draft", "published", "unlisted", "removed"] as const;
export const PAYMENT_STATUSES = ["pending", "completed", "refunded"] as const;
export const REPORT_STATUSES = ["open", "dismissed", "actioned"] as const;
export const CREDIT_ACCOUNT_KINDS = ["user", "platform_revenue", "platform_funding"] as const;
export const LEDGER_TRANSFER_KINDS = [
  "grant",
  "allowance",
  "topup",
  "purchase",
  "refund",
  "usage",
  "adjustment",
] as const;

export type ListingStatus = (typeof LISTING_STATUSES)[number];
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export type CreditAccountKind = (typeof CREDIT_ACCOUNT_KINDS)[number];
export type LedgerTransferKind = (typeof LEDGER_TRANSFER_KINDS)[number];

/** Platform share of every sale (seed 002: 30% commission). Stored per purchase, never recomputed. */
export const PLATFORM_FEE_RATE = 0.3;

/** One tool the template exposes to the model: a JSON-schema function definition. */
export type TemplateFunction = {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
};
export type PersonalityConfig = { tone?: string; expertise?: string; style?: string };
export type KnowledgeSource =
  | { type: "text"; title: string; content: string }
  | { type: "url"; title: string; url: string };
/** A public example exchange shown on the listing (never the system prompt). */
export type TemplateExample = { prompt: string; response: string };
export type TemplateModelConfig = {
  modelId?: string;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
};

/** Everything a version freezes: the content fields of ai_templates. */
export type TemplateSnapshot = {
  name: string;
  description: string | null;
  avatarUrl: string | null;
  category: string | null;
  tags: string[];
  systemPrompt: string;
  functions: TemplateFunction[];
  personalityConfig: PersonalityConfig;
  knowledgeSources: KnowledgeSource[];
  modelConfig: TemplateModelConfig;
  allowedIntegrations: string[];
  /** USD decimal string or null. */
  costLimitPerRequest: string | null;
  examples: TemplateExample[];
};

/**
 * Seed 002 ai_templates + seed 003 Agent. The row is the creator's working copy; buyers run a
 * template_versions snapshot. system_prompt of a paid template never leaves the server.
 */
export const aiTemplates = pgTable(
  "ai_templates",
  {
    id: id(),
    /** Creator. */
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    avatarUrl: text("avatar_url"),
    category: text("category"),
    tags: jsonb("tags").$type<string[]>().notNull().default([]),
    systemPrompt: text("system_prompt").notNull(),
    functions: jsonb("functions").$type<TemplateFunction[]>().notNull().default([]),
    personalityConfig: jsonb("personality_config").$type<PersonalityConfig>().notNull().default({}),
    knowledgeSources: jsonb("knowledge_sources").$type<KnowledgeSource[]>().notNull().default([]),
    modelConfig: jsonb("model_config").$type<TemplateModelConfig>().notNull().default({}),
    /** Provider slugs (or integration ids) this template may run on; empty = any. */
    allowedIntegrations: jsonb("allowed_integrations").$type<string[]>().notNull().default([]),
    costLimitPerRequest: usd("cost_limit_per_request"),
    /** Public example exchanges for the listing page. */
    examples: jsonb("examples").$type<TemplateExample[]>().notNull().default([]),
    /** Number of the current published version (seed 002 `version`). */
    version: integer("version").notNull().default(1),
    currentVersionId: uuid("current_version_id").references((): AnyPgColumn => templateVersions.id, {
      onDelete: "set null",
    }),
    isPublic: boolean("is_public").notNull().default(false),
    isMarketplace: boolean("is_marketplace").notNull().default(false),
    listingStatus: text("listing_status").$type<ListingStatus>().notNull().default("draft"),
    /** Integer credits (1 credit = 0.01 USD). NULL or 0 = free. */
    priceCredits: integer("price_credits"),
    usageCount: integer("usage_count").notNull().default(0),
    /** Average of template_ratings, maintained with rating_count. */
    rating: numeric("rating", { precision: 3, scale: 2, mode: "number" }).notNull().default(0),
    ratingCount: integer("rating_count").notNull().default(0),
    salesCount: integer("sales_count").notNull().default(0),
    publishedAt: tz("published_at"),
    deletedAt: tz("deleted_at"),
    ...timestamps(),
    search: tsvector("search").generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(name, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B') || setweight(to_tsvector('english', coalesce(category, '')), 'C')`,
    ),
  },
  (t) => [
    uniqueIndex("ai_templates_slug_unique").on(t.slug),
    index("ai_templates_user_id_idx").on(t.userId, t.updatedAt),
    index("ai_templates_search_idx").using("gin", t.search),
    index("ai_templates_name_trgm").using("gin", sql`${t.name} gin_trgm_ops`),
    // DESC NULLS FIRST is what a plain ORDER BY x DESC (drizzle's desc()) means, so these match it.
    index("ai_templates_listing_rating_idx").on(t.listingStatus, t.rating.desc().nullsFirst()),
    index("ai_templates_listing_usage_idx").on(t.listingStatus, t.usageCount.desc().nullsFirst()),
    index("ai_templates_listing_published_idx").on(t.listingStatus, t.publishedAt.desc().nullsFirst()),
    index("ai_templates_listing_price_idx").on(t.listingStatus, t.priceCredits),
    index("ai_templates_category_idx").on(t.category),
    index("ai_templates_tags_idx").using("gin", sql`${t.tags} jsonb_path_ops`),
    check("ai_templates_listing_status_check", sql.raw(`listing_status IN (${inList(LISTING_STATUSES)})`)),
    check(
      "ai_templates_published_at_check",
      sql`listing_status <> 'published' OR ${t.publishedAt} IS NOT NULL`,
    ),
    check("ai_templates_price_credits_check", sql`${t.priceCredits} >= 0`),
    check("ai_templates_rating_check", sql`${t.rating} >= 0 AND ${t.rating} <= 5`),
    check("ai_templates_version_check", sql`${t.version} >= 1`),
    check("ai_templates_cost_limit_check", sql`${t.costLimitPerRequest} > 0`),
    check(
      "ai_templates_counters_check",
      sql`${t.usageCount} >= 0 AND ${t.ratingCount} >= 0 AND ${t.salesCount} >= 0`,
    ),
  ],
);

/** Immutable snapshot of a template at publish time (seed 004 system_prompts versioning). */
export const templateVersions = pgTable(
  "template_versions",
  {
    id: id(),
    templateId: uuid("template_id")
      .notNull()
      .references(() => aiTemplates.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    changelog: text("changelog"),
    snapshot: jsonb("snapshot").$type<TemplateSnapshot>().notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("template_versions_template_version_unique").on(t.templateId, t.version),
    check("template_versions_version_check", sql`${t.version} >= 1`),
  ],
);

/**
 * Seed 002 template_purchases, in integer credits. platform_fee (30%) + seller_payout = price,
 * frozen at purchase. version_id = version bought; pinned_version_id = version the buyer runs
 * (moves when the buyer upgrades). The version FKs RESTRICT: a version someone bought cannot be
 * deleted on its own (deleting the whole template still cascades to versions and purchases).
 */
export const templatePurchases = pgTable(
  "template_purchases",
  {
    id: id(),
    buyerId: uuid("buyer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    templateId: uuid("template_id")
      .notNull()
      .references(() => aiTemplates.id, { onDelete: "cascade" }),
    sellerId: uuid("seller_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    versionId: uuid("version_id")
      .notNull()
      .references(() => templateVersions.id, { onDelete: "restrict" }),
    pinnedVersionId: uuid("pinned_version_id")
      .notNull()
      .references(() => templateVersions.id, { onDelete: "restrict" }),
    price: integer("price").notNull(),
    platformFee: integer("platform_fee").notNull(),
    sellerPayout: integer("seller_payout").notNull(),
    paymentStatus: text("payment_status").$type<PaymentStatus>().notNull().default("pending"),
    /** e.g. `credits`. */
    paymentMethod: text("payment_method"),
    /** The ledger transfer that moved the credits. */
    transactionId: uuid("transaction_id").references(() => ledgerTransfers.id, { onDelete: "restrict" }),
    /** The ledger transfer that reversed it, once refunded. */
    refundTransactionId: uuid("refund_transaction_id").references(() => ledgerTransfers.id, {
      onDelete: "restrict",
    }),
    idempotencyKey: text("idempotency_key").notNull(),
    purchasedAt: tz("purchased_at").notNull().defaultNow(),
    refundedAt: tz("refunded_at"),
  },
  (t) => [
    unique("template_purchases_buyer_idempotency_unique").on(t.buyerId, t.idempotencyKey),
    uniqueIndex("template_purchases_one_completed")
      .on(t.buyerId, t.templateId)
      .where(sql`payment_status = 'completed'`),
    index("template_purchases_buyer_idx").on(t.buyerId, t.purchasedAt),
    index("template_purchases_seller_idx").on(t.sellerId, t.purchasedAt),
    index("template_purchases_template_id_idx").on(t.templateId),
    check(
      "template_purchases_payment_status_check",
      sql.raw(`payment_status IN (${inList(PAYMENT_STATUSES)})`),
    ),
    check(
      "template_purchases_amounts_check",
      sql`${t.price} >= 0 AND ${t.platformFee} >= 0 AND ${t.sellerPayout} >= 0 AND ${t.platformFee} + ${t.sellerPayout} = ${t.price}`,
    ),
    check(
      "template_purchases_refunded_at_check",
      sql`(payment_status = 'refunded') = (${t.refundedAt} IS NOT NULL)`,
    ),
    check("template_purchases_not_own_check", sql`${t.buyerId} <> ${t.sellerId}`),
  ],
);

/** Seed 002 template_ratings. Only buyers may rate (checked in lib/marketplace). */
export const templateRatings = pgTable(
  "template_ratings",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    templateId: uuid("template_id")
      .notNull()
      .references(() => aiTemplates.id, { onDelete: "cascade" }),
    rating: integer("rating").notNull(),
    review: text("review"),
    ...timestamps(),
  },
  (t) => [
    unique("template_ratings_user_template_unique").on(t.userId, t.templateId),
    index("template_ratings_template_idx").on(t.templateId, t.createdAt),
    check("template_ratings_rating_check", sql`${t.rating} >= 1 AND ${t.rating} <= 5`),
  ],
);

/** Listing reports for moderation. One open report per user per template. */
export const templateReports = pgTable(
  "template_reports",
  {
    id: id(),
    templateId: uuid("template_id")
      .notNull()
      .references(() => aiTemplates.id, { onDelete: "cascade" }),
    /** Reporter. */
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    status: text("status").$type<ReportStatus>().notNull().default("open"),
    resolvedBy: uuid("resolved_by").references(() => users.id, { onDelete: "set null" }),
    resolvedAt: tz("resolved_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("template_reports_status_idx").on(t.status, t.createdAt),
    index("template_reports_template_id_idx").on(t.templateId),
    index("template_reports_user_id_idx").on(t.userId, t.createdAt),
    uniqueIndex("template_reports_one_open").on(t.userId, t.templateId).where(sql`status = 'open'`),
    check("template_reports_status_check", sql.raw(`status IN (${inList(REPORT_STATUSES)})`)),
  ],
);

/**
 * Double-entry credits wallet. One account per user, plus one account per platform kind:
 * platform_revenue (30% fees) and platform_funding (the source of grants, allowances and
 * top-ups, the only account allowed below zero). Balances are integer credits.
 */
export const creditAccounts = pgTable(
  "credit_accounts",
  {
    id: id(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").$type<CreditAccountKind>().notNull().default("user"),
    balance: bigint("balance", { mode: "number" }).notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("credit_accounts_user_unique").on(t.userId).where(sql`kind = 'user'`),
    uniqueIndex("credit_accounts_platform_kind_unique").on(t.kind).where(sql`kind <> 'user'`),
    check("credit_accounts_kind_check", sql.raw(`kind IN (${inList(CREDIT_ACCOUNT_KINDS)})`)),
    check("credit_accounts_balance_check", sql`${t.balance} >= 0 OR kind = 'platform_funding'`),
    check("credit_accounts_owner_check", sql`(kind = 'user') = (${t.userId} IS NOT NULL)`),
  ],
);

/** One balanced movement of credits; its ledger_entries sum to zero. */
export const ledgerTransfers = pgTable(
  "ledger_transfers",
  {
    id: id(),
    kind: text("kind").$type<LedgerTransferKind>().notNull(),
    description: text("description"),
    idempotencyKey: text("idempotency_key"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    /** What caused it, e.g. template_purchase / stripe_event / ai_usage_log, and that row's id. */
    referenceType: text("reference_type"),
    referenceId: text("reference_id"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("ledger_transfers_idempotency_key_unique").on(t.idempotencyKey),
    index("ledger_transfers_reference_idx").on(t.referenceType, t.referenceId),
    index("ledger_transfers_kind_idx").on(t.kind, t.createdAt),
    index("ledger_transfers_created_at_idx").on(t.createdAt),
    check("ledger_transfers_kind_check", sql.raw(`kind IN (${inList(LEDGER_TRANSFER_KINDS)})`)),
  ],
);

/**
 * One leg of a transfer. amount is signed (credit > 0, debit < 0); the entries of one transfer
 * sum to zero. That invariant is enforced by lib/billing, which writes all legs of a transfer in
 * one transaction, locking the accounts (SELECT ... FOR UPDATE, in id order) and updating
 * credit_accounts.balance in the same statement batch; balance_after is the account balance right
 * after this entry, so an account's history is auditable without replaying it.
 * account_id is RESTRICT: an account with history cannot be deleted (nor, through the cascade, a
 * user who owns one; suspend them instead).
 */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: id(),
    transferId: uuid("transfer_id")
      .notNull()
      .references(() => ledgerTransfers.id, { onDelete: "cascade" }),
    accountId: uuid("account_id")
      .notNull()
      .references(() => creditAccounts.id, { onDelete: "restrict" }),
    amount: bigint("amount", { mode: "number" }).notNull(),
    balanceAfter: bigint("balance_after", { mode: "number" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("ledger_entries_account_idx").on(t.accountId, t.createdAt),
    index("ledger_entries_transfer_id_idx").on(t.transferId),
    check("ledger_entries_amount_check", sql`${t.amount} <> 0`),
  ],
);

/** Stripe webhook idempotency: a delivered event id is processed once. */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    /** Stripe's event id (evt_...). */
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    processedAt: tz("processed_at").notNull().defaultNow(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index("stripe_events_processed_at_idx").on(t.processedAt)],
);

export type AITemplate = typeof aiTemplates.$inferSelect;
export type NewAITemplate = typeof aiTemplates.$inferInsert;
export type TemplateVersion = typeof templateVersions.$inferSelect;
export type NewTemplateVersion = typeof templateVersions.$inferInsert;
export type TemplatePurchase = typeof templatePurchases.$inferSelect;
export type NewTemplatePurchase = typeof templatePurchases.$inferInsert;
export type TemplateRating = typeof templateRatings.$inferSelect;
export type NewTemplateRating = typeof templateRatings.$inferInsert;
export type TemplateReport = typeof templateReports.$inferSelect;
export type NewTemplateReport = typeof templateReports.$inferInsert;
export type CreditAccount = typeof creditAccounts.$inferSelect;
export type NewCreditAccount = typeof creditAccounts.$inferInsert;
export type LedgerTransfer = typeof ledgerTransfers.$inferSelect;
export type NewLedgerTransfer = typeof ledgerTransfers.$inferInsert;
export type LedgerEntry = typeof ledgerEntries.$inferSelect;
export type NewLedgerEntry = typeof ledgerEntries.$inferInsert;
export type StripeEvent = typeof stripeEvents.$inferSelect;
export type NewStripeEvent = typeof stripeEvents.$inferInsert;
