import { and, eq, sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { terminologyEntries } from "@/db/schema";
import type { Gateway } from "@/lib/ai/gateway";
import type { Actor } from "@/lib/auth/actor";
import { shared } from "@/lib/server/shared";
import { checkAnswer, compileMatcher, type Matcher, mentionedIn, type TermCheck } from "./match";
import { semanticNeighbours } from "./search";

const t = terminologyEntries;

/** How many tokens of the system prompt the applied terms may take (about 4 characters a token). */
export const TERM_TOKEN_BUDGET = 600;
/** Entries found only by meaning: at most this many, and only when clearly related. */
const SEMANTIC_MAX = 3;
const SEMANTIC_MIN_COSINE = 0.45;

export type DictEntry = {
  id: string;
  term: string;
  definition: string;
  variants: string[];
  forbiddenVariants: string[];
  caseSensitive: boolean;
  pinned: boolean;
};
type Dictionary = { version: string; entries: Map<string, DictEntry>; matcher: Matcher };

/** What a turn applied: the entries (for the chip) and the text added to every system prompt. */
export type AppliedTerms = {
  entries: { id: string; term: string }[];
  block: string;
  matcher: Matcher;
  /** Entries the prompt itself mentions (counted as uses). */
  mentioned: string[];
};

/** The applied entries and the check of one answer, as stored on the message (metadata.terms). */
export type StoredTerms = { applied: { id: string; term: string }[]; check: TermCheck };

const dictionaries = shared("terminology-dictionaries", () => new Map<string, Dictionary>());
const MAX_CACHED = 500;

/** A user's dictionary, compiled once and reused until an entry changes. */
export async function dictionaryOf(db: Db, userId: string): Promise<Dictionary> {
  const [v] = rowsOf<{ n: number; changed: string | null }>(
    await db.execute(sql`
      SELECT count(*)::int AS n, max(${t.updatedAt})::text AS changed FROM ${t} WHERE ${t.userId} = ${userId}`),
  );
  const version = `${v?.n ?? 0}:${v?.changed ?? ""}`;
  const cached = dictionaries.get(userId);
  if (cached?.version === version) return cached;
  const rows = await db
    .select({
      id: t.id,
      term: t.term,
      definition: t.definition,
      variants: t.variants,
      forbiddenVariants: t.forbiddenVariants,
      caseSensitive: t.caseSensitive,
      pinned: t.pinned,
    })
    .from(t)
    .where(eq(t.userId, userId));
  const dict: Dictionary = {
    version,
    entries: new Map(rows.map((r) => [r.id, r])),
    matcher: compileMatcher(rows),
  };
  if (!cached && dictionaries.size >= MAX_CACHED)
    dictionaries.delete(dictionaries.keys().next().value as string);
  dictionaries.set(userId, dict);
  return dict;
}

export async function hasEntries(db: Db, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.userId, userId)))
    .limit(1);
  return !!row;
}

function line(e: DictEntry): string {
  const also = e.variants.length ? ` (also: ${e.variants.join(", ")})` : "";
  const avoid = e.forbiddenVariants.length
    ? ` Do not write ${e.forbiddenVariants.map((f) => `“${f}”`).join(", ")}; write “${e.term}”.`
    : "";
  return `- ${e.term}${also}: ${e.definition.replace(/\s+/g, " ").slice(0, 400)}${avoid}`;
}

/**
 * The entries that apply to a prompt: pinned ones, those the prompt mentions (term, variant or a
 * forbidden variant), then up to three related by meaning (when an embedding model is set), until
 * the token budget is spent. The block tells every model of the turn (and the fuser) to use them.
 */
export async function selectTerms(
  db: Db,
  gateway: Gateway | null,
  actor: Actor,
  prompt: string,
  opts: { tokenBudget?: number; semantic?: boolean } = {},
): Promise<AppliedTerms | null> {
  const dict = await dictionaryOf(db, actor.id);
  if (dict.entries.size === 0) return null;
  const ordered: string[] = [];
  const add = (id: string) => {
    if (!ordered.includes(id) && dict.entries.has(id)) ordered.push(id);
  };
  for (const e of dict.entries.values()) if (e.pinned) add(e.id);
  const mentioned = mentionedIn(dict.matcher, prompt);
  for (const id of mentioned) add(id);
  if (opts.semantic !== false && gateway) {
    const near = await semanticNeighbours(
      db,
      gateway,
      actor,
      prompt.slice(0, 4_000),
      SEMANTIC_MAX,
      SEMANTIC_MIN_COSINE,
    );
    for (const id of near) add(id);
  }
  const budget = (opts.tokenBudget ?? TERM_TOKEN_BUDGET) * 4;
  const chosen: DictEntry[] = [];
  let used = 0;
  for (const id of ordered) {
    const e = dict.entries.get(id) as DictEntry;
    const size = line(e).length + 1;
    if (used + size > budget) continue;
    used += size;
    chosen.push(e);
  }
  if (chosen.length === 0) return null;
  const block = [
    "The user keeps a terminology dictionary. Use these terms exactly as written (or an allowed variant) wherever they apply, and never the words marked to avoid:",
    ...chosen.map(line),
  ].join("\n");
  return {
    entries: chosen.map((e) => ({ id: e.id, term: e.term })),
    block,
    matcher: compileMatcher(chosen),
    mentioned,
  };
}

/** A system prompt with the applied terms after what was there (a template's prompt comes first). */
export function withTerms(system: string | undefined, applied: AppliedTerms | null): string | undefined {
  if (!applied) return system;
  return system ? `${system}\n\n${applied.block}` : applied.block;
}

/** The deterministic check of one answer against the terms its turn applied. */
export function checkTerms(applied: AppliedTerms, answer: string): StoredTerms {
  return { applied: applied.entries, check: checkAnswer(applied.matcher, answer) };
}
