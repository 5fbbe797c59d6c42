/** Opens, migrates and seeds the database when the server starts, not on the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDatabase } = await import("./db/client");
  const { db, engine } = await getDatabase();
  console.log(`[prism] database ready (${engine})`);
  // The retention job: hourly, first a minute after start; one instance at a time (advisory lock).
  const { runRetention } = await import("./lib/governance/retention");
  const run = () =>
    runRetention(db).then(
      (results) => {
        const deleted = results?.reduce((n, r) => n + r.deleted, 0) ?? 0;
        if (deleted > 0) console.log(`[prism] retention removed ${deleted} rows`);
      },
      (err) => console.error("[prism] retention run failed", err),
    );
  setTimeout(run, 60_000).unref();
  setInterval(run, 3_600_000).unref();
}
