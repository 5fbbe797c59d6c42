import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { webhookDeliveries, workflowRuns, workflows } from "@/db/schema";
import { ApiKeyModel, authenticateApiKey } from "@/lib/api-keys/keys";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { makeGateway } from "@/lib/testing/gateway";
import { getRunByApi, receiveWebhook, startRunByApi } from "./api";
import { JobQueue } from "./queue";
import { signWebhook } from "./signature";
import { WorkflowModel } from "./store";
import { fireSchedules, WorkflowWorker } from "./worker";

describeEachEngine("workflow triggers: webhook, API, schedule", ({ db, database }) => {
  let queue: JobQueue;
  let worker: WorkflowWorker;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let other: Awaited<ReturnType<typeof makeUser>>;
  let workflowId: string;
  let secret: string;

  beforeAll(async () => {
    owner = await makeUser(db());
    other = await makeUser(db());
    queue = await JobQueue.start(database(), { supervise: false });
    worker = new WorkflowWorker(database(), queue, makeGateway(db()).gateway, {
      concurrency: 2,
      pollMs: 200,
    });
    await worker.start();
    const store = new WorkflowModel(db(), owner.actor);
    workflowId = (
      await store.create(
        {
          name: "echo",
          definition: {
            inputSchema: [{ name: "text", type: "string", required: true }],
            steps: [
              { id: "up", type: "transform", config: { op: "template", source: "got {{input.text}}" } },
            ],
          },
        },
        ctx,
      )
    ).id;
    await store.setWebhook(workflowId, true, ctx);
    secret = (await store.webhookSecret(workflowId)) as string;
  });
  afterAll(async () => {
    await worker?.stop(1_000);
    await queue?.stop();
  });

  const deliver = (body: string, opts: { id?: string; ts?: number; key?: string } = {}) => {
    const id = opts.id ?? `msg_${Math.random().toString(36).slice(2)}`;
    const ts = opts.ts ?? Math.floor(Date.now() / 1000);
    const headers = new Headers({
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(ts),
      "webhook-signature": signWebhook(opts.key ?? secret, id, ts, body),
    });
    return receiveWebhook(db(), queue, workflowId, headers, Buffer.from(body));
  };
  const deliveries = () =>
    db().select().from(webhookDeliveries).where(eq(webhookDeliveries.workflowId, workflowId));

  it("accepts a signed delivery with 202 and the run id, and the run runs", async () => {
    const res = await deliver(JSON.stringify({ text: "ping" }), { id: "msg_good" });
    expect(res.status).toBe(202);
    const runId = res.body.run_id as string;
    const principal = {
      actor: owner.actor,
      key: { id: "k", scopes: ["workflows:run" as const], rateLimit: 10, monthlyBudgetUsd: null },
    };
    const run = await getRunByApi(db(), queue, principal, workflowId, runId, 10);
    expect(run).toMatchObject({ status: "success", output: "got ping", trigger: "webhook" });
  });

  it("answers a repeated webhook-id with the first run, recorded as a duplicate", async () => {
    const first = await deliver(JSON.stringify({ text: "once" }), { id: "msg_dup" });
    const again = await deliver(JSON.stringify({ text: "once" }), { id: "msg_dup" });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ run_id: first.body.run_id, duplicate: true });
    const rows = (await deliveries()).filter((d) => d.deliveryId === "msg_dup");
    expect(rows.map((r) => r.status).sort()).toEqual(["accepted", "duplicate"]);
  });

  it("rejects a bad signature, a stale timestamp and missing input, recording each", async () => {
    const before = (await db().select().from(workflowRuns).where(eq(workflowRuns.workflowId, workflowId)))
      .length;
    const bad = await deliver(JSON.stringify({ text: "x" }), {
      id: "msg_bad",
      key: "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    });
    expect(bad.status).toBe(401);
    const stale = await deliver(JSON.stringify({ text: "x" }), {
      id: "msg_stale",
      ts: Math.floor(Date.now() / 1000) - 600,
    });
    expect(stale.status).toBe(401);
    expect(String(stale.body.error)).toMatch(/5 minutes/);
    const invalid = await deliver(JSON.stringify({ nothing: 1 }), { id: "msg_invalid" });
    expect(invalid).toMatchObject({ status: 422, body: { error: "input.text: text is required." } });
    const rows = await deliveries();
    expect(rows.find((r) => r.deliveryId === "msg_bad")).toMatchObject({
      status: "rejected",
      signatureValid: false,
    });
    expect(rows.find((r) => r.deliveryId === "msg_stale")).toMatchObject({
      status: "rejected",
      signatureValid: false,
    });
    expect(rows.filter((r) => r.status === "rejected" && r.signatureValid)).toHaveLength(1);
    const after = (await db().select().from(workflowRuns).where(eq(workflowRuns.workflowId, workflowId)))
      .length;
    expect(after).toBe(before);
    // A forged request cannot burn a genuine delivery id.
    expect((await deliver(JSON.stringify({ text: "x" }), { id: "msg_bad" })).status).toBe(202);
  });

  it("starts runs through the API only with the workflows:run scope, honouring Idempotency-Key", async () => {
    const keys = new ApiKeyModel(db(), owner.actor);
    const chatOnly = await keys.create({ name: "chat", scopes: ["chat"] }, ctx);
    const runner = await keys.create({ name: "runner", scopes: ["workflows:run"] }, ctx);
    const noScope = await authenticateApiKey(db(), `Bearer ${chatOnly.secret}`);
    await expect(
      startRunByApi(db(), queue, noScope, workflowId, { input: { text: "a" } }, null, 0),
    ).rejects.toThrow(/lacks the "workflows:run" scope/);
    const principal = await authenticateApiKey(db(), `Bearer ${runner.secret}`);
    const a = await startRunByApi(db(), queue, principal, workflowId, { input: { text: "a" } }, "idem-1", 10);
    expect(a.status).toBe(202);
    expect(a.body).toMatchObject({
      status: "success",
      output: "got a",
      trigger: "api",
      idempotent_replay: false,
    });
    const b = await startRunByApi(db(), queue, principal, workflowId, { input: { text: "a" } }, "idem-1", 0);
    expect(b).toMatchObject({ status: 200, body: { id: a.body.id, idempotent_replay: true } });
    await expect(startRunByApi(db(), queue, principal, workflowId, { input: {} }, null, 0)).rejects.toThrow(
      /input.text: text is required/,
    );
    // Another user's key sees neither the workflow nor its runs.
    const theirs = await authenticateApiKey(
      db(),
      `Bearer ${(await new ApiKeyModel(db(), other.actor).create({ name: "x", scopes: ["workflows:run"] }, ctx)).secret}`,
    );
    await expect(startRunByApi(db(), queue, theirs, workflowId, {}, null, 0)).rejects.toThrow(/not found/);
    await expect(getRunByApi(db(), queue, theirs, workflowId, a.body.id, 0)).rejects.toThrow(/not found/);
  });

  it("fires one run per schedule slot even when several workers tick at once", async () => {
    const store = new WorkflowModel(db(), owner.actor);
    const id = (
      await store.create(
        {
          name: "cron",
          definition: { steps: [{ id: "t", type: "transform", config: { op: "template", source: "tick" } }] },
        },
        ctx,
      )
    ).id;
    await store.setSchedule(id, { cron: "*/5 * * * *", timezone: "Europe/Berlin" }, ctx);
    const slot = new Date(Math.floor(Date.now() / 300_000) * 300_000 - 600_000);
    await db().update(workflows).set({ nextRunAt: slot }).where(eq(workflows.id, id));
    const started = await Promise.all([
      fireSchedules(database(), queue),
      fireSchedules(database(), queue),
      fireSchedules(database(), queue),
    ]);
    expect(started.reduce((a, b) => a + b, 0)).toBe(3);
    const runs = await db().select().from(workflowRuns).where(eq(workflowRuns.workflowId, id));
    expect(runs.map((r) => r.idempotencyKey).sort()).toEqual(
      [0, 1, 2].map((i) => `cron:${new Date(slot.getTime() + i * 300_000).toISOString()}`),
    );
    const [wf] = await db().select().from(workflows).where(eq(workflows.id, id));
    expect(wf?.nextRunAt?.getTime()).toBe(slot.getTime() + 900_000);
  });
});
