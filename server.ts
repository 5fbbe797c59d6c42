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
  if (fast(req, res)) return;
  void handle(req, res);
});
// Keep idle client connections longer than common proxies' (60 s) so they never race a close.
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => {
  console.log(`[prism] listening on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`);
});
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  // Stop taking connections; the gateway flushes queued usage rows and exits (lib/ai/instance.ts).
  process.once(signal, () => {
    server.close();
    if (!globalThis.__prismGateway) process.exit(0);
    // The gateway's own handler flushes usage rows and exits; this bounds a gateway still starting.
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
