import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { packages } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import type { Gateway } from "@/lib/ai/gateway";
import { anthropicMessages } from "@/lib/api/anthropic-messages";
import { chatCompletions } from "@/lib/api/chat-completions";
import { ApiKeyModel, type ApiKeyScope } from "@/lib/api-keys/keys";
import type { Actor } from "@/lib/auth/actor";
import { invalidateLimits } from "@/lib/billing/limits";
import { fastApiHandler } from "@/lib/server/node-api";
import { ctx } from "./fixtures";

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
