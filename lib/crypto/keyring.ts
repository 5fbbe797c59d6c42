import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/server/data-dir";

/** Master keys by version; the highest version seals new secrets, every version can still open. */
export type KeyRing = { current: number; keys: ReadonlyMap<number, Buffer> };

const KEY_BYTES = 32;
const KEYS_FILE = "encryption-keys";

/**
 * Parses `PRISM_ENCRYPTION_KEY`: comma-separated `version:base64key` pairs (e.g. `1:…,2:…`),
 * or a single base64 key meaning version 1. Each key must decode to 32 bytes (AES-256).
 */
export function parseKeyRing(spec: string): KeyRing {
  const keys = new Map<number, Buffer>();
  for (const raw of spec
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(\d+):(.+)$/.exec(raw);
    const version = m ? Number(m[1]) : 1;
    const key = Buffer.from(m ? (m[2] ?? "") : raw, "base64");
    if (!Number.isInteger(version) || version < 1)
      throw new Error("PRISM_ENCRYPTION_KEY: versions are whole numbers from 1");
    if (key.length !== KEY_BYTES) {
      throw new Error(
        `PRISM_ENCRYPTION_KEY: key version ${version} must be 32 bytes, base64-encoded (openssl rand -base64 32)`,
      );
    }
    if (keys.has(version)) throw new Error(`PRISM_ENCRYPTION_KEY: version ${version} appears twice`);
    keys.set(version, key);
  }
  if (keys.size === 0) throw new Error("PRISM_ENCRYPTION_KEY is empty");
  return { current: Math.max(...keys.keys()), keys };
}

export function formatKeyRing(ring: KeyRing): string {
  return [...ring.keys.entries()]
    .sort(([a], [b]) => a - b)
    .map(([v, k]) => `${v}:${k.toString("base64")}`)
    .join("\n");
}

function keysFile(): string {
  return path.join(dataDir(), KEYS_FILE);
}

/**
 * The embedded default: keys kept in ./.data/encryption-keys, created once with a warning.
 * Production should set PRISM_ENCRYPTION_KEY and keep it out of the database's backups.
 */
function loadFileKeyRing(): KeyRing {
  const file = keysFile();
  if (!existsSync(/*turbopackIgnore: true*/ file)) {
    const ring: KeyRing = { current: 1, keys: new Map([[1, randomBytes(KEY_BYTES)]]) };
    writeFileSync(/*turbopackIgnore: true*/ file, `${formatKeyRing(ring)}\n`, { mode: 0o600, flag: "wx" });
    console.warn(
      `[prism] generated an encryption key in ${file}; set PRISM_ENCRYPTION_KEY for production and back the key up`,
    );
    return ring;
  }
  return parseKeyRing(readFileSync(/*turbopackIgnore: true*/ file, "utf8"));
}

/** Adds a new key version to the embedded key file (used by `npm run keys:rotate -- --new-key`). */
export function addFileKeyVersion(): KeyRing {
  if (process.env.PRISM_ENCRYPTION_KEY) {
    throw new Error("Keys come from PRISM_ENCRYPTION_KEY: add a new `version:key` pair there instead");
  }
  const ring = loadFileKeyRing();
  const keys = new Map(ring.keys);
  const next = ring.current + 1;
  keys.set(next, randomBytes(KEY_BYTES));
  const updated: KeyRing = { current: next, keys };
  writeFileSync(/*turbopackIgnore: true*/ keysFile(), `${formatKeyRing(updated)}\n`, { mode: 0o600 });
  cached = updated;
  return updated;
}

let cached: KeyRing | undefined;

/** The process's key ring, from the environment or the data folder. */
export function keyRing(): KeyRing {
  cached ??= process.env.PRISM_ENCRYPTION_KEY
    ? parseKeyRing(process.env.PRISM_ENCRYPTION_KEY)
    : loadFileKeyRing();
  return cached;
}
