import http from "node:http";

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

export type StreamResult = { ttftMs: number; totalMs: number; ok: boolean; status: number };

/**
 * POSTs a streaming chat completion and reads the SSE body to the end, timing the first content
 * delta. Plain node:http with keep-alive, so the client adds as little as possible to what is measured.
 */
export function streamChat(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<StreamResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const payload = JSON.stringify(body);
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
          ...headers,
        },
      },
      (res) => {
        let ttft = -1;
        let buffer = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (ttft >= 0) return;
          buffer += chunk;
          // The first event carrying a non-empty content delta.
          if (/"content":"[^"]/.test(buffer)) ttft = performance.now() - started;
        });
        res.on("end", () =>
          resolve({
            ttftMs: ttft,
            totalMs: performance.now() - started,
            ok: res.statusCode === 200 && ttft >= 0,
            status: res.statusCode ?? 0,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}

/** Runs `clients` concurrent loops for `ms`, counting completed streams. */
export async function throughput(
  clients: number,
  ms: number,
  once: () => Promise<StreamResult>,
): Promise<{ streams: number; failed: number; perSecond: number }> {
  const until = performance.now() + ms;
  let streams = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const r = await once().catch(() => ({ ok: false }) as StreamResult);
        if (r.ok) streams++;
        else failed++;
      }
    }),
  );
  const elapsed = performance.now() - started;
  return { streams, failed, perSecond: (streams / elapsed) * 1000 };
}

/** A bare pass-through proxy: forwards each request to the target and pipes the answer back. */
export function startPassThrough(target: string, port: number): Promise<http.Server> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const proxied = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        agent,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    proxied.on("error", () => res.destroy());
    req.pipe(proxied);
  });
  return new Promise((r) => server.listen(port, "127.0.0.1", () => r(server)));
}
