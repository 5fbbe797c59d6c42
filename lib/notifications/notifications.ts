import { and, count, desc, eq, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { notifications } from "@/db/schema";
import { parseInput } from "@/lib/errors";

export const notificationListInput = z.object({
  limit: z.number().int().min(1).max(50).default(20),
  /** Cursor: the id of the last item of the previous page. */
  before: z.uuid("before must be a notification id").optional(),
});
export type NotificationListInput = z.input<typeof notificationListInput>;

const idsInput = z.object({
  ids: z.array(z.uuid("ids must be notification ids")).min(1, "Name at least one notification.").max(100),
});

export type NotificationView = {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  /** Where clicking it leads (same-site paths only). */
  href: string | null;
  createdAt: Date;
  read: boolean;
};

/** Where each kind of notification points; `data.href` may name a same-site path instead. */
const KIND_HREF: Record<string, string> = { budget_warning: "/usage" };

function hrefOf(kind: string, data: Record<string, unknown>): string | null {
  const href = data.href;
  if (typeof href === "string" && /^\/(?!\/)/.test(href)) return href;
  return KIND_HREF[kind] ?? null;
}

/**
 * One user's in-app notifications. Every query ANDs the owner, so another user's ids are simply
 * not found (marking them read changes nothing).
 */
export class NotificationModel {
  constructor(
    private readonly db: Db,
    private readonly userId: string,
  ) {}

  private own(): SQL {
    return eq(notifications.userId, this.userId);
  }

  async list(input: NotificationListInput = {}): Promise<{ items: NotificationView[]; more: boolean }> {
    const q = parseInput(notificationListInput, input);
    // The cursor's time is read in the database: a JS Date would lose its microseconds.
    const cursorAt = sql`(select created_at from notifications where id = ${q.before ?? null}::uuid and user_id = ${this.userId}::uuid)`;
    const where = q.before
      ? and(
          this.own(),
          or(
            sql`${notifications.createdAt} < ${cursorAt}`,
            and(sql`${notifications.createdAt} = ${cursorAt}`, lt(notifications.id, q.before)),
          ),
        )
      : this.own();
    const rows = await this.db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(q.limit + 1);
    return {
      items: rows.slice(0, q.limit).map((r) => ({
        id: r.id,
        kind: r.kind,
        title: r.title,
        body: r.body,
        href: hrefOf(r.kind, r.data),
        createdAt: r.createdAt,
        read: r.readAt !== null,
      })),
      more: rows.length > q.limit,
    };
  }

  async unreadCount(): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(notifications)
      .where(and(this.own(), isNull(notifications.readAt)));
    return Number(row?.n ?? 0);
  }

  /** Marks the given notifications read; returns how many changed (ids of others count zero). */
  async markRead(input: unknown): Promise<number> {
    const { ids } = parseInput(idsInput, input);
    const changed = await this.db
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(this.own(), inArray(notifications.id, ids), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    return changed.length;
  }

  async markAllRead(): Promise<number> {
    const changed = await this.db
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(this.own(), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    return changed.length;
  }
}
