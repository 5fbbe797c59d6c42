import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type PlanLimits, packages, userSubscriptions, users } from "@/db/schema";
import { shared } from "@/lib/server/shared";
import { DEFAULT_PLANS } from "./plans";

export type EffectiveLimits = PlanLimits & {
  planSlug: string;
  planName: string;
  /** Monthly cost cap in USD after the admin's per-user override. */
  monthlyCostCapUsd: number;
  capSource: "plan" | "user override";
};

const TTL_MS = 10_000;
const caches = shared("limits", () => new WeakMap<Db, Map<string, { value: EffectiveLimits; at: number }>>());

/**
 * A user's limits: their active subscription's plan (or the plan named by their tier), with the
 * admin's per-user budget override applied. Cached for a few seconds: the gateway reads it per call.
 */
export async function effectiveLimits(db: Db, userId: string): Promise<EffectiveLimits> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const hit = cache.get(userId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;

  const [user] = await db
    .select({ tier: users.subscriptionTier, override: users.monthlyBudgetUsd })
    .from(users)
    .where(eq(users.id, userId));
  const [subscribed] = await db
    .select({ slug: packages.slug, name: packages.name, limits: packages.limits })
    .from(userSubscriptions)
    .innerJoin(packages, eq(packages.id, userSubscriptions.packageId))
    .where(and(eq(userSubscriptions.userId, userId), eq(userSubscriptions.status, "active")));
  const byTier = subscribed
    ? undefined
    : (
        await db
          .select({ slug: packages.slug, name: packages.name, limits: packages.limits })
          .from(packages)
          .where(eq(packages.slug, user?.tier ?? "free"))
      )[0];
  const plan = subscribed ?? byTier ?? fallbackPlan();
  const override = user?.override != null ? Number(user.override) : null;
  const value: EffectiveLimits = {
    ...plan.limits,
    planSlug: plan.slug,
    planName: plan.name,
    monthlyCostCapUsd: override ?? plan.limits.monthlyCostCapUsd,
    capSource: override !== null ? "user override" : "plan",
  };
  cache.set(userId, { value, at: Date.now() });
  return value;
}

/** Forget cached limits after an admin changes a plan or an override. */
export function invalidateLimits(db: Db, userId?: string): void {
  const cache = caches.get(db);
  if (!cache) return;
  if (userId) cache.delete(userId);
  else cache.clear();
}

function fallbackPlan() {
  const free = DEFAULT_PLANS[0];
  if (!free) throw new Error("no default plan");
  return { slug: free.slug, name: free.name, limits: free.limits };
}
