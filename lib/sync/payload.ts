import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { conversations, messages, type SyncDataKind, terminologyEntries, usageDaily } from "@/db/schema";

/**
 * What one delivery sends: the rows of one kind changed since the target's cursor for that kind,
 * oldest first, one bounded page at a time. The cursor is (updated_at, id) as Postgres text, so
 * no change is skipped or resent through a loss of timestamp precision. Usage summaries are whole
 * UTC days, from the last day sent (it may have grown since) to today.
 */
export type Cursor = { at: string; id: string } | { day: string };
export type Page = { items: unknown[]; next: Cursor | null; more: boolean };

/** A delivery's body stays around this size: a page stops at the item that crosses it. */
export const MAX_PAYLOAD_BYTES = 512 * 1024;
const PAGE = { conversations: 25, terminology: 500, usage: 366 } as const;

type Keyed = { at: string; id: string };

function after(col: AnyPgColumn, idCol: AnyPgColumn, cursor: Cursor | null): SQL {
  if (!cursor || !("at" in cursor)) return sql`true`;
  return sql`(${col}, ${idCol}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;
}

/** Adds items while the page is under the byte budget (always at least one). */
function bounded<T>(rows: T[], size: (row: T) => number): { taken: T[]; cut: boolean } {
  const taken: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    const n = size(row);
    if (taken.length > 0 && bytes + n > MAX_PAYLOAD_BYTES) return { taken, cut: true };
    taken.push(row);
    bytes += n;
  }
  return { taken, cut: false };
}

async function conversationPage(db: Db, userId: string, cursor: Cursor | null, limit: number): Promise<Page> {
  const c = conversations;
  const rows = await db
    .select({
      id: c.id,
      title: c.title,
      mode: c.mode,
      templateId: c.templateId,
      totalTokensUsed: c.totalTokensUsed,
      totalCost: c.totalCost,
      createdAt: c.createdAt,
      lastMessageAt: c.lastMessageAt,
      deletedAt: c.deletedAt,
      at: sql<string>`${c.updatedAt}::text`,
    })
    .from(c)
    .where(and(eq(c.userId, userId), after(c.updatedAt, c.id, cursor)))
    .orderBy(asc(c.updatedAt), asc(c.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const ids = page.map((r) => r.id);
  const msgs = ids.length
    ? await db
        .select({
          id: messages.id,
          conversationId: messages.conversationId,
          parentId: messages.parentId,
          turnId: messages.turnId,
          role: messages.role,
          kind: messages.kind,
          status: messages.status,
          content: messages.content,
          providerSlug: messages.providerSlug,
          modelName: messages.modelName,
          tokensIn: messages.tokensIn,
          tokensOut: messages.tokensOut,
          cost: messages.cost,
          createdAt: messages.createdAt,
        })
        .from(messages)
        .where(and(eq(messages.userId, userId), inArray(messages.conversationId, ids)))
        .orderBy(asc(messages.createdAt), asc(messages.id))
    : [];
  const items = page.map(({ at, ...conv }) => ({
    ...conv,
    updatedAt: new Date(at).toISOString(),
    messages: msgs.filter((m) => m.conversationId === conv.id).map(({ conversationId: _c, ...m }) => m),
    _key: { at, id: conv.id } as Keyed,
  }));
  return finish(items, rows.length > limit);
}

async function terminologyPage(db: Db, userId: string, cursor: Cursor | null, limit: number): Promise<Page> {
  const t = terminologyEntries;
  const rows = await db
    .select({
      id: t.id,
      term: t.term,
      definition: t.definition,
      context: t.context,
      variants: t.variants,
      forbiddenVariants: t.forbiddenVariants,
      usageExamples: t.usageExamples,
      tags: t.tags,
      language: t.language,
      notes: t.notes,
      pinned: t.pinned,
      caseSensitive: t.caseSensitive,
      frequency: t.frequency,
      createdAt: t.createdAt,
      at: sql<string>`${t.updatedAt}::text`,
    })
    .from(t)
    .where(and(eq(t.userId, userId), after(t.updatedAt, t.id, cursor)))
    .orderBy(asc(t.updatedAt), asc(t.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(({ at, ...e }) => ({
    ...e,
    updatedAt: new Date(at).toISOString(),
    _key: { at, id: e.id } as Keyed,
  }));
  return finish(items, rows.length > limit);
}

function finish(items: Array<Record<string, unknown> & { _key: Keyed }>, moreRows: boolean): Page {
  const { taken, cut } = bounded(items, (i) => Buffer.byteLength(JSON.stringify(i)));
  const last = taken.at(-1);
  return {
    items: taken.map(({ _key, ...rest }) => rest),
    next: last ? last._key : null,
    more: moreRows || cut,
  };
}

async function usagePage(db: Db, userId: string, cursor: Cursor | null, limit: number): Promise<Page> {
  const u = usageDaily;
  const day = sql<string>`to_char(${u.bucketStart} at time zone 'UTC', 'YYYY-MM-DD')`;
  const from = cursor && "day" in cursor ? cursor.day : null;
  const rows = await db
    .select({
      day,
      requests: sql<number>`sum(${u.requests})::int`,
      successCount: sql<number>`sum(${u.successCount})::int`,
      errorCount: sql<number>`sum(${u.errorCount} + ${u.timeoutCount})::int`,
      abortedCount: sql<number>`sum(${u.abortedCount})::int`,
      tokensIn: sql<number>`sum(${u.tokensIn})::bigint`,
      tokensOut: sql<number>`sum(${u.tokensOut})::bigint`,
      costUsd: sql<string>`sum(${u.cost})::text`,
    })
    .from(u)
    .where(
      and(eq(u.userId, userId), from ? sql`${u.bucketStart} >= ${from}::date at time zone 'UTC'` : sql`true`),
    )
    .groupBy(day)
    .orderBy(day)
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((r) => ({
    ...r,
    tokensIn: Number(r.tokensIn),
    tokensOut: Number(r.tokensOut),
  }));
  const last = items.at(-1);
  // The next delivery starts again at the last day sent: it is whole only once the day is over.
  return { items, next: last ? { day: last.day } : null, more: rows.length > limit };
}

export async function pageOf(
  db: Db,
  userId: string,
  kind: SyncDataKind,
  cursor: Cursor | null,
  limit: number = PAGE[kind],
): Promise<Page> {
  switch (kind) {
    case "conversations":
      return conversationPage(db, userId, cursor, limit);
    case "terminology":
      return terminologyPage(db, userId, cursor, limit);
    case "usage":
      return usagePage(db, userId, cursor, limit);
  }
}

/** Whether anything of this kind changed since the cursor (usage: always, its last day grows). */
export async function hasChanges(db: Db, userId: string, kind: SyncDataKind, cursor: Cursor | null) {
  if (kind === "usage") return true;
  return (await pageOf(db, userId, kind, cursor, 1)).items.length > 0;
}
