"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { IntegrationEditInput, IntegrationFormInput } from "@/components/integrations/types";
import { getDb } from "@/db/client";
import { IntegrationModel, type TestResult } from "@/lib/ai/integrations";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, parseInput, runAction } from "@/lib/errors";

const PATH = "/admin/integrations";
const idInput = z.object({ id: z.uuid("id must be an integration id") });
// The id is checked here; the other fields are validated by IntegrationModel.
const withId = idInput.loose();

/** Admin-shared integrations: every user may call models through them within their plan. */
async function integrations() {
  const actor = await requireActor({ admin: true });
  return new IntegrationModel(await getDb(), actor);
}

export async function createSharedIntegrationAction(
  input: IntegrationFormInput,
): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const created = await (await integrations()).create(
      input,
      { shared: true },
      await currentRequestContext(),
    );
    revalidatePath(PATH);
    return { id: created.id };
  });
}

export async function updateSharedIntegrationAction(input: IntegrationEditInput): Promise<ActionResult> {
  return runAction(async () => {
    const { id, ...changes } = parseInput(withId, input);
    await (await integrations()).update(id, changes, await currentRequestContext());
    revalidatePath(PATH);
    return undefined;
  });
}

export async function deleteSharedIntegrationAction(input: { id: string }): Promise<ActionResult> {
  return runAction(async () => {
    const { id } = parseInput(idInput, input);
    await (await integrations()).remove(id, await currentRequestContext());
    revalidatePath(PATH);
    return undefined;
  });
}

export async function testSharedIntegrationAction(input: { id: string }): Promise<ActionResult<TestResult>> {
  return runAction(async () => {
    const { id } = parseInput(idInput, input);
    const result = await (await integrations()).test(id, await currentRequestContext());
    revalidatePath(PATH);
    return result;
  });
}

export async function addSharedIntegrationModelsAction(input: {
  id: string;
  models: string[];
}): Promise<ActionResult<number>> {
  return runAction(async () => {
    const { id, ...models } = parseInput(withId, input);
    const added = await (await integrations()).addModels(id, models, await currentRequestContext());
    revalidatePath(PATH);
    revalidatePath("/admin/models");
    return added;
  });
}
