import { z } from "zod";
import { TERM_CONTEXTS } from "@/db/schema";

/**
 * The one shape of a dictionary entry as a person writes it: the form, the JSON API, and every
 * imported row are validated by `entryInput`. Related terms are written as terms (the import
 * resolves them to ids of the same user's entries); the form sends ids in `relatedIds`.
 */
export const TERM_MAX = 200;
export const DEFINITION_MAX = 4_000;
export const LIST_MAX = 50;

const trimmed = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text` })
    .transform((s) => s.normalize("NFC").trim())
    .pipe(z.string().max(max, `${field} is at most ${max} characters`));

/** A list of short texts: trimmed, empties dropped, duplicates (case-insensitively) dropped. */
const textList = (field: string, itemMax = TERM_MAX) =>
  z
    .array(trimmed(field, itemMax), { error: `${field} must be a list of texts` })
    .max(LIST_MAX, `${field} has at most ${LIST_MAX} items`)
    .transform((items) => {
      const seen = new Set<string>();
      return items.filter((item) => {
        const key = item.toLowerCase();
        if (!item || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    });

/** BCP-47 tag (language[-script][-region]...), canonicalised by Intl, or null for any language. */
const language = z
  .string({ error: "language must be text" })
  .trim()
  .transform((tag, ctx) => {
    if (!tag) return null;
    try {
      return Intl.getCanonicalLocales(tag)[0] ?? null;
    } catch {
      ctx.addIssue({ code: "custom", message: `language "${tag}" is not a BCP-47 tag (e.g. en, de-CH)` });
      return z.NEVER;
    }
  });

export const entryInput = z
  .object({
    term: trimmed("term", TERM_MAX).pipe(z.string().min(1, "term is required")),
    definition: trimmed("definition", DEFINITION_MAX).pipe(z.string().min(1, "definition is required")),
    context: z
      .enum(TERM_CONTEXTS, { error: `context must be one of ${TERM_CONTEXTS.join(", ")}` })
      .nullable()
      .default(null),
    variants: textList("variants").default([]),
    forbiddenVariants: textList("forbiddenVariants").default([]),
    caseSensitive: z.boolean({ error: "caseSensitive must be true or false" }).default(false),
    language: language.nullable().default(null),
    usageExamples: textList("usageExamples", 1_000).default([]),
    tags: textList("tags", 40).default([]),
    relatedTerms: textList("relatedTerms").default([]),
    relatedIds: z
      .array(z.uuid({ error: "relatedIds must be entry ids" }))
      .max(LIST_MAX)
      .default([]),
    isPublic: z.boolean({ error: "isPublic must be true or false" }).default(false),
    pinned: z.boolean({ error: "pinned must be true or false" }).default(false),
    notes: trimmed("notes", DEFINITION_MAX).default(""),
  })
  .superRefine((e, ctx) => {
    const fold = (s: string) => (e.caseSensitive ? s : s.toLowerCase());
    const allowed = new Set([e.term, ...e.variants].map(fold));
    for (const [i, v] of e.forbiddenVariants.entries()) {
      if (allowed.has(fold(v))) {
        ctx.addIssue({
          code: "custom",
          path: ["forbiddenVariants", i],
          message: `"${v}" cannot be both allowed and forbidden`,
        });
      }
    }
  });

export const ENTRY_FIELDS = [
  "term",
  "definition",
  "context",
  "variants",
  "forbiddenVariants",
  "caseSensitive",
  "language",
  "usageExamples",
  "tags",
  "relatedTerms",
  "relatedIds",
  "isPublic",
  "pinned",
  "notes",
] as const;

export type EntryInput = z.input<typeof entryInput>;
export type EntryValues = z.output<typeof entryInput>;
