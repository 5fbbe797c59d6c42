"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { PlanAdmin } from "@/lib/billing/plan-admin";
import { type ActionResult, runAction } from "@/lib/errors";

/** Admin → Plans: replaces one plan's limits (validated, audited, effective at once). */
export async function updatePlanLimitsAction(input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor({ admin: true });
    await new PlanAdmin(await getDb(), actor).updateLimits(input, await currentRequestContext());
    revalidatePath("/admin/plans");
    return undefined;
  });
}
