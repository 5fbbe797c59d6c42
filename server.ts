/**
 * Prism's production HTTP server: Next.js for every page and route, except the public API's hot
 * paths (POST /api/v1/chat/completions and /api/v1/messages), which are answered here directly by the same handler the
 * Next.js route uses — without the framework's per-request work (request/response objects, routing,
 * async context), which costs more than the gateway itself on a streamed call.
 *
 *   tsx server.ts [--port 3000] [--hostname 0.0.0.0]     (PORT also works)
 *
 * Expects a production build (`next build`; NEXT_DIST_DIR selects another build folder).
 */
import "./lib/server/production-env";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import { anthropicMessages } from "./lib/api/anthropic-messages";
import { chatCompletions } from "./lib/api/chat-completions";
import { gracefulStop } from "./lib/server/drain";
import { lifecycle } from "./lib/server/lifecycle";
import { log, requestIdFrom, withRequestId } from "./lib/server/log";
import { metrics, routeLabel } from "./lib/server/metrics";
import { fastApiHandler } from "./lib/server/node-api";

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
// Not HOSTNAME from the environment: containers set it to their own name.
const hostname = values.hostname ?? "0.0.0.0";

const app = next({ dev: false, dir: process.cwd(), hostname, port });
const handle = app.getRequestHandler();
const fast = fastApiHandler({
  "POST /api/v1/chat/completions": (call) => chatCompletions(call),
  "POST /api/v1/messages": (call) => anthropicMessages(call),
});

await app.prepare();
const server = createServer((req, res) => {
  const started = performance.now();
  res.once("close", () => {
    const labels = {
      method: req.method ?? "GET",
      route: routeLabel(new URL(req.url ?? "/", "http://x").pathname),
    };
    metrics.httpRequests.inc({ ...labels, status: String(res.statusCode) });
    metrics.httpDuration.observe(labels, (performance.now() - started) / 1000);
  });
  const requestId = requestIdFrom(req.headers["x-request-id"]);
  res.setHeader("x-request-id", requestId);
  withRequestId(requestId, () => {
    if (fast(req, res)) return;
    void handle(req, res);
  });
});
// Keep idle client connections longer than common proxies' (60 s) so they never race a close.
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => {
  log.info(`listening on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`, { port });
});
// SIGTERM drains: readiness 503, no new connections, streams in flight get PRISM_DRAIN_MS to finish
// (then they are saved as aborted), queued usage rows are written, and the process exits.
lifecycle.ownsShutdown = true;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    const drainMs = Number(process.env.PRISM_DRAIN_MS ?? 20_000);
    // Bounds a drain that cannot finish (a database that went away).
    setTimeout(() => process.exit(1), drainMs + 10_000).unref();
    void gracefulStop({
      server,
      drainMs,
      flush: async () => (await globalThis.__prismGateway)?.flush(),
    }).finally(() => process.exit(0));
  });
}
