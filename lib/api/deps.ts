import { type Db, getDb } from "@/db/client";
import type { Gateway } from "@/lib/ai/gateway";
import { getGateway } from "@/lib/ai/instance";

/** What the public API handlers work with: the application's database and gateway, or a test's. */
export type ApiDeps = { db: Db; gateway: Gateway };

export async function appDeps(): Promise<ApiDeps> {
  return { db: await getDb(), gateway: await getGateway() };
}
