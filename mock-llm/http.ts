/**
 * Per-request context (log entry, timers, abort tracking) and the providers' published error shapes.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";

export interface MockRequest {
  id: number;
  method: string;
  path: string;
  /** The requested model exactly as sent (directives included), or null. */
  model: string | null;
  stream: boolean;
  apiKey: string | null;
  startedAt: number;
  /** HTTP status once headers were sent, else null. */
  status: number | null;
  /** Reply tokens written to the client. */
  tokensSent: number;
  /** The response was written completely. */
  completed: boolean;
  /** The client went away before the response finished. */
  clientClosed: boolean;
  /** The system prompt the request carried (for tests that check what reached the model). */
  system?: string | null;
  temperature?: number;
  /** The caller's `X-Request-Id` header, if it sent one. */
  requestId?: string | null;
  /** Names of the tools the request offered, and how many tool results it carried. */
  tools?: string[];
  toolResults?: number;
}

export type Flavor = "openai" | "anthropic";

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  entry: MockRequest;
  flavor: Flavor;
  requestId: string;
  /** True once the response is over (finished, cut, or the client went away). */
  closed: boolean;
  /** Runs `fn` after `ms` (synchronously when `ms <= 0`); cancelled if the connection closes first. */
  later(ms: number, fn: () => void): void;
  writeHead(status: number, headers: OutgoingHttpHeaders): void;
  /** Destroys the socket without finishing the response (not counted as a client close). */
  cut(): void;
}

/** A random alphanumeric id suffix, like the providers'. */
export function randomId(length = 24): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

export function createCtx(
  req: IncomingMessage,
  res: ServerResponse,
  entry: MockRequest,
  flavor: Flavor,
): Ctx {
  const timers = new Set<NodeJS.Timeout>();
  let cutByServer = false;
  const ctx: Ctx = {
    req,
    res,
    entry,
    flavor,
    requestId: `req_${randomId()}`,
    closed: false,
    later(ms, fn) {
      if (ctx.closed) return;
      if (ms <= 0) {
        fn();
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!ctx.closed) fn();
      }, ms);
      timers.add(timer);
    },
    writeHead(status, headers) {
      const idHeader = flavor === "anthropic" ? "request-id" : "x-request-id";
      res.writeHead(status, { [idHeader]: ctx.requestId, ...headers });
      entry.status = status;
    },
    cut() {
      cutByServer = true;
      res.destroy();
    },
  };
  res.on("finish", () => {
    entry.completed = true;
  });
  res.on("close", () => {
    ctx.closed = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    if (!res.writableFinished && !cutByServer) entry.clientClosed = true;
  });
  return ctx;
}

export function sendJson(ctx: Ctx, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  if (ctx.closed) return;
  const text = JSON.stringify(body);
  ctx.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  ctx.res.end(text);
}

export const SSE_HEADERS: OutgoingHttpHeaders = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
};

const MAX_BODY = 32 * 1024 * 1024;

/** Reads the request body as text; resolves null if it exceeds 32 MiB or the client goes away. */
export function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(null));
    req.on("aborted", () => resolve(null));
  });
}

export interface ErrorDetails {
  status: number;
  message?: string;
  /** Model name, used in some messages. */
  model?: string;
  /** OpenAI `param`. */
  param?: string | null;
  /** OpenAI `code`, overriding the default for the status. */
  code?: string | null;
  apiKey?: string | null;
  retryAfter?: number;
}

function maskKey(key: string | null | undefined): string {
  if (!key) return "";
  return key.length <= 8 ? `${key.slice(0, 2)}****` : `${key.slice(0, 3)}****${key.slice(-4)}`;
}

function openaiErrorBody(d: ErrorDetails): unknown {
  const s = d.status;
  let type = s >= 500 ? "server_error" : "invalid_request_error";
  let code: string | null = null;
  let message = d.message;
  if (s === 401) {
    code = "invalid_api_key";
    message ??= `Incorrect API key provided: ${maskKey(d.apiKey)}. You can find your API key at https://platform.openai.com/account/api-keys.`;
  } else if (s === 429) {
    type = "requests";
    code = "rate_limit_exceeded";
    message ??= `Rate limit reached for ${d.model ?? "model"} in organization org-prism-mock on requests per min (RPM): Limit 1, Used 1, Requested 1. Please try again in ${d.retryAfter ?? 1}s.`;
  } else if (s === 404) {
    code = "model_not_found";
    message ??= `The model \`${d.model ?? ""}\` does not exist or you do not have access to it.`;
  } else if (s === 403) {
    message ??= "You are not allowed to perform this request.";
  } else if (s === 500) {
    message ??= "The server had an error while processing your request. Sorry about that!";
  } else if (s === 503) {
    message ??= "The server is overloaded or not ready yet.";
  }
  message ??= s >= 500 ? "The server had an error while processing your request." : "Invalid request.";
  if (d.code !== undefined) code = d.code;
  return { error: { message, type, param: d.param ?? null, code } };
}

const ANTHROPIC_TYPES: Record<number, [string, string]> = {
  400: ["invalid_request_error", "Invalid request."],
  401: ["authentication_error", "invalid x-api-key"],
  403: ["permission_error", "Your API key does not have permission to use the specified resource."],
  404: ["not_found_error", "Not found"],
  413: ["request_too_large", "Request exceeds the maximum allowed number of bytes."],
  429: ["rate_limit_error", "Number of requests has exceeded your rate limit. Please try again later."],
  500: ["api_error", "Internal server error"],
  503: ["overloaded_error", "Overloaded"],
  529: ["overloaded_error", "Overloaded"],
};

function anthropicErrorBody(d: ErrorDetails, requestId: string): unknown {
  const [type, message] =
    ANTHROPIC_TYPES[d.status] ??
    (d.status >= 500
      ? ["api_error", "Internal server error"]
      : ["invalid_request_error", "Invalid request."]);
  return { type: "error", error: { type, message: d.message ?? message }, request_id: requestId };
}

/** Sends an error in the provider's published shape (plus `Retry-After` on 429). */
export function sendError(ctx: Ctx, d: ErrorDetails): void {
  const body = ctx.flavor === "anthropic" ? anthropicErrorBody(d, ctx.requestId) : openaiErrorBody(d);
  const headers: OutgoingHttpHeaders = d.status === 429 ? { "retry-after": String(d.retryAfter ?? 1) } : {};
  sendJson(ctx, d.status, body, headers);
}
