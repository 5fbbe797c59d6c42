CREATE TABLE "workflow_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workflow_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"hash" text NOT NULL,
	"changelog" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_versions_workflow_version_unique" UNIQUE("workflow_id","version"),
	CONSTRAINT "workflow_versions_version_check" CHECK ("workflow_versions"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "workflow_runs" DROP CONSTRAINT "workflow_runs_counts_check";--> statement-breakpoint
ALTER TABLE "workflow_step_runs" DROP CONSTRAINT "workflow_step_runs_status_check";--> statement-breakpoint
ALTER TABLE "workflow_step_runs" DROP CONSTRAINT "workflow_step_runs_metering_check";--> statement-breakpoint
ALTER TABLE "workflows" DROP CONSTRAINT "workflows_last_run_status_check";--> statement-breakpoint
ALTER TABLE "workflows" DROP CONSTRAINT "workflows_counts_check";--> statement-breakpoint
DROP INDEX "workflow_runs_status_idx";--> statement-breakpoint
DROP INDEX "workflows_status_next_run_idx";--> statement-breakpoint
ALTER TABLE "workflows" ALTER COLUMN "triggers" SET DEFAULT '{}'::jsonb;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD COLUMN "version_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD COLUMN "parent_step_run_id" uuid;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD COLUMN "depth" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD COLUMN "rerun_of_run_id" uuid;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD COLUMN "api_key_id" uuid;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD COLUMN "partial" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD COLUMN "tokens_in" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD COLUMN "tokens_out" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD COLUMN "cost" numeric(12, 6) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD COLUMN "cancel_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD COLUMN "deadline_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workflow_step_runs" ADD COLUMN "epoch" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_step_runs" ADD COLUMN "available_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_step_runs" ADD COLUMN "lease_owner" text;--> statement-breakpoint
ALTER TABLE "workflow_step_runs" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workflow_step_runs" ADD COLUMN "error_kind" text;--> statement-breakpoint
ALTER TABLE "workflow_step_runs" ADD COLUMN "reused_from_step_run_id" uuid;--> statement-breakpoint
ALTER TABLE "workflow_step_runs" ADD COLUMN "child_run_id" uuid;--> statement-breakpoint
ALTER TABLE "workflow_step_runs" ADD COLUMN "detail" jsonb;--> statement-breakpoint
ALTER TABLE "workflow_step_runs" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "current_version_id" uuid;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "secrets_encrypted" text;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "cron_timezone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "concurrency_limit" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "run_timeout_seconds" integer;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "retention_days" integer;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "keep_success_step_data" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_versions" ADD CONSTRAINT "workflow_versions_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_versions" ADD CONSTRAINT "workflow_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_version_id_workflow_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."workflow_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_rerun_of_run_id_workflow_runs_id_fk" FOREIGN KEY ("rerun_of_run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_current_version_id_workflow_versions_id_fk" FOREIGN KEY ("current_version_id") REFERENCES "public"."workflow_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workflow_runs_workflow_status_idx" ON "workflow_runs" USING btree ("workflow_id","status","queued_at");--> statement-breakpoint
CREATE INDEX "workflow_runs_completed_idx" ON "workflow_runs" USING btree ("completed_at") WHERE completed_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "workflow_runs_deadline_idx" ON "workflow_runs" USING btree ("deadline_at") WHERE status = 'running' AND deadline_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "workflow_step_runs_lease_idx" ON "workflow_step_runs" USING btree ("lease_expires_at") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "workflow_step_runs_ready_idx" ON "workflow_step_runs" USING btree ("available_at") WHERE status = 'ready';--> statement-breakpoint
CREATE INDEX "workflow_step_runs_child_run_idx" ON "workflow_step_runs" USING btree ("child_run_id") WHERE child_run_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "workflows_next_run_idx" ON "workflows" USING btree ("next_run_at") WHERE cron IS NOT NULL AND status = 'active';--> statement-breakpoint
ALTER TABLE "workflows" DROP COLUMN "steps";--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_counts_check" CHECK ("workflow_runs"."steps_completed" >= 0 AND ("workflow_runs"."steps_total" IS NULL OR "workflow_runs"."steps_total" >= 0) AND "workflow_runs"."attempt" >= 1 AND "workflow_runs"."depth" BETWEEN 0 AND 5 AND "workflow_runs"."tokens_in" >= 0 AND "workflow_runs"."tokens_out" >= 0 AND "workflow_runs"."cost" >= 0);--> statement-breakpoint
ALTER TABLE "workflow_step_runs" ADD CONSTRAINT "workflow_step_runs_status_check" CHECK (status IN ('pending', 'ready', 'running', 'waiting', 'success', 'failed', 'skipped', 'cancelled'));--> statement-breakpoint
ALTER TABLE "workflow_step_runs" ADD CONSTRAINT "workflow_step_runs_metering_check" CHECK ("workflow_step_runs"."attempt" >= 1 AND "workflow_step_runs"."epoch" >= 1 AND "workflow_step_runs"."tokens_in" >= 0 AND "workflow_step_runs"."tokens_out" >= 0 AND "workflow_step_runs"."cost" >= 0 AND ("workflow_step_runs"."duration_ms" IS NULL OR "workflow_step_runs"."duration_ms" >= 0));--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_concurrency_check" CHECK ("workflows"."concurrency_limit" BETWEEN 1 AND 100);--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_limits_check" CHECK (("workflows"."run_timeout_seconds" IS NULL OR "workflows"."run_timeout_seconds" > 0) AND ("workflows"."retention_days" IS NULL OR "workflows"."retention_days" BETWEEN 1 AND 3650));--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_last_run_status_check" CHECK (last_run_status IN ('success', 'failed', 'partial', 'cancelled'));--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_counts_check" CHECK ("workflows"."run_count" >= 0 AND "workflows"."success_count" >= 0 AND "workflows"."error_count" >= 0 AND "workflows"."version" >= 0);