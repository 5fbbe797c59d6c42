/**
 * `npm run bench:workflows` — workflow runs through the durable queue.
 *
 * - Postgres (127.0.0.1:5432, or BENCH_POSTGRES_URL's server; a fresh database, dropped afterwards):
 *   two `npm run worker` processes (BENCH_WORKER_CONCURRENCY step slots each, default 16) drain
 *   BENCH_RUNS (default 2,000) runs of 3-step trivial workflows (transform → transform → transform)
 *   started from this process as fast as it can: runs/s = runs / (first enqueue → last run ended).
 *   Then start latency (run queued → its first step running, p50/p95) at a steady offered load
 *   (BENCH_PACED_RATE runs/s, default 25, for 120 runs): under saturation a backlog grows and the
 *   "latency" is only the length of the queue.
 * - PGlite: the same with in-process workers (as `npm start` runs them), BENCH_PGLITE_RUNS (500).
 * Runs spread over 20 workflows (each with a concurrency limit of 100). Every run must end in
 * success, each step recorded once. Progress goes to stderr; the last stdout line is one JSON object.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { type Database, migrateDatabase, openPglite, openPostgres, rowsOf } from "../../db/client";
import { workflows } from "../../db/schema";
import { registerUser } from "../../lib/auth/accounts";
import { makeGateway } from "../../lib/testing/gateway";
import { createRun } from "../../lib/workflows/engine";
import { JobQueue } from "../../lib/workflows/queue";
import { WorkflowModel } from "../../lib/workflows/store";
import { WorkflowWorker } from "../../lib/workflows/worker";

const RUNS = Number(process.env.BENCH_RUNS ?? 2_000);
const PGLITE_RUNS = Number(process.env.BENCH_PGLITE_RUNS ?? 500);
const WORKER_CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 16);
const WORKFLOWS = 20;
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 25);
const PACED_RUNS = 120;
const log = (...a: unknown[]) => console.error("[bench:workflows]", ...a);
const ctx = { ip: null, userAgent: "bench" };

async function seed(database: Database) {
  const { db } = database;
  const user = await registerUser(
    db,
    { name: "Bench", email: `bench-${Date.now()}@example.test`, password: "correct horse 42" },
    ctx,
  );
  const store = new WorkflowModel(db, { id: user.id, role: "user" });
  const ids: Array<{ id: string; versionId: string }> = [];
  for (let i = 0; i < WORKFLOWS; i++) {
    const wf = await store.create(
      {
        name: `bench ${i}`,
        definition: {
          inputSchema: [{ name: "n", type: "number", required: true }],
          steps: [
            { id: "a", type: "transform", config: { op: "template", source: "{{input.n}}" } },
            { id: "b", type: "transform", config: { op: "template", source: "{{steps.a.output}}!" } },
            { id: "c", type: "transform", config: { op: "json_stringify", source: "{{steps.b.output}}" } },
          ],
          edges: [
            { from: "a", to: "b" },
            { from: "b", to: "c" },
          ],
        },
      },
      ctx,
    );
    await db.update(workflows).set({ concurrencyLimit: 100 }).where(sql`id = ${wf.id}`);
    ids.push({ id: wf.id, versionId: wf.currentVersionId as string });
  }
  return { userId: user.id, workflows: ids };
}

async function waitIdle(db: Database["db"], t0: number) {
  for (;;) {
    const [row] = rowsOf<{ open: number }>(
      await db.execute(
        sql`select count(*) filter (where status in ('queued', 'running'))::int as open from workflow_runs`,
      ),
    );
    if (row && row.open === 0) return;
    if (Date.now() - t0 > 300_000) throw new Error(`runs still open after 5 minutes: ${row?.open}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Starts `count` runs (16 creators at a time), waits until all ended, reads the timings back. */
async function drive(database: Database, queue: JobQueue, count: number) {
  const { db } = database;
  const seeded = await seed(database);
  const t0 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        const i = next++;
        const wf = seeded.workflows[i % WORKFLOWS] as { id: string; versionId: string };
        await createRun(db, queue, {
          workflowId: wf.id,
          userId: seeded.userId,
          versionId: wf.versionId,
          triggerType: "api",
          input: { n: i },
        });
      }
    }),
  );
  const enqueued = Date.now() - t0;
  log(`${count} runs enqueued in ${enqueued} ms`);
  await waitIdle(db, t0);
  const [stats] = rowsOf<{ ok: number; failed: number; steps: number; dup: number; wall_ms: number }>(
    await db.execute(sql`select
      (select count(*) from workflow_runs where status = 'success')::int as ok,
      (select count(*) from workflow_runs where status <> 'success')::int as failed,
      (select count(*) from workflow_step_runs)::int as steps,
      (select count(*) from (select run_id, step_id from workflow_step_runs group by 1, 2 having count(*) > 1) d)::int as dup,
      (extract(epoch from (select max(completed_at) - min(queued_at) from workflow_runs)) * 1000)::float8 as wall_ms`),
  );
  // Steady load: one run every 1/PACED_RATE s; the latency of exactly those runs.
  const paced: string[] = [];
  const pacedStart = Date.now();
  for (let i = 0; i < PACED_RUNS; i++) {
    const due = pacedStart + (i * 1000) / PACED_RATE;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    const wf = seeded.workflows[i % WORKFLOWS] as { id: string; versionId: string };
    const { run } = await createRun(db, queue, {
      workflowId: wf.id,
      userId: seeded.userId,
      versionId: wf.versionId,
      triggerType: "api",
      input: { n: i },
    });
    paced.push(run.id);
  }
  await waitIdle(db, t0);
  const latencies = rowsOf<{ ms: number }>(
    await db.execute(sql`select (extract(epoch from min(s.started_at) - r.queued_at) * 1000)::float8 as ms
      from workflow_runs r join workflow_step_runs s on s.run_id = r.id
      where r.id in (${sql.join(
        paced.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) group by r.id, r.queued_at`),
  )
    .map((r) => Number(r.ms))
    .sort((a, b) => a - b);
  if (!stats) throw new Error("no stats");
  return {
    runs: count,
    ok: stats.ok,
    failed: stats.failed,
    stepRows: stats.steps,
    duplicateSteps: stats.dup,
    runsPerSecond: Math.round((count / (stats.wall_ms / 1000)) * 10) / 10,
    startP50: Math.round(pct(latencies, 50) * 10) / 10,
    startP95: Math.round(pct(latencies, 95) * 10) / 10,
  };
}

async function postgresPart() {
  const server = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `prism_bench_wf_${Date.now()}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const workers: ReturnType<typeof spawn>[] = [];
  try {
    const database = await openPostgres(url.toString(), { max: 20 });
    await migrateDatabase(database);
    const queue = await JobQueue.start(database, { supervise: false });
    for (let i = 0; i < 2; i++) {
      // BENCH_WORKER_PROFILE_DIR=/tmp/prof writes each worker's CPU profile there when it stops.
      const profile = process.env.BENCH_WORKER_PROFILE_DIR;
      const [command, ...args] = profile
        ? [
            process.execPath,
            "--cpu-prof",
            `--cpu-prof-dir=${profile}`,
            "--import",
            "tsx",
            "scripts/worker.ts",
          ]
        : ["npx", "tsx", "scripts/worker.ts"];
      const child = spawn(command as string, args, {
        env: {
          ...process.env,
          DATABASE_URL: url.toString(),
          PRISM_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
        },
        stdio: ["ignore", "pipe", "inherit"],
        // Its own process group, so stopping it reaches node behind npx and tsx.
        detached: true,
      });
      workers.push(child);
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on("data", (d: Buffer) => {
          if (d.toString().includes("ready")) resolve();
        });
        child.once("exit", (code) => reject(new Error(`worker exited (${code})`)));
      });
    }
    log("2 workers ready");
    const result = await drive(database, queue, RUNS);
    await queue.stop();
    await database.close();
    return result;
  } finally {
    for (const w of workers) if (w.pid) process.kill(-w.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 1_000));
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function pglitePart() {
  const dir = mkdtempSync(path.join(tmpdir(), "prism-bench-wf-"));
  try {
    const database = await openPglite(path.join(dir, "pglite"));
    await migrateDatabase(database);
    const queue = await JobQueue.start(database, { supervise: true });
    const worker = new WorkflowWorker(database, queue, makeGateway(database.db).gateway, { concurrency: 4 });
    await worker.start();
    const result = await drive(database, queue, PGLITE_RUNS);
    await worker.stop();
    await queue.stop();
    await database.close();
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pg = await postgresPart();
log("postgres", pg);
const lite = await pglitePart();
log("pglite", lite);
const budgets = {
  postgres_runs_per_second_min: 200,
  postgres_start_p95_ms_max: 500,
  pglite_runs_per_second_min: 50,
};
const exact = (r: typeof pg) =>
  r.ok === r.runs && r.failed === 0 && r.duplicateSteps === 0 && r.stepRows === r.runs * 3;
const metrics = {
  postgres_runs_per_second: pg.runsPerSecond,
  postgres_start_p50_ms: pg.startP50,
  postgres_start_p95_ms: pg.startP95,
  postgres_runs: pg.runs,
  postgres_exact: exact(pg),
  pglite_runs_per_second: lite.runsPerSecond,
  pglite_start_p50_ms: lite.startP50,
  pglite_start_p95_ms: lite.startP95,
  pglite_runs: lite.runs,
  pglite_exact: exact(lite),
  workers: 2,
  worker_concurrency: WORKER_CONCURRENCY,
  paced_rate_runs_per_second: PACED_RATE,
};
const pass =
  metrics.postgres_exact &&
  metrics.pglite_exact &&
  pg.runsPerSecond >= budgets.postgres_runs_per_second_min &&
  pg.startP95 <= budgets.postgres_start_p95_ms_max &&
  lite.runsPerSecond >= budgets.pglite_runs_per_second_min;
console.log(JSON.stringify({ bench: "workflows", metrics, budgets, pass }));
process.exit(0);
