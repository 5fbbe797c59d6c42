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
CREATE INDEX "terminology_entries_user_last_used_idx" ON "terminology_entries" USING btree ("user_id","last_used_at");--> statement-breakpoint
CREATE INDEX "terminology_entries_embedding_pending_idx" ON "terminology_entries" USING btree ("user_id") WHERE embedding IS NULL;