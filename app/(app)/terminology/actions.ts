"use server";

import { revalidatePath } from "next/cache";
import { entryJson } from "@/components/terminology/types";
import { getDb } from "@/db/client";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, AppError, runAction } from "@/lib/errors";
import { TerminologyModel } from "@/lib/terminology/store";

async function dictionary() {
  const actor = await requireActor();
  return new TerminologyModel(await getDb(), actor);
}

/** An action's result; a duplicate term also names the existing entry's page. */
export type EntryActionResult<T> =
  | ActionResult<T>
  | { ok: false; error: { code: "conflict"; message: string; field?: string; href: string } };

/** runAction, keeping the link to the existing entry that a duplicate-term conflict carries. */
async function runEntryAction<T>(fn: () => Promise<T>): Promise<EntryActionResult<T>> {
  let href: string | undefined;
  const result = await runAction(async () => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof AppError && err.code === "conflict" && typeof err.details?.href === "string") {
        href = err.details.href;
      }
      throw err;
    }
  });
  if (result.ok || !href) return result;
  return { ok: false, error: { ...result.error, code: "conflict", href } };
}

export async function createEntryAction(
  input: unknown,
): Promise<EntryActionResult<{ id: string; term: string }>> {
  return runEntryAction(async () => {
    const row = await (await dictionary()).create(input, await currentRequestContext());
    revalidatePath("/terminology");
    return { id: row.id, term: row.term };
  });
}

/** Inline or full edit: only the given fields change. Returns the entry as saved. */
export async function updateEntryAction(
  id: string,
  patch: unknown,
): Promise<EntryActionResult<ReturnType<typeof entryJson>>> {
  return runEntryAction(async () => {
    const row = await (await dictionary()).update(String(id), patch, await currentRequestContext());
    revalidatePath("/terminology");
    revalidatePath(`/terminology/${id}`);
    return entryJson(row);
  });
}

export async function deleteEntriesAction(ids: unknown): Promise<ActionResult<number>> {
  return runAction(async () => {
    const n = await (await dictionary()).remove(ids, await currentRequestContext());
    revalidatePath("/terminology");
    return n;
  });
}

export async function bulkTagAction(input: unknown): Promise<ActionResult<number>> {
  return runAction(async () => {
    const n = await (await dictionary()).bulkTag(input, await currentRequestContext());
    revalidatePath("/terminology");
    return n;
  });
}

export async function copyPublicAction(
  ids: unknown,
): Promise<ActionResult<{ copied: string[]; skipped: string[] }>> {
  return runAction(async () => {
    const result = await (await dictionary()).copyPublic(ids, await currentRequestContext());
    revalidatePath("/terminology");
    return result;
  });
}
