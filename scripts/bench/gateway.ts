/**
 * `npm run bench:gateway` — what Prism's gateway adds to a streamed call.
 * - time to first token through POST /api/v1/chat/completions vs straight to the mock model server,
 *   one client, sequential (p50 and p99 of the difference between the two distributions);
 * - completed streams per second at 50 clients through Prism vs through a bare pass-through proxy;
 * - usage rows written vs requests made through Prism (none may be lost).
 * Prints one JSON object as its last line.
 */
import { count, eq } from "drizzle-orm";
import { aiModels, aiUsageLogs, packages, users } from "../../db/schema";
import { IntegrationModel } from "../../lib/ai/integrations";
import { ApiKeyModel } from "../../lib/api-keys/keys";
import { registerUser } from "../../lib/auth/accounts";
import { startMockLlm } from "../../mock-llm/server";
import { prepareInstance } from "./instance";
import { percentile, startPassThrough, streamChat, throughput } from "./sse-client";

const SEQUENTIAL = Number(process.env.BENCH_REQUESTS ?? 300);
const CLIENTS = 50;
// Another port pair (BENCH_PORT and the next) when several instances run on one machine.
const PORT = Number(process.env.BENCH_PORT ?? 3311);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 8000);
const ctx = { ip: null, userAgent: "bench" };

async function main() {
  const mock = await startMockLlm();
  let apiKey = "";
  const instance = await prepareInstance(
    async (db) => {
      const admin = await registerUser(
        db,
        { name: "Bench", email: "bench@prism.local", password: "bench-password-1" },
        ctx,
      );
      await db.update(users).set({ monthlyBudgetUsd: "999999" }).where(eq(users.id, admin.id));
      // No plan limit should throttle the benchmark itself.
      for (const p of await db.select().from(packages)) {
        await db
          .update(packages)
          .set({ limits: { ...p.limits, requestsPerMinute: 10_000_000 } })
          .where(eq(packages.id, p.id));
      }
      const actor = { id: admin.id, role: admin.role };
      const integrations = new IntegrationModel(db, actor);
      const integration = await integrations.create(
        { provider: "openai-compatible", name: "Mock", apiKey: "sk-bench", baseUrl: `${mock.url}/v1` },
        { shared: true },
        ctx,
      );
      await integrations.addModels(integration.id, { models: ["mock-gpt"] }, ctx);
      await db
        .update(aiModels)
        .set({ pricing: { input: 1, output: 2 } })
        .where(eq(aiModels.integrationId, integration.id));
      apiKey = (
        await new ApiKeyModel(db, actor).create(
          { name: "bench", scopes: ["chat", "models"], rateLimit: 100_000 },
          ctx,
        )
      ).secret;
    },
    { port: PORT, nodeArgs: process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) },
  );
  const proxy = await startPassThrough(mock.url, PORT + 1);
  const body = (model: string) => ({
    model,
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: "user", content: "Benchmark prompt, short." }],
  });
  const viaPrism = () =>
    streamChat(`${instance.url}/api/v1/chat/completions`, body("openai-compatible/mock-gpt"), {
      authorization: `Bearer ${apiKey}`,
    });
  const direct = () => streamChat(`${mock.url}/v1/chat/completions`, body("mock-gpt"));
  const viaProxy = () => streamChat(`http://127.0.0.1:${PORT + 1}/v1/chat/completions`, body("mock-gpt"));

  let prismRequests = 0;
  const countedPrism = async () => {
    prismRequests++;
    return viaPrism();
  };
  try {
    // Warm up both paths (JIT, connection pools, caches).
    for (let i = 0; i < 100; i++) {
      await countedPrism();
      await direct();
    }
    const prismTtft: number[] = [];
    const directTtft: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const d = await direct();
      const p = await countedPrism();
      if (!p.ok) throw new Error(`Prism stream failed with HTTP ${p.status}`);
      directTtft.push(d.ttftMs);
      prismTtft.push(p.ttftMs);
    }
    const cpuBefore = instance.cpuMs();
    const prismTp = await throughput(CLIENTS, DURATION_MS, countedPrism);
    const cpuPerStream = (instance.cpuMs() - cpuBefore) / (prismTp.streams + prismTp.failed);
    const proxyTp = await throughput(CLIENTS, DURATION_MS, viaProxy);

    // Usage rows: give the writer its flush interval, then count.
    await new Promise((r) => setTimeout(r, 1500));
    let rows = 0;
    if (instance.engine === "pglite") await instance.stop();
    const database = await instance.open();
    try {
      const [row] = await database.db.select({ n: count() }).from(aiUsageLogs);
      rows = row?.n ?? 0;
    } finally {
      await database.close();
    }
    const attempted = prismRequests;
    const metrics = {
      engine: instance.engine,
      ttft_direct_p50_ms: round(percentile(directTtft, 50)),
      ttft_prism_p50_ms: round(percentile(prismTtft, 50)),
      ttft_added_p50_ms: round(percentile(prismTtft, 50) - percentile(directTtft, 50)),
      ttft_added_p99_ms: round(percentile(prismTtft, 99) - percentile(directTtft, 99)),
      prism_streams_per_s: round(prismTp.perSecond),
      proxy_streams_per_s: round(proxyTp.perSecond),
      throughput_ratio: round(prismTp.perSecond / proxyTp.perSecond, 3),
      // What one stream costs the Prism process (CPU ms), the figure behind the ratio on 2 cores.
      prism_cpu_ms_per_stream: round(cpuPerStream, 3),
      prism_failed_streams: prismTp.failed,
      requests_made: attempted,
      usage_rows_written: rows,
      usage_rows_lost: attempted - rows,
    };
    const budgets = {
      ttft_added_p50_ms: 3,
      ttft_added_p99_ms: 15,
      throughput_ratio: 0.5,
      usage_rows_lost: 0,
    };
    const pass =
      metrics.ttft_added_p50_ms <= budgets.ttft_added_p50_ms &&
      metrics.ttft_added_p99_ms <= budgets.ttft_added_p99_ms &&
      metrics.throughput_ratio >= budgets.throughput_ratio &&
      metrics.usage_rows_lost === 0;
    console.log(JSON.stringify({ bench: "gateway", metrics, budgets, pass }));
  } finally {
    proxy.close();
    await instance.cleanup();
    await mock.close();
  }
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
