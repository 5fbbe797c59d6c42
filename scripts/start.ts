/**
 * `npm start`: builds the app when there is no build or the sources are newer than it, then serves
 * it on PORT (3000). The database is opened, migrated and seeded by the server at start-up.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const SOURCES = [
  "app",
  "components",
  "lib",
  "db",
  "auth.ts",
  "instrumentation.ts",
  "next.config.ts",
  "package.json",
];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function run(args: string[]) {
  const res = spawnSync("npx", args, { stdio: "inherit", env: process.env });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

const buildId = path.join(".next", "BUILD_ID");
const stale = !existsSync(buildId) || Math.max(...SOURCES.map(newestMtime)) > statSync(buildId).mtimeMs;
if (stale) {
  console.log("[prism] building (first start or sources changed)…");
  run(["next", "build"]);
}
const port = process.env.PORT || "3000";
console.log(`[prism] starting on http://localhost:${port}`);
run(["tsx", "server.ts", "-p", port]);
