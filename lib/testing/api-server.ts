import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Db } from "@/db/client";
import { aiUsageLogs, packages } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import type { Gateway } from "@/lib/ai/gateway";
import { anthropicMessages } from "@/lib/api/anthropic-messages";
import { chatCompletions } from "@/lib/api/chat-completions";
import { ApiKeyModel, type ApiKeyScope } from "@/lib/api-keys/keys";
import type { Actor } from "@/lib/auth/actor";
import { invalidateLimits } from "@/lib/billing/limits";
import { fastApiHandler } from "@/lib/server/node-api";
import type { MockLlm } from "@/mock-llm/server";
import { ctx, makeUser } from "./fixtures";
import { makeGateway, mockIntegration } from "./gateway";

/**
 * The public API's handlers on a real HTTP server (the production server's fast path), bound to a
 * test database and gateway, for the official SDKs to call. Everything else answers 404.
 */
export async function startApiServer(deps: { db: Db; gateway: Gateway }) {
  const fast = fastApiHandler({
    "POST /api/v1/chat/completions": (call) => chatCompletions(call, deps),
    "POST /api/v1/messages": (call) => anthropicMessages(call, deps),
  });
  const server = createServer((req, res) => {
    if (!fast(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The catalog, with plan limits that never throttle a test (the key's own limit still applies). */
export async function seedForApi(db: Db): Promise<void> {
  await seedCatalog(db);
  for (const p of await db.select().from(packages)) {
    await db
      .update(packages)
      .set({ limits: { ...p.limits, requestsPerMinute: 100_000 } })
      .where(eq(packages.id, p.id));
  }
  invalidateLimits(db);
}

export async function apiKeyFor(
  db: Db,
  actor: Actor,
  opts: { scopes?: ApiKeyScope[]; rateLimit?: number } = {},
): Promise<{ secret: string; id: string }> {
  const { secret, key } = await new ApiKeyModel(db, actor).create(
    { name: "test key", scopes: opts.scopes ?? ["chat", "models"], rateLimit: opts.rateLimit ?? 1000 },
    ctx,
  );
  return { secret, id: key.id };
}

type MockModels = { provider: "openai" | "anthropic" | "openai-compatible"; models: string[] };

/**
 * A test suite's API server: the catalog seeded, the mock's models added as shared integrations, a
 * real gateway and the HTTP server, started before the suite's tests and stopped after them.
 * `user()` makes a fresh user with a key; `rowsOf()` reads that user's usage rows once flushed.
 */
export function apiSuite(db: () => Db, mock: () => MockLlm, integrations: MockModels[]) {
  let server: Awaited<ReturnType<typeof startApiServer>> | null = null;
  let gateway: Gateway | null = null;
  beforeAll(async () => {
    await seedForApi(db());
    const admin = await makeUser(db(), { role: "admin" });
    for (const i of integrations)
      await mockIntegration(db(), admin.actor, mock().url, {
        ...i,
        pricing: { input: 2, output: 10, cachedInput: 0.5 },
      });
    gateway = makeGateway(db(), { maxRetries: 0 }).gateway;
    server = await startApiServer({ db: db(), gateway });
  });
  afterAll(async () => {
    await server?.close();
    await gateway?.flush();
  });
  beforeEach(() => mock().reset());
  const ready = <T>(v: T | null): T => {
    if (v === null) throw new Error("the API server is not started");
    return v;
  };
  return {
    url: () => ready(server).url,
    gateway: () => ready(gateway),
    async user(opts: { scopes?: ApiKeyScope[]; rateLimit?: number } = {}) {
      const u = await makeUser(db());
      return { u, key: await apiKeyFor(db(), u.actor, opts) };
    },
    async rowsOf(userId: string) {
      await ready(gateway).flush();
      return db().select().from(aiUsageLogs).where(eq(aiUsageLogs.userId, userId));
    },
  };
}
