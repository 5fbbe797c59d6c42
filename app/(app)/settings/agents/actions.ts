"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { callAgent } from "@/lib/agents/call";
import { AgentModel } from "@/lib/agents/store";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, parseInput, runAction } from "@/lib/errors";

const idInput = z.object({ id: z.uuid("id must be an agent id") });

export async function createAgentAction(input: unknown): Promise<ActionResult<{ secret: string | null }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { secret } = await new AgentModel(await getDb(), actor).create(
      input,
      await currentRequestContext(),
    );
    revalidatePath("/settings/agents");
    return { secret };
  });
}

export async function updateAgentAction(input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor();
    await new AgentModel(await getDb(), actor).update(input, await currentRequestContext());
    revalidatePath("/settings/agents");
    return undefined;
  });
}

export async function deleteAgentAction(input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor();
    const { id } = parseInput(idInput, input);
    await new AgentModel(await getDb(), actor).remove(id, await currentRequestContext());
    revalidatePath("/settings/agents");
    return undefined;
  });
}

/** Sends a signed test event; the answer (or the error) comes back to the page. */
export async function testAgentAction(
  input: unknown,
): Promise<ActionResult<{ ok: boolean; text: string; latencyMs: number }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { id } = parseInput(idInput, input);
    const db = await getDb();
    const agent = await new AgentModel(db, actor).row(id);
    const result = await callAgent(db, agent, {
      event: "agent.test",
      input: "This is a test from Prism. Reply with any text.",
    });
    revalidatePath("/settings/agents");
    return result.ok
      ? { ok: true, text: result.text.slice(0, 2_000), latencyMs: result.latencyMs }
      : { ok: false, text: result.error, latencyMs: result.latencyMs };
  });
}
