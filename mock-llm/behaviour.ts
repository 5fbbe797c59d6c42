/**
 * Pure parsing of mock-LLM behaviour directives.
 *
 * Directives come from the model name after an `@` (`mock-gpt@ttft=1000,tps=50,fail=429,fail_times=1`)
 * and from `x-mock-<key>: value` request headers; headers override the model name. Values are
 * URL-decoded, so a reply containing a comma is written `reply=Hello%2C%20world`.
 */

export type FailMode = { kind: "status"; status: number } | { kind: "cut" } | { kind: "hang" };

export interface Behaviour {
  /** The model name without the `@directives` suffix. */
  baseModel: string;
  /** Delay before the first token (stream) or before the whole response (non-stream), in ms. */
  ttftMs: number;
  /** Tokens per second after the first; 0 = as fast as possible. */
  tps: number;
  /** Exact reply text, or null for the default deterministic reply. */
  reply: string | null;
  /** Number of reply tokens for the default reply, or null for its natural length. */
  tokens: number | null;
  fail: FailMode | null;
  /** Only the first N requests with the same directives fail; null = every request fails. */
  failTimes: number | null;
  /** Seconds, sent as `Retry-After` on 429. */
  retryAfter: number;
  /** Tokens streamed before a `fail=cut` destroys the socket. */
  cutAfter: number;
  /** Tokens streamed before a `fail=hang` stream stops; null = never send headers at all. */
  hangAfter: number | null;
  /** false when `usage=none`: usage is left out of responses. */
  usage: boolean;
  /** Cached prompt tokens to report. */
  cached: number;
  /** Embedding dimensions when the request names none (`dims=768`); null = 16. */
  dims: number | null;
  /** Tools to call in turn (`tool=a|b`), see tools.ts; empty = never call a tool. */
  tools: string[];
  /** JSON object text of the tool calls' arguments (`tool_args`), or null for `{}`. */
  toolArgs: string | null;
  /** Canonical directive string (sorted `key=value` pairs): the `fail_times` counter key. */
  key: string;
}

export type ParseResult = { ok: true; behaviour: Behaviour } | { ok: false; error: string };

export type HeaderBag = Record<string, string | string[] | undefined>;

export const DIRECTIVE_KEYS = [
  "ttft",
  "tps",
  "reply",
  "tokens",
  "fail",
  "fail_times",
  "retry_after",
  "cut_after",
  "hang_after",
  "usage",
  "cached",
  "dims",
  "tag",
  "tool",
  "tool_args",
] as const;

type DirectiveKey = (typeof DIRECTIVE_KEYS)[number];

function isDirectiveKey(key: string): key is DirectiveKey {
  return (DIRECTIVE_KEYS as readonly string[]).includes(key);
}

/** Splits `base@k=v,k=v` into the base model name and the raw directive pairs (not yet decoded). */
export function splitModel(model: string): { baseModel: string; directives: string } {
  const at = model.indexOf("@");
  if (at < 0) return { baseModel: model, directives: "" };
  return { baseModel: model.slice(0, at), directives: model.slice(at + 1) };
}

function decode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** Parses `k=v,k=v` into a map of decoded values. */
export function parseDirectiveString(
  text: string,
): { ok: true; map: Map<string, string> } | { ok: false; error: string } {
  const map = new Map<string, string>();
  for (const part of text.split(",")) {
    const item = part.trim();
    if (item === "") continue;
    const eq = item.indexOf("=");
    if (eq <= 0) return { ok: false, error: `Invalid mock directive "${item}": expected key=value` };
    const key = item.slice(0, eq).trim().toLowerCase();
    const value = decode(item.slice(eq + 1).trim());
    if (value === null) return { ok: false, error: `Invalid mock directive "${item}": bad URL encoding` };
    map.set(key, value);
  }
  return { ok: true, map };
}

/** Reads `x-mock-<key>` headers; `x-mock-fail-times` and `x-mock-fail_times` are the same key. */
export function directivesFromHeaders(
  headers: HeaderBag,
): { ok: true; map: Map<string, string> } | { ok: false; error: string } {
  const map = new Map<string, string>();
  for (const [name, raw] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith("x-mock-") || raw === undefined) continue;
    const key = lower.slice("x-mock-".length).replaceAll("-", "_");
    const value = decode(Array.isArray(raw) ? raw.join(",") : raw);
    if (value === null) return { ok: false, error: `Invalid mock header "${name}": bad URL encoding` };
    map.set(key, value.trim());
  }
  return { ok: true, map };
}

function nonNegativeInt(key: string, value: string): number | string {
  if (!/^\d+$/.test(value)) return `Invalid mock directive ${key}=${value}: expected a non-negative integer`;
  return Number(value);
}

function nonNegativeNumber(key: string, value: string): number | string {
  const n = Number(value);
  if (value === "" || !Number.isFinite(n) || n < 0) {
    return `Invalid mock directive ${key}=${value}: expected a non-negative number`;
  }
  return n;
}

function parseFail(value: string): FailMode | string {
  const v = value.toLowerCase();
  if (v === "cut") return { kind: "cut" };
  if (v === "hang") return { kind: "hang" };
  if (/^\d{3}$/.test(v)) {
    const status = Number(v);
    if (status >= 400 && status <= 599) return { kind: "status", status };
  }
  return `Invalid mock directive fail=${value}: expected an HTTP status 400-599, "cut" or "hang"`;
}

export function defaultBehaviour(baseModel: string): Behaviour {
  return {
    baseModel,
    ttftMs: 0,
    tps: 0,
    reply: null,
    tokens: null,
    fail: null,
    failTimes: null,
    retryAfter: 1,
    cutAfter: 3,
    hangAfter: null,
    usage: true,
    cached: 0,
    dims: null,
    tools: [],
    toolArgs: null,
    key: "",
  };
}

/** Applies one directive to `b`; returns an error message or null. */
function apply(b: Behaviour, key: DirectiveKey, value: string): string | null {
  let n: number | string;
  switch (key) {
    case "reply":
      b.reply = value;
      return null;
    case "tag":
      return null;
    case "tool": {
      const names = value.split("|").map((n) => n.trim());
      if (names.some((n) => !/^[A-Za-z0-9_.-]{1,64}$/.test(n)))
        return `Invalid mock directive tool=${value}: expected tool names separated by |`;
      b.tools = names;
      return null;
    }
    case "tool_args": {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        parsed = null;
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        return `Invalid mock directive tool_args=${value}: expected a JSON object`;
      b.toolArgs = JSON.stringify(parsed);
      return null;
    }
    case "usage":
      if (value !== "none" && value !== "full")
        return `Invalid mock directive usage=${value}: expected "none" or "full"`;
      b.usage = value === "full";
      return null;
    case "fail": {
      const f = parseFail(value);
      if (typeof f === "string") return f;
      b.fail = f;
      return null;
    }
    case "tps":
    case "retry_after":
      n = nonNegativeNumber(key, value);
      if (typeof n === "string") return n;
      if (key === "tps") b.tps = n;
      else b.retryAfter = n;
      return null;
    default:
      n = nonNegativeInt(key, value);
      if (typeof n === "string") return n;
      if (key === "ttft") b.ttftMs = n;
      else if (key === "tokens") b.tokens = n;
      else if (key === "fail_times") b.failTimes = n;
      else if (key === "cut_after") b.cutAfter = n;
      else if (key === "hang_after") b.hangAfter = n;
      else if (key === "dims") b.dims = Math.min(8192, Math.max(1, n));
      else b.cached = n;
      return null;
  }
}

/** Resolves the behaviour of one request from its model name (may be null) and headers. */
export function parseBehaviour(model: string | null, headers: HeaderBag = {}): ParseResult {
  const { baseModel, directives } = splitModel(model ?? "");
  const fromModel = parseDirectiveString(directives);
  if (!fromModel.ok) return fromModel;
  const fromHeaders = directivesFromHeaders(headers);
  if (!fromHeaders.ok) return fromHeaders;
  const merged = new Map([...fromModel.map, ...fromHeaders.map]);
  const b = defaultBehaviour(baseModel);
  for (const [key, value] of merged) {
    if (!isDirectiveKey(key)) {
      return { ok: false, error: `Unknown mock directive "${key}"; known: ${DIRECTIVE_KEYS.join(", ")}` };
    }
    const error = apply(b, key, value);
    if (error !== null) return { ok: false, error };
  }
  b.key = [...merged.entries()]
    .sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join(",");
  return { ok: true, behaviour: b };
}
