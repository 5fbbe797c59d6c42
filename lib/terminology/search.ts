import { and, eq, inArray, sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { terminologyEntries } from "@/db/schema";
import type { Gateway } from "@/lib/ai/gateway";
import type { Actor } from "@/lib/auth/actor";
import { shared } from "@/lib/server/shared";
import { embeddingModelOf, normalise } from "./embeddings";
import { reciprocalRankFusion } from "./rank";
import { type EntryView, entryView } from "./store";

const t = terminologyEntries;
/** Candidates per ranking before fusion. */
const CANDIDATES = 50;

export type MatchedBy = "text" | "typo" | "meaning";
export type SearchHit = EntryView & { score: number; matchedBy: MatchedBy[] };
export type SearchResult = {
  hits: SearchHit[];
  /** on: meaning was searched; off: no embedding model; failed: the embedding call failed (lexical only). */
  semantic: "on" | "off" | "failed";
  semanticError?: string;
};

/**
 * One search box, three rankings fused by reciprocal rank (k = 60): Postgres full-text rank over
 * the weighted term/definition vector, trigram similarity of the term (typos, partial words), and
 * cosine similarity of embeddings of the user's current embedding model (vectors of other models
 * are never compared). Without an embedding model the search is lexical, and says so.
 */
export async function searchEntries(
  db: Db,
  gateway: Gateway | null,
  actor: Actor,
  query: string,
  opts: { limit?: number } = {},
): Promise<SearchResult> {
  const q = query.normalize("NFC").trim().slice(0, 200);
  const limit = opts.limit ?? 20;
  if (!q) return { hits: [], semantic: "off" };
  const userId = actor.id;
  const like = `%${q.toLowerCase().replace(/[%_\\]/g, "\\$&")}%`;
  const [fts, trgm, semantic] = await Promise.all([
    db.execute(sql`
      SELECT id FROM ${t}, websearch_to_tsquery('english', ${q}) AS query
      WHERE ${t.userId} = ${userId} AND ${t.search} @@ query
      ORDER BY ts_rank_cd(${t.search}, query) DESC, id LIMIT ${CANDIDATES}`),
    db.execute(sql`
      SELECT id FROM ${t}
      WHERE ${t.userId} = ${userId}
        AND (lower(${t.term}) % lower(${q}) OR lower(${q}) <% lower(${t.term}) OR lower(${t.term}) LIKE ${like})
      ORDER BY (lower(${t.term}) = lower(${q})) DESC,
        greatest(similarity(lower(${t.term}), lower(${q})), word_similarity(lower(${q}), lower(${t.term}))) DESC, id
      LIMIT ${CANDIDATES}`),
    semanticRanking(db, gateway, actor, q),
  ]);
  const lists: Record<MatchedBy, string[]> = {
    text: rowsOf<{ id: string }>(fts).map((r) => r.id),
    typo: rowsOf<{ id: string }>(trgm).map((r) => r.id),
    meaning: semantic.ids,
  };
  const fused = reciprocalRankFusion([lists.text, lists.typo, lists.meaning]).slice(0, limit);
  const rows = fused.length
    ? await db
        .select(entryView)
        .from(t)
        .where(
          and(
            eq(t.userId, userId),
            inArray(
              t.id,
              fused.map((f) => f.id),
            ),
          ),
        )
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const hits: SearchHit[] = [];
  for (const f of fused) {
    const row = byId.get(f.id);
    if (!row) continue;
    const matchedBy = (Object.keys(lists) as MatchedBy[]).filter((k) => lists[k].includes(f.id));
    hits.push({ ...row, score: f.score, matchedBy });
  }
  return { hits, semantic: semantic.status, semanticError: semantic.error };
}

type VectorSet = { key: string; version: string; ids: string[]; dims: number; matrix: Float32Array };
// Per process: one user's vectors of one model, reloaded when their count or the entries change.
const vectorCache = shared("terminology-vectors", () => new Map<string, VectorSet>());
const queryCache = shared("terminology-query-vectors", () => new Map<string, number[]>());
const MAX_CACHED_USERS = 200;
/** Entries whose vector is closer than this to the query are not "related in meaning". */
const MIN_COSINE = 0.2;

/** Ids of the entries closest in meaning to a text (none without an embedding model or on failure). */
export async function semanticNeighbours(
  db: Db,
  gateway: Gateway,
  actor: Actor,
  text: string,
  max: number,
  minCosine: number,
): Promise<string[]> {
  const r = await semanticRanking(db, gateway, actor, text, max, minCosine);
  return r.ids;
}

async function semanticRanking(
  db: Db,
  gateway: Gateway | null,
  actor: Actor,
  q: string,
  max = CANDIDATES,
  minCosine = MIN_COSINE,
): Promise<{ ids: string[]; status: SearchResult["semantic"]; error?: string }> {
  const modelId = gateway ? await embeddingModelOf(db, actor.id) : null;
  if (!gateway || !modelId) return { ids: [], status: "off" };
  const set = await vectorsOf(db, actor.id, modelId);
  if (set.ids.length === 0) return { ids: [], status: "on" };
  let vector: number[];
  try {
    vector = await queryVector(gateway, actor, modelId, q);
  } catch (err) {
    return { ids: [], status: "failed", error: err instanceof Error ? err.message : String(err) };
  }
  if (vector.length !== set.dims) return { ids: [], status: "on" };
  const qv = Float32Array.from(vector);
  const { matrix, dims } = set;
  const scored: { id: string; s: number }[] = [];
  for (let row = 0; row < set.ids.length; row++) {
    let dot = 0;
    const base = row * dims;
    for (let d = 0; d < dims; d++) dot += (matrix[base + d] as number) * (qv[d] as number);
    if (dot >= minCosine) scored.push({ id: set.ids[row] as string, s: dot });
  }
  scored.sort((a, b) => b.s - a.s);
  return { ids: scored.slice(0, max).map((x) => x.id), status: "on" };
}

async function queryVector(gateway: Gateway, actor: Actor, modelId: string, q: string): Promise<number[]> {
  const key = `${modelId}\n${q.toLowerCase()}`;
  const hit = queryCache.get(key);
  if (hit) return hit;
  const { embeddings } = await gateway.embed({
    actor,
    modelId,
    values: [q],
    context: { metadata: { purpose: "terminology-search" } },
  });
  const v = normalise(embeddings[0] ?? []);
  if (queryCache.size >= 1_000) queryCache.delete(queryCache.keys().next().value as string);
  queryCache.set(key, v);
  return v;
}

async function vectorsOf(db: Db, userId: string, modelId: string): Promise<VectorSet> {
  const key = `${userId}:${modelId}`;
  const [v] = rowsOf<{ n: number; changed: string | null }>(
    await db.execute(sql`
      SELECT count(*)::int AS n, max(${t.updatedAt})::text AS changed FROM ${t}
      WHERE ${t.userId} = ${userId} AND ${t.embeddingModel} = ${modelId}`),
  );
  const version = `${v?.n ?? 0}:${v?.changed ?? ""}`;
  const cached = vectorCache.get(key);
  if (cached && cached.version === version) return cached;
  const rows = await db
    .select({ id: t.id, e: t.embedding })
    .from(t)
    .where(and(eq(t.userId, userId), eq(t.embeddingModel, modelId)));
  const dims = rows[0]?.e?.length ?? 0;
  const usable = rows.filter((r) => r.e && r.e.length === dims);
  const matrix = new Float32Array(usable.length * dims);
  usable.forEach((r, i) => {
    matrix.set(r.e as number[], i * dims);
  });
  const set: VectorSet = { key, version, ids: usable.map((r) => r.id), dims, matrix };
  if (!cached && vectorCache.size >= MAX_CACHED_USERS)
    vectorCache.delete(vectorCache.keys().next().value as string);
  vectorCache.set(key, set);
  return set;
}
