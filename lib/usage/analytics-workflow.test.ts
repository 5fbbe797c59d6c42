import { beforeAll, expect, it } from "vitest";
import { aiModels, USAGE_STATUSES, workflowRuns, workflows, workflowVersions } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { formatMicroUsd } from "@/lib/ai/pricing";
import { describeEachEngine } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/fixtures";
import { random } from "@/lib/testing/random";
import { usageRecord } from "@/lib/testing/usage-records";
import { type AnalyticsScope, grainOf, METRICS, runAnalytics } from "./analytics";
import { dimensionLabels } from "./labels";
import type { UsageRecord } from "./rollup";
import { writeUsage } from "./writer";

describeEachEngine("usage analytics by workflow", ({ db }) => {
  let alice = "";
  let bob = "";
  let carol = "";
  const wf: Record<"digest" | "triage" | "bobs", string> = { digest: "", triage: "", bobs: "" };
  let models: { id: string; providerId: string }[] = [];
  const from = new Date("2026-06-01T00:00:00Z");
  const to = new Date("2026-06-08T00:00:00Z");

  /** A workflow of `userId` and one run of it. */
  async function workflowRun(userId: string, name: string): Promise<{ workflowId: string; runId: string }> {
    const [w] = await db().insert(workflows).values({ userId, name }).returning({ id: workflows.id });
    const workflowId = (w as { id: string }).id;
    const [v] = await db()
      .insert(workflowVersions)
      .values({ workflowId, version: 1, definition: { steps: [] } as never, hash: "h" })
      .returning({ id: workflowVersions.id });
    const [r] = await db()
      .insert(workflowRuns)
      .values({ workflowId, userId, versionId: (v as { id: string }).id, status: "success" })
      .returning({ id: workflowRuns.id });
    return { workflowId, runId: (r as { id: string }).id };
  }

  beforeAll(async () => {
    await seedCatalog(db());
    [alice, bob, carol] = [(await makeUser(db())).id, (await makeUser(db())).id, (await makeUser(db())).id];
    models = await db().select({ id: aiModels.id, providerId: aiModels.providerId }).from(aiModels).limit(4);
    const digest = await workflowRun(alice, "Digest");
    const triage = await workflowRun(alice, "Triage");
    const bobs = await workflowRun(bob, "Bob's flow");
    wf.digest = digest.workflowId;
    wf.triage = triage.workflowId;
    wf.bobs = bobs.workflowId;
    const m = models[0] as { id: string; providerId: string };
    const call = (userId: string, at: string, over: Partial<UsageRecord> = {}) =>
      usageRecord({ userId, providerId: m.providerId, modelId: m.id, createdAt: new Date(at), ...over });
    const records = [
      // Alice: three calls of Digest (one on another day), two of Triage, one outside any workflow.
      call(alice, "2026-06-02T10:00:00Z", {
        workflowRunId: digest.runId,
        requestType: "workflow",
        latencyMs: 120,
      }),
      call(alice, "2026-06-02T10:20:00Z", {
        workflowRunId: digest.runId,
        requestType: "workflow",
        cost: "0.250000",
      }),
      call(alice, "2026-06-04T23:30:00Z", { workflowRunId: digest.runId, requestType: "workflow" }),
      call(alice, "2026-06-03T08:00:00Z", { workflowRunId: triage.runId, status: "error", latencyMs: 1800 }),
      call(alice, "2026-06-03T09:00:00Z", { workflowRunId: triage.runId, tokensIn: 7 }),
      call(alice, "2026-06-05T12:00:00Z"),
      call(bob, "2026-06-03T12:00:00Z", { workflowRunId: bobs.runId }),
    ];
    // Carol never runs a workflow: her usage by workflow must equal the rollups' answer.
    const next = random(18);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
    for (let i = 0; i < 300; i++) {
      const model = pick(models);
      records.push(
        usageRecord({
          userId: carol,
          providerId: model.providerId,
          modelId: next() < 0.1 ? null : model.id,
          tokensIn: Math.floor(next() * 5000),
          tokensCached: Math.floor(next() * 100),
          cost: formatMicroUsd(BigInt(Math.floor(next() * 50_000))),
          credits: Math.floor(next() * 5),
          status: next() < 0.8 ? "success" : pick(USAGE_STATUSES),
          latencyMs: next() < 0.1 ? null : Math.floor(next() ** 2 * 150_000),
          ttftMs: next() < 0.3 ? null : Math.floor(next() ** 2 * 20_000),
          createdAt: new Date(from.getTime() + Math.floor(next() * (to.getTime() - from.getTime()))),
        }),
      );
    }
    await writeUsage(db(), records);
  });

  it("reads the raw logs for a workflow breakdown or filter (no rollup keeps the workflow)", () => {
    const user: AnalyticsScope = { kind: "user", userId: alice };
    expect(grainOf(user, { dimensions: ["workflow"], filters: {} })).toBe("logs");
    expect(grainOf({ kind: "admin" }, { dimensions: ["model"], filters: { workflowId: wf.digest } })).toBe(
      "logs",
    );
    expect(grainOf(user, { dimensions: ["model"], filters: {} })).toBe("userModels");
  });

  it("breaks a user's usage down by workflow, and filters by one", async () => {
    const scope: AnalyticsScope = { kind: "user", userId: alice };
    const base = {
      from,
      to,
      granularity: "none" as const,
      metrics: ["requests", "errors", "cost", "tokensIn"] as const,
    };
    const rows = await runAnalytics(db(), scope, {
      ...base,
      metrics: [...base.metrics],
      dimensions: ["workflow"],
    });
    const expected = [
      { workflow: wf.digest, requests: 3, errors: 0, cost: "0.252000", tokensIn: 300 },
      { workflow: wf.triage, requests: 2, errors: 1, cost: "0.002000", tokensIn: 107 },
      { workflow: null, requests: 1, errors: 0, cost: "0.001000", tokensIn: 100 },
    ].sort((a, b) => (a.workflow === null ? 1 : b.workflow === null ? -1 : a.workflow < b.workflow ? -1 : 1));
    expect(rows).toEqual(expected.map((r) => ({ bucket: null, ...r })));
    // By day in Tokyo: 4 June 23:30 UTC is the 5th there.
    const byDay = await runAnalytics(db(), scope, {
      ...base,
      metrics: ["requests", "avgLatencyMs"],
      granularity: "day",
      timezone: "Asia/Tokyo",
      filters: { workflowId: wf.digest },
    });
    expect(byDay).toEqual([
      { bucket: "2026-06-02T00:00:00", requests: 2, avgLatencyMs: 135 },
      { bucket: "2026-06-05T00:00:00", requests: 1, avgLatencyMs: 150 },
    ]);
    // Another user's workflow id finds nothing in Alice's scope; the admin sees it.
    const filtered = { ...base, metrics: ["requests" as const], filters: { workflowId: wf.bobs } };
    expect(await runAnalytics(db(), scope, filtered)).toEqual([]);
    expect(await runAnalytics(db(), { kind: "admin" }, filtered)).toEqual([{ bucket: null, requests: 1 }]);
  });

  it("labels workflows by name, a user's own only", async () => {
    const ids = [wf.digest, wf.bobs];
    expect(await dimensionLabels(db(), { kind: "user", userId: alice }, "workflow", ids)).toEqual({
      [wf.digest]: "Digest",
    });
    expect(await dimensionLabels(db(), { kind: "admin" }, "workflow", ids)).toEqual({
      [wf.digest]: "Digest",
      [wf.bobs]: "Bob's flow",
    });
  });

  it("answers every metric from the logs exactly as the rollups do (usage outside workflows)", async () => {
    const next = random(5);
    const scopes: AnalyticsScope[] = [{ kind: "user", userId: carol }, { kind: "admin" }];
    let compared = 0;
    for (const scope of scopes) {
      for (const granularity of ["hour", "day", "week", "none"] as const) {
        const start = from.getTime() + Math.floor(next() * 2 * 86_400_000);
        const timezone = ["UTC", "America/New_York", "Asia/Kolkata", "Europe/Berlin"][compared % 4];
        const query = {
          from: new Date(start),
          to: new Date(start + Math.floor((0.2 + next()) * 5 * 86_400_000)),
          timezone,
          granularity,
          metrics: [...METRICS],
          // The admin's view of Carol, through the user filter.
          filters: scope.kind === "admin" ? { userId: carol } : {},
        };
        const byWorkflow = await runAnalytics(db(), scope, { ...query, dimensions: ["model", "workflow"] });
        const viaRollups = await runAnalytics(db(), scope, { ...query, dimensions: ["model"] });
        expect(viaRollups.length).toBeGreaterThan(0);
        expect(byWorkflow, `${timezone} ${granularity}`).toEqual(
          viaRollups.map((r) => ({ ...r, workflow: null })),
        );
        compared++;
      }
    }
    expect(compared).toBe(8);
  });
});
