"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { IntegrationEditInput, IntegrationFormInput } from "@/components/integrations/types";
import { getDb } from "@/db/client";
import { IntegrationModel, type TestResult } from "@/lib/ai/integrations";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, parseInput, runAction } from "@/lib/errors";

const PATH = "/settings/integrations";
const idInput = z.object({ id: z.uuid("id must be an integration id") });
// The id is checked here; the other fields are validated by IntegrationModel.
const withId = idInput.loose();

async function integrations() {
  const actor = await requireActor();
  return new IntegrationModel(await getDb(), actor);
}

export async function createIntegrationAction(
  input: IntegrationFormInput,
): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const created = await (await integrations()).create(
      input,
      { shared: false },
      await currentRequestContext(),
    );
    revalidatePath(PATH);
    return { id: created.id };
  });
}

export async function updateIntegrationAction(input: IntegrationEditInput): Promise<ActionResult> {
  return runAction(async () => {
    const { id, ...changes } = parseInput(withId, input);
    await (await integrations()).update(id, changes, await currentRequestContext());
    revalidatePath(PATH);
    return undefined;
  });
}

export async function deleteIntegrationAction(input: { id: string }): Promise<ActionResult> {
  return runAction(async () => {
    const { id } = parseInput(idInput, input);
    await (await integrations()).remove(id, await currentRequestContext());
    revalidatePath(PATH);
    return undefined;
  });
}

export async function testIntegrationAction(input: { id: string }): Promise<ActionResult<TestResult>> {
  return runAction(async () => {
    const { id } = parseInput(idInput, input);
    const result = await (await integrations()).test(id, await currentRequestContext());
    revalidatePath(PATH);
    return result;
  });
}

export async function addIntegrationModelsAction(input: {
  id: string;
  models: string[];
}): Promise<ActionResult<number>> {
  return runAction(async () => {
    const { id, ...models } = parseInput(withId, input);
    const added = await (await integrations()).addModels(id, models, await currentRequestContext());
    revalidatePath(PATH);
    return added;
  });
}
