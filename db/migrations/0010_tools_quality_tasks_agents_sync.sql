CREATE TABLE "ai_agents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"handle" text NOT NULL,
	"description" text,
	"kind" text DEFAULT 'webhook' NOT NULL,
	"webhook_url" text NOT NULL,
	"n8n_workflow_id" text,
	"secret_encrypted" text NOT NULL,
	"key_version" integer NOT NULL,
	"capabilities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"configuration" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"execution_count" integer DEFAULT 0 NOT NULL,
	"success_count" integer DEFAULT 0 NOT NULL,
	"last_status" text,
	"last_error" text,
	"last_run_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_agents_user_handle_unique" UNIQUE("user_id","handle"),
	CONSTRAINT "ai_agents_kind_check" CHECK (kind IN ('n8n', 'webhook')),
	CONSTRAINT "ai_agents_handle_check" CHECK ("ai_agents"."handle" ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
	CONSTRAINT "ai_agents_last_status_check" CHECK ("ai_agents"."last_status" IS NULL OR "ai_agents"."last_status" IN ('success', 'failed')),
	CONSTRAINT "ai_agents_counts_check" CHECK ("ai_agents"."execution_count" >= 0 AND "ai_agents"."success_count" BETWEEN 0 AND "ai_agents"."execution_count")
);
--> statement-breakpoint
CREATE TABLE "sync_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sync_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"http_status" integer,
	"last_error" text,
	"items" integer DEFAULT 0 NOT NULL,
	"payload_bytes" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_deliveries_kind_check" CHECK (kind IN ('conversations', 'terminology', 'usage')),
	CONSTRAINT "sync_deliveries_trigger_check" CHECK (trigger IN ('change', 'schedule', 'manual')),
	CONSTRAINT "sync_deliveries_status_check" CHECK (status IN ('pending', 'success', 'failed')),
	CONSTRAINT "sync_deliveries_counts_check" CHECK ("sync_deliveries"."attempts" >= 0 AND "sync_deliveries"."items" >= 0 AND "sync_deliveries"."payload_bytes" >= 0)
);
--> statement-breakpoint
ALTER TABLE "mcp_servers" DROP CONSTRAINT "mcp_servers_transport_check";--> statement-breakpoint
ALTER TABLE "mcp_servers" ALTER COLUMN "url" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "quality_assessments" ADD COLUMN "rubric_version" text;--> statement-breakpoint
ALTER TABLE "quality_assessments" ADD COLUMN "prompt_hash" text;--> statement-breakpoint
ALTER TABLE "quality_assessments" ADD COLUMN "turn_id" uuid;--> statement-breakpoint
ALTER TABLE "tracking_tasks" ADD COLUMN "title" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "tracking_tasks" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tracking_tasks" ADD COLUMN "overdue_notified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mcp_servers" ADD COLUMN "shared" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "mcp_servers" ADD COLUMN "command" text;--> statement-breakpoint
ALTER TABLE "mcp_servers" ADD COLUMN "args" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "mcp_servers" ADD COLUMN "tools" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "mcp_servers" ADD COLUMN "enabled_tools" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "mcp_servers" ADD COLUMN "tools_refreshed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mcp_usage" ADD COLUMN "server_id" uuid;--> statement-breakpoint
ALTER TABLE "omni_bridge_sync" ADD COLUMN "name" text DEFAULT 'Omni-Bridge' NOT NULL;--> statement-breakpoint
ALTER TABLE "omni_bridge_sync" ADD COLUMN "signing_secret_encrypted" text;--> statement-breakpoint
ALTER TABLE "omni_bridge_sync" ADD COLUMN "key_version" integer;--> statement-breakpoint
ALTER TABLE "omni_bridge_sync" ADD COLUMN "schedule" text DEFAULT 'on_change' NOT NULL;--> statement-breakpoint
ALTER TABLE "omni_bridge_sync" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "ai_agents" ADD CONSTRAINT "ai_agents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_deliveries" ADD CONSTRAINT "sync_deliveries_sync_id_omni_bridge_sync_id_fk" FOREIGN KEY ("sync_id") REFERENCES "public"."omni_bridge_sync"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_deliveries" ADD CONSTRAINT "sync_deliveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sync_deliveries_sync_created_idx" ON "sync_deliveries" USING btree ("sync_id","created_at");--> statement-breakpoint
CREATE INDEX "sync_deliveries_user_created_idx" ON "sync_deliveries" USING btree ("user_id","created_at");--> statement-breakpoint
ALTER TABLE "mcp_usage" ADD CONSTRAINT "mcp_usage_server_id_mcp_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."mcp_servers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_votes_created_at_idx" ON "message_votes" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "quality_assessments_created_at_idx" ON "quality_assessments" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "quality_assessments_turn_id_idx" ON "quality_assessments" USING btree ("turn_id") WHERE turn_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "mcp_servers_shared_idx" ON "mcp_servers" USING btree ("shared") WHERE shared;--> statement-breakpoint
CREATE INDEX "mcp_usage_message_id_idx" ON "mcp_usage" USING btree ("message_id") WHERE message_id IS NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_day_models" DROP COLUMN "packed";--> statement-breakpoint
ALTER TABLE "usage_day_user_models" DROP COLUMN "packed";--> statement-breakpoint
ALTER TABLE "mcp_servers" ADD CONSTRAINT "mcp_servers_endpoint_check" CHECK ((transport = 'stdio' AND "mcp_servers"."command" IS NOT NULL AND "mcp_servers"."url" IS NULL AND "mcp_servers"."shared") OR (transport <> 'stdio' AND "mcp_servers"."url" IS NOT NULL AND "mcp_servers"."command" IS NULL));--> statement-breakpoint
ALTER TABLE "mcp_servers" ADD CONSTRAINT "mcp_servers_transport_check" CHECK (transport IN ('http', 'sse', 'stdio'));--> statement-breakpoint
ALTER TABLE "omni_bridge_sync" ADD CONSTRAINT "omni_bridge_sync_schedule_check" CHECK (schedule IN ('on_change', 'hourly', 'daily'));--> statement-breakpoint
-- The day grains no longer carry a packed text column (usage analytics reads the measures directly).
DROP FUNCTION IF EXISTS usage_pack(VARIADIC bigint[]);
