import { z } from "zod";

export const PERIODS = ["7", "30", "90", "all"] as const;
export type Period = (typeof PERIODS)[number];

/** Conversations without a template (or with an uncategorised one) count as this category. */
export const GENERAL_CATEGORY = "general";

export const insightsFilterSchema = z.object({
  period: z.enum(PERIODS, { error: "Period is 7, 30, 90 or all." }).default("30"),
  /** A template category; empty or absent = every category. */
  category: z
    .string()
    .trim()
    .max(100, "That category name is too long.")
    .transform((v) => v || null)
    .nullable()
    .default(null),
});

export type InsightsFilter = z.infer<typeof insightsFilterSchema>;

/** Page search params → a filter; a bad value falls back to the default instead of failing the page. */
export function parseInsightsParams(params: Record<string, string | string[] | undefined>): InsightsFilter {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const period = insightsFilterSchema.shape.period.safeParse(one(params.period));
  const category = insightsFilterSchema.shape.category.safeParse(one(params.category) ?? null);
  return {
    period: period.success ? period.data : "30",
    category: category.success ? category.data : null,
  };
}

/** The start of a period, or null for all time. */
export function periodStart(period: Period, now = new Date()): Date | null {
  if (period === "all") return null;
  return new Date(now.getTime() - Number(period) * 86_400_000);
}
