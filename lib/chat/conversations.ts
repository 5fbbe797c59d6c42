import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { CONVERSATION_MODES, type ConversationParticipant, conversations, messages } from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { AppError, assertId, notFound, parseInput } from "@/lib/errors";
import { toolSelectionSchema } from "@/lib/mcp/selection";
import { isStreaming } from "./active";

export const participantSchema = z.object({
  modelId: z.uuid("modelId must be a model id"),
  integrationId: z.uuid("integrationId must be an integration id").nullable().default(null),
});

export const newConversationSchema = z.object({
  title: z.string().trim().max(200).optional(),
  mode: z.enum(CONVERSATION_MODES).default("single"),
  participants: z.array(participantSchema).max(8, "Compare at most 8 models at once.").default([]),
});

/** Set only by the server after checking the user may run the template (never from the request body). */
export type TemplateStart = { templateId: string; versionId: string | null };

export type ConversationSummary = {
  id: string;
  title: string | null;
  mode: string;
  lastMessageAt: Date | null;
  createdAt: Date;
  totalCost: string;
  totalTokensUsed: number;
  shared: boolean;
  /** The matching message text, when listed by a search. */
  snippet?: string | null;
};

export type MessageRow = typeof messages.$inferSelect;
export type ConversationRow = typeof conversations.$inferSelect;

/** Turns "foo ba" into a prefix query `foo:* & ba:*` (simple config, like the indexes). */
export function prefixQuery(q: string): string | null {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(" & ") : null;
}

/**
 * One user's conversations. Every query ANDs the owner predicate; a conversation of someone else
 * is "not found". Deletion is soft (undo within the retention window).
 */
export class ConversationModel {
  constructor(
    private readonly db: Db,
    private readonly userId: string,
  ) {}

  private owned(): SQL {
    return eq(conversations.userId, this.userId);
  }

  async list(opts: { q?: string; limit?: number; before?: Date } = {}): Promise<ConversationSummary[]> {
    const limit = Math.min(opts.limit ?? 50, 200);
    const filters: SQL[] = [this.owned(), isNull(conversations.deletedAt)];
    if (opts.before)
      filters.push(
        lt(sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`, opts.before),
      );
    const query = opts.q ? prefixQuery(opts.q) : null;
    if (opts.q && !query) return [];
    let snippet = sql<string | null>`null`;
    if (query) {
      const tsq = sql`to_tsquery('simple', ${query})`;
      const matching = sql`(select ${messages.content} from ${messages} where ${messages.conversationId} = ${conversations.id} and ${messages.userId} = ${this.userId} and ${messages.search} @@ ${tsq} order by ${messages.createdAt} desc limit 1)`;
      filters.push(or(sql`${conversations.search} @@ ${tsq}`, sql`exists ${matching}`) as SQL);
      snippet = sql<string | null>`left(${matching}, 240)`;
    }
    const rows = await this.db
      .select({
        id: conversations.id,
        title: conversations.title,
        mode: conversations.mode,
        lastMessageAt: conversations.lastMessageAt,
        createdAt: conversations.createdAt,
        totalCost: conversations.totalCost,
        totalTokensUsed: conversations.totalTokensUsed,
        shareToken: conversations.shareToken,
        snippet,
      })
      .from(conversations)
      .where(and(...filters))
      .orderBy(
        desc(sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`),
        desc(conversations.id),
      )
      .limit(limit);
    return rows.map(({ shareToken, ...r }) => ({ ...r, shared: shareToken !== null }));
  }

  async create(input: unknown, template?: TemplateStart): Promise<ConversationRow> {
    const data = parseInput(newConversationSchema, input);
    const [row] = await this.db
      .insert(conversations)
      .values({
        userId: this.userId,
        title: data.title || null,
        mode: data.mode,
        participants: data.participants as ConversationParticipant[],
        templateId: template?.templateId ?? null,
        templateVersionId: template?.versionId ?? null,
      })
      .returning();
    if (!row) throw new AppError("internal", "Could not create the conversation.");
    return row;
  }

  /** The conversation (not deleted) or not_found. */
  async get(id: string, opts: { includeDeleted?: boolean } = {}): Promise<ConversationRow> {
    assertId(id, "That conversation");
    const [row] = await this.db
      .select()
      .from(conversations)
      .where(
        and(
          this.owned(),
          eq(conversations.id, id),
          opts.includeDeleted ? undefined : isNull(conversations.deletedAt),
        ),
      );
    if (!row) throw notFound("That conversation");
    return row;
  }

  async messages(conversationId: string): Promise<MessageRow[]> {
    await this.get(conversationId);
    const rows = await this.db
      .select()
      .from(messages)
      .where(and(eq(messages.userId, this.userId), eq(messages.conversationId, conversationId)))
      .orderBy(asc(messages.createdAt), asc(messages.id));
    return this.reconcileInterrupted(rows);
  }

  /**
   * An answer left "streaming" that no stream in this process owns and that has not moved for a
   * minute was cut off by a restart: it is marked as an error, keeping its text so far.
   */
  private async reconcileInterrupted(rows: MessageRow[]): Promise<MessageRow[]> {
    const cutoff = Date.now() - 60_000;
    const stale = rows.filter(
      (m) => m.status === "streaming" && !isStreaming(m.id) && m.updatedAt.getTime() < cutoff,
    );
    if (stale.length === 0) return rows;
    const errorMessage = "Interrupted: the server stopped before this answer finished.";
    await this.db
      .update(messages)
      .set({ status: "error", errorMessage })
      .where(
        and(
          eq(messages.userId, this.userId),
          inArray(
            messages.id,
            stale.map((m) => m.id),
          ),
          eq(messages.status, "streaming"),
        ),
      );
    const ids = new Set(stale.map((m) => m.id));
    return rows.map((m) => (ids.has(m.id) ? { ...m, status: "error" as const, errorMessage } : m));
  }

  async update(id: string, input: unknown): Promise<ConversationRow> {
    const data = parseInput(
      z.object({
        title: z.string().trim().min(1, "Enter a title.").max(200, "Use at most 200 characters.").optional(),
        mode: z.enum(CONVERSATION_MODES).optional(),
        participants: z.array(participantSchema).max(8, "Compare at most 8 models at once.").optional(),
        useTerminology: z.boolean({ error: "useTerminology must be true or false" }).optional(),
        tools: toolSelectionSchema.optional(),
      }),
      input,
    );
    const current = await this.get(id);
    const { useTerminology, tools, ...columns } = data;
    const metadata = {
      ...current.metadata,
      ...(useTerminology === undefined ? {} : { useTerminology }),
      ...(tools === undefined ? {} : { tools }),
    };
    const [row] = await this.db
      .update(conversations)
      .set({
        ...columns,
        participants: columns.participants as ConversationParticipant[] | undefined,
        ...(useTerminology === undefined && tools === undefined ? {} : { metadata }),
      })
      .where(and(this.owned(), eq(conversations.id, id)))
      .returning();
    if (!row) throw notFound("That conversation");
    return row;
  }

  async softDelete(id: string): Promise<void> {
    await this.get(id);
    await this.db
      .update(conversations)
      .set({ deletedAt: new Date() })
      .where(and(this.owned(), eq(conversations.id, id)));
  }

  async restore(id: string): Promise<void> {
    const row = await this.get(id, { includeDeleted: true });
    if (!row.deletedAt) return;
    await this.db
      .update(conversations)
      .set({ deletedAt: null })
      .where(and(this.owned(), eq(conversations.id, id)));
  }

  /** Creates (or returns) the read-only share link token. */
  async share(id: string, ctx: RequestContext): Promise<string> {
    const row = await this.get(id);
    if (row.shareToken) return row.shareToken;
    const token = randomBytes(18).toString("base64url");
    await this.db.transaction(async (tx) => {
      await tx
        .update(conversations)
        .set({ shareToken: token, sharedAt: new Date() })
        .where(and(this.owned(), eq(conversations.id, id)));
      await recordAudit(
        tx,
        { actorId: this.userId, entityType: "conversation", entityId: id, action: "shared" },
        ctx,
      );
    });
    return token;
  }

  async unshare(id: string, ctx: RequestContext): Promise<void> {
    await this.get(id);
    await this.db.transaction(async (tx) => {
      await tx
        .update(conversations)
        .set({ shareToken: null, sharedAt: null })
        .where(and(this.owned(), eq(conversations.id, id)));
      await recordAudit(
        tx,
        { actorId: this.userId, entityType: "conversation", entityId: id, action: "unshared" },
        ctx,
      );
    });
  }
}

/** The shared, read-only view: only this conversation's title and messages, nothing about its owner. */
export async function getSharedConversation(
  db: Db,
  token: string,
): Promise<{
  conversation: Pick<ConversationRow, "id" | "title" | "mode" | "createdAt">;
  messages: MessageRow[];
}> {
  if (!/^[A-Za-z0-9_-]{20,40}$/.test(token)) throw notFound("That shared conversation");
  const [row] = await db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.shareToken, token),
        isNotNull(conversations.sharedAt),
        isNull(conversations.deletedAt),
      ),
    );
  if (!row) throw notFound("That shared conversation");
  const msgs = await db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, row.id), eq(messages.userId, row.userId)))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  return {
    conversation: { id: row.id, title: row.title, mode: row.mode, createdAt: row.createdAt },
    messages: msgs,
  };
}
