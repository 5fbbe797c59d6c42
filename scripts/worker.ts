/**
 * `npm run worker`: a workflow worker process for a scaled deployment. It works the durable queue
 * on the server database (DATABASE_URL); app instances may run with PRISM_WORKERS=0. The embedded
 * database belongs to one process, so a separate worker needs PostgreSQL.
 */
import { getDatabase } from "../db/client";
import { listenForInvalidations } from "../lib/server/invalidation";
import { startRuntime } from "../lib/workflows/runtime";

if (!process.env.DATABASE_URL) {
  console.error(
    "[prism] npm run worker needs DATABASE_URL (a PostgreSQL server): the embedded database can only be opened by the app process itself, which runs its own workers (PRISM_WORKERS).",
  );
  process.exit(2);
}
const concurrency = Number(process.env.PRISM_WORKER_CONCURRENCY ?? 8);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
  console.error("[prism] PRISM_WORKER_CONCURRENCY must be a whole number from 1 to 256");
  process.exit(2);
}
const database = await getDatabase();
// Model steps read prices, plans and settings through per-process caches: keep them in step.
await listenForInvalidations(database);
const { worker } = await startRuntime(database, concurrency);
console.log(`[prism] worker ${worker?.id} ready (${concurrency} step slots)`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[prism] worker ${worker?.id} stopping (${signal}): finishing steps in flight`);
  const drainMs = Number(process.env.PRISM_WORKER_DRAIN_MS ?? 25_000);
  // A database that went away must not keep the process alive: steps left running are taken over
  // through their leases.
  setTimeout(() => process.exit(1), drainMs + 5_000).unref();
  await worker?.stop(drainMs);
  await database.close().catch(() => {});
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
