import type { Db } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { type UsableModel, usableModelsCached } from "./models";

/** The public name of a model: `provider/model` (e.g. `openai/gpt-4o`, `openai-compatible/llama3`). */
export function modelRef(m: Pick<UsableModel, "provider" | "name">): string {
  return `${m.provider}/${m.name}`;
}

/**
 * Resolves a model as API clients name it: `provider/model`, or a bare model name when exactly one
 * usable model has it (an alias such as `gpt-4o`).
 */
export async function resolveModelRef(db: Db, actor: Actor, ref: string): Promise<UsableModel> {
  const models = await usableModelsCached(db, actor);
  const exact = models.filter((m) => modelRef(m) === ref);
  const candidates = exact.length > 0 ? exact : models.filter((m) => m.name === ref);
  if (candidates.length === 1 && candidates[0]) return candidates[0];
  if (candidates.length > 1) {
    throw new AppError(
      "bad_request",
      `The model "${ref}" is ambiguous; name it as one of: ${candidates.map(modelRef).join(", ")}.`,
      {
        field: "model",
      },
    );
  }
  throw new AppError(
    "not_found",
    `The model "${ref}" does not exist or you have no integration for it. GET /api/v1/models lists yours.`,
    {
      field: "model",
    },
  );
}
