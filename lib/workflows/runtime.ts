import { type Database, getDatabase } from "@/db/client";
import { getGateway } from "@/lib/ai/instance";
import { JobQueue } from "./queue";
import { WorkflowWorker } from "./worker";

export type WorkflowRuntime = { queue: JobQueue; worker: WorkflowWorker | null };

declare global {
  // One queue (and at most one worker loop) per process, shared by every Next.js bundle.
  var __prismWorkflows: Promise<WorkflowRuntime> | undefined;
}

/**
 * In-process step slots: PRISM_WORKERS (default 4); 0 turns in-process workers off, for app
 * instances of a deployment whose `npm run worker` processes do the work.
 */
export function inProcessConcurrency(): number {
  const raw = process.env.PRISM_WORKERS;
  if (raw === undefined || raw === "") return 4;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 256)
    throw new Error("PRISM_WORKERS must be a whole number from 0 to 256");
  return n;
}

export async function startRuntime(database: Database, concurrency: number): Promise<WorkflowRuntime> {
  const queue = await JobQueue.start(database, { supervise: concurrency > 0 });
  if (concurrency === 0) return { queue, worker: null };
  const leaseMs = Number(process.env.PRISM_WORKFLOW_LEASE_MS) || 30_000;
  const worker = new WorkflowWorker(database, queue, await getGateway(), {
    concurrency,
    leaseMs,
    // Expired leases are looked for twice per lease, at most every 10 s.
    maintenanceSeconds: Math.min(10, Math.max(1, Math.round(leaseMs / 2000))),
  });
  await worker.start();
  return { queue, worker };
}

/** The process's queue (and worker when this process runs steps), started once. */
export function getWorkflowRuntime(): Promise<WorkflowRuntime> {
  globalThis.__prismWorkflows ??= getDatabase()
    .then((database) => startRuntime(database, inProcessConcurrency()))
    .catch((err) => {
      globalThis.__prismWorkflows = undefined;
      throw err;
    });
  return globalThis.__prismWorkflows;
}

export async function getQueue(): Promise<JobQueue> {
  return (await getWorkflowRuntime()).queue;
}
