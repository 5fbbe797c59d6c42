import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { path: string; headers: IncomingHttpHeaders; body: string };
export type Reply = { status?: number; type?: string; body?: string; delayMs?: number };

/**
 * A loopback HTTP receiver for tests of outbound calls (agents, sync): it records every request
 * and answers from a script (one reply per request, then `fallback`).
 */
export class TestReceiver {
  readonly received: Received[] = [];
  private script: Reply[] = [];
  fallback: Reply = { status: 200, type: "application/json", body: '{"ok":true}' };
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<TestReceiver> {
    let self: TestReceiver | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const r = self as TestReceiver;
        r.received.push({
          path: req.url ?? "/",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        });
        const reply = r.script.shift() ?? r.fallback;
        const send = () =>
          res
            .writeHead(reply.status ?? 200, { "content-type": reply.type ?? "application/json" })
            .end(reply.body ?? "");
        if (reply.delayMs) setTimeout(send, reply.delayMs);
        else send();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    self = new TestReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  get host(): string {
    return new URL(this.url).host;
  }

  /** The next requests get these replies, in order. */
  reply(...replies: Reply[]): void {
    this.script.push(...replies);
  }

  reset(): void {
    this.received.length = 0;
    this.script = [];
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
