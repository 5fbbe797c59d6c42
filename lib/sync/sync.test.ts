import { and, eq, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { auditLogs, conversations, messages, omniBridgeSync, syncDeliveries } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { ConversationModel } from "@/lib/chat/conversations";
import { setSetting } from "@/lib/settings";
import { TerminologyModel } from "@/lib/terminology/store";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { makeGateway } from "@/lib/testing/gateway";
import { TestReceiver } from "@/lib/testing/receiver";
import { until } from "@/lib/testing/until";
import { JobQueue } from "@/lib/workflows/queue";
import { WorkflowWorker } from "@/lib/workflows/worker";
import { syncChanged } from "./changes";
import { BACKOFF_BASE_MS, queueDeliveries, runDelivery, sweepSync } from "./deliver";
import { SyncTargetModel } from "./store";

/** These runs go through a worker: give them longer than the default. */
const waitLong = <T>(fn: () => Promise<T>, ok: (v: T) => boolean) => until(fn, ok, 20_000);

let receiver: TestReceiver;
let outside: TestReceiver;
beforeAll(async () => {
  receiver = await TestReceiver.start();
  outside = await TestReceiver.start();
});
afterAll(async () => {
  await receiver.close();
  await outside.close();
});
beforeEach(() => {
  receiver.reset();
  outside.reset();
});

const headersOf = (h: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k, String(v)])) as Record<string, string>;

describeEachEngine("outbound sync", ({ db, database }) => {
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let stranger: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    await seedCatalog(db());
    const admin = await makeUser(db(), { role: "admin" });
    stranger = await makeUser(db());
    await setSetting(db(), admin.actor, "outboundAllowlist", [receiver.host], ctx);
  });
  beforeEach(async () => {
    owner = await makeUser(db());
  });

  const addTarget = (kinds: string[], url = `${receiver.url}/sync`, schedule = "on_change") =>
    new SyncTargetModel(db(), owner.actor).create(
      { name: "Bridge", url, apiKey: "bridge-key-123456", kinds, schedule },
      ctx,
    );
  const delivery = async (id: string) =>
    (await db().select().from(syncDeliveries).where(eq(syncDeliveries.id, id)))[0];
  const target = async (id: string) =>
    (await db().select().from(omniBridgeSync).where(eq(omniBridgeSync.id, id)))[0];
  const conversation = async (title: string) => {
    const c = await new ConversationModel(db(), owner.id).create({ mode: "single" });
    await db().update(conversations).set({ title }).where(eq(conversations.id, c.id));
    await db()
      .insert(messages)
      .values({ conversationId: c.id, userId: owner.id, role: "user", content: title });
    return c.id;
  };

  it("signs each delivery, retries a 500 with backoff under the same webhook-id, then succeeds", async () => {
    await conversation("First");
    await conversation("Second");
    const { target: t, signingSecret } = await addTarget(["conversations"]);
    expect(signingSecret).toMatch(/^whsec_/);
    const [id] = await new SyncTargetModel(db(), owner.actor).syncNow(t.id, ctx);
    expect(await delivery(id as string)).toMatchObject({ status: "pending", attempts: 0, trigger: "manual" });

    receiver.reply({ status: 500, body: "try later" });
    const before = Date.now();
    expect(await runDelivery(db(), id as string)).toBe("retry");
    const failed = await delivery(id as string);
    expect(failed).toMatchObject({ status: "pending", attempts: 1, httpStatus: 500, items: 2 });
    expect(failed?.lastError).toBe(`${receiver.host} answered 500: try later`);
    const wait = (failed?.nextAttemptAt?.getTime() ?? 0) - before;
    expect(wait).toBeGreaterThanOrEqual(BACKOFF_BASE_MS - 1_000);
    expect(wait).toBeLessThanOrEqual(BACKOFF_BASE_MS + 5_000);
    expect(await target(t.id)).toMatchObject({ syncStatus: "failed", lastError: failed?.lastError });
    // Not due yet: nothing is sent.
    expect(await runDelivery(db(), id as string)).toBe("skipped");
    expect(receiver.received).toHaveLength(1);

    // The backoff has passed.
    await db()
      .update(syncDeliveries)
      .set({ nextAttemptAt: new Date() })
      .where(eq(syncDeliveries.id, id as string));
    expect(await runDelivery(db(), id as string)).toBe("success");
    const done = await delivery(id as string);
    expect(done).toMatchObject({
      status: "success",
      attempts: 2,
      httpStatus: 200,
      items: 2,
      lastError: null,
    });
    expect(done?.deliveredAt).not.toBeNull();
    expect(done?.payloadBytes).toBeGreaterThan(100);
    expect(await target(t.id)).toMatchObject({ syncStatus: "success", lastError: null });

    const [first, second] = receiver.received;
    expect(first?.headers["webhook-id"]).toBe(second?.headers["webhook-id"]);
    expect(second?.headers.authorization).toBe("Bearer bridge-key-123456");
    const body = new Webhook(signingSecret).verify(second?.body ?? "", headersOf(second?.headers ?? {})) as {
      kind: string;
      items: Array<{ title: string; messages: Array<{ content: string }> }>;
    };
    expect(body.kind).toBe("conversations");
    expect(body.items.map((i) => i.title)).toEqual(["First", "Second"]);
    expect(body.items[0]?.messages[0]?.content).toBe("First");
  });

  it("sends only what changed since the last success, and nothing when nothing changed", async () => {
    const terms = new TerminologyModel(db(), owner.actor);
    await terms.create({ term: "Prism", definition: "The platform" }, ctx);
    const { target: t } = await addTarget(["terminology"]);
    const sync = new SyncTargetModel(db(), owner.actor);
    const [first] = await sync.syncNow(t.id, ctx);
    expect(await runDelivery(db(), first as string)).toBe("success");
    expect(await queueDeliveries(db(), await sync.row(t.id), "change")).toEqual([]);
    await terms.create({ term: "Omni-Bridge", definition: "The receiver" }, ctx);
    const [next] = await queueDeliveries(db(), await sync.row(t.id), "change");
    expect(await runDelivery(db(), next as string)).toBe("success");
    const sent = receiver.received.map((r) => JSON.parse(r.body).items.map((i: { term: string }) => i.term));
    expect(sent).toEqual([["Prism"], ["Omni-Bridge"]]);
    expect((await delivery(next as string))?.trigger).toBe("change");
  });

  it("pages a large backlog into several bounded deliveries", async () => {
    for (let i = 0; i < 30; i++) await conversation(`c${String(i).padStart(2, "0")}`);
    const { target: t } = await addTarget(["conversations"]);
    const [first] = await new SyncTargetModel(db(), owner.actor).syncNow(t.id, ctx);
    expect(await runDelivery(db(), first as string)).toBe("success");
    const rows = await db().select().from(syncDeliveries).where(eq(syncDeliveries.syncId, t.id));
    const followUp = rows.find((r) => r.id !== first);
    expect(followUp).toMatchObject({ status: "pending", trigger: "manual" });
    expect(await runDelivery(db(), followUp?.id as string)).toBe("success");
    const pages = receiver.received.map(
      (r) => JSON.parse(r.body) as { items: { title: string }[]; more: boolean },
    );
    expect(pages.map((p) => [p.items.length, p.more])).toEqual([
      [25, true],
      [5, false],
    ]);
    const titles = pages.flatMap((p) => p.items.map((i) => i.title));
    expect(new Set(titles).size).toBe(30);
  });

  it("the maintenance sweep starts scheduled deliveries once per period", async () => {
    const { target: hourly } = await addTarget(["usage"], `${receiver.url}/sync`, "hourly");
    const { target: onChange } = await addTarget(["conversations", "usage"]);
    const count = async (id: string) =>
      (await db().select().from(syncDeliveries).where(eq(syncDeliveries.syncId, id))).length;
    await sweepSync(db());
    expect(await count(hourly.id)).toBe(1);
    // On-change targets get their usage summaries daily; conversations wait for a change.
    const [usage] = await db().select().from(syncDeliveries).where(eq(syncDeliveries.syncId, onChange.id));
    expect(usage).toMatchObject({ kind: "usage", trigger: "schedule" });
    await sweepSync(db());
    expect(await count(hourly.id)).toBe(1);
    await sweepSync(db(), new Date(Date.now() + 61 * 60_000));
    // The first is still pending: it is reused, not duplicated.
    expect(await count(hourly.id)).toBe(1);
    const [first] = await db().select().from(syncDeliveries).where(eq(syncDeliveries.syncId, hourly.id));
    expect(await runDelivery(db(), first?.id as string)).toBe("success");
    await sweepSync(db(), new Date(Date.now() + 61 * 60_000));
    expect(await count(hourly.id)).toBe(2);
  });

  it("refuses a private address that is not allowlisted: failed at once, nothing sent", async () => {
    const { target: t } = await addTarget(["usage"], `${outside.url}/sync`);
    const [id] = await new SyncTargetModel(db(), owner.actor).syncNow(t.id, ctx);
    expect(await runDelivery(db(), id as string)).toBe("failed");
    const d = await delivery(id as string);
    expect(d).toMatchObject({ status: "failed", attempts: 1, nextAttemptAt: null });
    expect(d?.lastError).toMatch(/loopback address/);
    expect(outside.received).toHaveLength(0);
  });

  it("another user's targets are not found; changes are audited", async () => {
    const { target: t } = await addTarget(["usage"]);
    const theirs = new SyncTargetModel(db(), stranger.actor);
    for (const attempt of [
      () => theirs.row(t.id),
      () => theirs.update({ id: t.id, name: "x" }, ctx),
      () => theirs.syncNow(t.id, ctx),
      () => theirs.deliveries(t.id),
      () => theirs.rotateSecret(t.id, ctx),
      () => theirs.remove(t.id, ctx),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "not_found" });
    }
    expect(await theirs.list()).toEqual([]);
    const mine = new SyncTargetModel(db(), owner.actor);
    await expect(mine.update({ id: t.id, kinds: [] }, ctx)).rejects.toMatchObject({ field: "kinds" });
    await mine.update({ id: t.id, schedule: "daily" }, ctx);
    await mine.remove(t.id, ctx);
    const audit = await db()
      .select({ action: auditLogs.action })
      .from(auditLogs)
      .where(and(eq(auditLogs.entityType, "sync_target"), eq(auditLogs.entityId, t.id)))
      .orderBy(auditLogs.createdAt);
    expect(audit.map((a) => a.action)).toEqual(["created", "updated", "deleted"]);
  });

  it("through the job queue: Sync now is delivered by a worker; a burst of changes queues one task", async () => {
    const queue = await JobQueue.start(database(), { supervise: false });
    const worker = new WorkflowWorker(database(), queue, makeGateway(db()).gateway, {
      concurrency: 2,
      maintenanceSeconds: 1,
      pollMs: 100,
    });
    try {
      await conversation("Queued");
      const { target: t } = await addTarget(["conversations", "usage"]);
      // A burst of edits: one sync-change task queued for the user.
      for (let i = 0; i < 5; i++) await syncChanged(db(), owner.id);
      const queued = rowsOf<{ n: number }>(
        await db().execute(
          sql`select count(*)::int as n from pgboss.job where name = 'prism-tasks' and singleton_key = ${`sync-change:${owner.id}`} and state = 'created'`,
        ),
      );
      expect(queued[0]?.n).toBe(1);
      await worker.start();
      const ids = await new SyncTargetModel(db(), owner.actor).syncNow(t.id, ctx);
      expect(ids).toHaveLength(2);
      // (The maintenance tick may add the daily usage delivery of an on-change target of its own.)
      const log = await waitLong(
        () => new SyncTargetModel(db(), owner.actor).deliveries(t.id),
        (rows) => rows.length >= 2 && rows.every((r) => r.status === "success"),
      );
      expect([...new Set(log.map((r) => r.kind))].sort()).toEqual(["conversations", "usage"]);
      // The target's status is written just after its last delivery's: wait for it too.
      const settled = await waitLong(
        () => target(t.id),
        (row) => row?.syncStatus !== "pending",
      );
      expect(settled).toMatchObject({ syncStatus: "success" });
    } finally {
      await worker.stop(2_000);
      await queue.stop();
    }
  });
});
