import type { Server } from "node:http";
import { abortAllStreams, activeStreamCount } from "@/lib/chat/active";
import { lifecycle } from "./lifecycle";
import { log } from "./log";

/**
 * A graceful stop (SIGTERM): readiness turns 503 so the load balancer sends new requests
 * elsewhere, the server takes no new connections, and the responses in flight (chat turns, API
 * streams) get `drainMs` to finish. Chat streams still running then are stopped, so each is saved
 * as aborted with its usage row, before the remaining connections are closed and `flush` writes
 * the queued usage rows. Resolves when the process may exit.
 */
export async function gracefulStop(opts: {
  server: Pick<Server, "close" | "closeIdleConnections" | "closeAllConnections">;
  drainMs: number;
  flush: () => Promise<void>;
}): Promise<{ stoppedStreams: number }> {
  lifecycle.draining = true;
  let closed = false;
  opts.server.close(() => {
    closed = true;
  });
  // Keep-alive connections become idle when their response ends: close them as they do.
  const deadline = Date.now() + opts.drainMs;
  while (!closed && Date.now() < deadline) {
    opts.server.closeIdleConnections();
    await sleep(50);
  }
  const stoppedStreams = activeStreamCount();
  if (stoppedStreams > 0) {
    abortAllStreams();
    // The turns save what they streamed and unregister; give them a moment to do it.
    const saveDeadline = Date.now() + 3_000;
    while (activeStreamCount() > 0 && Date.now() < saveDeadline) await sleep(50);
  }
  opts.server.closeAllConnections();
  await opts.flush().catch((err: unknown) => log.error("usage flush at shutdown failed", { error: err }));
  log.info("stopped", { stoppedStreams });
  return { stoppedStreams };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
