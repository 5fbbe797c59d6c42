import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { mcpUsage, workflowStepRuns } from "@/db/schema";
import { McpServerModel } from "@/lib/mcp/servers";
import { setSetting } from "@/lib/settings";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { makeGateway } from "@/lib/testing/gateway";
import { startTestMcpServer, type TestMcpServer } from "@/lib/testing/mcp-server";
import { until } from "@/lib/testing/until";
import { JobQueue } from "./queue";
import { WorkflowRunsModel } from "./runs";
import { WorkflowModel } from "./store";
import { WorkflowWorker } from "./worker";

let mcp: TestMcpServer;
beforeAll(async () => {
  mcp = await startTestMcpServer();
});
afterAll(async () => {
  await mcp.close();
});

describeEachEngine("workflow tool steps", ({ db, database }) => {
  let queue: JobQueue;
  let worker: WorkflowWorker;

  beforeAll(async () => {
    const admin = await makeUser(db(), { role: "admin" });
    await setSetting(db(), admin.actor, "outboundAllowlist", [`127.0.0.1:${mcp.port}`], ctx);
    queue = await JobQueue.start(database(), { supervise: false });
    worker = new WorkflowWorker(database(), queue, makeGateway(db()).gateway, {
      concurrency: 2,
      leaseMs: 1_500,
      maintenanceSeconds: 1,
      pollMs: 200,
    });
    await worker.start();
  });
  afterAll(async () => {
    await worker?.stop(2_000);
    await queue?.stop();
  });

  it("calls one MCP tool with templated arguments, records mcp_usage with the run, and refuses others' servers", async () => {
    const owner = await makeUser(db());
    const stranger = await makeUser(db());
    const servers = new McpServerModel(db(), owner.actor);
    const server = await servers.create(
      { transport: "http", name: "calc", url: mcp.url },
      { shared: false },
      ctx,
    );
    await servers.update(server.id, { enabledTools: ["add"] }, ctx);

    const definition = (serverId: string) => ({
      inputSchema: [{ name: "n", type: "number" as const, required: true }],
      steps: [
        {
          id: "sum",
          type: "tool" as const,
          config: { server: serverId, tool: "add", arguments: { a: "{{input.n}}", b: "{{input.n}}" } },
        },
      ],
      edges: [],
    });
    const store = new WorkflowModel(db(), owner.actor);
    const runs = new WorkflowRunsModel(db(), owner.actor, queue);
    const wf = await store.create({ name: "sum", definition: definition(server.id) }, ctx);
    const { run } = await runs.start(wf.id, { n: 21 }, { trigger: "manual" });
    const done = await until(
      () => runs.run(run.id),
      (r) => r.status === "success" || r.status === "failed",
    );
    expect(done.status).toBe("success");
    expect(done.output).toEqual({ result: 42, text: "42" });
    expect(mcp.calls.at(-1)).toMatchObject({ tool: "add", args: { a: 21, b: 21 } });
    const [usage] = await db().select().from(mcpUsage).where(eq(mcpUsage.workflowRunId, run.id));
    expect(usage).toMatchObject({ serverId: server.id, toolName: "add", success: true, userId: owner.id });

    // The same step in a stranger's workflow cannot reach the owner's server.
    const calls = mcp.calls.length;
    const theirs = await new WorkflowModel(db(), stranger.actor).create(
      { name: "steal", definition: definition(server.id) },
      ctx,
    );
    const strangerRuns = new WorkflowRunsModel(db(), stranger.actor, queue);
    const { run: r2 } = await strangerRuns.start(theirs.id, { n: 1 }, { trigger: "manual" });
    const failed = await until(
      () => strangerRuns.run(r2.id),
      (r) => r.status === "success" || r.status === "failed",
    );
    expect(failed.status).toBe("failed");
    const [step] = await db().select().from(workflowStepRuns).where(eq(workflowStepRuns.runId, r2.id));
    expect(step?.error).toMatch(/not available/);
    expect(mcp.calls.length).toBe(calls);
  });
});
