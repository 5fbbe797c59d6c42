import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Where the embedded database and generated secrets live (./.data unless PRISM_DATA_DIR says otherwise). */
export function dataDir(): string {
  // Runtime data, never part of the build: the comments stop Turbopack tracing the whole project.
  const dir = path.resolve(/*turbopackIgnore: true*/ process.env.PRISM_DATA_DIR || ".data");
  mkdirSync(/*turbopackIgnore: true*/ dir, { recursive: true });
  return dir;
}

/**
 * A secret that must survive restarts but that a new user should not have to invent:
 * read from ./.data/<name>, or generated there once (mode 0600) with a warning in the log.
 */
export function readOrCreateSecret(name: string, bytes = 32): string {
  const file = path.join(dataDir(), name);
  if (existsSync(/*turbopackIgnore: true*/ file))
    return readFileSync(/*turbopackIgnore: true*/ file, "utf8").trim();
  const value = randomBytes(bytes).toString("base64");
  writeFileSync(/*turbopackIgnore: true*/ file, `${value}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(/*turbopackIgnore: true*/ file, 0o600);
  console.warn(
    `[prism] generated ${name} in ${file}; set it in the environment for production and keep a backup`,
  );
  return value;
}
