/**
 * Part of `npm run bench:chat`: wall time of an N-model compare turn against the slowest of the same
 * models alone, through the real ChatRunner, gateway and database, against the mock model server
 * (every model: 300 ms to first token, 40 tokens at 200 tokens/s).
 */
import { eq } from "drizzle-orm";
import { type Database, migrateDatabase, openPglite, openPostgres } from "../../db/client";
import { packages } from "../../db/schema";
import { seedCatalog } from "../../db/seed-catalog";
import { registerUser } from "../../lib/auth/accounts";
import { ConversationModel } from "../../lib/chat/conversations";
import { ChatRunner } from "../../lib/chat/turn";
import { makeGateway, mockIntegration } from "../../lib/testing/gateway";
import type { MockLlm } from "../../mock-llm/server";

const ctx = { ip: null, userAgent: "bench" };

export async function compareRatios(mock: MockLlm, database: Database): Promise<Record<string, number>> {
  const { db } = database;
  await migrateDatabase(database);
  await seedCatalog(db);
  for (const p of await db.select().from(packages)) {
    await db
      .update(packages)
      .set({
        limits: {
          ...p.limits,
          maxModelsPerCompare: 8,
          requestsPerMinute: 100_000,
          monthlyCostCapUsd: 999_999,
        },
      })
      .where(eq(packages.id, p.id));
  }
  const user = await registerUser(
    db,
    { name: "Bench", email: "chat-bench@prism.local", password: "bench-password-1" },
    ctx,
  );
  const actor = { id: user.id, role: user.role };
  const names = Array.from({ length: 8 }, (_, i) => `model-${i}@ttft=300,tps=200,tokens=40`);
  const { modelIds } = await mockIntegration(db, actor, mock.url, {
    models: names,
    pricing: { input: 1, output: 2 },
  });
  // The usage writer as the app runs it (its default batching), not the tests' 20 ms flushes.
  const { gateway } = makeGateway(db, { maxRetries: 0 }, {});
  const conversations = new ConversationModel(db, user.id);

  async function turnMs(models: string[]): Promise<number> {
    const conversation = await conversations.create({ title: "bench" });
    const job = await new ChatRunner(db, gateway, actor).send({
      action: "send",
      conversationId: conversation.id,
      parentId: null,
      content: "Benchmark question",
      targets: models.map((m) => ({ modelId: modelIds[m], integrationId: null })),
    });
    const started = performance.now();
    let done = 0;
    let allDone = 0;
    await job((e) => {
      if (e.type === "done" && ++done === models.length) allDone = performance.now();
    }, new AbortController().signal);
    return allDone - started;
  }

  await turnMs(names.slice(0, 2)); // warm-up
  const ratios: Record<string, number> = {};
  // Median of three runs of each measurement, so one scheduling hiccup does not decide the result.
  const median = async (fn: () => Promise<number>) => {
    const xs = [await fn(), await fn(), await fn()].sort((a, b) => a - b);
    return xs[1] as number;
  };
  for (const n of [2, 4, 8]) {
    const chosen = names.slice(0, n);
    let slowestSingle = 0;
    for (const m of chosen) slowestSingle = Math.max(slowestSingle, await median(() => turnMs([m])));
    const compare = await median(() => turnMs(chosen));
    ratios[`compare_${n}_ms`] = Math.round(compare);
    ratios[`slowest_single_${n}_ms`] = Math.round(slowestSingle);
    ratios[`compare_${n}_ratio`] = Math.round((compare / slowestSingle) * 1000) / 1000;
  }
  await gateway.flush();
  return ratios;
}

export async function openBenchDatabase(): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  const server = process.env.BENCH_POSTGRES_URL;
  if (server) {
    const database = await openPostgres(server);
    return { database, cleanup: () => database.close() };
  }
  const database = await openPglite(null);
  return { database, cleanup: () => database.close() };
}
