import { z } from "zod";
import { PROVIDER_SLUGS } from "@/db/schema";

export const TEMPLATE_CATEGORIES = [
  "writing",
  "coding",
  "research",
  "business",
  "marketing",
  "education",
  "productivity",
  "creative",
  "data",
  "support",
  "other",
] as const;

const text = (field: string, max: number) =>
  z
    .string(`${field} must be text`)
    .trim()
    .max(max, `${field} must be at most ${max.toLocaleString("en-US")} characters`);

const jsonSchemaObject = z
  .record(z.string(), z.unknown(), "parameters must be a JSON schema object")
  .refine((v) => v.type === "object", 'parameters must be a JSON schema with type "object"');

export const templateFunctionSchema = z.object({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "function name: 1–64 letters, digits, _ or -"),
  description: text("function description", 1000).optional(),
  parameters: jsonSchemaObject,
});

export const knowledgeSourceSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("text"),
    title: text("knowledge title", 200).min(1, "knowledge title is required"),
    content: text("knowledge text", 20_000).min(1, "knowledge text is required"),
  }),
  z.object({
    type: z.literal("url"),
    title: text("knowledge title", 200).min(1, "knowledge title is required"),
    url: z.url({ protocol: /^https?$/, message: "knowledge URL must be an http(s) address" }).max(2000),
  }),
]);

export const templateInputSchema = z.object({
  name: text("name", 100).min(2, "name must be at least 2 characters"),
  description: text("description", 4000).default(""),
  /** An emoji or an https image address. */
  avatarUrl: z
    .string()
    .trim()
    .max(500)
    .refine(
      (v) => v === "" || /^https:\/\/\S+$/.test(v) || [...v].length <= 4,
      "avatar must be an emoji or an https:// image address",
    )
    .default(""),
  category: z.enum(TEMPLATE_CATEGORIES, "category must be one of the listed categories").default("other"),
  tags: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]{0,29}$/u, "each tag: 1–30 letters, digits, spaces, _ or -"),
    )
    .max(10, "at most 10 tags")
    .default([])
    .transform((tags) => [...new Set(tags)]),
  systemPrompt: text("systemPrompt", 50_000).min(1, "systemPrompt is required"),
  personalityConfig: z
    .object({
      tone: text("tone", 200).optional(),
      expertise: text("expertise", 200).optional(),
      style: text("style", 200).optional(),
    })
    .default({}),
  modelConfig: z
    .object({
      modelId: z.uuid("default model must be a catalog model").optional(),
      temperature: z.number().min(0, "temperature: 0 to 2").max(2, "temperature: 0 to 2").optional(),
      topP: z.number().gt(0, "top_p: above 0, at most 1").max(1, "top_p: above 0, at most 1").optional(),
      maxTokens: z
        .number()
        .int()
        .min(1, "max tokens: 1 to 200,000")
        .max(200_000, "max tokens: 1 to 200,000")
        .optional(),
    })
    .default({}),
  functions: z.array(templateFunctionSchema).max(32, "at most 32 tools").default([]),
  knowledgeSources: z.array(knowledgeSourceSchema).max(20, "at most 20 knowledge sources").default([]),
  allowedIntegrations: z
    .array(z.enum(PROVIDER_SLUGS, "allowed integrations must be provider names"))
    .max(PROVIDER_SLUGS.length)
    .default([])
    .transform((v) => [...new Set(v)]),
  costLimitPerRequest: z
    .number("cost limit must be a number of dollars")
    .gt(0, "cost limit per request must be above $0")
    .max(100, "cost limit per request must be at most $100")
    .nullable()
    .default(null),
  examples: z
    .array(
      z.object({
        prompt: text("example prompt", 2000).min(1, "example prompt is required"),
        response: text("example response", 8000).min(1, "example response is required"),
      }),
    )
    .max(5, "at most 5 examples")
    .default([]),
});

export type TemplateInput = z.infer<typeof templateInputSchema>;

export const publishVersionSchema = z.object({
  changelog: text("changelog", 2000).min(3, "changelog must say what changed (3 characters at least)"),
});

export const listingSchema = z.object({
  /** 0 = free. Integer credits (1 credit = $0.01). */
  priceCredits: z
    .number("price must be a number of credits")
    .int("price must be a whole number of credits")
    .min(0, "price cannot be negative")
    .max(1_000_000, "price must be at most 1,000,000 credits"),
});

export const BROWSE_SORTS = ["relevance", "rating", "popular", "newest", "price_asc", "price_desc"] as const;

export const browseSchema = z.object({
  q: z.string().trim().max(200, "search must be at most 200 characters").optional(),
  category: z.enum(TEMPLATE_CATEGORIES, "unknown category").optional(),
  tags: z.array(z.string().trim().toLowerCase().max(30)).max(5, "filter by at most 5 tags").default([]),
  price: z.enum(["all", "free", "paid"]).default("all"),
  minPrice: z.coerce.number().int().min(0, "minimum price cannot be negative").optional(),
  maxPrice: z.coerce.number().int().min(0, "maximum price cannot be negative").optional(),
  minRating: z.coerce.number().min(0).max(5, "minimum rating: 0 to 5").optional(),
  sort: z.enum(BROWSE_SORTS).optional(),
  page: z.coerce.number().int().min(1, "page starts at 1").max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(48, "at most 48 per page").default(24),
});

export type BrowseQuery = z.infer<typeof browseSchema>;

export const ratingSchema = z.object({
  rating: z
    .number("rating must be 1 to 5")
    .int("rating must be a whole number")
    .min(1, "rating must be 1 to 5")
    .max(5, "rating must be 1 to 5"),
  review: text("review", 4000).optional(),
});

export const reportSchema = z.object({
  reason: text("reason", 2000).min(10, "reason must explain the problem (10 characters at least)"),
});

export const purchaseSchema = z.object({
  templateId: z.uuid("templateId must be a template id"),
  idempotencyKey: z
    .string()
    .trim()
    .min(8, "idempotencyKey must be 8–100 characters")
    .max(100, "idempotencyKey must be 8–100 characters"),
});
