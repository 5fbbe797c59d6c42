import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { registerStream, unregisterStream } from "@/lib/chat/active";
import { gracefulStop } from "./drain";
import { lifecycle } from "./lifecycle";

/** SIGTERM's drain against a real HTTP server with responses in flight. */
function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

describe("graceful stop", () => {
  afterEach(() => {
    lifecycle.draining = false;
  });

  it("lets a response in flight finish, refuses new connections, then flushes", async () => {
    const { server, url } = await listen((_req, res) => {
      res.write("one ");
      setTimeout(() => res.end("two"), 300);
    });
    const inFlight = fetch(url).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 50));
    let flushed = false;
    const flush = async () => {
      flushed = true;
    };
    const started = Date.now();
    const stop = gracefulStop({ server, drainMs: 5_000, flush });
    expect(lifecycle.draining).toBe(true);
    await expect(fetch(url)).rejects.toThrow();
    expect(await inFlight).toBe("one two");
    expect(await stop).toEqual({ stoppedStreams: 0 });
    // Done when the last response ended, not at the end of the drain window.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(flushed).toBe(true);
  });

  it("stops chat streams that outlast the drain, so they are saved as aborted", async () => {
    const id = randomUUID();
    let aborted = false;
    const { server, url } = await listen((_req, res) => {
      const controller = registerStream(id, "alice");
      res.write("streaming");
      controller.signal.addEventListener("abort", () => {
        aborted = true;
        unregisterStream(id); // the turn saves its partial answer and unregisters
        res.end();
      });
    });
    const inFlight = fetch(url).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 50));
    const result = await gracefulStop({ server, drainMs: 200, flush: async () => {} });
    expect(result).toEqual({ stoppedStreams: 1 });
    expect(aborted).toBe(true);
    expect(await inFlight).toBe("streaming");
  });
});
