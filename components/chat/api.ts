import type { TurnEvent } from "@/lib/chat/turn";
import type { Target } from "./types";

/** Calls to Prism's chat API from the browser. Errors come back as `{error: {code, message, field?}}`. */

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

export async function errorFrom(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return new ApiError(
    body?.error?.message ?? `The request failed (${res.status}). Please try again.`,
    res.status,
    body?.error?.code,
  );
}

/** JSON request; throws ApiError with the server's message on a 4xx/5xx. */
export async function api<T = unknown>(
  url: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError("Prism could not be reached. Check your connection and try again.", 0);
  }
  if (!res.ok) throw await errorFrom(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export type ChatRequest =
  | { action: "send"; conversationId: string; parentId: string | null; content: string; targets: Target[] }
  | { action: "regenerate"; conversationId: string; userMessageId: string; targets: Target[] }
  | {
      action: "fuse";
      conversationId: string;
      turnId: string;
      fuserModelId: string;
      fuserIntegrationId: null;
    };

/** One server-sent event of a chat turn: the server's own type (a type-only import, erased from the bundle). */
export type { TurnEvent } from "@/lib/chat/turn";
export type Metrics = Extract<TurnEvent, { type: "done" }>["metrics"];

/** Reads a `text/event-stream` body, calling `onEvent` for each `data:` JSON line. */
export async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (e: TurnEvent) => void) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const chunk = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of chunk.split("\n")) {
        if (!line.startsWith("data:")) continue;
        try {
          onEvent(JSON.parse(line.slice(5).trim()) as TurnEvent);
        } catch {
          // A malformed line is skipped; the reconcile after the turn shows what was saved.
        }
      }
      end = buffer.indexOf("\n\n");
    }
  }
}
