import type { IncomingMessage, ServerResponse } from "node:http";
import { openAiErrorParts } from "@/lib/api/openai-compat";
import type { ApiCall, ApiReply } from "@/lib/api/reply";
import { AppError } from "@/lib/errors";
import { SECURITY_HEADERS } from "./security-headers";

/** A handler the HTTP server answers itself, keyed by "METHOD /path". */
export type FastRoutes = Readonly<Record<string, (call: ApiCall) => Promise<ApiReply>>>;

/** OpenAI accepts requests up to tens of megabytes; long chat histories are big but not bigger. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (declared > limit) return reject(tooLarge(limit));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(tooLarge(limit));
      } else chunks.push(chunk);
    });
    req.once("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

const tooLarge = (limit: number) =>
  new AppError("bad_request", `The request body is larger than ${Math.round(limit / 1024 / 1024)} MB.`);

function writeJson(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
  });
  res.end(payload);
}

/**
 * Answers the fast routes on a plain node:http server, without the framework's per-request work:
 * the body is read once, the caller's disconnect aborts the call (and with it the upstream request),
 * SSE events are written as they come with backpressure. Returns false for any other request.
 */
export function fastApiHandler(routes: FastRoutes, opts: { maxBodyBytes?: number } = {}) {
  const limit = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? "";
    const q = url.indexOf("?");
    const handler = routes[`${req.method} ${q < 0 ? url : url.slice(0, q)}`];
    if (!handler) return false;
    const controller = new AbortController();
    // "close" before the response finished = the client went away.
    res.once("close", () => {
      if (!res.writableFinished) controller.abort(new DOMException("client disconnected", "AbortError"));
    });
    const body = readBody(req, limit);
    // A body that is too large is answered even when the handler never reads it.
    body.catch(() => {});
    handler({
      authorization: req.headers.authorization ?? null,
      header: (name) => {
        const value = req.headers[name];
        return (Array.isArray(value) ? value[0] : value) ?? null;
      },
      json: async () => {
        const text = (await body).toString("utf8");
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new AppError("bad_request", "The request body is not valid JSON.");
        }
      },
      signal: controller.signal,
    })
      .then((reply) =>
        reply.type === "json"
          ? writeJson(res, reply.status, reply.headers, reply.body)
          : writeEvents(res, reply),
      )
      .catch((err: unknown) => {
        if (res.headersSent) return res.destroy();
        const { status, headers, body: errBody } = openAiErrorParts(err);
        writeJson(res, status, headers, errBody);
      });
    return true;
  };
}

async function writeEvents(res: ServerResponse, reply: Extract<ApiReply, { type: "sse" }>): Promise<void> {
  res.writeHead(reply.status, { ...SECURITY_HEADERS, ...reply.headers });
  const iterator = reply.events[Symbol.asyncIterator]();
  // Events that are ready together (one upstream read often holds several) go out as one chunk:
  // they are joined until the current run of microtasks is over, then written at once — one
  // syscall and one chunk header instead of one per event.
  let pending = "";
  const flush = () => {
    if (pending === "" || res.destroyed) return;
    res.write(pending);
    pending = "";
  };
  try {
    for (;;) {
      if (res.destroyed) break;
      // The stream's own flag, not a remembered write() result: a drain that happened while we
      // waited for the next event must not be waited for again (that would never end).
      if (res.writableNeedDrain) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off("drain", done);
            res.off("close", done);
            resolve();
          };
          res.on("drain", done);
          res.on("close", done);
        });
      }
      const next = await iterator.next();
      if (next.done) break;
      if (pending === "") process.nextTick(flush);
      pending += next.value;
    }
  } finally {
    await iterator.return?.();
    if (!res.destroyed) res.end(pending || undefined);
    pending = "";
  }
}
