import type { Db } from "@/db/client";
import type { Gateway } from "@/lib/ai/gateway";
import { derivePatterns } from "@/lib/learning/patterns";
import { usersToRelearn } from "@/lib/learning/schedule";
import { assessTurnInBackground } from "@/lib/quality/background";
import { deliverChanges, runDelivery, sweepSync } from "@/lib/sync/deliver";
import { notifyOverdueTasks } from "@/lib/tasks/overdue";
import { embedPending, usersWithPendingEmbeddings } from "@/lib/terminology/embeddings";
import { applyUsageCounts } from "@/lib/terminology/usage-counts";
import { JobQueue, QUEUES } from "@/lib/workflows/queue";

/**
 * Background tasks of features other than workflow steps, on the durable queue (`prism-tasks`,
 * a "short" queue: one queued job per key, so a burst of requests for the same task coalesces).
 * Workers run them (lib/workflows/worker.ts); the maintenance tick sweeps for work whose request
 * was lost (no queue in the sending process, a crash), so nothing depends on the request alone.
 *
 * A new task: a variant of `Task`, its key in `keyOf`, its handler in `runTask`.
 */
export type Task =
  | { kind: "embed-terms"; userId: string }
  | { kind: "term-usage"; userId: string }
  | { kind: "learn"; userId: string }
  /** Judge a compare turn (automatic assessment, lib/quality/auto.ts). */
  | { kind: "assess-turn"; userId: string; turnId: string }
  /** Outbound sync: on-change deliveries for a user's targets (debounced by the key). */
  | { kind: "sync-change"; userId: string }
  /** Outbound sync: one attempt at a delivery (lib/sync/deliver.ts). */
  | { kind: "sync-deliver"; userId: string; deliveryId: string };

export type TaskContext = { db: Db; gateway: Gateway; queue: JobQueue };

function keyOf(task: Task): string {
  if (task.kind === "assess-turn") return `${task.kind}:${task.turnId}`;
  if (task.kind === "sync-deliver") return `${task.kind}:${task.deliveryId}`;
  return `${task.kind}:${task.userId}`;
}

/**
 * Queues a task, inside `tx` when given (it is sent only if the change commits). Without a queue in
 * this process the maintenance sweep finds the work instead.
 */
export async function sendTask(db: Db, task: Task, opts: { tx?: Db; startAfter?: Date } = {}): Promise<void> {
  const queue = JobQueue.of(db);
  if (!queue) return;
  await queue.send(QUEUES.tasks, task, {
    singletonKey: keyOf(task),
    tx: opts.tx,
    startAfter: opts.startAfter,
  });
}

export async function runTask(ctx: TaskContext, task: Task): Promise<void> {
  switch (task.kind) {
    case "embed-terms": {
      const { remaining } = await embedPending(ctx.db, ctx.gateway, task.userId);
      // Large imports embed in batches; the next batch is a new job, so a restart loses at most one.
      if (remaining) await ctx.queue.send(QUEUES.tasks, task, { singletonKey: keyOf(task) });
      return;
    }
    case "term-usage":
      await applyUsageCounts(ctx.db, task.userId);
      return;
    case "learn":
      await derivePatterns(ctx.db, task.userId);
      return;
    case "assess-turn":
      await assessTurnInBackground(ctx, task.userId, task.turnId);
      return;
    case "sync-change":
      await deliverChanges(ctx.db, task.userId);
      return;
    case "sync-deliver":
      await runDelivery(ctx.db, task.deliveryId);
      return;
  }
}

/** Maintenance: requests the tasks whose work is waiting (each at most once per key). */
export async function sweepTasks(ctx: TaskContext): Promise<void> {
  for (const userId of await usersWithPendingEmbeddings(ctx.db)) {
    await ctx.queue.send(QUEUES.tasks, { kind: "embed-terms", userId } satisfies Task, {
      singletonKey: keyOf({ kind: "embed-terms", userId }),
    });
  }
  // Follow-up tasks past their due date: one notification each (per due date).
  await notifyOverdueTasks(ctx.db);
  // The periodic learning recompute: does work at most once an hour (see usersToRelearn).
  for (const userId of await usersToRelearn(ctx.db)) {
    await ctx.queue.send(QUEUES.tasks, { kind: "learn", userId } satisfies Task, {
      singletonKey: keyOf({ kind: "learn", userId }),
    });
  }
  // Sync deliveries due for a retry (or whose attempt died), and scheduled sync targets.
  await sweepSync(ctx.db);
}
