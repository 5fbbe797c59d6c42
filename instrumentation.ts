/**
 * Opens, migrates and seeds the database when the server starts, not on the first request, and
 * starts the durable job queue: in-process workflow workers (PRISM_WORKERS, default 4; 0 = none),
 * maintenance and hourly retention all run as queue jobs, so they survive restarts and move to
 * `npm run worker` processes when a deployment has them.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDatabase } = await import("./db/client");
  const database = await getDatabase();
  console.log(`[prism] database ready (${database.engine})`);
  // A stop pressed on another instance reaches the streams running here.
  const { listenForStops } = await import("./lib/chat/active");
  await listenForStops(database);
  // A price, plan or setting changed on another instance is forgotten here too.
  const { listenForInvalidations } = await import("./lib/server/invalidation");
  await listenForInvalidations(database);
  const { getWorkflowRuntime } = await import("./lib/workflows/runtime");
  const { worker } = await getWorkflowRuntime();
  console.log(
    `[prism] job queue ready (${worker ? "with in-process workers" : "workers off: PRISM_WORKERS=0"})`,
  );
  const stop = () => void worker?.stop(4_000).catch(() => {});
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
