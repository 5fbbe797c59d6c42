import { shared } from "@/lib/server/shared";

/**
 * Streams in progress in this process, so one column can be stopped on its own. (A stop request
 * must reach the instance running the stream; the browser's own abort stops all columns anywhere.)
 */
const active = shared(
  "active-streams",
  () => new Map<string, { userId: string; controller: AbortController }>(),
);

export function registerStream(messageId: string, userId: string): AbortController {
  const controller = new AbortController();
  active.set(messageId, { userId, controller });
  return controller;
}

export function unregisterStream(messageId: string): void {
  active.delete(messageId);
}

export function isStreaming(messageId: string): boolean {
  return active.has(messageId);
}

/** Stops one of the user's streams; false when it is not running here (or not theirs). */
export function stopStream(messageId: string, userId: string): boolean {
  const entry = active.get(messageId);
  if (!entry || entry.userId !== userId) return false;
  entry.controller.abort();
  return true;
}
