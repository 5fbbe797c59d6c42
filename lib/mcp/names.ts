import { createHash } from "node:crypto";

/** The function-name rule OpenAI (and so most providers) enforce on tool names. */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX = 64;

const clean = (s: string) => s.replace(/[^a-zA-Z0-9_-]+/g, "_").replace(/^_+|_+$/g, "") || "x";
const hash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 8);

/**
 * `server__tool`, the name a model sees for one server's tool. Characters outside the rule become
 * `_`; a name past 64 characters is cut and given a hash of the full pair, so two long names never
 * collide. Callers keep a map from this name back to (server, tool).
 */
export function namespacedName(server: string, tool: string): string {
  const full = `${clean(server)}__${clean(tool)}`;
  const exact = `${server}__${tool}`;
  if (full.length <= MAX && full === exact) return full;
  if (full.length <= MAX) return full.length + 9 <= MAX ? `${full}_${hash(exact)}` : full;
  const suffix = `_${hash(exact)}`;
  return `${full.slice(0, MAX - suffix.length)}${suffix}`;
}
