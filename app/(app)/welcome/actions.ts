"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { type FirstRunState, firstRunState, setDefaultChatModels } from "@/lib/ai/first-run";
import { connectLocalServer, detectLocalServers, type ProbeResult } from "@/lib/ai/local-providers";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, runAction } from "@/lib/errors";

/** Looks for a local Ollama and LM Studio (a short probe each, in parallel). */
export async function detectLocalServersAction(): Promise<ActionResult<ProbeResult[]>> {
  return runAction(async () => {
    const actor = await requireActor({ admin: true });
    return detectLocalServers(await getDb(), actor);
  });
}

/** One click: the detected server becomes a shared integration with its models. */
export async function connectLocalServerAction(input: {
  kind: string;
}): Promise<ActionResult<{ label: string; models: number; created: boolean; state: FirstRunState }>> {
  return runAction(async () => {
    const actor = await requireActor({ admin: true });
    const db = await getDb();
    const result = await connectLocalServer(db, actor, input, await currentRequestContext());
    revalidatePath("/chat");
    return {
      label: result.integration.name,
      models: result.models.length,
      created: result.created,
      state: await firstRunState(db, actor),
    };
  });
}

export async function saveDefaultModelsAction(input: {
  modelIds: string[];
}): Promise<ActionResult<string[]>> {
  return runAction(async () => {
    const actor = await requireActor({ admin: true });
    const saved = await setDefaultChatModels(await getDb(), actor, input, await currentRequestContext());
    revalidatePath("/chat");
    return saved;
  });
}
