import { eq, sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { terminologyEntries } from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { sendTask } from "@/lib/jobs/tasks";
import { syncChanged } from "@/lib/sync/changes";
import type { EntryValues } from "./entry";
import type { ImportParse } from "./io";

const t = terminologyEntries;
const CHUNK = 1_000;

export type ImportMode = "skip" | "all";
export type RowError = { row: number; field: string; message: string };
export type PlannedRow = { row: number; term: string; action: "create" | "update" };
export type ImportPlan = {
  format: "csv" | "json";
  create: number;
  update: number;
  reject: number;
  /** The first rows of each kind, for the preview table. */
  sample: PlannedRow[];
  errors: RowError[];
};
export type ImportResult = { created: number; updated: number; rejected: number; errors: RowError[] };

type ParsedOk = Extract<ImportParse, { ok: true }>;

async function existingTerms(db: Db, userId: string, rows: ParsedOk["rows"]): Promise<Set<string>> {
  const terms = JSON.stringify(rows.map((r) => r.values.term.toLowerCase()));
  const found = await db.execute(sql`
    SELECT lower(${t.term}) AS term FROM ${t}
    WHERE ${t.userId} = ${userId} AND lower(${t.term}) IN (SELECT jsonb_array_elements_text(${terms}::jsonb))`);
  return new Set(rowsOf<{ term: string }>(found).map((r) => r.term));
}

/** What an import would do, without writing: rows to create, to update (same term), to reject. */
export async function planImport(db: Db, actor: Actor, parsed: ParsedOk): Promise<ImportPlan> {
  const existing = await existingTerms(db, actor.id, parsed.rows);
  const planned: PlannedRow[] = parsed.rows.map((r) => ({
    row: r.row,
    term: r.values.term,
    action: existing.has(r.values.term.toLowerCase()) ? "update" : "create",
  }));
  const creates = planned.filter((p) => p.action === "create");
  const updates = planned.filter((p) => p.action === "update");
  return {
    format: parsed.format,
    create: creates.length,
    update: updates.length,
    reject: new Set(parsed.errors.map((e) => e.row)).size,
    sample: [...creates.slice(0, 50), ...updates.slice(0, 50)].sort((a, b) => a.row - b.row),
    errors: parsed.errors.slice(0, 1_000),
  };
}

function recordOf(v: EntryValues) {
  return {
    term: v.term,
    definition: v.definition,
    context: v.context,
    variants: v.variants,
    forbidden_variants: v.forbiddenVariants,
    case_sensitive: v.caseSensitive,
    language: v.language,
    usage_examples: v.usageExamples,
    tags: v.tags,
    is_public: v.isPublic,
    pinned: v.pinned,
    notes: v.notes,
    related: v.relatedTerms,
  };
}

/**
 * Writes an import in one transaction: upsert by term (case-insensitively), then related terms
 * resolved by name among the user's entries. "all" writes nothing when any row is bad; "skip"
 * writes the good rows and reports the bad ones. Progress is reported per chunk of 1,000 rows.
 */
export async function applyImport(
  db: Db,
  actor: Actor,
  parsed: ParsedOk,
  mode: ImportMode,
  ctx: RequestContext,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportResult> {
  const rejected = new Set(parsed.errors.map((e) => e.row)).size;
  if (mode === "all" && parsed.errors.length > 0) {
    throw new AppError(
      "validation_failed",
      `Nothing was imported: ${rejected} row${rejected === 1 ? " has" : "s have"} errors (first: row ${parsed.errors[0]?.row}, ${parsed.errors[0]?.field}: ${parsed.errors[0]?.message}).`,
      { field: "file", details: { errors: parsed.errors.slice(0, 1_000) } },
    );
  }
  const total = parsed.rows.length;
  let created = 0;
  let updated = 0;
  await db.transaction(async (tx) => {
    for (let i = 0; i < total; i += CHUNK) {
      const chunk = JSON.stringify(parsed.rows.slice(i, i + CHUNK).map((r) => recordOf(r.values)));
      const result = await tx.execute(sql`
        INSERT INTO ${t} (user_id, term, definition, context, variants, forbidden_variants, case_sensitive,
          language, usage_examples, tags, is_public, pinned, notes)
        SELECT ${actor.id}, x.term, x.definition, x.context, x.variants, x.forbidden_variants, x.case_sensitive,
          x.language, x.usage_examples, x.tags, x.is_public, x.pinned, x.notes
        FROM jsonb_to_recordset(${chunk}::jsonb) AS x(term text, definition text, context text, variants jsonb,
          forbidden_variants jsonb, case_sensitive boolean, language text, usage_examples jsonb, tags jsonb,
          is_public boolean, pinned boolean, notes text)
        ON CONFLICT (user_id, lower(term)) DO UPDATE SET
          term = excluded.term, definition = excluded.definition, context = excluded.context,
          variants = excluded.variants, forbidden_variants = excluded.forbidden_variants,
          case_sensitive = excluded.case_sensitive, language = excluded.language,
          usage_examples = excluded.usage_examples, tags = excluded.tags, is_public = excluded.is_public,
          pinned = excluded.pinned, notes = excluded.notes, updated_at = now(),
          embedding = CASE WHEN (${t.term}, ${t.definition}, ${t.variants}, ${t.usageExamples})
            IS DISTINCT FROM (excluded.term, excluded.definition, excluded.variants, excluded.usage_examples)
            THEN NULL ELSE ${t.embedding} END
        RETURNING (xmax = 0) AS inserted`);
      for (const r of rowsOf<{ inserted: boolean }>(result)) {
        if (r.inserted) created++;
        else updated++;
      }
      onProgress?.(Math.min(total, i + CHUNK), total);
    }
    const links = parsed.rows
      .filter((r) => r.values.relatedTerms.length > 0)
      .map((r) => ({ term: r.values.term, related: r.values.relatedTerms }));
    if (links.length) {
      // Names → ids here, then one update by primary key: no join on lower(term) for the planner to
      // get wrong (a GIN trigram index can also answer equality, very slowly for one user's 10k rows).
      const idOf = new Map(
        (await tx.select({ id: t.id, term: t.term }).from(t).where(eq(t.userId, actor.id))).map((r) => [
          r.term.toLowerCase(),
          r.id,
        ]),
      );
      const updates = links.flatMap((l) => {
        const id = idOf.get(l.term.toLowerCase());
        if (!id) return [];
        const ids = [...new Set(l.related.flatMap((name) => idOf.get(name.toLowerCase()) ?? []))].filter(
          (r) => r !== id,
        );
        return ids.length ? [{ id, ids }] : [];
      });
      if (updates.length) {
        await tx.execute(sql`
          UPDATE ${t} SET related_terms = x.ids
          FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS x(id uuid, ids jsonb)
          WHERE ${t.id} = x.id AND ${t.userId} = ${actor.id}`);
      }
    }
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        entityType: "terminology_entry",
        action: "import",
        metadata: { format: parsed.format, mode, created, updated, rejected },
      },
      ctx,
    );
    await sendTask(db, { kind: "embed-terms", userId: actor.id }, { tx });
    await syncChanged(db, actor.id, tx);
  });
  return { created, updated, rejected, errors: parsed.errors.slice(0, 1_000) };
}
