import { randomBytes } from "node:crypto";
import { and, eq, isNotNull, isNull, lte } from "drizzle-orm";
import type { Database } from "@/db/client";
import { workflows } from "@/db/schema";
import type { Gateway } from "@/lib/ai/gateway";
import { runRetention } from "@/lib/governance/retention";
import { runTask, sweepTasks, type Task } from "@/lib/jobs/tasks";
import { createRun, setLocalDispatcher } from "./engine";
import { CANCEL_CHANNEL, type JobQueue, QUEUES, WAKE_CHANNEL } from "./queue";
import { pruneWorkflowRuns } from "./retention";
import { StepRunner } from "./runner";
import { dueSlots } from "./schedule";

export type WorkerOptions = {
  /** Steps executed at once by this process. */
  concurrency: number;
  leaseMs?: number;
  /** Seconds between maintenance passes (leases, deadlines, cron slots). */
  maintenanceSeconds?: number;
  /** Longest sleep between polls when nothing wakes the worker. */
  pollMs?: number;
};

/**
 * Works the durable queue in this process: step jobs up to `concurrency` at once, woken by NOTIFY
 * when a transaction sends one (polling is only the fallback), plus the maintenance and retention
 * jobs. Stopping lets in-flight steps finish (or be taken over through their lease).
 */
export class WorkflowWorker {
  readonly id = `w-${process.pid}-${randomBytes(3).toString("hex")}`;
  readonly runner: StepRunner;
  private running = false;
  private active = new Set<Promise<void>>();
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private loopDone: Promise<void> | null = null;
  private unlisten: Array<() => Promise<void>> = [];
  private readonly maintenanceMs: number;
  private lastMaintenanceFetch = 0;
  /** Slots promised to runs being created in this process (their first step comes to us). */
  private reserved = 0;

  constructor(
    private readonly database: Database,
    private readonly queue: JobQueue,
    private readonly gateway: Gateway,
    private readonly opts: WorkerOptions,
  ) {
    this.runner = new StepRunner({
      db: database.db,
      queue,
      gateway,
      workerId: this.id,
      leaseMs: opts.leaseMs,
    });
    this.maintenanceMs = (opts.maintenanceSeconds ?? 10) * 1000;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.runner.stopping = false;
    this.unlisten.push(await this.database.listen(WAKE_CHANNEL, () => this.wake()));
    this.unlisten.push(await this.database.listen(CANCEL_CHANNEL, (runId) => this.runner.abortRun(runId)));
    // The maintenance chain: one queued job at a time (a "short" queue), renewed by its handler.
    await this.queue.send(QUEUES.maintenance, {}, { singletonKey: "tick" });
    setLocalDispatcher(this.database.db, {
      owner: this.id,
      leaseMs: this.runner.leaseMs,
      reserve: () => {
        if (!this.running || this.active.size + this.reserved >= this.opts.concurrency) return false;
        this.reserved++;
        return true;
      },
      release: () => {
        this.reserved--;
        this.wake();
      },
      run: (claimed) => {
        this.reserved--;
        this.track(this.runner.runClaimed(claimed, null));
      },
    });
    this.loopDone = this.loop();
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        this.woken = false;
        done();
      };
    });
  }

  private track(p: Promise<void>): void {
    const tracked = p
      .catch((err) => console.error("[prism] workflow job failed", err))
      .finally(() => {
        this.active.delete(tracked);
        this.wake();
      });
    this.active.add(tracked);
  }

  private async loop(): Promise<void> {
    const pollMs = this.opts.pollMs ?? 1_000;
    while (this.running) {
      let fetched = 0;
      let free = 0;
      try {
        free = this.opts.concurrency - this.active.size - this.reserved;
        if (free > 0) {
          const jobs = await this.queue.fetch<{ stepRunId: string }>(QUEUES.step, free);
          fetched = jobs.length;
          for (const job of jobs) this.track(this.runner.process(job.data.stepRunId, job.id));
        }
        if (Date.now() - this.lastMaintenanceFetch >= 1_000) {
          this.lastMaintenanceFetch = Date.now();
          for (const job of await this.queue.fetch(QUEUES.maintenance, 1)) this.track(this.maintain(job.id));
          for (const job of await this.queue.fetch(QUEUES.retention, 1)) this.track(this.retention(job.id));
        }
        // Background tasks share the slots steps leave free (at most two at a time per process).
        const taskSlots = Math.min(2, this.opts.concurrency - this.active.size - this.reserved);
        if (taskSlots > 0) {
          const tasks = await this.queue.fetch<Task>(QUEUES.tasks, taskSlots);
          fetched += tasks.length;
          free += tasks.length;
          for (const job of tasks) this.track(this.task(job.id, job.data));
        }
      } catch (err) {
        if (this.running) console.error("[prism] workflow worker poll failed", err);
        await new Promise((r) => setTimeout(r, 1_000));
      }
      // A full batch may mean more are waiting; otherwise wait for a wake-up or the poll.
      if (!(fetched > 0 && fetched === free)) await this.sleep(pollMs);
    }
  }

  private async maintain(jobId: string): Promise<void> {
    try {
      await this.runner.reap();
      await fireSchedules(this.database, this.queue);
      await sweepTasks({ db: this.database.db, gateway: this.gateway, queue: this.queue });
    } finally {
      await this.queue.complete(QUEUES.maintenance, [jobId]);
      if (this.running) {
        await this.queue.send(
          QUEUES.maintenance,
          {},
          {
            singletonKey: "tick",
            startAfter: new Date(Date.now() + this.maintenanceMs),
          },
        );
      }
    }
  }

  private async task(jobId: string, task: Task): Promise<void> {
    try {
      await runTask({ db: this.database.db, gateway: this.gateway, queue: this.queue }, task);
      await this.queue.complete(QUEUES.tasks, [jobId]);
    } catch (err) {
      await this.queue.fail(QUEUES.tasks, jobId, err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  private async retention(jobId: string): Promise<void> {
    try {
      const results = await runRetention(this.database.db);
      const pruned = await pruneWorkflowRuns(this.database.db);
      const deleted = (results?.reduce((n, r) => n + r.deleted, 0) ?? 0) + pruned;
      if (deleted > 0) console.log(`[prism] retention removed ${deleted} rows`);
    } finally {
      await this.queue.complete(QUEUES.retention, [jobId]);
    }
  }

  /** Stops taking jobs and waits (up to `timeoutMs`) for the steps in flight. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.runner.stopping = true;
    setLocalDispatcher(this.database.db, null);
    this.wake();
    await this.loopDone;
    const drained = Promise.allSettled([...this.active]);
    await Promise.race([drained, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    for (const u of this.unlisten) await u().catch(() => {});
    this.unlisten = [];
  }
}

/**
 * Starts the runs of every schedule slot that has come: one run per slot however many workers
 * tick at once (the slot is the run's idempotency key, and next_run_at moves by compare-and-set).
 */
export async function fireSchedules(database: Database, queue: JobQueue, now = new Date()): Promise<number> {
  const { db } = database;
  const due = await db
    .select()
    .from(workflows)
    .where(
      and(
        isNotNull(workflows.cron),
        eq(workflows.status, "active"),
        isNull(workflows.deletedAt),
        isNotNull(workflows.currentVersionId),
        lte(workflows.nextRunAt, now),
      ),
    )
    .limit(100);
  let started = 0;
  for (const wf of due) {
    if (!wf.cron || !wf.nextRunAt || !wf.currentVersionId) continue;
    const slots = [wf.nextRunAt, ...dueSlots(wf.cron, wf.cronTimezone, wf.nextRunAt, now, 9)];
    const next = dueSlots(wf.cron, wf.cronTimezone, slots.at(-1) as Date, new Date(8.64e15), 1)[0] ?? null;
    const [moved] = await db
      .update(workflows)
      .set({ nextRunAt: next })
      .where(and(eq(workflows.id, wf.id), eq(workflows.nextRunAt, wf.nextRunAt)))
      .returning({ id: workflows.id });
    if (!moved) continue;
    for (const slot of slots) {
      const { created } = await createRun(db, queue, {
        workflowId: wf.id,
        userId: wf.userId,
        versionId: wf.currentVersionId,
        triggerType: "scheduled",
        triggerData: { slot: slot.toISOString(), cron: wf.cron, timezone: wf.cronTimezone },
        input: {},
        idempotencyKey: `cron:${slot.toISOString()}`,
      });
      if (created) started++;
    }
  }
  return started;
}
