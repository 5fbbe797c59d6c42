ALTER TABLE "ai_templates" ADD COLUMN "examples" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "ai_templates_tags_idx" ON "ai_templates" USING gin ("tags" jsonb_path_ops);