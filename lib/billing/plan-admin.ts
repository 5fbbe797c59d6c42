import { and, asc, count, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type PlanLimits, packages, userSubscriptions, users } from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { type Actor, requireAdmin } from "@/lib/auth/actor";
import { notFound, parseInput } from "@/lib/errors";
import { invalidateLimits } from "./limits";

/** A plan's limits as an admin edits them; every field is required and named in its error. */
export const planLimitsInput = z.object({
  planId: z.uuid("planId must be a plan id"),
  monthlyCredits: z
    .number({ error: "Enter a whole number of credits." })
    .int("Enter a whole number of credits.")
    .min(0, "Credits cannot be negative.")
    .max(100_000_000, "At most 100,000,000 credits."),
  maxModelsPerCompare: z
    .number({ error: "Enter how many models a compare may have." })
    .int("Enter a whole number of models.")
    .min(1, "At least 1 model.")
    .max(8, "Prism compares at most 8 models at once."),
  requestsPerMinute: z
    .number({ error: "Enter requests per minute." })
    .int("Enter a whole number of requests.")
    .min(1, "At least 1 request per minute.")
    .max(100_000, "At most 100,000 requests per minute."),
  monthlyCostCapUsd: z
    .number({ error: "Enter a cap in USD." })
    .min(0, "The cap cannot be negative.")
    .max(999_999, "At most $999,999.")
    .multipleOf(0.01, "Use at most two decimals (cents)."),
});
export type PlanLimitsInput = z.input<typeof planLimitsInput>;

export type PlanView = {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  priceUsd: string;
  active: boolean;
  limits: PlanLimits;
  /** Users whose limits come from this plan (an active subscription, or the tier with none). */
  members: number;
};

/** Admin → Plans: the plans and their limits. A change applies to every member at once. */
export class PlanAdmin {
  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
  ) {
    requireAdmin(actor);
  }

  async list(): Promise<PlanView[]> {
    const [plans, subscribed, byTier] = await Promise.all([
      this.db.select().from(packages).orderBy(asc(packages.sortOrder), asc(packages.name)),
      this.db
        .select({ packageId: userSubscriptions.packageId, n: count() })
        .from(userSubscriptions)
        .where(eq(userSubscriptions.status, "active"))
        .groupBy(userSubscriptions.packageId),
      // effectiveLimits falls back to the plan named by the tier when there is no active subscription.
      this.db
        .select({ tier: users.subscriptionTier, n: count() })
        .from(users)
        .leftJoin(
          userSubscriptions,
          and(eq(userSubscriptions.userId, users.id), eq(userSubscriptions.status, "active")),
        )
        .where(isNull(userSubscriptions.id))
        .groupBy(users.subscriptionTier),
    ]);
    return plans.map((p) => ({
      id: p.id,
      slug: p.slug,
      name: p.name,
      description: p.description,
      priceUsd: p.priceUsd,
      active: p.active,
      limits: p.limits,
      members:
        Number(subscribed.find((s) => s.packageId === p.id)?.n ?? 0) +
        Number(byTier.find((t) => t.tier === p.slug)?.n ?? 0),
    }));
  }

  /** Replaces a plan's limits, with an audit row (before/after); cached limits are dropped at once. */
  async updateLimits(input: unknown, ctx: RequestContext): Promise<PlanLimits> {
    const { planId, ...limits } = parseInput(planLimitsInput, input);
    const after: PlanLimits = {
      monthlyCredits: limits.monthlyCredits,
      maxModelsPerCompare: limits.maxModelsPerCompare,
      requestsPerMinute: limits.requestsPerMinute,
      monthlyCostCapUsd: Math.round(limits.monthlyCostCapUsd * 100) / 100,
    };
    await this.db.transaction(async (tx) => {
      const [before] = await tx
        .select({ slug: packages.slug, limits: packages.limits })
        .from(packages)
        .where(eq(packages.id, planId))
        .for("update");
      if (!before) throw notFound("That plan");
      // Keep any keys this editor does not know about (a later feature's limits).
      await tx
        .update(packages)
        .set({ limits: { ...before.limits, ...after } })
        .where(eq(packages.id, planId));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "plan",
          entityId: planId,
          action: "limits_changed",
          before: before.limits,
          after: { ...before.limits, ...after },
          metadata: { plan: before.slug },
        },
        ctx,
      );
    });
    invalidateLimits(this.db);
    return after;
  }
}
