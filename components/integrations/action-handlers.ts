import "server-only";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { IntegrationModel, type TestResult } from "@/lib/ai/integrations";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, parseInput, runAction } from "@/lib/errors";
import type { IntegrationEditInput, IntegrationFormInput } from "./types";

const idInput = z.object({ id: z.uuid("id must be an integration id") });
// The id is checked here; the other fields are validated by IntegrationModel.
const withId = idInput.loose();

/**
 * The integration actions, for one page: a user's own integrations, or (admin) the shared ones.
 * The "use server" files of each page only wrap these, so both pages behave the same.
 */
export function integrationActions(opts: { shared: boolean; revalidate: string[] }) {
  const model = async () => new IntegrationModel(await getDb(), await requireActor({ admin: opts.shared }));
  const refresh = () => {
    for (const path of opts.revalidate) revalidatePath(path);
  };
  return {
    create: (input: IntegrationFormInput): Promise<ActionResult<{ id: string }>> =>
      runAction(async () => {
        const created = await (await model()).create(
          input,
          { shared: opts.shared },
          await currentRequestContext(),
        );
        refresh();
        return { id: created.id };
      }),
    update: (input: IntegrationEditInput): Promise<ActionResult> =>
      runAction(async () => {
        const { id, ...changes } = parseInput(withId, input);
        await (await model()).update(id, changes, await currentRequestContext());
        refresh();
        return undefined;
      }),
    remove: (input: { id: string }): Promise<ActionResult> =>
      runAction(async () => {
        const { id } = parseInput(idInput, input);
        await (await model()).remove(id, await currentRequestContext());
        refresh();
        return undefined;
      }),
    test: (input: { id: string }): Promise<ActionResult<TestResult>> =>
      runAction(async () => {
        const { id } = parseInput(idInput, input);
        const result = await (await model()).test(id, await currentRequestContext());
        refresh();
        return result;
      }),
    addModels: (input: { id: string; models: string[] }): Promise<ActionResult<number>> =>
      runAction(async () => {
        const { id, ...models } = parseInput(withId, input);
        const added = await (await model()).addModels(id, models, await currentRequestContext());
        refresh();
        return added;
      }),
  };
}
