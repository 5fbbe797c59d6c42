import { and, asc, desc, eq, inArray, isNull, ne, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rowsOf } from "@/db/client";
import { TERM_CONTEXTS, type TerminologyEntry, terminologyEntries, users } from "@/db/schema";
import { usableModels } from "@/lib/ai/models";
import { type RequestContext, recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { AppError, assertId, notFound, parseInput } from "@/lib/errors";
import { sendTask } from "@/lib/jobs/tasks";
import { syncChanged } from "@/lib/sync/changes";
import { embeddingModelOf, invalidateEmbeddings } from "./embeddings";
import { ENTRY_FIELDS, type EntryValues, entryInput, LIST_MAX } from "./entry";

const t = terminologyEntries;

/** What a list row and the entry page show (no embedding vector). */
export type EntryView = Omit<TerminologyEntry, "embedding" | "search" | "embeddingAttemptedAt"> & {
  hasEmbedding: boolean;
};

export const entryView = {
  id: t.id,
  userId: t.userId,
  term: t.term,
  definition: t.definition,
  context: t.context,
  usageExamples: t.usageExamples,
  relatedTerms: t.relatedTerms,
  frequency: t.frequency,
  lastUsedAt: t.lastUsedAt,
  tags: t.tags,
  variants: t.variants,
  forbiddenVariants: t.forbiddenVariants,
  caseSensitive: t.caseSensitive,
  language: t.language,
  notes: t.notes,
  pinned: t.pinned,
  isPublic: t.isPublic,
  embeddingModel: t.embeddingModel,
  embeddingError: t.embeddingError,
  hasEmbedding: sql<boolean>`${t.embedding} IS NOT NULL`,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
};

export const listQuery = z.object({
  context: z.enum(TERM_CONTEXTS).optional(),
  tag: z.string().trim().min(1).max(40).optional(),
  visibility: z.enum(["all", "public", "private"]).default("all"),
  sort: z.enum(["term", "frequency", "lastUsed", "updated"]).default("term"),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});
export type ListQuery = z.input<typeof listQuery>;

const idList = z
  .array(z.uuid({ error: "ids must be entry ids" }), { error: "ids must be a list" })
  .min(1, "Choose at least one entry.")
  .max(10_000);

/** Fields an inline edit may change; the rest keep their values. */
const patchInput = z
  .record(z.string(), z.unknown(), { error: "send the fields to change" })
  .superRefine((o, ctx) => {
    for (const key of Object.keys(o)) {
      if (!(ENTRY_FIELDS as readonly string[]).includes(key)) {
        ctx.addIssue({ code: "custom", path: [key], message: `${key} is not a field of an entry` });
      }
    }
  });

/** Term, definition or spellings changed: the stored vector no longer describes the entry. */
const EMBEDDED_FIELDS = ["term", "definition", "variants", "usageExamples"] as const;

export function duplicateError(existing: { id: string; term: string }): AppError {
  return new AppError("conflict", `“${existing.term}” is already in your dictionary.`, {
    field: "term",
    details: { existingId: existing.id, href: `/terminology/${existing.id}` },
  });
}

/**
 * One user's dictionary. Every query ANDs the owner; other users' public entries are readable
 * through `publicList` / `copyPublic` only, never writable. Changes are audited and queue the
 * entries' embeddings (when an embedding model is configured).
 */
export class TerminologyModel {
  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
  ) {}

  private owned(...more: (SQL | undefined)[]) {
    return and(eq(t.userId, this.actor.id), ...more);
  }

  async list(input: ListQuery = {}): Promise<{ entries: EntryView[]; total: number }> {
    const q = parseInput(listQuery, input);
    const where = this.owned(
      q.context ? eq(t.context, q.context) : undefined,
      q.tag ? sql`${t.tags} @> ${JSON.stringify([q.tag])}::jsonb` : undefined,
      q.visibility === "all" ? undefined : eq(t.isPublic, q.visibility === "public"),
    );
    const order = {
      term: [asc(sql`lower(${t.term})`)],
      frequency: [desc(t.frequency), asc(sql`lower(${t.term})`)],
      lastUsed: [desc(t.lastUsedAt), asc(sql`lower(${t.term})`)],
      updated: [desc(t.updatedAt)],
    }[q.sort];
    const [entries, [count]] = await Promise.all([
      this.db
        .select(entryView)
        .from(t)
        .where(where)
        .orderBy(...order)
        .limit(q.limit)
        .offset(q.offset),
      this.db.select({ n: sql<number>`count(*)::int` }).from(t).where(where),
    ]);
    return { entries, total: count?.n ?? 0 };
  }

  async tags(): Promise<{ tag: string; count: number }[]> {
    const rows = await this.db.execute(sql`
      SELECT tag, count(*)::int AS count FROM ${t}, jsonb_array_elements_text(${t.tags}) AS tag
      WHERE ${t.userId} = ${this.actor.id} GROUP BY tag ORDER BY count DESC, tag LIMIT 200`);
    return rowsOf<{ tag: string; count: number }>(rows);
  }

  async get(id: string): Promise<EntryView & { related: RelatedView[]; relatedFrom: RelatedView[] }> {
    assertId(id, "That entry");
    const [entry] = await this.db
      .select(entryView)
      .from(t)
      .where(this.owned(eq(t.id, id)));
    if (!entry) throw notFound("That entry");
    const relatedIds = entry.relatedTerms.filter((r) => z.uuid().safeParse(r).success);
    const [related, relatedFrom] = await Promise.all([
      relatedIds.length
        ? this.db
            .select(relatedView)
            .from(t)
            .where(this.owned(inArray(t.id, relatedIds)))
        : Promise.resolve([]),
      this.db
        .select(relatedView)
        .from(t)
        .where(this.owned(sql`${t.relatedTerms} @> ${JSON.stringify([id])}::jsonb`)),
    ]);
    return { ...entry, related, relatedFrom };
  }

  /** An entry with this term (case-insensitively), if the user has one. */
  async findByTerm(term: string, exceptId?: string) {
    const [row] = await this.db
      .select({ id: t.id, term: t.term })
      .from(t)
      .where(
        this.owned(eq(sql`lower(${t.term})`, term.toLowerCase()), exceptId ? ne(t.id, exceptId) : undefined),
      );
    return row ?? null;
  }

  /** Related ids must name the user's own entries; unknown ones are refused, not silently dropped. */
  private async checkRelated(ids: string[], selfId?: string): Promise<string[]> {
    const unique = [...new Set(ids)].filter((i) => i !== selfId);
    if (unique.length === 0) return [];
    const found = await this.db
      .select({ id: t.id })
      .from(t)
      .where(this.owned(inArray(t.id, unique)));
    if (found.length !== unique.length) {
      throw new AppError("validation_failed", "relatedIds: a related term is not in your dictionary.", {
        field: "relatedIds",
      });
    }
    return unique;
  }

  private async resolveRelated(values: EntryValues, selfId?: string): Promise<string[]> {
    const ids = await this.checkRelated(values.relatedIds, selfId);
    if (values.relatedTerms.length) {
      const rows = await this.db
        .select({ id: t.id })
        .from(t)
        .where(
          this.owned(
            inArray(
              sql`lower(${t.term})`,
              values.relatedTerms.map((r) => r.toLowerCase()),
            ),
          ),
        );
      for (const r of rows) if (r.id !== selfId && !ids.includes(r.id)) ids.push(r.id);
    }
    return ids.slice(0, LIST_MAX);
  }

  async create(input: unknown, ctx: RequestContext): Promise<EntryView> {
    const values = parseInput(entryInput, input);
    const existing = await this.findByTerm(values.term);
    if (existing) throw duplicateError(existing);
    const related = await this.resolveRelated(values);
    const created = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(t)
        .values({ ...columnsOf(values), relatedTerms: related, userId: this.actor.id })
        .onConflictDoNothing()
        .returning({ id: t.id });
      if (!row) throw duplicateError((await this.findByTerm(values.term)) ?? { id: "", term: values.term });
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "terminology_entry",
          entityId: row.id,
          action: "create",
          after: values,
        },
        ctx,
      );
      await sendTask(this.db, { kind: "embed-terms", userId: this.actor.id }, { tx });
      await syncChanged(this.db, this.actor.id, tx);
      return row;
    });
    return (await this.get(created.id)) as EntryView;
  }

  /** Inline edit: the given fields change, validated as a whole entry. */
  async update(id: string, patch: unknown, ctx: RequestContext): Promise<EntryView> {
    assertId(id, "That entry");
    const given = parseInput(patchInput, patch) as Record<string, unknown>;
    const [before] = await this.db
      .select()
      .from(t)
      .where(this.owned(eq(t.id, id)));
    if (!before) throw notFound("That entry");
    const current: Record<string, unknown> = { ...inputOf(before), relatedIds: before.relatedTerms };
    const values = parseInput(entryInput, { ...current, ...pickDefined(given) });
    if (values.term.toLowerCase() !== before.term.toLowerCase()) {
      const existing = await this.findByTerm(values.term, id);
      if (existing) throw duplicateError(existing);
    }
    const related =
      "relatedIds" in given || "relatedTerms" in given
        ? await this.resolveRelated(values, id)
        : before.relatedTerms;
    const stale = EMBEDDED_FIELDS.some((f) => JSON.stringify(values[f]) !== JSON.stringify(before[f]));
    await this.db.transaction(async (tx) => {
      await tx
        .update(t)
        .set({
          ...columnsOf(values),
          relatedTerms: related,
          updatedAt: new Date(),
          ...(stale ? { embedding: null, embeddingModel: null } : {}),
        })
        .where(this.owned(eq(t.id, id)));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "terminology_entry",
          entityId: id,
          action: "update",
          before: inputOf(before),
          after: values,
        },
        ctx,
      );
      if (stale) await sendTask(this.db, { kind: "embed-terms", userId: this.actor.id }, { tx });
      await syncChanged(this.db, this.actor.id, tx);
    });
    return (await this.get(id)) as EntryView;
  }

  async remove(ids: unknown, ctx: RequestContext): Promise<number> {
    const list = parseInput(idList, ids);
    return this.db.transaction(async (tx) => {
      const gone = await tx
        .delete(t)
        .where(this.owned(inArray(t.id, list)))
        .returning({ id: t.id, term: t.term });
      if (gone.length === 0) return 0;
      // Links to deleted entries go too, so "related" never points at nothing.
      const goneIds = JSON.stringify(gone.map((g) => g.id));
      await tx.execute(sql`
        UPDATE ${t} SET related_terms = (
          SELECT coalesce(jsonb_agg(r), '[]'::jsonb) FROM jsonb_array_elements_text(${t.relatedTerms}) AS r
          WHERE r NOT IN (SELECT jsonb_array_elements_text(${goneIds}::jsonb)))
        WHERE ${t.userId} = ${this.actor.id}
          AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(${t.relatedTerms}) AS r
                      WHERE r IN (SELECT jsonb_array_elements_text(${goneIds}::jsonb)))`);
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "terminology_entry",
          action: "delete",
          before: gone,
          metadata: { count: gone.length },
        },
        ctx,
      );
      return gone.length;
    });
  }

  /** Adds and removes tags on many entries at once. */
  async bulkTag(input: unknown, ctx: RequestContext): Promise<number> {
    const { ids, add, remove } = parseInput(
      z.object({
        ids: idList,
        add: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
        remove: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
      }),
      input,
    );
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .select({ id: t.id, tags: t.tags })
        .from(t)
        .where(this.owned(inArray(t.id, ids)));
      let changed = 0;
      for (const row of rows) {
        const drop = new Set(remove.map((r) => r.toLowerCase()));
        const next = row.tags.filter((tag) => !drop.has(tag.toLowerCase()));
        for (const tag of add) if (!next.some((n) => n.toLowerCase() === tag.toLowerCase())) next.push(tag);
        if (JSON.stringify(next) === JSON.stringify(row.tags)) continue;
        await tx
          .update(t)
          .set({ tags: next.slice(0, LIST_MAX), updatedAt: new Date() })
          .where(eq(t.id, row.id));
        changed++;
      }
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "terminology_entry",
          action: "bulk_tag",
          metadata: { ids, add, remove, changed },
        },
        ctx,
      );
      return changed;
    });
  }

  /** Every entry as import/export values (related terms by name), in term order. */
  async exportAll(): Promise<Omit<EntryValues, "relatedIds">[]> {
    const rows = await this.db
      .select()
      .from(t)
      .where(this.owned())
      .orderBy(asc(sql`lower(${t.term})`));
    const termOf = new Map(rows.map((r) => [r.id, r.term]));
    return rows.map((r) => {
      const { relatedIds: _ids, ...values } = parseInput(entryInput, inputOf(r));
      return { ...values, relatedTerms: r.relatedTerms.flatMap((id) => termOf.get(id) ?? []) };
    });
  }

  /** Other users' public entries (never the caller's own), newest first, with the owner's name. */
  async publicList(input: { q?: string; limit?: number; offset?: number } = {}) {
    const { q, limit, offset } = parseInput(
      z.object({
        q: z.string().trim().max(200).optional(),
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).default(0),
      }),
      input,
    );
    const filter = q
      ? sql`(${t.search} @@ websearch_to_tsquery('english', ${q}) OR lower(${t.term}) % lower(${q}) OR lower(${t.term}) LIKE ${`%${q.toLowerCase().replace(/[%_\\]/g, "\\$&")}%`})`
      : undefined;
    return this.db
      .select({ ...relatedView, owner: users.name, tags: t.tags, context: t.context, createdAt: t.createdAt })
      .from(t)
      .innerJoin(users, eq(users.id, t.userId))
      .where(and(eq(t.isPublic, true), ne(t.userId, this.actor.id), isNull(users.suspendedAt), filter))
      .orderBy(desc(t.createdAt))
      .limit(limit)
      .offset(offset);
  }

  /** Copies public entries into this dictionary; terms already there are skipped and reported. */
  async copyPublic(ids: unknown, ctx: RequestContext): Promise<{ copied: string[]; skipped: string[] }> {
    const list = parseInput(idList.max(500), ids);
    const sources = await this.db
      .select()
      .from(t)
      .where(and(inArray(t.id, list), eq(t.isPublic, true), ne(t.userId, this.actor.id)));
    if (sources.length === 0) throw notFound("Those public entries");
    const copied: string[] = [];
    const skipped: string[] = [];
    await this.db.transaction(async (tx) => {
      for (const src of sources) {
        const [row] = await tx
          .insert(t)
          .values({
            ...columnsOf(parseInput(entryInput, { ...inputOf(src), isPublic: false, pinned: false })),
            userId: this.actor.id,
          })
          .onConflictDoNothing()
          .returning({ id: t.id });
        (row ? copied : skipped).push(src.term);
      }
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "terminology_entry",
          action: "copy_public",
          metadata: { ids: list, copied, skipped },
        },
        ctx,
      );
      if (copied.length) {
        await sendTask(this.db, { kind: "embed-terms", userId: this.actor.id }, { tx });
        await syncChanged(this.db, this.actor.id, tx);
      }
    });
    return { copied, skipped };
  }
}

const relatedView = { id: t.id, term: t.term, definition: t.definition };
export type RelatedView = { id: string; term: string; definition: string };

function pickDefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Table columns from validated values (related ids are resolved separately). */
export function columnsOf(v: EntryValues) {
  return {
    term: v.term,
    definition: v.definition,
    context: v.context,
    variants: v.variants,
    forbiddenVariants: v.forbiddenVariants,
    caseSensitive: v.caseSensitive,
    language: v.language,
    usageExamples: v.usageExamples,
    tags: v.tags,
    isPublic: v.isPublic,
    pinned: v.pinned,
    notes: v.notes,
  };
}

/** A stored row as `entryInput` input (for re-validation on edit and copy). */
export function inputOf(row: TerminologyEntry) {
  return {
    term: row.term,
    definition: row.definition,
    context: row.context,
    variants: row.variants,
    forbiddenVariants: row.forbiddenVariants,
    caseSensitive: row.caseSensitive,
    language: row.language ?? "",
    usageExamples: row.usageExamples,
    tags: row.tags,
    isPublic: row.isPublic,
    pinned: row.pinned,
    notes: row.notes,
  };
}

// ------------------------------------------------------------------ embedding model preference
// (added for Settings → Terminology: the page reads and writes `users.preferences.embeddingModelId`)

/** "default" follows the admin's instance setting; "off" is lexical search only; else a model id. */
export const embeddingPreferenceInput = z.object({
  embeddingModelId: z.union([z.literal("default"), z.literal("off"), z.uuid()], {
    error: 'embeddingModelId must be "default", "off" or an embedding model id',
  }),
});
export type EmbeddingPreference = z.output<typeof embeddingPreferenceInput>["embeddingModelId"];

/** The user's own choice as stored (absent = "default"). */
export async function embeddingPreference(db: Db, userId: string): Promise<EmbeddingPreference> {
  const [u] = await db
    .select({ choice: sql<string | null>`${users.preferences}->>'embeddingModelId'` })
    .from(users)
    .where(eq(users.id, userId));
  const parsed = embeddingPreferenceInput.shape.embeddingModelId.safeParse(u?.choice ?? "default");
  return parsed.success ? parsed.data : "default";
}

/**
 * Saves the user's choice (a model must be an embedding model they can reach), audits it, and,
 * when the effective model changes, clears their vectors and queues re-embedding.
 */
export async function setEmbeddingPreference(
  db: Db,
  actor: Actor,
  input: unknown,
  ctx: RequestContext,
): Promise<{ embeddingModelId: EmbeddingPreference; changed: boolean }> {
  const { embeddingModelId } = parseInput(embeddingPreferenceInput, input);
  if (embeddingModelId !== "default" && embeddingModelId !== "off") {
    const usable = await usableModels(db, actor, { type: "embedding" });
    if (!usable.some((m) => m.id === embeddingModelId)) {
      throw new AppError(
        "validation_failed",
        "embeddingModelId: that embedding model is not available to you.",
        {
          field: "embeddingModelId",
        },
      );
    }
  }
  const before = await embeddingPreference(db, actor.id);
  if (before === embeddingModelId) return { embeddingModelId, changed: false };
  const effectiveBefore = await embeddingModelOf(db, actor.id);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        preferences:
          embeddingModelId === "default"
            ? sql`${users.preferences} - 'embeddingModelId'`
            : sql`jsonb_set(${users.preferences}, '{embeddingModelId}', to_jsonb(${embeddingModelId}::text))`,
      })
      .where(eq(users.id, actor.id));
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        entityType: "user",
        entityId: actor.id,
        action: "embedding_model_updated",
        before: { embeddingModelId: before },
        after: { embeddingModelId },
      },
      ctx,
    );
  });
  const changed = (await embeddingModelOf(db, actor.id)) !== effectiveBefore;
  if (changed) {
    await invalidateEmbeddings(db, actor.id);
    await sendTask(db, { kind: "embed-terms", userId: actor.id });
  }
  return { embeddingModelId, changed };
}
