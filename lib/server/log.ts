import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { shared } from "./shared";

/**
 * Structured logs: one JSON object per line ({ time, level, msg, requestId, ...fields }) on stdout
 * (errors and warnings on stderr), at PRISM_LOG_LEVEL and above. The request id comes from the
 * request being served (server.ts runs each request in a context: the incoming `X-Request-Id` when
 * it looks like one, else a new uuid), so every line of one request, and the model calls it makes
 * (the gateway sends it upstream as `X-Request-Id`), can be found together.
 */

type Level = "debug" | "info" | "warn" | "error";
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const context = shared("request-context", () => new AsyncLocalStorage<{ requestId: string }>());

/** The id of the request being served, if any. */
export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId;
}

/** A proxy's request id when it is a plausible token, else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[A-Za-z0-9._:-]{8,128}$/.test(value) ? value : randomUUID();
}

/** Runs `fn` as part of the request `requestId`. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return context.run({ requestId }, fn);
}

function threshold(): number {
  const level = process.env.PRISM_LOG_LEVEL as Level | undefined;
  return RANK[level && level in RANK ? level : "info"];
}

function errorFields(value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}

function write(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (RANK[level] < threshold()) return;
  const entry: Record<string, unknown> = { time: new Date().toISOString(), level, msg };
  const requestId = currentRequestId();
  if (requestId) entry.requestId = requestId;
  for (const [k, v] of Object.entries(fields)) entry[k] = errorFields(v);
  const line = `${JSON.stringify(entry)}\n`;
  if (RANK[level] >= RANK.warn) process.stderr.write(line);
  else process.stdout.write(line);
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};
