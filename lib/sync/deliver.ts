import { and, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  type OmniBridgeSync,
  omniBridgeSync,
  SYNC_DATA_KINDS,
  type SyncDataKind,
  type SyncDelivery,
  type SyncTrigger,
  syncDeliveries,
} from "@/db/schema";
import { decryptSecret, SECRET_PURPOSE } from "@/lib/crypto/secrets";
import { sendTask } from "@/lib/jobs/tasks";
import { failureOfStatus, PostFailure, signedPost } from "@/lib/net/signed-post";
import { type Cursor, hasChanges, pageOf } from "./payload";

/**
 * Deliveries to sync targets, run as background tasks (lib/jobs/tasks.ts `sync-deliver`). A
 * delivery is claimed by moving its next_attempt_at forward (a lease), so two workers never send
 * it at once and a crashed attempt is picked up by the maintenance sweep when the lease ends. A
 * failure that may pass (network, timeout, 429, 5xx) is tried again with exponential backoff.
 */
export const MAX_ATTEMPTS = 6;
export const BACKOFF_BASE_MS = 15_000;
const BACKOFF_MAX_MS = 3_600_000;
const LEASE_MS = 2 * 60_000;
const TIMEOUT_MS = 30_000;

export const backoffMs = (attempt: number) => Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));

type SyncData = { kinds?: SyncDataKind[]; cursors?: Partial<Record<SyncDataKind, Cursor>> };

export function kindsOf(t: OmniBridgeSync): SyncDataKind[] {
  const k = (t.syncData as SyncData).kinds;
  return Array.isArray(k) ? k.filter((x) => SYNC_DATA_KINDS.includes(x)) : [];
}

function cursorOf(t: OmniBridgeSync, kind: SyncDataKind): Cursor | null {
  return (t.syncData as SyncData).cursors?.[kind] ?? null;
}

export const apiKeyOf = (t: OmniBridgeSync) => decryptSecret(t.apiKeyEncrypted, SECRET_PURPOSE.omniBridgeKey);

function signingSecretOf(t: OmniBridgeSync): string {
  if (!t.signingSecretEncrypted)
    throw new PostFailure("This target has no signing secret; rotate it.", false);
  return decryptSecret(t.signingSecretEncrypted, SECRET_PURPOSE.omniBridgeSigningSecret);
}

async function request(db: Db, d: { id: string; userId: string }, startAfter?: Date): Promise<void> {
  await sendTask(db, { kind: "sync-deliver", userId: d.userId, deliveryId: d.id }, { startAfter });
}

/**
 * Queues a delivery for each kind the target sends (or only `only`). Automatic triggers skip kinds
 * with nothing new; a kind that already has a pending delivery reuses it (it sends everything new
 * when it runs, so a burst of changes makes one delivery).
 */
export async function queueDeliveries(
  db: Db,
  target: OmniBridgeSync,
  trigger: SyncTrigger,
  only?: SyncDataKind[],
): Promise<string[]> {
  const ids: string[] = [];
  const pending = await db
    .select({ id: syncDeliveries.id, kind: syncDeliveries.kind })
    .from(syncDeliveries)
    .where(and(eq(syncDeliveries.syncId, target.id), eq(syncDeliveries.status, "pending")));
  for (const kind of kindsOf(target).filter((k) => !only || only.includes(k))) {
    const existing = pending.find((p) => p.kind === kind);
    if (existing) {
      ids.push(existing.id);
      continue;
    }
    if (trigger !== "manual" && !(await hasChanges(db, target.userId, kind, cursorOf(target, kind))))
      continue;
    const [row] = await db
      .insert(syncDeliveries)
      .values({ syncId: target.id, userId: target.userId, kind, trigger, nextAttemptAt: new Date() })
      .returning({ id: syncDeliveries.id });
    if (!row) continue;
    ids.push(row.id);
    await request(db, { id: row.id, userId: target.userId });
  }
  if (ids.length) {
    await db.update(omniBridgeSync).set({ syncStatus: "pending" }).where(eq(omniBridgeSync.id, target.id));
  }
  return ids;
}

/** Takes a due pending delivery for one attempt, or null if it is done, leased or not due yet. */
async function claim(db: Db, id: string): Promise<SyncDelivery | null> {
  const [row] = await db
    .update(syncDeliveries)
    .set({
      attempts: sql`${syncDeliveries.attempts} + 1`,
      nextAttemptAt: new Date(Date.now() + LEASE_MS),
    })
    .where(
      and(
        eq(syncDeliveries.id, id),
        eq(syncDeliveries.status, "pending"),
        sql`(${syncDeliveries.nextAttemptAt} IS NULL OR ${syncDeliveries.nextAttemptAt} <= now())`,
      ),
    )
    .returning();
  return row ?? null;
}

export type AttemptResult = "success" | "retry" | "failed" | "skipped";

/** One attempt at a delivery: sends the page, then records success, a retry, or the failure. */
export async function runDelivery(db: Db, deliveryId: string): Promise<AttemptResult> {
  const d = await claim(db, deliveryId);
  if (!d) return "skipped";
  const [target] = await db.select().from(omniBridgeSync).where(eq(omniBridgeSync.id, d.syncId));
  if (!target) return "skipped";
  const cursor = cursorOf(target, d.kind);
  let items = 0;
  let bytes = 0;
  let httpStatus: number | null = null;
  try {
    if (!target.syncEnabled) throw new PostFailure("The target is paused.", false);
    const page = await pageOf(db, target.userId, d.kind, cursor);
    items = page.items.length;
    const res = await signedPost(db, {
      url: target.omniBridgeUrl,
      secret: signingSecretOf(target),
      // The same id on every attempt, so the receiver can drop a repeat it already processed.
      messageId: `sync_${d.id}`,
      headers: { authorization: `Bearer ${apiKeyOf(target)}`, "idempotency-key": d.id },
      timeoutMs: TIMEOUT_MS,
      maxResponseBytes: 64 * 1024,
      body: {
        event: `sync.${d.kind}`,
        deliveryId: d.id,
        target: { id: target.id, name: target.name },
        trigger: d.trigger,
        kind: d.kind,
        since: cursor,
        sentAt: new Date().toISOString(),
        more: page.more,
        items: page.items,
      },
    });
    bytes = res.bytesSent;
    httpStatus = res.status;
    if (!res.ok) throw failureOfStatus(res, new URL(target.omniBridgeUrl).host);
    await db.transaction(async (tx) => {
      await tx
        .update(syncDeliveries)
        .set({
          status: "success",
          httpStatus,
          lastError: null,
          items,
          payloadBytes: bytes,
          nextAttemptAt: null,
          deliveredAt: new Date(),
        })
        .where(eq(syncDeliveries.id, d.id));
      // The cursor moves only on success, and only for this kind (jsonb_set keeps the others).
      const next = page.next ?? cursor;
      await tx
        .update(omniBridgeSync)
        .set({
          syncStatus: "success",
          lastError: null,
          lastSyncAt: new Date(),
          syncData: next
            ? sql`jsonb_set(jsonb_set(${omniBridgeSync.syncData}, '{cursors}', coalesce(${omniBridgeSync.syncData}->'cursors', '{}'::jsonb)), ${`{cursors,${d.kind}}`}::text[], ${JSON.stringify(next)}::jsonb)`
            : undefined,
        })
        .where(eq(omniBridgeSync.id, target.id));
    });
    if (page.more) {
      const [fresh] = await db.select().from(omniBridgeSync).where(eq(omniBridgeSync.id, target.id));
      if (fresh) await queueDeliveries(db, fresh, d.trigger, [d.kind]);
    }
    return "success";
  } catch (err) {
    const f = err instanceof PostFailure ? err : new PostFailure((err as Error).message, false);
    const retry = f.retryable && d.attempts < MAX_ATTEMPTS;
    const nextAttemptAt = retry ? new Date(Date.now() + backoffMs(d.attempts)) : null;
    const message = f.message.slice(0, 1_000);
    await db
      .update(syncDeliveries)
      .set({
        status: retry ? "pending" : "failed",
        httpStatus: f.status ?? httpStatus,
        lastError: message,
        items,
        payloadBytes: bytes,
        nextAttemptAt,
      })
      .where(eq(syncDeliveries.id, d.id));
    await db
      .update(omniBridgeSync)
      .set({ syncStatus: "failed", lastError: message })
      .where(eq(omniBridgeSync.id, target.id));
    if (nextAttemptAt) await request(db, d, nextAttemptAt);
    return retry ? "retry" : "failed";
  }
}

/** Queues on-change deliveries for a user's targets (the `sync-change` task, debounced). */
export async function deliverChanges(db: Db, userId: string): Promise<number> {
  const targets = await db
    .select()
    .from(omniBridgeSync)
    .where(
      and(
        eq(omniBridgeSync.userId, userId),
        eq(omniBridgeSync.syncEnabled, true),
        eq(omniBridgeSync.schedule, "on_change"),
      ),
    );
  let n = 0;
  for (const t of targets)
    n += (await queueDeliveries(db, t, "change", ["conversations", "terminology"])).length;
  return n;
}

const PERIOD_MS = { hourly: 3_600_000, daily: 86_400_000 } as const;

/**
 * The maintenance tick's part: deliveries whose retry time (or a crashed attempt's lease) has come
 * are requested again, and scheduled targets whose period has passed since their last delivery get
 * new ones.
 */
export async function sweepSync(db: Db, now = new Date()): Promise<void> {
  const due = await db
    .select({ id: syncDeliveries.id, userId: syncDeliveries.userId })
    .from(syncDeliveries)
    .where(and(eq(syncDeliveries.status, "pending"), lte(syncDeliveries.nextAttemptAt, now)))
    .limit(200);
  for (const d of due) await request(db, d);
  const scheduled = await db
    .select({
      target: omniBridgeSync,
      last: sql<
        string | null
      >`(select max(${syncDeliveries.createdAt})::text from ${syncDeliveries} where ${syncDeliveries.syncId} = ${omniBridgeSync.id} and (${omniBridgeSync.schedule} <> 'on_change' or ${syncDeliveries.kind} = 'usage'))`,
    })
    .from(omniBridgeSync)
    .where(eq(omniBridgeSync.syncEnabled, true))
    .limit(500);
  for (const { target, last } of scheduled) {
    // On-change targets get usage summaries once a day (usage is rolled up off the hot path).
    const onChange = target.schedule === "on_change";
    if (onChange && !kindsOf(target).includes("usage")) continue;
    const period = onChange ? PERIOD_MS.daily : PERIOD_MS[target.schedule as keyof typeof PERIOD_MS];
    if (last && now.getTime() - new Date(last).getTime() < period) continue;
    await queueDeliveries(db, target, "schedule", onChange ? ["usage"] : undefined);
  }
}
