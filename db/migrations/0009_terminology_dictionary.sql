CREATE TABLE "terminology_usage_pending" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"entry_ids" jsonb NOT NULL,
	"used_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "terminology_entries" ADD COLUMN "variants" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "terminology_entries" ADD COLUMN "forbidden_variants" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "terminology_entries" ADD COLUMN "case_sensitive" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "terminology_entries" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "terminology_entries" ADD COLUMN "notes" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "terminology_entries" ADD COLUMN "pinned" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "terminology_entries" ADD COLUMN "embedding_attempted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "terminology_entries" ADD COLUMN "embedding_error" text;--> statement-breakpoint
ALTER TABLE "terminology_usage_pending" ADD CONSTRAINT "terminology_usage_pending_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "terminology_usage_pending_user_idx" ON "terminology_usage_pending" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "terminology_entries_term_trgm_idx" ON "terminology_entries" USING gin (lower("term") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "terminology_entries_user_version_idx" ON "terminology_entries" USING btree ("user_id","updated_at","embedding_model");--> statement-breakpoint
CREATE INDEX "terminology_entries_user_last_used_idx" ON "terminology_entries" USING btree ("user_id","last_used_at");--> statement-breakpoint
CREATE INDEX "terminology_entries_embedding_pending_idx" ON "terminology_entries" USING btree ("user_id") WHERE embedding IS NULL;--> statement-breakpoint
-- A user's own search filters by user inside the GIN index (btree_gin, a trusted contrib extension),
-- so it never walks other users' matches: on PostgreSQL. PGlite is left without them (loading
-- btree_gin there makes parameterised pg_trgm queries hang; one user's dictionary is small there).
DO $$
BEGIN
  IF version() NOT LIKE '%PGlite%' THEN
    CREATE EXTENSION IF NOT EXISTS btree_gin;
    CREATE INDEX IF NOT EXISTS "terminology_entries_user_term_trgm_idx" ON "terminology_entries" USING gin ("user_id",lower("term") gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS "terminology_entries_user_search_idx" ON "terminology_entries" USING gin ("user_id","search");
  END IF;
END $$;