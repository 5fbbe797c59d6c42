"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, runAction } from "@/lib/errors";
import { type EmbeddingPreference, setEmbeddingPreference } from "@/lib/terminology/store";

/** Saves the user's embedding model ("default", "off" or a model id); vectors are redone when it changes. */
export async function saveEmbeddingModelAction(input: {
  embeddingModelId: string;
}): Promise<ActionResult<{ embeddingModelId: EmbeddingPreference; changed: boolean }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const saved = await setEmbeddingPreference(await getDb(), actor, input, await currentRequestContext());
    revalidatePath("/settings/terminology");
    revalidatePath("/terminology");
    return saved;
  });
}
