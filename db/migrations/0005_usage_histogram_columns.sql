ALTER TABLE "usage_daily" ADD COLUMN "latency_h0" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h1" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h2" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h3" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h4" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h5" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h6" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h7" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h8" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h9" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h10" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h11" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h12" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h13" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h14" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h15" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h16" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h17" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "latency_h18" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h0" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h1" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h2" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h3" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h4" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h5" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h6" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h7" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h8" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h9" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h10" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h11" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h12" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h13" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h14" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h15" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h16" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h17" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD COLUMN "ttft_h18" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h0" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h1" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h2" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h3" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h4" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h5" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h6" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h7" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h8" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h9" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h10" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h11" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h12" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h13" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h14" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h15" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h16" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h17" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "latency_h18" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h0" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h1" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h2" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h3" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h4" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h5" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h6" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h7" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h8" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h9" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h10" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h11" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h12" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h13" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h14" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h15" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h16" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h17" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ADD COLUMN "ttft_h18" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Copy every existing histogram into its slot columns, then drop the integer[] columns. The arrays
-- are set to NULL in the same UPDATE (NOT NULL and the cardinality checks go first) so the rewritten
-- rows do not carry the dropped arrays' bytes until their next update.
ALTER TABLE "usage_daily" DROP CONSTRAINT "usage_daily_histograms_check";--> statement-breakpoint
ALTER TABLE "usage_daily" ALTER COLUMN "latency_histogram" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" ALTER COLUMN "ttft_histogram" DROP NOT NULL;--> statement-breakpoint
UPDATE "usage_daily" SET
  "latency_h0" = coalesce("latency_histogram"[1], 0),
  "latency_h1" = coalesce("latency_histogram"[2], 0),
  "latency_h2" = coalesce("latency_histogram"[3], 0),
  "latency_h3" = coalesce("latency_histogram"[4], 0),
  "latency_h4" = coalesce("latency_histogram"[5], 0),
  "latency_h5" = coalesce("latency_histogram"[6], 0),
  "latency_h6" = coalesce("latency_histogram"[7], 0),
  "latency_h7" = coalesce("latency_histogram"[8], 0),
  "latency_h8" = coalesce("latency_histogram"[9], 0),
  "latency_h9" = coalesce("latency_histogram"[10], 0),
  "latency_h10" = coalesce("latency_histogram"[11], 0),
  "latency_h11" = coalesce("latency_histogram"[12], 0),
  "latency_h12" = coalesce("latency_histogram"[13], 0),
  "latency_h13" = coalesce("latency_histogram"[14], 0),
  "latency_h14" = coalesce("latency_histogram"[15], 0),
  "latency_h15" = coalesce("latency_histogram"[16], 0),
  "latency_h16" = coalesce("latency_histogram"[17], 0),
  "latency_h17" = coalesce("latency_histogram"[18], 0),
  "latency_h18" = coalesce("latency_histogram"[19], 0),
  "ttft_h0" = coalesce("ttft_histogram"[1], 0),
  "ttft_h1" = coalesce("ttft_histogram"[2], 0),
  "ttft_h2" = coalesce("ttft_histogram"[3], 0),
  "ttft_h3" = coalesce("ttft_histogram"[4], 0),
  "ttft_h4" = coalesce("ttft_histogram"[5], 0),
  "ttft_h5" = coalesce("ttft_histogram"[6], 0),
  "ttft_h6" = coalesce("ttft_histogram"[7], 0),
  "ttft_h7" = coalesce("ttft_histogram"[8], 0),
  "ttft_h8" = coalesce("ttft_histogram"[9], 0),
  "ttft_h9" = coalesce("ttft_histogram"[10], 0),
  "ttft_h10" = coalesce("ttft_histogram"[11], 0),
  "ttft_h11" = coalesce("ttft_histogram"[12], 0),
  "ttft_h12" = coalesce("ttft_histogram"[13], 0),
  "ttft_h13" = coalesce("ttft_histogram"[14], 0),
  "ttft_h14" = coalesce("ttft_histogram"[15], 0),
  "ttft_h15" = coalesce("ttft_histogram"[16], 0),
  "ttft_h16" = coalesce("ttft_histogram"[17], 0),
  "ttft_h17" = coalesce("ttft_histogram"[18], 0),
  "ttft_h18" = coalesce("ttft_histogram"[19], 0),
  "latency_histogram" = NULL,
  "ttft_histogram" = NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" DROP CONSTRAINT "usage_hourly_models_histograms_check";--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ALTER COLUMN "latency_histogram" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly_models" ALTER COLUMN "ttft_histogram" DROP NOT NULL;--> statement-breakpoint
UPDATE "usage_hourly_models" SET
  "latency_h0" = coalesce("latency_histogram"[1], 0),
  "latency_h1" = coalesce("latency_histogram"[2], 0),
  "latency_h2" = coalesce("latency_histogram"[3], 0),
  "latency_h3" = coalesce("latency_histogram"[4], 0),
  "latency_h4" = coalesce("latency_histogram"[5], 0),
  "latency_h5" = coalesce("latency_histogram"[6], 0),
  "latency_h6" = coalesce("latency_histogram"[7], 0),
  "latency_h7" = coalesce("latency_histogram"[8], 0),
  "latency_h8" = coalesce("latency_histogram"[9], 0),
  "latency_h9" = coalesce("latency_histogram"[10], 0),
  "latency_h10" = coalesce("latency_histogram"[11], 0),
  "latency_h11" = coalesce("latency_histogram"[12], 0),
  "latency_h12" = coalesce("latency_histogram"[13], 0),
  "latency_h13" = coalesce("latency_histogram"[14], 0),
  "latency_h14" = coalesce("latency_histogram"[15], 0),
  "latency_h15" = coalesce("latency_histogram"[16], 0),
  "latency_h16" = coalesce("latency_histogram"[17], 0),
  "latency_h17" = coalesce("latency_histogram"[18], 0),
  "latency_h18" = coalesce("latency_histogram"[19], 0),
  "ttft_h0" = coalesce("ttft_histogram"[1], 0),
  "ttft_h1" = coalesce("ttft_histogram"[2], 0),
  "ttft_h2" = coalesce("ttft_histogram"[3], 0),
  "ttft_h3" = coalesce("ttft_histogram"[4], 0),
  "ttft_h4" = coalesce("ttft_histogram"[5], 0),
  "ttft_h5" = coalesce("ttft_histogram"[6], 0),
  "ttft_h6" = coalesce("ttft_histogram"[7], 0),
  "ttft_h7" = coalesce("ttft_histogram"[8], 0),
  "ttft_h8" = coalesce("ttft_histogram"[9], 0),
  "ttft_h9" = coalesce("ttft_histogram"[10], 0),
  "ttft_h10" = coalesce("ttft_histogram"[11], 0),
  "ttft_h11" = coalesce("ttft_histogram"[12], 0),
  "ttft_h12" = coalesce("ttft_histogram"[13], 0),
  "ttft_h13" = coalesce("ttft_histogram"[14], 0),
  "ttft_h14" = coalesce("ttft_histogram"[15], 0),
  "ttft_h15" = coalesce("ttft_histogram"[16], 0),
  "ttft_h16" = coalesce("ttft_histogram"[17], 0),
  "ttft_h17" = coalesce("ttft_histogram"[18], 0),
  "ttft_h18" = coalesce("ttft_histogram"[19], 0),
  "latency_histogram" = NULL,
  "ttft_histogram" = NULL;--> statement-breakpoint
ALTER TABLE "usage_daily" DROP COLUMN "latency_histogram";--> statement-breakpoint
ALTER TABLE "usage_daily" DROP COLUMN "ttft_histogram";--> statement-breakpoint
ALTER TABLE "usage_hourly_models" DROP COLUMN "latency_histogram";--> statement-breakpoint
ALTER TABLE "usage_hourly_models" DROP COLUMN "ttft_histogram";