import { and, count, desc, eq, ilike, isNotNull, isNull, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  packages,
  SUBSCRIPTION_TIERS,
  USER_ROLES,
  userSessions,
  userSubscriptions,
  users,
} from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { type Actor, assertNotSelf, requireAdmin } from "@/lib/auth/actor";
import { invalidateLimits } from "@/lib/billing/limits";
import { AppError, notFound, parseInput } from "@/lib/errors";

export const userListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  role: z.enum(USER_ROLES).optional(),
  status: z.enum(["active", "suspended"]).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type UserListQuery = z.input<typeof userListQuery>;

export type AdminUserRow = {
  id: string;
  email: string;
  name: string;
  role: (typeof USER_ROLES)[number];
  subscriptionTier: string;
  monthlyBudgetUsd: string | null;
  suspendedAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
};

const roleInput = z.object({ userId: z.uuid("userId must be a user id"), role: z.enum(USER_ROLES) });
const planInput = z.object({
  userId: z.uuid("userId must be a user id"),
  plan: z.string().trim().min(1, "Choose a plan.").max(50),
});
const budgetInput = z.object({
  userId: z.uuid("userId must be a user id"),
  /** null = the plan's cap. */
  monthlyBudgetUsd: z
    .number()
    .min(0, "The budget cannot be negative.")
    .max(999_999, "At most $999,999.")
    .nullable(),
});
const userIdInput = z.object({ userId: z.uuid("userId must be a user id") });

/** Admin → Users. Every method requires an admin actor; every change is audited in the same transaction. */
export class AdminUsersRepo {
  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
  ) {
    requireAdmin(actor);
  }

  async list(
    query: UserListQuery,
  ): Promise<{ rows: AdminUserRow[]; total: number; page: number; pageSize: number }> {
    const q = parseInput(userListQuery, query);
    const filters: SQL[] = [];
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const match = or(ilike(users.email, like), ilike(users.name, like));
      if (match) filters.push(match);
    }
    if (q.role) filters.push(eq(users.role, q.role));
    if (q.status === "suspended") filters.push(isNotNull(users.suspendedAt));
    if (q.status === "active") filters.push(isNull(users.suspendedAt));
    const where = filters.length ? and(...filters) : undefined;
    const [rows, [totalRow]] = await Promise.all([
      this.db
        .select({
          id: users.id,
          email: users.email,
          name: users.name,
          role: users.role,
          subscriptionTier: users.subscriptionTier,
          monthlyBudgetUsd: users.monthlyBudgetUsd,
          suspendedAt: users.suspendedAt,
          lastLoginAt: users.lastLoginAt,
          createdAt: users.createdAt,
        })
        .from(users)
        .where(where)
        .orderBy(desc(users.createdAt), desc(users.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      this.db.select({ n: count() }).from(users).where(where),
    ]);
    return { rows, total: totalRow?.n ?? 0, page: q.page, pageSize: q.pageSize };
  }

  async setRole(input: unknown, ctx: RequestContext): Promise<void> {
    const { userId, role } = parseInput(roleInput, input);
    assertNotSelf(this.actor, userId, "You cannot change your own role; ask another admin.");
    await this.db.transaction(async (tx) => {
      const before = await this.load(tx, userId);
      if (before.role === role) return;
      await tx.update(users).set({ role }).where(eq(users.id, userId));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "user",
          entityId: userId,
          action: "role_changed",
          before: { role: before.role },
          after: { role },
        },
        ctx,
      );
    });
    // An admin's exemption from plan limits follows the role at once.
    invalidateLimits(this.db, userId);
  }

  /** Suspends an account and ends all its sessions at once. */
  async suspend(input: unknown, ctx: RequestContext): Promise<void> {
    const { userId } = parseInput(userIdInput, input);
    assertNotSelf(this.actor, userId, "You cannot suspend your own account.");
    await this.db.transaction(async (tx) => {
      const before = await this.load(tx, userId);
      if (before.suspendedAt) throw new AppError("conflict", "That account is already suspended.");
      const now = new Date();
      await tx.update(users).set({ suspendedAt: now }).where(eq(users.id, userId));
      await tx
        .update(userSessions)
        .set({ revokedAt: now })
        .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt)));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "user",
          entityId: userId,
          action: "suspended",
          before: { suspendedAt: null },
          after: { suspendedAt: now.toISOString() },
        },
        ctx,
      );
    });
  }

  async reinstate(input: unknown, ctx: RequestContext): Promise<void> {
    const { userId } = parseInput(userIdInput, input);
    await this.db.transaction(async (tx) => {
      const before = await this.load(tx, userId);
      if (!before.suspendedAt) throw new AppError("conflict", "That account is not suspended.");
      await tx.update(users).set({ suspendedAt: null }).where(eq(users.id, userId));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "user",
          entityId: userId,
          action: "reinstated",
          before: { suspendedAt: before.suspendedAt.toISOString() },
          after: { suspendedAt: null },
        },
        ctx,
      );
    });
  }

  /** Puts the user on a plan: their active subscription moves to it (limits apply at once). */
  async setPlan(input: unknown, ctx: RequestContext): Promise<void> {
    const { userId, plan } = parseInput(planInput, input);
    await this.db.transaction(async (tx) => {
      const before = await this.load(tx, userId);
      const [pkg] = await tx
        .select()
        .from(packages)
        .where(and(eq(packages.slug, plan), eq(packages.active, true)));
      if (!pkg)
        throw new AppError("validation_failed", "plan: No active plan has that name.", { field: "plan" });
      const now = new Date();
      await tx
        .update(userSubscriptions)
        .set({ status: "cancelled", endDate: now })
        .where(and(eq(userSubscriptions.userId, userId), eq(userSubscriptions.status, "active")));
      await tx
        .insert(userSubscriptions)
        .values({ userId, packageId: pkg.id, status: "active", startDate: now });
      const tier = (SUBSCRIPTION_TIERS as readonly string[]).includes(pkg.slug)
        ? (pkg.slug as (typeof SUBSCRIPTION_TIERS)[number])
        : before.subscriptionTier;
      await tx.update(users).set({ subscriptionTier: tier }).where(eq(users.id, userId));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "user",
          entityId: userId,
          action: "plan_changed",
          before: { plan: before.subscriptionTier },
          after: { plan: pkg.slug },
        },
        ctx,
      );
    });
    invalidateLimits(this.db, userId);
  }

  /** Overrides the plan's monthly cost cap for one user (null restores the plan's). */
  async setBudget(input: unknown, ctx: RequestContext): Promise<void> {
    const { userId, monthlyBudgetUsd } = parseInput(budgetInput, input);
    await this.db.transaction(async (tx) => {
      const before = await this.load(tx, userId);
      const value = monthlyBudgetUsd === null ? null : monthlyBudgetUsd.toFixed(6);
      await tx.update(users).set({ monthlyBudgetUsd: value }).where(eq(users.id, userId));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "user",
          entityId: userId,
          action: "budget_changed",
          before: { monthlyBudgetUsd: before.monthlyBudgetUsd },
          after: { monthlyBudgetUsd: value },
        },
        ctx,
      );
    });
    invalidateLimits(this.db, userId);
  }

  async plans(): Promise<{ slug: string; name: string }[]> {
    return this.db
      .select({ slug: packages.slug, name: packages.name })
      .from(packages)
      .where(eq(packages.active, true))
      .orderBy(packages.sortOrder);
  }

  private async load(db: Db, userId: string) {
    const [row] = await db.select().from(users).where(eq(users.id, userId)).for("update");
    if (!row) throw notFound("That user");
    return row;
  }
}
