import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  inet,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, inList, timestamps, tz } from "./_helpers";

export const USER_ROLES = ["user", "admin", "enterprise"] as const;
export const SUBSCRIPTION_TIERS = ["free", "pro", "enterprise"] as const;
export const SUBSCRIPTION_STATUSES = ["active", "cancelled", "expired"] as const;
export const API_KEY_SCOPES = ["chat", "models", "usage:read", "workflows:run"] as const;
export const PACKAGE_INTERVALS = ["month", "year"] as const;

export type UserRole = (typeof USER_ROLES)[number];
export type SubscriptionTier = (typeof SUBSCRIPTION_TIERS)[number];

/** Seed 002 users + password_hash, timezone (seed 004), suspended_at. */
export const users = pgTable(
  "users",
  {
    id: id(),
    /** Stored lowercased; uniqueness is on the stored value. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    avatarUrl: text("avatar_url"),
    passwordHash: text("password_hash").notNull(),
    role: text("role").$type<UserRole>().notNull().default("user"),
    subscriptionTier: text("subscription_tier").$type<SubscriptionTier>().notNull().default("free"),
    subscriptionStatus: text("subscription_status")
      .$type<(typeof SUBSCRIPTION_STATUSES)[number]>()
      .notNull()
      .default("active"),
    subscriptionExpiresAt: tz("subscription_expires_at"),
    /** UI preferences: theme, default models, etc. */
    preferences: jsonb("preferences").$type<Record<string, unknown>>().notNull().default({}),
    timezone: text("timezone").notNull().default("UTC"),
    /** Admin override of the plan's monthly cost cap in USD; null = plan default. */
    monthlyBudgetUsd: numeric("monthly_budget_usd", { precision: 12, scale: 6 }),
    suspendedAt: tz("suspended_at"),
    lastLoginAt: tz("last_login_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    index("users_role_idx").on(t.role),
    index("users_subscription_tier_idx").on(t.subscriptionTier),
    index("users_created_at_idx").on(t.createdAt),
    check("users_role_check", sql.raw(`role IN (${inList(USER_ROLES)})`)),
    check("users_tier_check", sql.raw(`subscription_tier IN (${inList(SUBSCRIPTION_TIERS)})`)),
    check(
      "users_subscription_status_check",
      sql.raw(`subscription_status IN (${inList(SUBSCRIPTION_STATUSES)})`),
    ),
    check("users_email_lower_check", sql`${t.email} = lower(${t.email})`),
  ],
);

/** Seed 004 sessions: one row per sign-in; revocable. The JWT carries this row's id. */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    ipAddress: inet("ip_address"),
    userAgent: text("user_agent"),
    startedAt: tz("started_at").notNull().defaultNow(),
    lastSeenAt: tz("last_seen_at").notNull().defaultNow(),
    expiresAt: tz("expires_at").notNull(),
    revokedAt: tz("revoked_at"),
    promptCount: integer("prompt_count").notNull().default(0),
  },
  (t) => [
    index("user_sessions_user_id_started_idx").on(t.userId, t.startedAt),
    check("user_sessions_prompt_count_check", sql`${t.promptCount} >= 0`),
  ],
);

export type PlanLimits = {
  /** Credits granted each month (1 credit = 0.01 USD). */
  monthlyCredits: number;
  /** Widest compare (models per multi turn). */
  maxModelsPerCompare: number;
  /** Requests per minute per user. */
  requestsPerMinute: number;
  /** Hard monthly cap on model spend, USD. */
  monthlyCostCapUsd: number;
};

/** Seed 003 Package: plans free / pro / enterprise. */
export const packages = pgTable(
  "packages",
  {
    id: id(),
    /** Stable key: free | pro | enterprise (custom plans allowed). */
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    priceUsd: numeric("price_usd", { precision: 12, scale: 6 }).notNull().default("0"),
    features: jsonb("features").$type<string[]>().notNull().default([]),
    interval: text("interval").$type<(typeof PACKAGE_INTERVALS)[number]>().notNull().default("month"),
    limits: jsonb("limits").$type<PlanLimits>().notNull(),
    active: boolean("active").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("packages_slug_unique").on(t.slug),
    uniqueIndex("packages_name_unique").on(t.name),
    check("packages_interval_check", sql.raw(`interval IN (${inList(PACKAGE_INTERVALS)})`)),
    check("packages_price_check", sql`${t.priceUsd} >= 0`),
  ],
);

/** Seed 003 UserSubscription. At most one active subscription per user. */
export const userSubscriptions = pgTable(
  "user_subscriptions",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    packageId: uuid("package_id")
      .notNull()
      .references(() => packages.id, { onDelete: "restrict" }),
    status: text("status").$type<(typeof SUBSCRIPTION_STATUSES)[number]>().notNull().default("active"),
    startDate: tz("start_date").notNull().defaultNow(),
    endDate: tz("end_date"),
    /** When the monthly credit allowance was last granted (idempotency of the grant job). */
    allowanceGrantedFor: text("allowance_granted_for"),
    ...timestamps(),
  },
  (t) => [
    index("user_subscriptions_user_id_idx").on(t.userId, t.status),
    index("user_subscriptions_package_id_idx").on(t.packageId),
    uniqueIndex("user_subscriptions_one_active").on(t.userId).where(sql`status = 'active'`),
    check("user_subscriptions_status_check", sql.raw(`status IN (${inList(SUBSCRIPTION_STATUSES)})`)),
  ],
);

/** Seeds 002 + 003 api keys: only a hash of the secret is stored; the prefix identifies it. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    keyPrefix: text("key_prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    scopes: jsonb("scopes").$type<string[]>().notNull().default([]),
    /** Requests per minute. */
    rateLimit: integer("rate_limit").notNull().default(100),
    /** Monthly cost cap for this key in USD; null = only the user's caps apply. */
    monthlyBudgetUsd: numeric("monthly_budget_usd", { precision: 12, scale: 6 }),
    lastUsedAt: tz("last_used_at"),
    expiresAt: tz("expires_at"),
    revokedAt: tz("revoked_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("api_keys_key_hash_unique").on(t.keyHash),
    index("api_keys_user_id_idx").on(t.userId, t.createdAt),
    check("api_keys_rate_limit_check", sql`${t.rateLimit} > 0`),
  ],
);

/** Seed 002 audit trail. Every change and every access to a secret writes one row. */
export const auditLogs = pgTable(
  "audit_logs",
  {
    id: id(),
    /** The actor; null for system jobs or a deleted user. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    action: text("action").notNull(),
    /** { before, after } */
    changes: jsonb("changes").$type<{ before?: unknown; after?: unknown }>(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_logs_created_at_idx").on(t.createdAt),
    index("audit_logs_user_id_idx").on(t.userId, t.createdAt),
    index("audit_logs_entity_idx").on(t.entityType, t.entityId, t.createdAt),
    index("audit_logs_action_idx").on(t.action, t.createdAt),
  ],
);
