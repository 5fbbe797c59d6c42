"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, parseInput, runAction } from "@/lib/errors";
import { SyncTargetModel } from "@/lib/sync/store";

const idInput = z.object({ id: z.uuid("id must be a sync target id") });

async function model() {
  return new SyncTargetModel(await getDb(), await requireActor());
}

export async function createSyncTargetAction(
  input: unknown,
): Promise<ActionResult<{ signingSecret: string }>> {
  return runAction(async () => {
    const { signingSecret } = await (await model()).create(input, await currentRequestContext());
    revalidatePath("/settings/sync");
    return { signingSecret };
  });
}

export async function updateSyncTargetAction(input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    await (await model()).update(input, await currentRequestContext());
    revalidatePath("/settings/sync");
    return undefined;
  });
}

export async function deleteSyncTargetAction(input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const { id } = parseInput(idInput, input);
    await (await model()).remove(id, await currentRequestContext());
    revalidatePath("/settings/sync");
    return undefined;
  });
}

export async function syncNowAction(input: unknown): Promise<ActionResult<{ deliveries: number }>> {
  return runAction(async () => {
    const { id } = parseInput(idInput, input);
    const ids = await (await model()).syncNow(id, await currentRequestContext());
    revalidatePath("/settings/sync");
    return { deliveries: ids.length };
  });
}

export async function rotateSyncSecretAction(
  input: unknown,
): Promise<ActionResult<{ signingSecret: string }>> {
  return runAction(async () => {
    const { id } = parseInput(idInput, input);
    const signingSecret = await (await model()).rotateSecret(id, await currentRequestContext());
    revalidatePath("/settings/sync");
    return { signingSecret };
  });
}
