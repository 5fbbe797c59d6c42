import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiModels } from "@/db/schema";
import { Gateway, type GatewayOptions } from "@/lib/ai/gateway";
import { ProviderHealth } from "@/lib/ai/health";
import { IntegrationModel } from "@/lib/ai/integrations";
import type { Actor } from "@/lib/auth/actor";
import { MemoryRequestLimiter } from "@/lib/rate-limit/limiter";
import { BudgetAlerts } from "@/lib/usage/budget";
import { SpendTracker } from "@/lib/usage/spend";
import { UsageWriter, type UsageWriterOptions } from "@/lib/usage/writer";
import { ctx } from "./fixtures";

/** A real gateway on a test database, with a fast-flushing usage writer (unless told otherwise). */
export function makeGateway(
  db: Db,
  options: GatewayOptions = {},
  writerOptions: UsageWriterOptions = { flushIntervalMs: 20 },
) {
  const writer = new UsageWriter(db, writerOptions);
  const spend = new SpendTracker(db, writer);
  const gateway = new Gateway({
    db,
    writer,
    spend,
    alerts: new BudgetAlerts(db, spend),
    limiter: new MemoryRequestLimiter(),
    health: new ProviderHealth(db),
    options: { maxRetries: 1, ...options },
  });
  return { gateway, writer };
}

/**
 * An integration pointing at the mock model server, with catalog models for the given names
 * (directives like `mock-gpt@fail=500` go in the names). Shared by default, so loopback is allowed.
 */
export async function mockIntegration(
  db: Db,
  actor: Actor,
  mockUrl: string,
  opts: {
    provider?: "openai-compatible" | "anthropic" | "openai";
    shared?: boolean;
    apiKey?: string;
    models: string[];
    pricing?: { input: number; output: number; cachedInput?: number };
  },
): Promise<{ integrationId: string; modelIds: Record<string, string> }> {
  const integrations = new IntegrationModel(db, actor);
  const integration = await integrations.create(
    {
      provider: opts.provider ?? "openai-compatible",
      name: `mock ${Math.random().toString(36).slice(2, 7)}`,
      apiKey: opts.apiKey ?? "sk-test-key-123",
      baseUrl: `${mockUrl}/v1`,
    },
    { shared: opts.shared ?? true },
    ctx,
  );
  await integrations.addModels(integration.id, { models: opts.models }, ctx);
  const rows = await db.select().from(aiModels).where(eq(aiModels.integrationId, integration.id));
  const modelIds: Record<string, string> = {};
  for (const r of rows) {
    modelIds[r.name] = r.id;
    if (opts.pricing)
      await db
        .update(aiModels)
        .set({ pricing: opts.pricing })
        .where(and(eq(aiModels.id, r.id)));
  }
  return { integrationId: integration.id, modelIds };
}

/** Collects a gateway stream's text. */
export async function collect(stream: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const delta of stream) text += delta;
  return text;
}
