import { type SQL, sql } from "drizzle-orm";
// pg-boss 10.x: the last line that supports Node 20 (11+ needs Node 22). It is only the lease, timer and
// cron transport; Prism's tables hold run and step state. Everything pg-boss lives in this file, so an
// upgrade (12.x has a PGlite backend and Drizzle adapter of its own) changes only this module.
import PgBoss from "pg-boss";
import { type Database, type Db, rowsOf } from "@/db/client";
import { shared } from "@/lib/server/shared";

export const QUEUES = {
  /** "Try step run S": data { stepRunId }. */
  step: "prism-workflow-step",
  /** Leases, deadlines, cron slots: one job at a time, re-sent by its handler. */
  maintenance: "prism-maintenance",
  /** Hourly data retention. */
  retention: "prism-retention",
  /** Background tasks of other features (embeddings, usage counters): lib/jobs/tasks.ts. */
  tasks: "prism-tasks",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Workers LISTEN here; a transaction that sends a job NOTIFYs it, delivered at commit. */
export const WAKE_CHANNEL = "prism_jobs";
export const CANCEL_CHANNEL = "prism_cancel";

// Per database handle (tests open several); shared across the Next.js bundles of one process.
const queues = shared("job-queues", () => new WeakMap<Db, JobQueue>());

export type Job<T> = { id: string; name: string; data: T };

/**
 * Values as node-postgres (pg-boss's own driver) would send them: objects as JSON text, arrays as
 * Postgres array literals (pg-boss casts them, e.g. `$3::uuid[]`).
 */
export function asParam(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  if (typeof value === "object" && !Array.isArray(value)) return JSON.stringify(value);
  if (!Array.isArray(value)) return value;
  return `{${value.map((v) => (v === null ? "NULL" : `"${String(v).replace(/(["\\])/g, "\\$1")}"`)).join(",")}}`;
}

/** Turns `$1`-style SQL into a drizzle statement so pg-boss can run inside our transactions. */
function toDrizzleSql(text: string, values: readonly unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) chunks.push(sql.raw(parts[i] ?? ""));
    else chunks.push(sql`${asParam(values[Number(parts[i]) - 1])}`);
  }
  return sql.join(chunks, sql.raw(""));
}

/** pg-boss's `db` option over a drizzle handle: a transaction's, so its job writes commit with ours. */
function inTransaction(tx: Db): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[] = []) => ({
      rows: rowsOf(await tx.execute(toDrizzleSql(text, values))),
    }),
  };
}

export type SendOptions = {
  /** Not before this time (a delay step, a retry's backoff). */
  startAfter?: Date;
  /** With a "short" queue: at most one queued job per key. */
  singletonKey?: string;
  /** Send as part of this transaction. */
  tx?: Db;
};

export type QueueOptions = {
  /** Run pg-boss's maintenance and cron clock in this process (every process that works jobs). */
  supervise: boolean;
};

/**
 * The durable job queue. One per process, over the app's database (PGlite or Postgres) through
 * the driver's own connection: no second pool.
 */
export class JobQueue {
  private constructor(
    private readonly boss: PgBoss,
    private readonly database: Database,
  ) {}

  static async start(database: Database, opts: QueueOptions): Promise<JobQueue> {
    const boss = new PgBoss({
      db: {
        executeSql: async (text: string, values?: unknown[]) => ({
          rows: await database.raw(text, values?.map(asParam)),
        }),
      },
      schema: "pgboss",
      supervise: opts.supervise,
      schedule: opts.supervise,
      migrate: true,
      // Prism retries steps itself (attempts are visible per step); a queue-level retry would hide them.
      retryLimit: 0,
      // A step's lease, not the queue's expiry, detects a dead worker; this only bounds a stuck job.
      expireInSeconds: 3_600,
      archiveCompletedAfterSeconds: 3_600,
      deleteAfterDays: 1,
      maintenanceIntervalSeconds: 120,
    });
    boss.on("error", (err: unknown) => console.error("[prism] job queue error", err));
    await boss.start();
    await boss.createQueue(QUEUES.step, { name: QUEUES.step, policy: "standard" });
    await boss.createQueue(QUEUES.maintenance, { name: QUEUES.maintenance, policy: "short" });
    await boss.createQueue(QUEUES.retention, { name: QUEUES.retention, policy: "short" });
    // "short": one queued job per singleton key, so repeated requests for the same task coalesce.
    await boss.createQueue(QUEUES.tasks, { name: QUEUES.tasks, policy: "short" });
    if (opts.supervise) {
      // A safety net for the self-renewing maintenance job, and the hourly retention run.
      await boss.schedule(QUEUES.maintenance, "* * * * *", {}, { singletonKey: "tick" });
      await boss.schedule(QUEUES.retention, "7 * * * *", {}, { singletonKey: "hourly" });
    }
    const queue = new JobQueue(boss, database);
    queues.set(database.db, queue);
    return queue;
  }

  /** The queue started over this database in this process, if any. */
  static of(db: Db): JobQueue | undefined {
    return queues.get(db);
  }

  /** Queues a job; inside `tx` it commits (and wakes workers) with that transaction. */
  async send(name: QueueName, data: object, opts: SendOptions = {}): Promise<string | null> {
    const options: PgBoss.SendOptions = {};
    if (opts.startAfter) {
      options.startAfter = opts.startAfter;
      // A job waiting longer than pg-boss keeps queued jobs (14 days) must outlive its wait.
      (options as { keepUntil?: Date }).keepUntil = new Date(opts.startAfter.getTime() + 7 * 86_400_000);
    }
    if (opts.singletonKey) options.singletonKey = opts.singletonKey;
    if (opts.tx) options.db = inTransaction(opts.tx);
    const id = await this.boss.send(name, data, options);
    await (opts.tx ?? this.database.db).execute(sql`select pg_notify(${WAKE_CHANNEL}, ${name})`);
    return id;
  }

  /** Many step jobs in one statement (a run's entry steps, fan-out). */
  async sendMany(name: QueueName, items: Array<{ data: object; startAfter?: Date }>, tx: Db): Promise<void> {
    if (items.length === 0) return;
    if (items.length === 1 && items[0]) {
      await this.send(name, items[0].data, { startAfter: items[0].startAfter, tx });
      return;
    }
    await this.boss.insert(
      items.map((i) => ({ name, data: i.data, startAfter: i.startAfter })),
      { db: inTransaction(tx) },
    );
    await tx.execute(sql`select pg_notify(${WAKE_CHANNEL}, ${name})`);
  }

  async fetch<T>(name: QueueName, batchSize: number): Promise<Job<T>[]> {
    return (await this.boss.fetch<T>(name, { batchSize })) as Job<T>[];
  }

  /** Marks jobs done; inside `tx` it commits with the work it records. */
  async complete(name: QueueName, ids: string[], tx?: Db): Promise<void> {
    if (ids.length === 0) return;
    // pg-boss 10 reads complete(name, ids, data, options): the options are the fourth argument.
    await (
      this.boss.complete as unknown as (
        n: string,
        i: string[],
        d: null,
        o?: PgBoss.ConnectionOptions,
      ) => Promise<void>
    )(name, ids, null, tx ? { db: inTransaction(tx) } : undefined);
  }

  async fail(name: QueueName, id: string, message: string): Promise<void> {
    await this.boss.fail(name, id, { message });
  }

  /** Jobs queued and not yet taken, for metrics and the bench. */
  async queued(name: QueueName): Promise<number> {
    return this.boss.getQueueSize(name);
  }

  async stop(): Promise<void> {
    if (queues.get(this.database.db) === this) queues.delete(this.database.db);
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 });
  }
}
