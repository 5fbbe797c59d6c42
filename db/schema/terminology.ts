import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  real,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, inList, timestamps, tsvector, tz } from "./_helpers";
import { users } from "./accounts";

export const TERM_CONTEXTS = ["technical", "business", "personal", "casual"] as const;
export const LEARNING_PATTERN_TYPES = ["terminology_usage", "ai_preference", "workflow_pattern"] as const;

export type TermContext = (typeof TERM_CONTEXTS)[number];
export type LearningPatternType = (typeof LEARNING_PATTERN_TYPES)[number];

/**
 * Seed 002 terminology_entries. The embedding replaces the seed's external vector DB: a plain
 * real[] (no pgvector), compared by cosine similarity in SQL after filtering by user.
 */
export const terminologyEntries = pgTable(
  "terminology_entries",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    term: text("term").notNull(),
    definition: text("definition").notNull(),
    context: text("context").$type<TermContext>(),
    usageExamples: jsonb("usage_examples").$type<string[]>().notNull().default([]),
    /** Ids of related terminology_entries of the same user. */
    relatedTerms: jsonb("related_terms").$type<string[]>().notNull().default([]),
    /** How often the term was used in prompts and answers. */
    frequency: integer("frequency").notNull().default(1),
    lastUsedAt: tz("last_used_at").notNull().defaultNow(),
    tags: jsonb("tags").$type<string[]>().notNull().default([]),
    /** Allowed spellings: plurals, abbreviations, inflections. An answer using one uses the term. */
    variants: jsonb("variants").$type<string[]>().notNull().default([]),
    /** Words to avoid; the term is their replacement. */
    forbiddenVariants: jsonb("forbidden_variants").$type<string[]>().notNull().default([]),
    caseSensitive: boolean("case_sensitive").notNull().default(false),
    /** BCP-47 tag; null = any language. */
    language: text("language"),
    notes: text("notes").notNull().default(""),
    /** Applied to every turn, whether or not the prompt mentions it. */
    pinned: boolean("pinned").notNull().default(false),
    /** Visible to other users. */
    isPublic: boolean("is_public").notNull().default(false),
    embedding: real("embedding").array(),
    /** Model that produced `embedding`; vectors of different models are never compared. */
    embeddingModel: text("embedding_model"),
    /** Last failed try at embedding this entry (the background sweep waits before trying again). */
    embeddingAttemptedAt: tz("embedding_attempted_at"),
    embeddingError: text("embedding_error"),
    ...timestamps(),
    search: tsvector("search").generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(term, '')), 'A') || setweight(to_tsvector('english', coalesce(definition, '')), 'B')`,
    ),
  },
  (t) => [
    uniqueIndex("terminology_entries_user_term_unique").on(t.userId, sql`lower(${t.term})`),
    index("terminology_entries_search_idx").using("gin", t.search),
    // Public browsing searches across users; a user's own search uses the (user_id, ...) GIN
    // indexes (btree_gin), so it never walks other users' matches. Migration 0009 creates those two
    // on PostgreSQL only (see there why not on PGlite).
    index("terminology_entries_term_trgm_idx").using("gin", sql`lower(${t.term}) gin_trgm_ops`),
    index("terminology_entries_user_term_trgm_idx").using(
      "gin",
      t.userId,
      sql`lower(${t.term}) gin_trgm_ops`,
    ),
    index("terminology_entries_user_search_idx").using("gin", t.userId, t.search),
    index("terminology_entries_user_last_used_idx").on(t.userId, t.lastUsedAt),
    // The cached dictionary's and vectors' version checks (count, max(updated_at)) read only this.
    index("terminology_entries_user_version_idx").on(t.userId, t.updatedAt, t.embeddingModel),
    index("terminology_entries_embedding_pending_idx").on(t.userId).where(sql`embedding IS NULL`),
    index("terminology_entries_user_frequency_idx").on(t.userId, t.frequency.desc().nullsFirst()),
    index("terminology_entries_user_context_idx").on(t.userId, t.context),
    index("terminology_entries_public_idx").on(t.createdAt).where(sql`is_public`),
    check("terminology_entries_context_check", sql.raw(`context IN (${inList(TERM_CONTEXTS)})`)),
    check("terminology_entries_frequency_check", sql`${t.frequency} >= 0`),
  ],
);

/**
 * Seed 002 learning_patterns: what Prism learned about a user (from votes, term usage, workflow
 * use). pattern_key identifies the subject inside a type (e.g. `code:anthropic/claude-sonnet-4`)
 * so a new observation updates its row instead of adding one.
 */
export const learningPatterns = pgTable(
  "learning_patterns",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    patternType: text("pattern_type").$type<LearningPatternType>().notNull(),
    patternKey: text("pattern_key").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    /** 0.0000 to 1.0000. */
    confidence: numeric("confidence", { precision: 5, scale: 4, mode: "number" }).notNull().default(0),
    occurrences: integer("occurrences").notNull().default(1),
    lastSeenAt: tz("last_seen_at").notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("learning_patterns_user_type_key_unique").on(t.userId, t.patternType, t.patternKey),
    index("learning_patterns_user_confidence_idx").on(t.userId, t.confidence.desc().nullsFirst()),
    check("learning_patterns_type_check", sql.raw(`pattern_type IN (${inList(LEARNING_PATTERN_TYPES)})`)),
    check("learning_patterns_confidence_check", sql`${t.confidence} >= 0 AND ${t.confidence} <= 1`),
    check("learning_patterns_occurrences_check", sql`${t.occurrences} >= 0`),
  ],
);

export type TerminologyEntry = typeof terminologyEntries.$inferSelect;
export type NewTerminologyEntry = typeof terminologyEntries.$inferInsert;
export type LearningPattern = typeof learningPatterns.$inferSelect;
export type NewLearningPattern = typeof learningPatterns.$inferInsert;

/**
 * Term uses waiting to be counted: one row per prompt or kept answer, folded into the entries'
 * frequency and last_used_at by a background task in batches (not an entry update per message).
 */
export const terminologyUsagePending = pgTable(
  "terminology_usage_pending",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    entryIds: jsonb("entry_ids").$type<string[]>().notNull(),
    usedAt: tz("used_at").notNull().defaultNow(),
  },
  (t) => [index("terminology_usage_pending_user_idx").on(t.userId, t.id)],
);
