import { sql } from "drizzle-orm";
import { createClient } from "redis";
import { getDatabase } from "@/db/client";
import { lifecycle } from "./lifecycle";
import { shared } from "./shared";

type Check = "ok" | "unavailable" | "not_configured";
export type Readiness = {
  status: "ok" | "error";
  draining: boolean;
  database: Check;
  redis: Check;
  engine?: string;
};

const redisProbe = shared("readiness-redis", () => ({
  url: "",
  client: null as ReturnType<typeof createClient> | null,
}));

async function pingRedis(url: string): Promise<Check> {
  try {
    if (redisProbe.client && redisProbe.url !== url) {
      await redisProbe.client.disconnect().catch(() => {});
      redisProbe.client = null;
    }
    if (!redisProbe.client) {
      const client = createClient({ url, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
      client.on("error", () => {});
      await client.connect();
      redisProbe.client = client;
      redisProbe.url = url;
    }
    await Promise.race([
      redisProbe.client.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("redis ping timed out")), 1_000).unref()),
    ]);
    return "ok";
  } catch {
    // A broken connection is dropped; the next probe connects afresh.
    const stale = redisProbe.client;
    redisProbe.client = null;
    await stale?.disconnect().catch(() => {});
    return "unavailable";
  }
}

/** What readiness checks: the database, Redis (only when configured) and the draining flag. */
export async function readiness(): Promise<Readiness> {
  let database: Check = "unavailable";
  let engine: string | undefined;
  try {
    const handle = await getDatabase();
    await handle.db.execute(sql`select 1`);
    database = "ok";
    engine = handle.engine;
  } catch {
    database = "unavailable";
  }
  const url = process.env.REDIS_URL;
  const redis: Check = url ? await pingRedis(url) : "not_configured";
  const healthy = database === "ok" && redis !== "unavailable" && !lifecycle.draining;
  return { status: healthy ? "ok" : "error", draining: lifecycle.draining, database, redis, engine };
}
