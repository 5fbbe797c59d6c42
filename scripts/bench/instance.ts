/**
 * Benchmarks' own Prism instance: a fresh database (a new Postgres database when a server answers on
 * 127.0.0.1:5432 or BENCH_POSTGRES_URL, else an embedded PGlite folder), prepared through the real
 * lib/ code, then Prism's production server (server.ts) on it. Cleans up after itself.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { type Database, type Db, migrateDatabase, openPglite, openPostgres } from "../../db/client";
import { seedCatalog } from "../../db/seed-catalog";

export type Instance = {
  url: string;
  engine: "postgres" | "pglite";
  /** CPU time (user + system, ms) the server process has used so far (Linux /proc). */
  cpuMs(): number;
  /** Opens the instance's database (Postgres only while the server runs; PGlite after stop()). */
  open(): Promise<Database>;
  stop(): Promise<void>;
  cleanup(): Promise<void>;
};

async function postgresServer(): Promise<string | null> {
  const url = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return url;
  } catch {
    return null;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export async function prepareInstance(
  setup: (db: Db) => Promise<void>,
  opts: { port: number; env?: Record<string, string>; nodeArgs?: string[] },
): Promise<Instance> {
  const encryptionKey = `1:${randomBytes(32).toString("base64")}`;
  process.env.PRISM_ENCRYPTION_KEY = encryptionKey;
  const server = await postgresServer();
  const dataDir = mkdtempSync(path.join(tmpdir(), "prism-bench-"));
  let databaseUrl: string | null = null;
  let dropName: string | null = null;
  let database: Database;
  if (server) {
    dropName = `prism_bench_${Date.now()}`;
    const admin = postgres(server, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${dropName}`);
    await admin.end();
    const u = new URL(server);
    u.pathname = `/${dropName}`;
    databaseUrl = u.toString();
    database = await openPostgres(databaseUrl);
  } else {
    database = await openPglite(path.join(dataDir, "pglite"));
  }
  const dropDatabase = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (!server || !dropName) return;
    const admin = postgres(server, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${dropName} with (force)`);
    await admin.end();
  };
  try {
    await migrateDatabase(database);
    await seedCatalog(database.db);
    await setup(database.db);
  } catch (err) {
    await database.close();
    await dropDatabase();
    throw err;
  }
  await database.close();

  // Benchmarks run on their own production build (rebuilt with BENCH_REBUILD=1).
  const distDir = ".next-bench";
  if (!existsSync(path.join(distDir, "BUILD_ID")) || process.env.BENCH_REBUILD) {
    const build = spawnSync("npx", ["next", "build"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NEXT_DIST_DIR: distDir },
    });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const env = {
    ...process.env,
    ...opts.env,
    NEXT_DIST_DIR: distDir,
    NODE_ENV: "production" as const,
    PRISM_ENCRYPTION_KEY: encryptionKey,
    PRISM_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl ?? "",
  };
  const child: ChildProcess = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), "--import", "tsx", "server.ts", "-p", String(opts.port), "-H", "127.0.0.1"],
    { env, stdio: ["ignore", "ignore", "inherit"] },
  );
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error("Prism did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  };
  return {
    url,
    engine: databaseUrl ? "postgres" : "pglite",
    cpuMs: () => processCpuMs(child.pid),
    open: () => (databaseUrl ? openPostgres(databaseUrl) : openPglite(path.join(dataDir, "pglite"))),
    stop,
    cleanup: async () => {
      await stop();
      await dropDatabase();
    },
  };
}

const CLOCK_TICKS_PER_S = 100;

function processCpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command name) are utime, stime.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return Number.NaN;
  }
}
