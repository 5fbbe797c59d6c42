"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { AdminUsersRepo } from "@/lib/admin/users";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { grantCredits } from "@/lib/billing/wallet";
import { type ActionResult, runAction } from "@/lib/errors";

async function repo() {
  const actor = await requireActor({ admin: true });
  return new AdminUsersRepo(await getDb(), actor);
}

export async function setUserRoleAction(input: { userId: string; role: string }): Promise<ActionResult> {
  return runAction(async () => {
    await (await repo()).setRole(input, await currentRequestContext());
    revalidatePath("/admin/users");
    return undefined;
  });
}

export async function suspendUserAction(input: { userId: string }): Promise<ActionResult> {
  return runAction(async () => {
    await (await repo()).suspend(input, await currentRequestContext());
    revalidatePath("/admin/users");
    return undefined;
  });
}

export async function reinstateUserAction(input: { userId: string }): Promise<ActionResult> {
  return runAction(async () => {
    await (await repo()).reinstate(input, await currentRequestContext());
    revalidatePath("/admin/users");
    return undefined;
  });
}

export async function setUserPlanAction(input: { userId: string; plan: string }): Promise<ActionResult> {
  return runAction(async () => {
    await (await repo()).setPlan(input, await currentRequestContext());
    revalidatePath("/admin/users");
    return undefined;
  });
}

export async function setUserBudgetAction(input: {
  userId: string;
  monthlyBudgetUsd: number | null;
}): Promise<ActionResult> {
  return runAction(async () => {
    await (await repo()).setBudget(input, await currentRequestContext());
    revalidatePath("/admin/users");
    return undefined;
  });
}

/** Adds credits to a user's wallet from the platform (audited); amount in credits, reason required. */
export async function grantCreditsAction(input: {
  userId: string;
  amount: number;
  reason: string;
}): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor({ admin: true });
    await grantCredits(await getDb(), actor, input, await currentRequestContext());
    revalidatePath("/admin/users");
    return undefined;
  });
}
