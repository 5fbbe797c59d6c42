CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"key_prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rate_limit" integer DEFAULT 100 NOT NULL,
	"monthly_budget_usd" numeric(12, 6),
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_keys_rate_limit_check" CHECK ("api_keys"."rate_limit" > 0)
);
--> statement-breakpoint
CREATE TABLE "audit_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"action" text NOT NULL,
	"changes" jsonb,
	"ip_address" text,
	"user_agent" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "packages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"price_usd" numeric(12, 6) DEFAULT '0' NOT NULL,
	"features" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"interval" text DEFAULT 'month' NOT NULL,
	"limits" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "packages_interval_check" CHECK (interval IN ('month', 'year')),
	CONSTRAINT "packages_price_check" CHECK ("packages"."price_usd" >= 0)
);
--> statement-breakpoint
CREATE TABLE "user_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"ip_address" "inet",
	"user_agent" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"prompt_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "user_sessions_prompt_count_check" CHECK ("user_sessions"."prompt_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "user_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"package_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"start_date" timestamp with time zone DEFAULT now() NOT NULL,
	"end_date" timestamp with time zone,
	"allowance_granted_for" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_subscriptions_status_check" CHECK (status IN ('active', 'cancelled', 'expired'))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"avatar_url" text,
	"password_hash" text NOT NULL,
	"role" text DEFAULT 'user' NOT NULL,
	"subscription_tier" text DEFAULT 'free' NOT NULL,
	"subscription_status" text DEFAULT 'active' NOT NULL,
	"subscription_expires_at" timestamp with time zone,
	"preferences" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"monthly_budget_usd" numeric(12, 6),
	"suspended_at" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_role_check" CHECK (role IN ('user', 'admin', 'enterprise')),
	CONSTRAINT "users_tier_check" CHECK (subscription_tier IN ('free', 'pro', 'enterprise')),
	CONSTRAINT "users_subscription_status_check" CHECK (subscription_status IN ('active', 'cancelled', 'expired')),
	CONSTRAINT "users_email_lower_check" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
CREATE TABLE "ai_integrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"provider_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"name" text NOT NULL,
	"credential_type" text DEFAULT 'api_key' NOT NULL,
	"credentials_encrypted" text,
	"key_version" integer,
	"key_hint" text,
	"base_url" text,
	"status" text DEFAULT 'disconnected' NOT NULL,
	"last_sync_at" timestamp with time zone,
	"last_error" text,
	"usage_stats" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_integrations_status_check" CHECK (status IN ('connected', 'disconnected', 'error')),
	CONSTRAINT "ai_integrations_key_version_check" CHECK (("ai_integrations"."credentials_encrypted" IS NULL) = ("ai_integrations"."key_version" IS NULL) AND ("ai_integrations"."key_version" IS NULL OR "ai_integrations"."key_version" > 0))
);
--> statement-breakpoint
CREATE TABLE "ai_model_prices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"pricing" jsonb NOT NULL,
	"effective_from" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid NOT NULL,
	"name" text NOT NULL,
	"display_name" text NOT NULL,
	"type" text DEFAULT 'chat' NOT NULL,
	"context_window" integer,
	"max_output_tokens" integer,
	"pricing" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"capabilities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_custom" boolean DEFAULT false NOT NULL,
	"integration_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_models_provider_name_integration_unique" UNIQUE NULLS NOT DISTINCT("provider_id","name","integration_id"),
	CONSTRAINT "ai_models_type_check" CHECK (type IN ('completion', 'chat', 'embedding', 'video')),
	CONSTRAINT "ai_models_context_window_check" CHECK ("ai_models"."context_window" > 0),
	CONSTRAINT "ai_models_max_output_tokens_check" CHECK ("ai_models"."max_output_tokens" > 0),
	CONSTRAINT "ai_models_custom_check" CHECK ("ai_models"."integration_id" IS NULL OR "ai_models"."is_custom")
);
--> statement-breakpoint
CREATE TABLE "ai_providers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"type" text DEFAULT 'llm' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"capabilities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"default_base_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_providers_type_check" CHECK (type IN ('llm', 'video', 'image')),
	CONSTRAINT "ai_providers_status_check" CHECK (status IN ('active', 'inactive', 'degraded')),
	CONSTRAINT "ai_providers_slug_format_check" CHECK ("ai_providers"."slug" ~ '^[a-z0-9][a-z0-9-]*$')
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"template_id" uuid,
	"template_version_id" uuid,
	"share_token" text,
	"shared_at" timestamp with time zone,
	"title" text,
	"participants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mode" text DEFAULT 'single' NOT NULL,
	"context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"total_tokens_used" bigint DEFAULT 0 NOT NULL,
	"total_cost" numeric(12, 6) DEFAULT '0' NOT NULL,
	"last_message_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, ''))) STORED,
	CONSTRAINT "conversations_mode_check" CHECK (mode IN ('single', 'multi', 'collaborative')),
	CONSTRAINT "conversations_totals_check" CHECK ("conversations"."total_tokens_used" >= 0 AND "conversations"."total_cost" >= 0)
);
--> statement-breakpoint
CREATE TABLE "message_votes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"turn_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"blind" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_votes_user_turn_unique" UNIQUE("user_id","turn_id")
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"parent_id" uuid,
	"turn_id" uuid,
	"role" text NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"parts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"model_id" uuid,
	"integration_id" uuid,
	"provider_slug" text,
	"model_name" text,
	"status" text DEFAULT 'complete' NOT NULL,
	"error_message" text,
	"tokens_in" integer DEFAULT 0 NOT NULL,
	"tokens_out" integer DEFAULT 0 NOT NULL,
	"tokens_cached" integer DEFAULT 0 NOT NULL,
	"cost" numeric(12, 6) DEFAULT '0' NOT NULL,
	"latency_ms" integer,
	"ttft_ms" integer,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"kind" text DEFAULT 'answer' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', coalesce(content, ''))) STORED,
	CONSTRAINT "messages_role_check" CHECK (role IN ('user', 'assistant', 'system', 'tool')),
	CONSTRAINT "messages_status_check" CHECK (status IN ('streaming', 'complete', 'error', 'aborted')),
	CONSTRAINT "messages_kind_check" CHECK (kind IN ('answer', 'fused')),
	CONSTRAINT "messages_fused_role_check" CHECK (kind = 'answer' OR role = 'assistant'),
	CONSTRAINT "messages_metering_check" CHECK ("messages"."tokens_in" >= 0 AND "messages"."tokens_out" >= 0 AND "messages"."tokens_cached" >= 0 AND "messages"."cost" >= 0 AND ("messages"."latency_ms" IS NULL OR "messages"."latency_ms" >= 0) AND ("messages"."ttft_ms" IS NULL OR "messages"."ttft_ms" >= 0))
);
--> statement-breakpoint
CREATE TABLE "quality_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"assessor_type" text NOT NULL,
	"assessor_user_id" uuid,
	"assessor_model" text,
	"accuracy_score" numeric(4, 2),
	"relevance_score" numeric(4, 2),
	"overall_score" numeric(4, 2) NOT NULL,
	"notes" text,
	"criteria" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quality_assessments_assessor_type_check" CHECK (assessor_type IN ('person', 'model')),
	CONSTRAINT "quality_assessments_assessor_model_check" CHECK (assessor_type = 'person' OR "quality_assessments"."assessor_model" IS NOT NULL),
	CONSTRAINT "quality_assessments_scores_check" CHECK (("quality_assessments"."accuracy_score" IS NULL OR "quality_assessments"."accuracy_score" BETWEEN 0 AND 10) AND ("quality_assessments"."relevance_score" IS NULL OR "quality_assessments"."relevance_score" BETWEEN 0 AND 10) AND "quality_assessments"."overall_score" BETWEEN 0 AND 10)
);
--> statement-breakpoint
CREATE TABLE "tracking_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"target" text NOT NULL,
	"tracking_type" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"priority" text DEFAULT 'medium' NOT NULL,
	"assigned_to" uuid,
	"due_date" timestamp with time zone,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracking_tasks_target_check" CHECK (target IN ('prompt', 'output')),
	CONSTRAINT "tracking_tasks_status_check" CHECK (status IN ('pending', 'in_progress', 'completed', 'cancelled')),
	CONSTRAINT "tracking_tasks_priority_check" CHECK (priority IN ('low', 'medium', 'high', 'urgent'))
);
--> statement-breakpoint
CREATE TABLE "ai_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"avatar_url" text,
	"category" text,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"system_prompt" text NOT NULL,
	"functions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"personality_config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"knowledge_sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"model_config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"allowed_integrations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cost_limit_per_request" numeric(12, 6),
	"version" integer DEFAULT 1 NOT NULL,
	"current_version_id" uuid,
	"is_public" boolean DEFAULT false NOT NULL,
	"is_marketplace" boolean DEFAULT false NOT NULL,
	"listing_status" text DEFAULT 'draft' NOT NULL,
	"price_credits" integer,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"rating" numeric(3, 2) DEFAULT 0 NOT NULL,
	"rating_count" integer DEFAULT 0 NOT NULL,
	"sales_count" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(name, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B') || setweight(to_tsvector('english', coalesce(category, '')), 'C')) STORED,
	CONSTRAINT "ai_templates_listing_status_check" CHECK (listing_status IN ('draft', 'published', 'unlisted', 'removed')),
	CONSTRAINT "ai_templates_published_at_check" CHECK (listing_status <> 'published' OR "ai_templates"."published_at" IS NOT NULL),
	CONSTRAINT "ai_templates_price_credits_check" CHECK ("ai_templates"."price_credits" >= 0),
	CONSTRAINT "ai_templates_rating_check" CHECK ("ai_templates"."rating" >= 0 AND "ai_templates"."rating" <= 5),
	CONSTRAINT "ai_templates_version_check" CHECK ("ai_templates"."version" >= 1),
	CONSTRAINT "ai_templates_cost_limit_check" CHECK ("ai_templates"."cost_limit_per_request" > 0),
	CONSTRAINT "ai_templates_counters_check" CHECK ("ai_templates"."usage_count" >= 0 AND "ai_templates"."rating_count" >= 0 AND "ai_templates"."sales_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "credit_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"kind" text DEFAULT 'user' NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_accounts_kind_check" CHECK (kind IN ('user', 'platform_revenue', 'platform_funding')),
	CONSTRAINT "credit_accounts_balance_check" CHECK ("credit_accounts"."balance" >= 0 OR kind = 'platform_funding'),
	CONSTRAINT "credit_accounts_owner_check" CHECK ((kind = 'user') = ("credit_accounts"."user_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"transfer_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"balance_after" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entries_amount_check" CHECK ("ledger_entries"."amount" <> 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"description" text,
	"idempotency_key" text,
	"created_by" uuid,
	"reference_type" text,
	"reference_id" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_transfers_kind_check" CHECK (kind IN ('grant', 'allowance', 'topup', 'purchase', 'refund', 'usage', 'adjustment'))
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "template_purchases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"buyer_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"seller_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"pinned_version_id" uuid NOT NULL,
	"price" integer NOT NULL,
	"platform_fee" integer NOT NULL,
	"seller_payout" integer NOT NULL,
	"payment_status" text DEFAULT 'pending' NOT NULL,
	"payment_method" text,
	"transaction_id" uuid,
	"refund_transaction_id" uuid,
	"idempotency_key" text NOT NULL,
	"purchased_at" timestamp with time zone DEFAULT now() NOT NULL,
	"refunded_at" timestamp with time zone,
	CONSTRAINT "template_purchases_buyer_idempotency_unique" UNIQUE("buyer_id","idempotency_key"),
	CONSTRAINT "template_purchases_payment_status_check" CHECK (payment_status IN ('pending', 'completed', 'refunded')),
	CONSTRAINT "template_purchases_amounts_check" CHECK ("template_purchases"."price" >= 0 AND "template_purchases"."platform_fee" >= 0 AND "template_purchases"."seller_payout" >= 0 AND "template_purchases"."platform_fee" + "template_purchases"."seller_payout" = "template_purchases"."price"),
	CONSTRAINT "template_purchases_refunded_at_check" CHECK ((payment_status = 'refunded') = ("template_purchases"."refunded_at" IS NOT NULL)),
	CONSTRAINT "template_purchases_not_own_check" CHECK ("template_purchases"."buyer_id" <> "template_purchases"."seller_id")
);
--> statement-breakpoint
CREATE TABLE "template_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"rating" integer NOT NULL,
	"review" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "template_ratings_user_template_unique" UNIQUE("user_id","template_id"),
	CONSTRAINT "template_ratings_rating_check" CHECK ("template_ratings"."rating" >= 1 AND "template_ratings"."rating" <= 5)
);
--> statement-breakpoint
CREATE TABLE "template_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "template_reports_status_check" CHECK (status IN ('open', 'dismissed', 'actioned'))
);
--> statement-breakpoint
CREATE TABLE "template_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"changelog" text,
	"snapshot" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "template_versions_template_version_unique" UNIQUE("template_id","version"),
	CONSTRAINT "template_versions_version_check" CHECK ("template_versions"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "learning_patterns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"pattern_type" text NOT NULL,
	"pattern_key" text NOT NULL,
	"data" jsonb NOT NULL,
	"confidence" numeric(5, 4) DEFAULT 0 NOT NULL,
	"occurrences" integer DEFAULT 1 NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learning_patterns_user_type_key_unique" UNIQUE("user_id","pattern_type","pattern_key"),
	CONSTRAINT "learning_patterns_type_check" CHECK (pattern_type IN ('terminology_usage', 'ai_preference', 'workflow_pattern')),
	CONSTRAINT "learning_patterns_confidence_check" CHECK ("learning_patterns"."confidence" >= 0 AND "learning_patterns"."confidence" <= 1),
	CONSTRAINT "learning_patterns_occurrences_check" CHECK ("learning_patterns"."occurrences" >= 0)
);
--> statement-breakpoint
CREATE TABLE "terminology_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"term" text NOT NULL,
	"definition" text NOT NULL,
	"context" text,
	"usage_examples" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"related_terms" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"frequency" integer DEFAULT 1 NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"embedding" real[],
	"embedding_model" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(term, '')), 'A') || setweight(to_tsvector('english', coalesce(definition, '')), 'B')) STORED,
	CONSTRAINT "terminology_entries_context_check" CHECK (context IN ('technical', 'business', 'personal', 'casual')),
	CONSTRAINT "terminology_entries_frequency_check" CHECK ("terminology_entries"."frequency" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ai_usage_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"api_key_id" uuid,
	"provider_id" uuid,
	"model_id" uuid,
	"provider_slug" text,
	"model_name" text,
	"integration_id" uuid,
	"conversation_id" uuid,
	"message_id" uuid,
	"workflow_run_id" uuid,
	"template_id" uuid,
	"session_id" text,
	"request_type" text NOT NULL,
	"tokens_in" integer DEFAULT 0 NOT NULL,
	"tokens_out" integer DEFAULT 0 NOT NULL,
	"tokens_cached" integer DEFAULT 0 NOT NULL,
	"cost" numeric(12, 6) DEFAULT '0' NOT NULL,
	"credits" integer DEFAULT 0 NOT NULL,
	"latency_ms" integer,
	"ttft_ms" integer,
	"status" text NOT NULL,
	"error_message" text,
	"estimated" boolean DEFAULT false NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_usage_logs_request_type_check" CHECK (request_type IN ('completion', 'chat', 'video', 'workflow', 'embedding')),
	CONSTRAINT "ai_usage_logs_status_check" CHECK (status IN ('success', 'error', 'timeout', 'aborted')),
	CONSTRAINT "ai_usage_logs_metering_check" CHECK ("ai_usage_logs"."tokens_in" >= 0 AND "ai_usage_logs"."tokens_out" >= 0 AND "ai_usage_logs"."tokens_cached" >= 0 AND "ai_usage_logs"."cost" >= 0 AND "ai_usage_logs"."credits" >= 0 AND ("ai_usage_logs"."latency_ms" IS NULL OR "ai_usage_logs"."latency_ms" >= 0) AND ("ai_usage_logs"."ttft_ms" IS NULL OR "ai_usage_logs"."ttft_ms" >= 0))
);
--> statement-breakpoint
CREATE TABLE "mcp_servers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"transport" text DEFAULT 'http' NOT NULL,
	"headers_encrypted" text,
	"key_version" integer,
	"enabled" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'disconnected' NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mcp_servers_user_name_unique" UNIQUE("user_id","name"),
	CONSTRAINT "mcp_servers_transport_check" CHECK (transport IN ('http', 'sse')),
	CONSTRAINT "mcp_servers_status_check" CHECK (status IN ('connected', 'disconnected', 'error')),
	CONSTRAINT "mcp_servers_key_version_check" CHECK (("mcp_servers"."headers_encrypted" IS NULL) = ("mcp_servers"."key_version" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "mcp_usage" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"message_id" uuid,
	"workflow_run_id" uuid,
	"server_name" text NOT NULL,
	"tool_name" text NOT NULL,
	"success" boolean NOT NULL,
	"tokens_used" integer DEFAULT 0 NOT NULL,
	"latency_ms" integer,
	"error_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mcp_usage_metering_check" CHECK ("mcp_usage"."tokens_used" >= 0 AND ("mcp_usage"."latency_ms" IS NULL OR "mcp_usage"."latency_ms" >= 0))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "omni_bridge_sync" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"omni_bridge_url" text NOT NULL,
	"api_key_encrypted" text NOT NULL,
	"sync_enabled" boolean DEFAULT true NOT NULL,
	"last_sync_at" timestamp with time zone,
	"sync_status" text DEFAULT 'pending' NOT NULL,
	"sync_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "omni_bridge_sync_status_check" CHECK (sync_status IN ('pending', 'success', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "retention_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entity" text NOT NULL,
	"retention_days" integer,
	"archive_after_days" integer,
	"delete_after_days" integer,
	"conditions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_run_deleted" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retention_policies_entity_check" CHECK (entity IN ('conversations', 'messages', 'ai_usage_logs', 'usage_daily', 'audit_logs', 'user_sessions', 'workflow_runs', 'webhook_deliveries', 'mcp_usage', 'notifications', 'ai_generations', 'video_requests', 'stripe_events')),
	CONSTRAINT "retention_policies_days_check" CHECK (("retention_policies"."retention_days" IS NULL OR "retention_policies"."retention_days" > 0) AND ("retention_policies"."archive_after_days" IS NULL OR "retention_policies"."archive_after_days" > 0) AND ("retention_policies"."delete_after_days" IS NULL OR "retention_policies"."delete_after_days" > 0)),
	CONSTRAINT "retention_policies_order_check" CHECK ("retention_policies"."archive_after_days" IS NULL OR "retention_policies"."delete_after_days" IS NULL OR "retention_policies"."archive_after_days" < "retention_policies"."delete_after_days")
);
--> statement-breakpoint
CREATE TABLE "retention_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"policy_id" uuid NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"archived" integer DEFAULT 0 NOT NULL,
	"deleted" integer DEFAULT 0 NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "usage_daily" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"user_id" uuid,
	"provider_id" uuid,
	"model_id" uuid,
	"integration_id" uuid,
	"api_key_id" uuid,
	"template_id" uuid,
	"request_type" text NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"success_count" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"timeout_count" integer DEFAULT 0 NOT NULL,
	"aborted_count" integer DEFAULT 0 NOT NULL,
	"tokens_in" bigint DEFAULT 0 NOT NULL,
	"tokens_out" bigint DEFAULT 0 NOT NULL,
	"tokens_cached" bigint DEFAULT 0 NOT NULL,
	"cost" numeric(18, 6) DEFAULT '0' NOT NULL,
	"credits" bigint DEFAULT 0 NOT NULL,
	"latency_sum_ms" bigint DEFAULT 0 NOT NULL,
	"latency_count" integer DEFAULT 0 NOT NULL,
	"ttft_sum_ms" bigint DEFAULT 0 NOT NULL,
	"ttft_count" integer DEFAULT 0 NOT NULL,
	"latency_histogram" integer[] DEFAULT '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0}'::integer[] NOT NULL,
	"ttft_histogram" integer[] DEFAULT '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0}'::integer[] NOT NULL,
	CONSTRAINT "usage_daily_bucket_key" UNIQUE NULLS NOT DISTINCT("bucket_start","user_id","provider_id","model_id","integration_id","api_key_id","template_id","request_type"),
	CONSTRAINT "usage_daily_request_type_check" CHECK (request_type IN ('completion', 'chat', 'video', 'workflow', 'embedding')),
	CONSTRAINT "usage_daily_hour_check" CHECK (extract(epoch FROM "usage_daily"."bucket_start") % 3600 = 0),
	CONSTRAINT "usage_daily_all_users_grain_check" CHECK ("usage_daily"."user_id" IS NOT NULL OR "usage_daily"."api_key_id" IS NULL),
	CONSTRAINT "usage_daily_histograms_check" CHECK (cardinality(latency_histogram) = 19 AND cardinality(ttft_histogram) = 19),
	CONSTRAINT "usage_daily_counters_check" CHECK ("usage_daily"."requests" >= 0 AND "usage_daily"."success_count" + "usage_daily"."error_count" + "usage_daily"."timeout_count" + "usage_daily"."aborted_count" = "usage_daily"."requests" AND "usage_daily"."cost" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ai_generations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"project_id" uuid,
	"business_idea" text NOT NULL,
	"generation_mode" text NOT NULL,
	"deep_thinking" boolean DEFAULT false NOT NULL,
	"models_requested" jsonb NOT NULL,
	"models_completed" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"total_names_generated" integer DEFAULT 0 NOT NULL,
	"generation_time_ms" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"error_details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_generations_mode_check" CHECK (generation_mode IN ('creative', 'professional', 'brandable', 'tech-focused')),
	CONSTRAINT "ai_generations_status_check" CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled')),
	CONSTRAINT "ai_generations_models_requested_check" CHECK (CASE WHEN jsonb_typeof("ai_generations"."models_requested") = 'array' THEN jsonb_array_length("ai_generations"."models_requested") >= 1 ELSE false END),
	CONSTRAINT "ai_generations_total_names_check" CHECK ("ai_generations"."total_names_generated" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ai_model_performance" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ai_generation_id" uuid NOT NULL,
	"model_name" text NOT NULL,
	"response_time_ms" integer NOT NULL,
	"names_generated" integer NOT NULL,
	"tokens_used" integer,
	"success_rate" numeric(5, 2) NOT NULL,
	"error_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_model_performance_success_rate_check" CHECK ("ai_model_performance"."success_rate" >= 0 AND "ai_model_performance"."success_rate" <= 100),
	CONSTRAINT "ai_model_performance_counts_check" CHECK ("ai_model_performance"."response_time_ms" >= 0 AND "ai_model_performance"."names_generated" >= 0 AND ("ai_model_performance"."tokens_used" IS NULL OR "ai_model_performance"."tokens_used" >= 0))
);
--> statement-breakpoint
CREATE TABLE "name_suggestions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"generation_id" uuid,
	"name" text NOT NULL,
	"domain" text,
	"tagline" text,
	"description" text,
	"ai_model" text,
	"generation_metadata" jsonb,
	"generation_session_id" uuid,
	"is_favorite" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"business_idea" text,
	"ai_preferences" jsonb,
	"last_generation_at" timestamp with time zone,
	"selected_name_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_ai_preferences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"preferred_models" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"default_generation_mode" text DEFAULT 'creative' NOT NULL,
	"enable_deep_thinking" boolean DEFAULT false NOT NULL,
	"auto_generate_on_create" boolean DEFAULT false NOT NULL,
	"model_weights" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_ai_preferences_mode_check" CHECK (default_generation_mode IN ('creative', 'professional', 'brandable', 'tech-focused'))
);
--> statement-breakpoint
CREATE TABLE "video_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"model_id" uuid,
	"prompt" text NOT NULL,
	"parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"url" text,
	"thumbnail_url" text,
	"credits_used" integer DEFAULT 0 NOT NULL,
	"duration" integer,
	"progress" integer DEFAULT 0 NOT NULL,
	"error_message" text,
	"metadata" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	CONSTRAINT "video_requests_status_check" CHECK (status IN ('queued', 'processing', 'completed', 'failed')),
	CONSTRAINT "video_requests_progress_check" CHECK ("video_requests"."progress" >= 0 AND "video_requests"."progress" <= 100),
	CONSTRAINT "video_requests_credits_check" CHECK ("video_requests"."credits_used" >= 0),
	CONSTRAINT "video_requests_duration_check" CHECK ("video_requests"."duration" > 0)
);
--> statement-breakpoint
CREATE TABLE "video_workflows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"video_request_id" uuid NOT NULL,
	"workflow_type" text NOT NULL,
	"input" jsonb NOT NULL,
	"enhanced_prompt" text,
	"parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'processing' NOT NULL,
	"steps" jsonb,
	"metadata" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "video_workflows_type_check" CHECK (workflow_type IN ('text-to-video', 'image-to-video', 'video-enhancement')),
	CONSTRAINT "video_workflows_status_check" CHECK (status IN ('processing', 'completed', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workflow_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"payload" jsonb,
	"signature_valid" boolean NOT NULL,
	"status" text NOT NULL,
	"run_id" uuid,
	"error" text,
	"delivery_id" text,
	CONSTRAINT "webhook_deliveries_status_check" CHECK (status IN ('accepted', 'rejected', 'duplicate')),
	CONSTRAINT "webhook_deliveries_accepted_check" CHECK (status <> 'accepted' OR "webhook_deliveries"."signature_valid")
);
--> statement-breakpoint
CREATE TABLE "workflow_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workflow_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"trigger_type" text DEFAULT 'manual' NOT NULL,
	"trigger_data" jsonb,
	"status" text DEFAULT 'queued' NOT NULL,
	"steps_completed" integer DEFAULT 0 NOT NULL,
	"steps_total" integer,
	"input" jsonb,
	"output" jsonb,
	"error_message" text,
	"idempotency_key" text,
	"parent_run_id" uuid,
	"attempt" integer DEFAULT 1 NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "workflow_runs_workflow_idempotency_unique" UNIQUE("workflow_id","idempotency_key"),
	CONSTRAINT "workflow_runs_trigger_type_check" CHECK (trigger_type IN ('manual', 'scheduled', 'webhook', 'api', 'subworkflow')),
	CONSTRAINT "workflow_runs_status_check" CHECK (status IN ('queued', 'running', 'success', 'failed', 'cancelled')),
	CONSTRAINT "workflow_runs_counts_check" CHECK ("workflow_runs"."steps_completed" >= 0 AND ("workflow_runs"."steps_total" IS NULL OR "workflow_runs"."steps_total" >= 0) AND "workflow_runs"."attempt" >= 1)
);
--> statement-breakpoint
CREATE TABLE "workflow_step_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"step_type" text NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"input" jsonb,
	"output" jsonb,
	"error" text,
	"tokens_in" integer DEFAULT 0 NOT NULL,
	"tokens_out" integer DEFAULT 0 NOT NULL,
	"cost" numeric(12, 6) DEFAULT '0' NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"duration_ms" integer,
	CONSTRAINT "workflow_step_runs_run_step_attempt_unique" UNIQUE("run_id","step_id","attempt"),
	CONSTRAINT "workflow_step_runs_step_type_check" CHECK (step_type IN ('model', 'template', 'multi_model', 'transform', 'condition', 'http', 'delay', 'subworkflow')),
	CONSTRAINT "workflow_step_runs_status_check" CHECK (status IN ('pending', 'running', 'success', 'failed', 'skipped')),
	CONSTRAINT "workflow_step_runs_metering_check" CHECK ("workflow_step_runs"."attempt" >= 1 AND "workflow_step_runs"."tokens_in" >= 0 AND "workflow_step_runs"."tokens_out" >= 0 AND "workflow_step_runs"."cost" >= 0 AND ("workflow_step_runs"."duration_ms" IS NULL OR "workflow_step_runs"."duration_ms" >= 0))
);
--> statement-breakpoint
CREATE TABLE "workflows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"triggers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_run_status" text,
	"run_count" integer DEFAULT 0 NOT NULL,
	"success_count" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"webhook_secret_encrypted" text,
	"cron" text,
	"next_run_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflows_status_check" CHECK (status IN ('active', 'paused', 'archived')),
	CONSTRAINT "workflows_last_run_status_check" CHECK (last_run_status IN ('success', 'failed', 'partial')),
	CONSTRAINT "workflows_counts_check" CHECK ("workflows"."run_count" >= 0 AND "workflows"."success_count" >= 0 AND "workflows"."error_count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_subscriptions" ADD CONSTRAINT "user_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_subscriptions" ADD CONSTRAINT "user_subscriptions_package_id_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."packages"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_integrations" ADD CONSTRAINT "ai_integrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_integrations" ADD CONSTRAINT "ai_integrations_provider_id_ai_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."ai_providers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_model_prices" ADD CONSTRAINT "ai_model_prices_model_id_ai_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."ai_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_model_prices" ADD CONSTRAINT "ai_model_prices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_models" ADD CONSTRAINT "ai_models_provider_id_ai_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."ai_providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_models" ADD CONSTRAINT "ai_models_integration_id_ai_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."ai_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_template_id_ai_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."ai_templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_template_version_id_template_versions_id_fk" FOREIGN KEY ("template_version_id") REFERENCES "public"."template_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_votes" ADD CONSTRAINT "message_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_votes" ADD CONSTRAINT "message_votes_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_votes" ADD CONSTRAINT "message_votes_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_parent_id_messages_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_model_id_ai_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."ai_models"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_integration_id_ai_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."ai_integrations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_assessments" ADD CONSTRAINT "quality_assessments_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_assessments" ADD CONSTRAINT "quality_assessments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_assessments" ADD CONSTRAINT "quality_assessments_assessor_user_id_users_id_fk" FOREIGN KEY ("assessor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_tasks" ADD CONSTRAINT "tracking_tasks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_tasks" ADD CONSTRAINT "tracking_tasks_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_tasks" ADD CONSTRAINT "tracking_tasks_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_templates" ADD CONSTRAINT "ai_templates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_templates" ADD CONSTRAINT "ai_templates_current_version_id_template_versions_id_fk" FOREIGN KEY ("current_version_id") REFERENCES "public"."template_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD CONSTRAINT "credit_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_transfer_id_ledger_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."ledger_transfers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_credit_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."credit_accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_purchases" ADD CONSTRAINT "template_purchases_buyer_id_users_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_purchases" ADD CONSTRAINT "template_purchases_template_id_ai_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."ai_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_purchases" ADD CONSTRAINT "template_purchases_seller_id_users_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_purchases" ADD CONSTRAINT "template_purchases_version_id_template_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."template_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_purchases" ADD CONSTRAINT "template_purchases_pinned_version_id_template_versions_id_fk" FOREIGN KEY ("pinned_version_id") REFERENCES "public"."template_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_purchases" ADD CONSTRAINT "template_purchases_transaction_id_ledger_transfers_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."ledger_transfers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_purchases" ADD CONSTRAINT "template_purchases_refund_transaction_id_ledger_transfers_id_fk" FOREIGN KEY ("refund_transaction_id") REFERENCES "public"."ledger_transfers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_ratings" ADD CONSTRAINT "template_ratings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_ratings" ADD CONSTRAINT "template_ratings_template_id_ai_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."ai_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_reports" ADD CONSTRAINT "template_reports_template_id_ai_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."ai_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_reports" ADD CONSTRAINT "template_reports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_reports" ADD CONSTRAINT "template_reports_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_template_id_ai_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."ai_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_patterns" ADD CONSTRAINT "learning_patterns_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terminology_entries" ADD CONSTRAINT "terminology_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_usage_logs" ADD CONSTRAINT "ai_usage_logs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_usage_logs" ADD CONSTRAINT "ai_usage_logs_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_usage_logs" ADD CONSTRAINT "ai_usage_logs_provider_id_ai_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."ai_providers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_usage_logs" ADD CONSTRAINT "ai_usage_logs_model_id_ai_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."ai_models"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_usage_logs" ADD CONSTRAINT "ai_usage_logs_integration_id_ai_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."ai_integrations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_usage_logs" ADD CONSTRAINT "ai_usage_logs_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_usage_logs" ADD CONSTRAINT "ai_usage_logs_workflow_run_id_workflow_runs_id_fk" FOREIGN KEY ("workflow_run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_usage_logs" ADD CONSTRAINT "ai_usage_logs_template_id_ai_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."ai_templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mcp_servers" ADD CONSTRAINT "mcp_servers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mcp_usage" ADD CONSTRAINT "mcp_usage_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mcp_usage" ADD CONSTRAINT "mcp_usage_workflow_run_id_workflow_runs_id_fk" FOREIGN KEY ("workflow_run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "omni_bridge_sync" ADD CONSTRAINT "omni_bridge_sync_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_runs" ADD CONSTRAINT "retention_runs_policy_id_retention_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."retention_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_generations" ADD CONSTRAINT "ai_generations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_generations" ADD CONSTRAINT "ai_generations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_model_performance" ADD CONSTRAINT "ai_model_performance_ai_generation_id_ai_generations_id_fk" FOREIGN KEY ("ai_generation_id") REFERENCES "public"."ai_generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "name_suggestions" ADD CONSTRAINT "name_suggestions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "name_suggestions" ADD CONSTRAINT "name_suggestions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "name_suggestions" ADD CONSTRAINT "name_suggestions_generation_id_ai_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."ai_generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_selected_name_id_name_suggestions_id_fk" FOREIGN KEY ("selected_name_id") REFERENCES "public"."name_suggestions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_ai_preferences" ADD CONSTRAINT "user_ai_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_requests" ADD CONSTRAINT "video_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_requests" ADD CONSTRAINT "video_requests_provider_id_ai_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."ai_providers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_requests" ADD CONSTRAINT "video_requests_model_id_ai_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."ai_models"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_workflows" ADD CONSTRAINT "video_workflows_video_request_id_video_requests_id_fk" FOREIGN KEY ("video_request_id") REFERENCES "public"."video_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_run_id_workflow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_runs" ADD CONSTRAINT "workflow_runs_parent_run_id_workflow_runs_id_fk" FOREIGN KEY ("parent_run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_step_runs" ADD CONSTRAINT "workflow_step_runs_run_id_workflow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflows" ADD CONSTRAINT "workflows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_unique" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_user_id_idx" ON "api_keys" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_logs_created_at_idx" ON "audit_logs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "audit_logs_user_id_idx" ON "audit_logs" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_logs_entity_idx" ON "audit_logs" USING btree ("entity_type","entity_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_logs_action_idx" ON "audit_logs" USING btree ("action","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "packages_slug_unique" ON "packages" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "packages_name_unique" ON "packages" USING btree ("name");--> statement-breakpoint
CREATE INDEX "user_sessions_user_id_started_idx" ON "user_sessions" USING btree ("user_id","started_at");--> statement-breakpoint
CREATE INDEX "user_subscriptions_user_id_idx" ON "user_subscriptions" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "user_subscriptions_package_id_idx" ON "user_subscriptions" USING btree ("package_id");--> statement-breakpoint
CREATE UNIQUE INDEX "user_subscriptions_one_active" ON "user_subscriptions" USING btree ("user_id") WHERE status = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "users_role_idx" ON "users" USING btree ("role");--> statement-breakpoint
CREATE INDEX "users_subscription_tier_idx" ON "users" USING btree ("subscription_tier");--> statement-breakpoint
CREATE INDEX "users_created_at_idx" ON "users" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ai_integrations_user_id_idx" ON "ai_integrations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ai_integrations_platform_idx" ON "ai_integrations" USING btree ("platform");--> statement-breakpoint
CREATE INDEX "ai_integrations_status_idx" ON "ai_integrations" USING btree ("status");--> statement-breakpoint
CREATE INDEX "ai_integrations_provider_id_idx" ON "ai_integrations" USING btree ("provider_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ai_model_prices_model_effective_unique" ON "ai_model_prices" USING btree ("model_id","effective_from");--> statement-breakpoint
CREATE INDEX "ai_models_type_idx" ON "ai_models" USING btree ("type");--> statement-breakpoint
CREATE INDEX "ai_models_integration_id_idx" ON "ai_models" USING btree ("integration_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ai_providers_slug_unique" ON "ai_providers" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "ai_providers_name_unique" ON "ai_providers" USING btree ("name");--> statement-breakpoint
CREATE INDEX "ai_providers_type_idx" ON "ai_providers" USING btree ("type");--> statement-breakpoint
CREATE INDEX "ai_providers_status_idx" ON "ai_providers" USING btree ("status");--> statement-breakpoint
CREATE INDEX "conversations_user_last_message_idx" ON "conversations" USING btree ("user_id","last_message_at");--> statement-breakpoint
CREATE INDEX "conversations_search_idx" ON "conversations" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_share_token_unique" ON "conversations" USING btree ("share_token");--> statement-breakpoint
CREATE INDEX "conversations_template_id_idx" ON "conversations" USING btree ("template_id");--> statement-breakpoint
CREATE INDEX "conversations_template_version_id_idx" ON "conversations" USING btree ("template_version_id") WHERE template_version_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "message_votes_user_created_idx" ON "message_votes" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "message_votes_conversation_id_idx" ON "message_votes" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "message_votes_message_id_idx" ON "message_votes" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "messages_conversation_created_idx" ON "messages" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_user_created_idx" ON "messages" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_parent_id_idx" ON "messages" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "messages_turn_id_idx" ON "messages" USING btree ("turn_id") WHERE turn_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_model_id_idx" ON "messages" USING btree ("model_id");--> statement-breakpoint
CREATE INDEX "messages_integration_id_idx" ON "messages" USING btree ("integration_id");--> statement-breakpoint
CREATE INDEX "messages_search_idx" ON "messages" USING gin ("search");--> statement-breakpoint
CREATE INDEX "quality_assessments_user_created_idx" ON "quality_assessments" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "quality_assessments_message_id_idx" ON "quality_assessments" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "tracking_tasks_user_status_idx" ON "tracking_tasks" USING btree ("user_id","status","due_date");--> statement-breakpoint
CREATE INDEX "tracking_tasks_user_created_idx" ON "tracking_tasks" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "tracking_tasks_message_id_idx" ON "tracking_tasks" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "tracking_tasks_assigned_to_idx" ON "tracking_tasks" USING btree ("assigned_to","status");--> statement-breakpoint
CREATE UNIQUE INDEX "ai_templates_slug_unique" ON "ai_templates" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "ai_templates_user_id_idx" ON "ai_templates" USING btree ("user_id","updated_at");--> statement-breakpoint
CREATE INDEX "ai_templates_search_idx" ON "ai_templates" USING gin ("search");--> statement-breakpoint
CREATE INDEX "ai_templates_name_trgm" ON "ai_templates" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "ai_templates_listing_rating_idx" ON "ai_templates" USING btree ("listing_status","rating" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "ai_templates_listing_usage_idx" ON "ai_templates" USING btree ("listing_status","usage_count" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "ai_templates_listing_published_idx" ON "ai_templates" USING btree ("listing_status","published_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "ai_templates_listing_price_idx" ON "ai_templates" USING btree ("listing_status","price_credits");--> statement-breakpoint
CREATE INDEX "ai_templates_category_idx" ON "ai_templates" USING btree ("category");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_accounts_user_unique" ON "credit_accounts" USING btree ("user_id") WHERE kind = 'user';--> statement-breakpoint
CREATE UNIQUE INDEX "credit_accounts_platform_kind_unique" ON "credit_accounts" USING btree ("kind") WHERE kind <> 'user';--> statement-breakpoint
CREATE INDEX "ledger_entries_account_idx" ON "ledger_entries" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "ledger_entries_transfer_id_idx" ON "ledger_entries" USING btree ("transfer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transfers_idempotency_key_unique" ON "ledger_transfers" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "ledger_transfers_reference_idx" ON "ledger_transfers" USING btree ("reference_type","reference_id");--> statement-breakpoint
CREATE INDEX "ledger_transfers_kind_idx" ON "ledger_transfers" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "ledger_transfers_created_at_idx" ON "ledger_transfers" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "stripe_events_processed_at_idx" ON "stripe_events" USING btree ("processed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "template_purchases_one_completed" ON "template_purchases" USING btree ("buyer_id","template_id") WHERE payment_status = 'completed';--> statement-breakpoint
CREATE INDEX "template_purchases_buyer_idx" ON "template_purchases" USING btree ("buyer_id","purchased_at");--> statement-breakpoint
CREATE INDEX "template_purchases_seller_idx" ON "template_purchases" USING btree ("seller_id","purchased_at");--> statement-breakpoint
CREATE INDEX "template_purchases_template_id_idx" ON "template_purchases" USING btree ("template_id");--> statement-breakpoint
CREATE INDEX "template_ratings_template_idx" ON "template_ratings" USING btree ("template_id","created_at");--> statement-breakpoint
CREATE INDEX "template_reports_status_idx" ON "template_reports" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "template_reports_template_id_idx" ON "template_reports" USING btree ("template_id");--> statement-breakpoint
CREATE INDEX "template_reports_user_id_idx" ON "template_reports" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "template_reports_one_open" ON "template_reports" USING btree ("user_id","template_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "learning_patterns_user_confidence_idx" ON "learning_patterns" USING btree ("user_id","confidence" DESC NULLS FIRST);--> statement-breakpoint
CREATE UNIQUE INDEX "terminology_entries_user_term_unique" ON "terminology_entries" USING btree ("user_id",lower("term"));--> statement-breakpoint
CREATE INDEX "terminology_entries_search_idx" ON "terminology_entries" USING gin ("search");--> statement-breakpoint
CREATE INDEX "terminology_entries_user_frequency_idx" ON "terminology_entries" USING btree ("user_id","frequency" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "terminology_entries_user_context_idx" ON "terminology_entries" USING btree ("user_id","context");--> statement-breakpoint
CREATE INDEX "terminology_entries_public_idx" ON "terminology_entries" USING btree ("created_at") WHERE is_public;--> statement-breakpoint
CREATE INDEX "ai_usage_logs_user_created_idx" ON "ai_usage_logs" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "ai_usage_logs_api_key_created_idx" ON "ai_usage_logs" USING btree ("api_key_id","created_at");--> statement-breakpoint
CREATE INDEX "ai_usage_logs_provider_created_idx" ON "ai_usage_logs" USING btree ("provider_id","created_at");--> statement-breakpoint
CREATE INDEX "ai_usage_logs_model_created_idx" ON "ai_usage_logs" USING btree ("model_id","created_at");--> statement-breakpoint
CREATE INDEX "ai_usage_logs_created_at_idx" ON "ai_usage_logs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ai_usage_logs_status_created_idx" ON "ai_usage_logs" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "ai_usage_logs_conversation_id_idx" ON "ai_usage_logs" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "ai_usage_logs_integration_id_idx" ON "ai_usage_logs" USING btree ("integration_id");--> statement-breakpoint
CREATE INDEX "ai_usage_logs_workflow_run_id_idx" ON "ai_usage_logs" USING btree ("workflow_run_id") WHERE workflow_run_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "ai_usage_logs_template_id_idx" ON "ai_usage_logs" USING btree ("template_id","created_at") WHERE template_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "ai_usage_logs_session_id_idx" ON "ai_usage_logs" USING btree ("session_id") WHERE session_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "mcp_usage_user_created_idx" ON "mcp_usage" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "mcp_usage_created_at_idx" ON "mcp_usage" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "mcp_usage_workflow_run_id_idx" ON "mcp_usage" USING btree ("workflow_run_id") WHERE workflow_run_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notifications_user_created_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_user_unread_idx" ON "notifications" USING btree ("user_id") WHERE read_at IS NULL;--> statement-breakpoint
CREATE INDEX "omni_bridge_sync_user_id_idx" ON "omni_bridge_sync" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "retention_policies_entity_unique" ON "retention_policies" USING btree ("entity");--> statement-breakpoint
CREATE INDEX "retention_runs_policy_started_idx" ON "retention_runs" USING btree ("policy_id","started_at");--> statement-breakpoint
CREATE INDEX "usage_daily_user_bucket_idx" ON "usage_daily" USING btree ("user_id","bucket_start");--> statement-breakpoint
CREATE INDEX "usage_daily_all_users_bucket_idx" ON "usage_daily" USING btree ("bucket_start") WHERE user_id IS NULL;--> statement-breakpoint
CREATE INDEX "ai_generations_user_created_idx" ON "ai_generations" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "ai_generations_project_id_idx" ON "ai_generations" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "ai_generations_status_created_idx" ON "ai_generations" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "ai_model_performance_generation_id_idx" ON "ai_model_performance" USING btree ("ai_generation_id");--> statement-breakpoint
CREATE INDEX "ai_model_performance_model_created_idx" ON "ai_model_performance" USING btree ("model_name","created_at");--> statement-breakpoint
CREATE INDEX "ai_model_performance_created_at_idx" ON "ai_model_performance" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "name_suggestions_user_created_idx" ON "name_suggestions" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "name_suggestions_project_created_idx" ON "name_suggestions" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "name_suggestions_generation_id_idx" ON "name_suggestions" USING btree ("generation_id");--> statement-breakpoint
CREATE INDEX "name_suggestions_ai_model_idx" ON "name_suggestions" USING btree ("ai_model");--> statement-breakpoint
CREATE INDEX "name_suggestions_generation_session_idx" ON "name_suggestions" USING btree ("generation_session_id");--> statement-breakpoint
CREATE INDEX "projects_user_updated_idx" ON "projects" USING btree ("user_id","updated_at");--> statement-breakpoint
CREATE INDEX "projects_user_last_generation_idx" ON "projects" USING btree ("user_id","last_generation_at");--> statement-breakpoint
CREATE UNIQUE INDEX "user_ai_preferences_user_unique" ON "user_ai_preferences" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "video_requests_user_created_idx" ON "video_requests" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "video_requests_provider_id_idx" ON "video_requests" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "video_requests_status_created_idx" ON "video_requests" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "video_workflows_video_request_unique" ON "video_workflows" USING btree ("video_request_id");--> statement-breakpoint
CREATE INDEX "video_workflows_workflow_type_idx" ON "video_workflows" USING btree ("workflow_type");--> statement-breakpoint
CREATE INDEX "video_workflows_status_idx" ON "video_workflows" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_workflow_delivery_unique" ON "webhook_deliveries" USING btree ("workflow_id","delivery_id") WHERE status = 'accepted';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_user_received_idx" ON "webhook_deliveries" USING btree ("user_id","received_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_workflow_received_idx" ON "webhook_deliveries" USING btree ("workflow_id","received_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_run_id_idx" ON "webhook_deliveries" USING btree ("run_id") WHERE run_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "workflow_runs_workflow_queued_idx" ON "workflow_runs" USING btree ("workflow_id","queued_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "workflow_runs_user_queued_idx" ON "workflow_runs" USING btree ("user_id","queued_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "workflow_runs_status_idx" ON "workflow_runs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "workflow_runs_parent_run_id_idx" ON "workflow_runs" USING btree ("parent_run_id") WHERE parent_run_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "workflows_user_updated_idx" ON "workflows" USING btree ("user_id","updated_at");--> statement-breakpoint
CREATE INDEX "workflows_status_next_run_idx" ON "workflows" USING btree ("status","next_run_at");