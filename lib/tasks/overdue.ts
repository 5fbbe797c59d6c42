import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { notifications, trackingTasks } from "@/db/schema";

/**
 * Maintenance: each open follow-up past its due date gets one in-app notification, to its assignee
 * (or its owner when unassigned). `overdue_notified_at` marks it; changing the due date clears the
 * mark (TaskModel.update), so it is once per due date. Claim and notify are one transaction
 * (rows locked, skipping those another worker holds), so two workers never both notify.
 */
export async function notifyOverdueTasks(db: Db, now = new Date(), limit = 500): Promise<number> {
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(trackingTasks)
      .set({ overdueNotifiedAt: now })
      .where(
        sql`${trackingTasks.id} IN (SELECT t.id FROM tracking_tasks t
          WHERE t.status IN ('pending', 'in_progress') AND t.due_date < ${at}::timestamptz
            AND t.overdue_notified_at IS NULL
          ORDER BY t.due_date LIMIT ${limit} FOR UPDATE SKIP LOCKED)`,
      )
      .returning();
    if (claimed.length === 0) return 0;
    await tx.insert(notifications).values(
      claimed.map((t) => ({
        userId: t.assignedTo ?? t.userId,
        kind: "task_overdue",
        title: `Follow-up overdue: ${t.title || t.trackingType}`,
        body: t.dueDate ? `It was due ${t.dueDate.toISOString().slice(0, 16).replace("T", " ")} UTC.` : null,
        data: { href: "/tasks?status=open", taskId: t.id },
      })),
    );
    return claimed.length;
  });
}
