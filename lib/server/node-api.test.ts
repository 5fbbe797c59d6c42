import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiCall } from "@/lib/api/reply";
import { AppError } from "@/lib/errors";
import { fastApiHandler } from "./node-api";

/** The HTTP server's fast path with test handlers, over real HTTP. */
describe("fastApiHandler", () => {
  let server: Server;
  let base = "";
  const seen: { call: ApiCall; aborted: Promise<void> }[] = [];
  let releaseStream: () => void = () => {};

  beforeAll(async () => {
    const fast = fastApiHandler(
      {
        "POST /echo": async (call) => ({
          type: "json",
          status: 201,
          headers: { "x-test": "1" },
          body: { auth: call.authorization, got: await call.json() },
        }),
        "POST /fails": async () => {
          throw new AppError("rate_limited", "Slow down.", { retryAfter: 2 });
        },
        "POST /burst": async () => {
          async function* events() {
            // More than the socket's buffer in one go, then a pause long enough for it to drain.
            for (let i = 0; i < 200; i++) yield `data: ${"x".repeat(200)}\n\n`;
            await new Promise((r) => setTimeout(r, 200));
            yield "data: after\n\n";
            yield "data: [DONE]\n\n";
          }
          return {
            type: "sse",
            status: 200,
            headers: { "content-type": "text/event-stream" },
            events: events(),
          };
        },
        "POST /stream": async (call) => {
          const aborted = new Promise<void>((r) => call.signal.addEventListener("abort", () => r()));
          seen.push({ call, aborted });
          const gate = new Promise<void>((r) => {
            releaseStream = r;
          });
          async function* events() {
            yield "data: one\n\n";
            yield "data: two\n\n";
            await gate;
            yield "data: [DONE]\n\n";
          }
          return {
            type: "sse",
            status: 200,
            headers: { "content-type": "text/event-stream" },
            events: events(),
          };
        },
      },
      { maxBodyBytes: 1024 },
    );
    server = createServer((req, res) => {
      if (!fast(req, res)) res.writeHead(404).end("framework");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", ...headers },
    });

  it("answers its routes (query strings ignored) and leaves everything else to the framework", async () => {
    const res = await post("/echo?x=1", JSON.stringify({ a: 1 }), { authorization: "Bearer k" });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-test")).toBe("1");
    // The same security headers as every Next.js response.
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(await res.json()).toEqual({ auth: "Bearer k", got: { a: 1 } });
    expect((await fetch(`${base}/echo`)).status).toBe(404); // GET is not a fast route
    expect(await (await post("/other", "{}")).text()).toBe("framework");
  });

  it("turns errors into OpenAI's error shape with their status and Retry-After", async () => {
    const res = await post("/fails", "{}");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(await res.json()).toEqual({
      error: { message: "Slow down.", type: "rate_limit_error", param: null, code: "rate_limit_exceeded" },
    });
  });

  it("refuses bodies over the limit and reports bad JSON to the handler", async () => {
    const big = await post("/echo", JSON.stringify({ x: "y".repeat(2000) }));
    expect(big.status).toBe(400);
    expect((await big.json()).error.message).toMatch(/larger than/);
    const bad = await post("/echo", "{not json");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toBe("The request body is not valid JSON.");
  });

  it("finishes a stream whose burst filled the socket buffer and drained during a pause", async () => {
    const res = await post("/burst", "{}");
    const text = await Promise.race([
      res.text(),
      new Promise<string>((_, reject) =>
        setTimeout(() => reject(new Error("the stream never ended")), 5_000),
      ),
    ]);
    expect(text.split("\n\n").filter(Boolean)).toHaveLength(202);
    expect(text.endsWith("data: after\n\ndata: [DONE]\n\n")).toBe(true);
  });

  it("streams events as they come and aborts the call when the client goes away", async () => {
    const chunks: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request(`${base}/stream`, { method: "POST" }, (res) => {
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          chunks.push(c);
          // Both events arrive before the stream ends; then hang up.
          if (chunks.join("").includes("two")) {
            req.destroy();
            resolve();
          }
        });
        res.on("error", () => {});
      });
      req.on("error", (err) => (chunks.length ? undefined : reject(err)));
      req.end("{}");
    });
    expect(chunks.join("")).toBe("data: one\n\ndata: two\n\n");
    await seen[0]?.aborted;
    expect(seen[0]?.call.signal.aborted).toBe(true);
    releaseStream();
  });
});
