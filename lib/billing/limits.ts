import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type PlanLimits, packages, type UserRole, userSubscriptions, users } from "@/db/schema";
import { invalidateEverywhere, onInvalidate } from "@/lib/server/invalidation";
import { shared } from "@/lib/server/shared";
import { getSetting } from "@/lib/settings";
import { DEFAULT_PLANS } from "./plans";

/** The widest compare Prism runs at all (the request schemas refuse more). */
export const MAX_MODELS_PER_COMPARE = 8;

export type EffectiveLimits = PlanLimits & {
  planSlug: string;
  planName: string;
  /** Monthly cost cap in USD after the admin's per-user override (spend on shared integrations). */
  monthlyCostCapUsd: number;
  capSource: "plan" | "user override";
  /**
   * An administrator on an instance where admins are exempt (Admin → Settings): no compare width
   * below Prism's maximum (maxModelsPerCompare is that maximum), no requests-per-minute limit and no
   * monthly cost cap. The plan's own numbers stay in `plan` for display.
   */
  exempt: boolean;
  /** Whether calls on admin-shared integrations are charged to this user's wallet. */
  chargedForShared: boolean;
  /** The plan's limits as configured, before the exemption. */
  plan: PlanLimits;
};

type BaseLimits = Omit<EffectiveLimits, "exempt" | "chargedForShared"> & { role: UserRole };

const TTL_MS = 10_000;
const caches = shared("limits", () => new WeakMap<Db, Map<string, { value: BaseLimits; at: number }>>());

/**
 * A user's limits: their active subscription's plan (or the plan named by their tier), with the
 * admin's per-user budget override applied, and the administrators' exemption (Admin → Settings).
 * Cached for a few seconds: the gateway reads it per call. The settings are read per call (they
 * have their own short cache, cleared when an admin changes them).
 */
export async function effectiveLimits(db: Db, userId: string): Promise<EffectiveLimits> {
  const base = await baseLimits(db, userId);
  if (base.role !== "admin") {
    const { role: _, ...rest } = base;
    return { ...rest, exempt: false, chargedForShared: true };
  }
  const [exempt, charged] = await Promise.all([
    getSetting(db, "adminsExemptFromPlanLimits"),
    getSetting(db, "chargeAdminsForSharedIntegrations"),
  ]);
  const { role: _, ...rest } = base;
  return {
    ...rest,
    maxModelsPerCompare: exempt ? MAX_MODELS_PER_COMPARE : rest.maxModelsPerCompare,
    exempt,
    chargedForShared: charged,
  };
}

async function baseLimits(db: Db, userId: string): Promise<BaseLimits> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const hit = cache.get(userId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;

  const [user] = await db
    .select({ tier: users.subscriptionTier, override: users.monthlyBudgetUsd, role: users.role })
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
  const value: BaseLimits = {
    ...plan.limits,
    planSlug: plan.slug,
    planName: plan.name,
    monthlyCostCapUsd: override ?? plan.limits.monthlyCostCapUsd,
    capSource: override !== null ? "user override" : "plan",
    plan: plan.limits,
    role: user?.role ?? "user",
  };
  cache.set(userId, { value, at: Date.now() });
  return value;
}

onInvalidate("limits", (db, userId) => {
  const cache = caches.get(db);
  if (userId) cache?.delete(userId);
  else cache?.clear();
});

/** Forget cached limits, in every process, after an admin changes a plan, an override or a role. */
export function invalidateLimits(db: Db, userId?: string): void {
  invalidateEverywhere(db, "limits", userId);
}

function fallbackPlan() {
  const free = DEFAULT_PLANS[0];
  if (!free) throw new Error("no default plan");
  return { slug: free.slug, name: free.name, limits: free.limits };
}
