"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { ApiKeyModel } from "@/lib/api-keys/keys";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, parseInput, runAction } from "@/lib/errors";

export async function createApiKeyAction(input: unknown): Promise<ActionResult<{ secret: string }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { secret } = await new ApiKeyModel(await getDb(), actor).create(
      input,
      await currentRequestContext(),
    );
    revalidatePath("/settings/api-keys");
    return { secret };
  });
}

export async function revokeApiKeyAction(input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor();
    const { id } = parseInput(z.object({ id: z.uuid("id must be a key id") }), input);
    await new ApiKeyModel(await getDb(), actor).revoke(id, await currentRequestContext());
    revalidatePath("/settings/api-keys");
    return undefined;
  });
}
