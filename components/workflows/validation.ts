import { canonicalJson, type DefinitionIssue, parseDefinition } from "@/lib/workflows/definition";
import { validateGraph } from "@/lib/workflows/validate";
import type { Draft } from "./graph";

/**
 * The same checks the server runs before saving (zod schemas, then the graph rules), minus the
 * ones that need the database (models, templates, sub-workflows): markers appear while typing.
 */
export function validateDraft(draft: Draft, secretNames: readonly string[]): DefinitionIssue[] {
  const parsed = parseDefinition(draft);
  if (!parsed.ok) return parsed.issues;
  return validateGraph(parsed.definition, { secretNames });
}

/** Equality of two drafts as saved (positions included, key order ignored). */
export const sameDraft = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
