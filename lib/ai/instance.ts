import { getDb } from "@/db/client";
import { MemoryRequestLimiter } from "@/lib/rate-limit/limiter";
import { RedisRequestLimiter } from "@/lib/rate-limit/redis";
import { lifecycle } from "@/lib/server/lifecycle";
import { BudgetAlerts } from "@/lib/usage/budget";
import { SpendTracker } from "@/lib/usage/spend";
import { UsageWriter } from "@/lib/usage/writer";
import { Gateway } from "./gateway";
import { ProviderHealth } from "./health";

declare global {
  // One gateway (and one usage queue) per process, shared by every Next.js bundle.
  var __prismGateway: Promise<Gateway> | undefined;
}

async function create(): Promise<Gateway> {
  const db = await getDb();
  const writer = new UsageWriter(db);
  const spend = new SpendTracker(db, writer);
  const gateway = new Gateway({
    db,
    writer,
    spend,
    alerts: new BudgetAlerts(db, spend),
    // Shared across instances when Redis is configured; per process otherwise.
    limiter: process.env.REDIS_URL
      ? await RedisRequestLimiter.connect(process.env.REDIS_URL)
      : new MemoryRequestLimiter(),
    health: new ProviderHealth(db),
  });
  await gateway.refreshSettings();
  setInterval(() => void gateway.refreshSettings().catch(() => {}), 10_000).unref();
  // Queued usage rows (at most a quarter second's worth) are written before the process exits.
  process.once("beforeExit", () => void writer.flush().catch(() => {}));
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      // The production server drains streams first and flushes this writer itself.
      if (lifecycle.ownsShutdown) return;
      const exit = () => process.exit(0);
      setTimeout(exit, 3_000).unref();
      writer.flush().then(exit, (err) => {
        console.error("[prism] usage flush at exit failed", err);
        exit();
      });
    });
  }
  return gateway;
}

/** The application's gateway. */
export function getGateway(): Promise<Gateway> {
  globalThis.__prismGateway ??= create().catch((err) => {
    globalThis.__prismGateway = undefined;
    throw err;
  });
  return globalThis.__prismGateway;
}
