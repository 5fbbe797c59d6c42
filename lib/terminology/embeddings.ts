import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rowsOf } from "@/db/client";
import { aiModels, terminologyEntries, users } from "@/db/schema";
import type { Gateway } from "@/lib/ai/gateway";
import type { Actor } from "@/lib/auth/actor";
import { getSetting } from "@/lib/settings";

const t = terminologyEntries;

/** Entries per embedding call; a large import is a chain of such batches. */
export const EMBED_BATCH = 64;
/** A failed batch is tried again by the sweep after this long (not on every maintenance tick). */
export const EMBED_RETRY_MS = 10 * 60_000;

/**
 * A user's embedding model: their own choice in Settings (`preferences.embeddingModelId`, a catalog
 * model id, or "off"), else the admin default, else none (search is lexical). Vectors are labelled
 * with the model id, and only vectors of the current model are compared.
 */
export async function embeddingModelOf(db: Db, userId: string): Promise<string | null> {
  const [u] = await db
    .select({ choice: sql<string | null>`${users.preferences}->>'embeddingModelId'` })
    .from(users)
    .where(eq(users.id, userId));
  if (u?.choice === "off") return null;
  if (u?.choice && z.uuid().safeParse(u.choice).success) return u.choice;
  return getSetting(db, "embeddingModel");
}

/** What is embedded for an entry: the term with its spellings, then what it means. */
export function embeddingText(e: {
  term: string;
  definition: string;
  variants: string[];
  usageExamples: string[];
}): string {
  const names = e.variants.length ? `${e.term} (${e.variants.join(", ")})` : e.term;
  return [`${names}: ${e.definition}`, ...e.usageExamples.slice(0, 3)].join("\n").slice(0, 8_000);
}

/** L2-normalised, so cosine similarity is a dot product. */
export function normalise(v: readonly number[]): number[] {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

export const pgRealArray = (v: readonly number[]) =>
  `{${v.map((x) => (Number.isFinite(x) ? x : 0)).join(",")}}`;

async function actorOf(db: Db, userId: string): Promise<Actor | null> {
  const [u] = await db.select({ id: users.id, role: users.role }).from(users).where(eq(users.id, userId));
  return u ?? null;
}

/**
 * Embeds one batch of the user's entries that have no vector of the current model, through the
 * gateway (metered as request type `embedding`). A failure is recorded on the batch's entries and
 * retried by the sweep later; it never throws into the worker.
 */
export async function embedPending(
  db: Db,
  gateway: Gateway,
  userId: string,
  batch = EMBED_BATCH,
): Promise<{ embedded: number; remaining: boolean; error?: string }> {
  const modelId = await embeddingModelOf(db, userId);
  const actor = await actorOf(db, userId);
  if (!modelId || !actor) return { embedded: 0, remaining: false };
  const rows = await db
    .select({
      id: t.id,
      term: t.term,
      definition: t.definition,
      variants: t.variants,
      usageExamples: t.usageExamples,
    })
    .from(t)
    .where(
      and(
        eq(t.userId, userId),
        isNull(t.embedding),
        or(isNull(t.embeddingAttemptedAt), lt(t.embeddingAttemptedAt, new Date(Date.now() - EMBED_RETRY_MS))),
      ),
    )
    .limit(batch + 1);
  const pending = rows.slice(0, batch);
  if (pending.length === 0) return { embedded: 0, remaining: false };
  try {
    const { embeddings } = await gateway.embed({
      actor,
      modelId,
      values: pending.map(embeddingText),
      context: { metadata: { purpose: "terminology" } },
    });
    const payload = pending.map((r, i) => ({ id: r.id, v: pgRealArray(normalise(embeddings[i] ?? [])) }));
    await db.execute(sql`
      UPDATE ${t} SET embedding = x.v::real[], embedding_model = ${modelId},
        embedding_attempted_at = NULL, embedding_error = NULL
      FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(id uuid, v text)
      WHERE ${t.id} = x.id AND ${t.userId} = ${userId}`);
    return { embedded: pending.length, remaining: rows.length > batch };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await db.execute(sql`
      UPDATE ${t} SET embedding_attempted_at = now(), embedding_error = ${message.slice(0, 500)}
      WHERE ${t.userId} = ${userId} AND ${t.id} IN (SELECT jsonb_array_elements_text(${JSON.stringify(pending.map((r) => r.id))}::jsonb)::uuid)`);
    return { embedded: 0, remaining: false, error: message };
  }
}

/** Users with entries waiting for a vector whose model is configured (for the maintenance sweep). */
export async function usersWithPendingEmbeddings(db: Db, limit = 50): Promise<string[]> {
  const fallback = await getSetting(db, "embeddingModel");
  const rows = await db.execute(sql`
    SELECT DISTINCT e.user_id AS id FROM ${t} e JOIN ${users} u ON u.id = e.user_id
    WHERE e.embedding IS NULL
      AND (e.embedding_attempted_at IS NULL OR e.embedding_attempted_at < now() - make_interval(secs => ${EMBED_RETRY_MS / 1000}))
      AND coalesce(u.preferences->>'embeddingModelId', ${fallback}::text) IS NOT NULL
      AND coalesce(u.preferences->>'embeddingModelId', '') <> 'off'
    LIMIT ${limit}`);
  return rowsOf<{ id: string }>(rows).map((r) => r.id);
}

/** The embedding models a user can pick (catalog models of type `embedding` they can reach). */
export async function embeddingChoices(db: Db): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: aiModels.id, name: aiModels.displayName })
    .from(aiModels)
    .where(and(eq(aiModels.type, "embedding"), eq(aiModels.active, true)))
    .orderBy(aiModels.displayName);
}

/**
 * After the model changes, the stored vectors describe nothing comparable: clear them (the sweep
 * recomputes them with the new model). `userId` null = everyone who follows the admin default.
 */
export async function invalidateEmbeddings(db: Db, userId: string | null): Promise<void> {
  if (userId) {
    await db
      .update(t)
      .set({ embedding: null, embeddingModel: null, embeddingAttemptedAt: null, embeddingError: null })
      .where(eq(t.userId, userId));
    return;
  }
  await db.execute(sql`
    UPDATE ${t} SET embedding = NULL, embedding_model = NULL, embedding_attempted_at = NULL, embedding_error = NULL
    FROM ${users} u WHERE u.id = ${t.userId} AND u.preferences->>'embeddingModelId' IS NULL`);
}
