import { sql } from "drizzle-orm";
import type { Database, Db } from "@/db/client";
import { shared } from "@/lib/server/shared";

/**
 * Streams in progress in this process, so one column can be stopped on its own. A stop request
 * may reach any app instance: when the stream is not running here it is published on Postgres
 * (NOTIFY on STOP_CHANNEL), and the instance running it, which LISTENs there (listenForStops, at
 * server start), aborts it; the abort closes the upstream request like a local stop does.
 */
const active = shared(
  "active-streams",
  () => new Map<string, { userId: string; controller: AbortController }>(),
);

export const STOP_CHANNEL = "prism_chat_stop";

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

/** How many streams this process is running (a draining instance waits for them). */
export function activeStreamCount(): number {
  return active.size;
}

/** Stops every stream of this process (the end of a drain): each is saved as aborted. */
export function abortAllStreams(): void {
  for (const { controller } of active.values()) controller.abort();
}

/** Stops one of the user's streams running in this process; false when it is not here (or not theirs). */
export function stopLocalStream(messageId: string, userId: string): boolean {
  const entry = active.get(messageId);
  if (!entry || entry.userId !== userId) return false;
  entry.controller.abort();
  return true;
}

/**
 * Stops one of the user's streams wherever it runs: here, or on the instance that runs it (told
 * through Postgres; the owner check is repeated there). "elsewhere" means the stop was published.
 */
export async function stopStream(db: Db, messageId: string, userId: string): Promise<"here" | "elsewhere"> {
  if (stopLocalStream(messageId, userId)) return "here";
  await publishStop(db, messageId, userId);
  return "elsewhere";
}

/** Asks every instance to stop the user's stream (delivered when the statement commits). */
export async function publishStop(db: Db, messageId: string, userId: string): Promise<void> {
  await db.execute(sql`select pg_notify(${STOP_CHANNEL}, ${JSON.stringify({ messageId, userId })})`);
}

/** Aborts this process's streams that another instance was asked to stop. Returns the unlisten function. */
export function listenForStops(database: Pick<Database, "listen">): Promise<() => Promise<void>> {
  return database.listen(STOP_CHANNEL, (payload) => {
    try {
      const { messageId, userId } = JSON.parse(payload) as { messageId?: unknown; userId?: unknown };
      if (typeof messageId === "string" && typeof userId === "string") stopLocalStream(messageId, userId);
    } catch {
      // Not a stop request of ours: ignore.
    }
  });
}
