import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  messages,
  TRACKING_PRIORITIES,
  TRACKING_STATUSES,
  type TrackingTask,
  trackingTasks,
  users,
} from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { AppError, assertId, notFound, parseInput } from "@/lib/errors";

/** Statuses that still need doing (overdue and "open" apply to these). */
export const OPEN_STATUSES = ["pending", "in_progress"] as const;

export const createTaskInput = z.object({
  messageId: z.uuid("messageId must be a message id"),
  trackingType: z
    .string({ error: "Give the follow-up a type." })
    .trim()
    .min(1, "Give the follow-up a type.")
    .max(40, "The type is at most 40 characters."),
  title: z
    .string()
    .trim()
    .min(1, "Give the follow-up a title.")
    .max(200, "The title is at most 200 characters."),
  priority: z
    .enum(TRACKING_PRIORITIES, { error: "priority must be low, medium, high or urgent" })
    .default("medium"),
  assignedTo: z.uuid("assignedTo must be a user id").nullable().optional(),
  dueDate: z.coerce.date({ error: "dueDate must be a date" }).nullable().optional(),
  notes: z.string().trim().max(2000, "Notes are at most 2,000 characters.").optional(),
});

export const updateTaskInput = z
  .object({
    status: z.enum(TRACKING_STATUSES, {
      error: "status must be pending, in_progress, completed or cancelled",
    }),
    title: createTaskInput.shape.title,
    priority: z.enum(TRACKING_PRIORITIES, { error: "priority must be low, medium, high or urgent" }),
    assignedTo: z.uuid("assignedTo must be a user id").nullable(),
    dueDate: z.coerce.date({ error: "dueDate must be a date" }).nullable(),
    notes: z.string().trim().max(2000).nullable(),
  })
  .partial();

export const listTasksInput = z.object({
  /** mine = created by me, assigned = assigned to me, all = either. */
  scope: z.enum(["all", "mine", "assigned"]).default("all"),
  status: z.enum([...TRACKING_STATUSES, "open"]).optional(),
  priority: z.enum(TRACKING_PRIORITIES).optional(),
  assignee: z.uuid("assignee must be a user id").optional(),
  overdue: z.boolean().optional(),
  limit: z.number().int().min(1).max(200).default(100),
});
export type ListTasksInput = z.input<typeof listTasksInput>;

export type TaskView = {
  id: string;
  messageId: string;
  conversationId: string;
  target: "prompt" | "output";
  trackingType: string;
  title: string;
  status: TrackingTask["status"];
  priority: TrackingTask["priority"];
  ownerId: string;
  ownerName: string;
  assignedTo: string | null;
  assigneeName: string | null;
  dueDate: string | null;
  overdue: boolean;
  notes: string | null;
  completedAt: string | null;
  createdAt: string;
  /** Only the owner may edit more than the status. */
  mine: boolean;
};

/**
 * Follow-up tasks on messages (seed 004 prompt/output tracking). A task is visible to its owner (who
 * created it, on their own message) and its assignee; the assignee may change only its status.
 * Anyone else gets "not found".
 */
export class TaskModel {
  constructor(
    private readonly db: Db,
    private readonly userId: string,
  ) {}

  private visible(): SQL {
    return or(eq(trackingTasks.userId, this.userId), eq(trackingTasks.assignedTo, this.userId)) as SQL;
  }

  async create(input: unknown, ctx: RequestContext): Promise<TaskView> {
    const data = parseInput(createTaskInput, input);
    const [m] = await this.db
      .select({ id: messages.id, role: messages.role })
      .from(messages)
      .where(and(eq(messages.id, data.messageId), eq(messages.userId, this.userId)));
    if (!m || (m.role !== "user" && m.role !== "assistant")) throw notFound("That message");
    if (data.assignedTo) await this.assertUser(data.assignedTo);
    const id = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(trackingTasks)
        .values({
          userId: this.userId,
          messageId: m.id,
          target: m.role === "user" ? "prompt" : "output",
          trackingType: data.trackingType,
          title: data.title,
          priority: data.priority,
          assignedTo: data.assignedTo ?? null,
          dueDate: data.dueDate ?? null,
          notes: data.notes || null,
        })
        .returning();
      if (!row) throw new AppError("internal", "The follow-up was not saved.");
      await recordAudit(
        tx,
        {
          actorId: this.userId,
          entityType: "tracking_task",
          entityId: row.id,
          action: "task.create",
          after: row,
        },
        ctx,
      );
      return row.id;
    });
    return this.get(id);
  }

  async update(id: string, input: unknown, ctx: RequestContext): Promise<TaskView> {
    assertId(id, "That follow-up");
    const data = parseInput(updateTaskInput, input);
    const [before] = await this.db
      .select()
      .from(trackingTasks)
      .where(and(eq(trackingTasks.id, id), this.visible()));
    if (!before) throw notFound("That follow-up");
    const owner = before.userId === this.userId;
    const fields = Object.keys(data);
    if (!owner && fields.some((f) => f !== "status"))
      throw new AppError("forbidden", "As the assignee you can change the status only.", {
        field: fields.find((f) => f !== "status"),
      });
    if (data.assignedTo) await this.assertUser(data.assignedTo);
    const done = data.status === "completed";
    await this.db.transaction(async (tx) => {
      const [after] = await tx
        .update(trackingTasks)
        .set({
          ...data,
          ...(data.status ? { completedAt: done ? (before.completedAt ?? new Date()) : null } : {}),
          // A new due date may become overdue again: it gets its own notification.
          ...(data.dueDate !== undefined && data.dueDate?.getTime() !== before.dueDate?.getTime()
            ? { overdueNotifiedAt: null }
            : {}),
          updatedAt: new Date(),
        })
        .where(eq(trackingTasks.id, id))
        .returning();
      await recordAudit(
        tx,
        {
          actorId: this.userId,
          entityType: "tracking_task",
          entityId: id,
          action: "task.update",
          before,
          after,
        },
        ctx,
      );
    });
    return this.get(id);
  }

  async get(id: string): Promise<TaskView> {
    assertId(id, "That follow-up");
    const [row] = await this.query(and(eq(trackingTasks.id, id), this.visible()) as SQL, 1);
    if (!row) throw notFound("That follow-up");
    return row;
  }

  async list(input: ListTasksInput = {}): Promise<TaskView[]> {
    const q = parseInput(listTasksInput, input);
    const where: SQL[] = [
      q.scope === "mine"
        ? eq(trackingTasks.userId, this.userId)
        : q.scope === "assigned"
          ? eq(trackingTasks.assignedTo, this.userId)
          : this.visible(),
    ];
    if (q.status === "open") where.push(inArray(trackingTasks.status, [...OPEN_STATUSES]));
    else if (q.status) where.push(eq(trackingTasks.status, q.status));
    if (q.priority) where.push(eq(trackingTasks.priority, q.priority));
    if (q.assignee) where.push(eq(trackingTasks.assignedTo, q.assignee));
    if (q.overdue) where.push(overdueWhere());
    return this.query(and(...where) as SQL, q.limit);
  }

  /** Open tasks on the given messages, visible to the user (the badge on each message). */
  async openFor(messageIds: string[]): Promise<TaskView[]> {
    if (messageIds.length === 0) return [];
    return this.query(
      and(
        this.visible(),
        inArray(trackingTasks.messageId, messageIds),
        inArray(trackingTasks.status, [...OPEN_STATUSES]),
      ) as SQL,
      500,
    );
  }

  private async assertUser(userId: string): Promise<void> {
    const [u] = await this.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, userId), isNull(users.suspendedAt)));
    if (!u)
      throw new AppError("not_found", "That assignee is not a user of this instance.", {
        field: "assignedTo",
      });
  }

  private async query(where: SQL, limit: number): Promise<TaskView[]> {
    const owner = sql<string>`(select name from users where id = ${trackingTasks.userId})`;
    const assignee = sql<string | null>`(select name from users where id = ${trackingTasks.assignedTo})`;
    const rows = await this.db
      .select({
        t: trackingTasks,
        conversationId: messages.conversationId,
        ownerName: owner,
        assigneeName: assignee,
      })
      .from(trackingTasks)
      .innerJoin(messages, eq(messages.id, trackingTasks.messageId))
      .where(where)
      .orderBy(
        sql`${trackingTasks.dueDate} asc nulls last`,
        asc(trackingTasks.createdAt),
        desc(trackingTasks.id),
      )
      .limit(limit);
    const now = Date.now();
    return rows.map(({ t, conversationId, ownerName, assigneeName }) => ({
      id: t.id,
      messageId: t.messageId,
      conversationId,
      target: t.target,
      trackingType: t.trackingType,
      title: t.title,
      status: t.status,
      priority: t.priority,
      ownerId: t.userId,
      ownerName,
      assignedTo: t.assignedTo,
      assigneeName,
      dueDate: t.dueDate?.toISOString() ?? null,
      overdue: isOpen(t.status) && !!t.dueDate && t.dueDate.getTime() < now,
      notes: t.notes,
      completedAt: t.completedAt?.toISOString() ?? null,
      createdAt: t.createdAt.toISOString(),
      mine: t.userId === this.userId,
    }));
  }
}

const isOpen = (s: string) => (OPEN_STATUSES as readonly string[]).includes(s);

export function overdueWhere(now = new Date()): SQL {
  return and(
    inArray(trackingTasks.status, [...OPEN_STATUSES]),
    isNotNull(trackingTasks.dueDate),
    lt(trackingTasks.dueDate, now),
  ) as SQL;
}

/** The instance's users a task can be assigned to (active accounts, by name). */
export async function assignableUsers(db: Db): Promise<{ id: string; name: string; email: string }[]> {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(isNull(users.suspendedAt))
    .orderBy(asc(users.name))
    .limit(500);
}
