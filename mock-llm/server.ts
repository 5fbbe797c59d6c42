/**
 * Prism's mock model server: speaks the OpenAI (chat completions, embeddings, models) and Anthropic
 * (messages) wire formats, and lists its models the way Ollama does (`/api/tags`), over plain `node:http`, with per-request behaviour directives (latency,
 * throughput, failures, usage) taken from the model name (`mock-gpt@ttft=500,fail=429`) or from
 * `x-mock-<key>` headers. See behaviour.ts for the directives.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { messagesPlan, validateMessages } from "./anthropic";
import { type Behaviour, parseBehaviour } from "./behaviour";
import { isRecord } from "./content";
import { type Ctx, createCtx, type Flavor, type MockRequest, readBody, sendError, sendJson } from "./http";
import { tagsPlan } from "./ollama";
import { chatPlan, embeddingsPlan, modelsPlan, validateChat, validateEmbeddings } from "./openai";
import { type ResponsePlan, respond } from "./respond";
import { offeredTools, toolResults } from "./tools";

export type { MockRequest } from "./http";

export interface MockLlm {
  /** Base URL without `/v1`, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  /** Snapshot of the request log (every `/v1/*` or unknown request; `/__mock/*` is not logged). */
  requests(): MockRequest[];
  /** Clears the request log and the `fail_times` counters. */
  reset(): void;
  close(): Promise<void>;
}

type Route = "models" | "tags" | "chat" | "embeddings" | "messages";

function route(method: string, path: string): Route | null {
  if (method === "GET" && path === "/v1/models") return "models";
  if (method === "GET" && path === "/api/tags") return "tags";
  if (method === "POST" && path === "/v1/chat/completions") return "chat";
  if (method === "POST" && path === "/v1/embeddings") return "embeddings";
  if (method === "POST" && path === "/v1/messages") return "messages";
  return null;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `x-api-key` (Anthropic) or `Authorization: Bearer <key>` (OpenAI); null when neither is sent. */
export function apiKeyOf(req: IncomingMessage): string | null {
  const xApiKey = headerValue(req, "x-api-key");
  if (xApiKey) return xApiKey;
  const auth = headerValue(req, "authorization");
  const match = auth ? /^Bearer\s+(.+)$/i.exec(auth.trim()) : null;
  return match ? match[1]!.trim() : null;
}

export function isBadKey(key: string | null): boolean {
  return key !== null && /bad|wrong|invalid/i.test(key);
}

export function startMockLlm(opts: { port?: number; host?: string } = {}): Promise<MockLlm> {
  const host = opts.host ?? "127.0.0.1";
  let log: MockRequest[] = [];
  let nextId = 1;
  let failCounts = new Map<string, number>();

  /** Whether this request fails, honouring `fail_times` (counted per canonical directive string). */
  const shouldFail = (b: Behaviour): boolean => {
    if (b.fail === null) return false;
    if (b.failTimes === null) return true;
    const seen = failCounts.get(b.key) ?? 0;
    failCounts.set(b.key, seen + 1);
    return seen < b.failTimes;
  };

  const reset = (): void => {
    log = [];
    failCounts = new Map();
  };

  const admin = (req: IncomingMessage, res: ServerResponse, path: string): void => {
    req.resume();
    const send = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
      });
      res.end(text);
    };
    if (req.method === "GET" && path === "/__mock/requests") send(200, log);
    else if (req.method === "POST" && path === "/__mock/reset") {
      reset();
      send(200, { ok: true });
    } else if (req.method === "GET" && path === "/__mock/health")
      send(200, { ok: true, requests: log.length });
    else {
      send(404, {
        error: {
          message: `Invalid URL (${req.method} ${path})`,
          type: "invalid_request_error",
          param: null,
          code: null,
        },
      });
    }
  };

  const handleBody = (ctx: Ctx, which: Route, body: unknown): void => {
    const { req, entry } = ctx;
    let model: string;
    let build: (b: Behaviour) => ResponsePlan;
    if (which === "models" || which === "tags") {
      model = "";
      build = which === "tags" ? () => tagsPlan() : () => modelsPlan();
    } else {
      const v =
        which === "embeddings"
          ? validateEmbeddings(body)
          : which === "chat"
            ? validateChat(body)
            : validateMessages(body);
      if ("status" in v) {
        if (isRecord(body) && typeof body.model === "string") entry.model = body.model;
        sendError(ctx, v);
        return;
      }
      const fields = v;
      const record = body as Record<string, unknown>;
      model = fields.model;
      entry.model = model;
      entry.stream = which !== "embeddings" && record.stream === true;
      entry.system = systemOf(which, record);
      if (typeof record.temperature === "number") entry.temperature = record.temperature;
      if ("messages" in fields) {
        entry.tools = offeredTools(record);
        entry.toolResults = toolResults(fields.messages).length;
      }
      build = (b) => {
        if ("inputs" in fields)
          return embeddingsPlan(model, fields.inputs, fields.dimensions, fields.base64, b);
        if (which === "chat") return chatPlan(record, model, fields.messages, b);
        return messagesPlan(record, model, fields.messages, b);
      };
    }
    const parsed = parseBehaviour(model === "" ? null : model, req.headers);
    if (!parsed.ok) {
      sendError(ctx, { status: 400, message: parsed.error, param: "model" });
      return;
    }
    const b = parsed.behaviour;
    respond(ctx, b, build(b), shouldFail(b));
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://mock").pathname;
    if (path.startsWith("/__mock/")) {
      admin(req, res, path);
      return;
    }
    const entry: MockRequest = {
      id: nextId++,
      method,
      path,
      model: null,
      stream: false,
      apiKey: apiKeyOf(req),
      startedAt: Date.now(),
      status: null,
      tokensSent: 0,
      completed: false,
      clientClosed: false,
      requestId: headerValue(req, "x-request-id") ?? null,
    };
    log.push(entry);
    const which = route(method, path);
    const flavor: Flavor =
      path === "/v1/messages" || path.startsWith("/v1/messages/") ? "anthropic" : "openai";
    const ctx = createCtx(req, res, entry, flavor);
    if (which === null) {
      req.resume();
      sendJson(ctx, 404, {
        error: {
          message: `Invalid URL (${method} ${path})`,
          type: "invalid_request_error",
          param: null,
          code: null,
        },
      });
      return;
    }
    if (isBadKey(entry.apiKey)) {
      req.resume();
      sendError(ctx, { status: 401, apiKey: entry.apiKey });
      return;
    }
    if (which === "models" || which === "tags") {
      req.resume();
      handleBody(ctx, which, undefined);
      return;
    }
    void readBodyThen(ctx, (text) => {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        const message =
          flavor === "anthropic"
            ? "There was an error parsing the body of your request as JSON."
            : "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.";
        sendError(ctx, { status: 400, message });
        return;
      }
      handleBody(ctx, which, body);
    });
  };

  const server = createServer(handle);
  server.keepAliveTimeout = 65_000;

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      const urlHost = host.includes(":") ? `[${host}]` : host;
      resolve({
        url: `http://${urlHost}:${port}`,
        port,
        requests: () => log.map((entry) => ({ ...entry })),
        reset,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function readBodyThen(ctx: Ctx, fn: (text: string) => void): Promise<void> {
  const text = await readBody(ctx.req);
  if (ctx.closed) return;
  if (text === null) {
    sendError(ctx, { status: 413 });
    return;
  }
  fn(text);
}

/** The system prompt a request carried: OpenAI system/developer messages, or Anthropic's `system`. */
function systemOf(which: Route, body: Record<string, unknown>): string | null {
  if (which === "messages") {
    const sys = body.system;
    if (typeof sys === "string") return sys;
    if (Array.isArray(sys))
      return sys.map((b) => (isRecord(b) && typeof b.text === "string" ? b.text : "")).join("\n") || null;
    return null;
  }
  if (which !== "chat" || !Array.isArray(body.messages)) return null;
  const texts = body.messages
    .filter(
      (m): m is Record<string, unknown> => isRecord(m) && (m.role === "system" || m.role === "developer"),
    )
    .map((m) =>
      typeof m.content === "string"
        ? m.content
        : Array.isArray(m.content)
          ? m.content.map((c) => (isRecord(c) && typeof c.text === "string" ? c.text : "")).join("")
          : "",
    );
  return texts.length ? texts.join("\n") : null;
}
