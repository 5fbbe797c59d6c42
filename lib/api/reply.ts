/**
 * What an API handler answers, independent of the HTTP layer: the Next.js route handler and the
 * HTTP server's fast path (server.ts) both write it out.
 */
export type ApiReply =
  | { type: "json"; status: number; headers: Record<string, string>; body: unknown }
  | { type: "sse"; status: 200; headers: Record<string, string>; events: AsyncIterable<string> };

export type ApiCall = {
  authorization: string | null;
  /** Any other request header, by its lower-case name (e.g. Anthropic's `x-api-key`). */
  header: (name: string) => string | null;
  /** Reads and parses the request body; rejects when it is not JSON. */
  json: () => Promise<unknown>;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
};

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
};

/** An ApiReply as a web Response (route handlers). */
export function toResponse(reply: ApiReply): Response {
  if (reply.type === "json")
    return Response.json(reply.body, { status: reply.status, headers: reply.headers });
  const encoder = new TextEncoder();
  const iterator = reply.events[Symbol.asyncIterator]();
  const readable = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(readable, { status: reply.status, headers: reply.headers });
}
