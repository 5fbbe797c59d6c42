import { getDb } from "@/db/client";
import { modelRef } from "@/lib/ai/model-ref";
import { usableModels } from "@/lib/ai/models";
import { openAiError } from "@/lib/api/openai-compat";
import { authenticateApiKey, requireScope } from "@/lib/api-keys/keys";

export const dynamic = "force-dynamic";

/** OpenAI-compatible model list: the models this key's user can call, named `provider/model`. */
export async function GET(request: Request) {
  try {
    const db = await getDb();
    const principal = await authenticateApiKey(db, request.headers.get("authorization"));
    requireScope(principal, "models");
    const models = await usableModels(db, principal.actor);
    return Response.json({
      object: "list",
      data: models.map((m) => ({
        id: modelRef(m),
        object: "model",
        created: 0,
        owned_by: m.provider,
        type: m.type,
        context_window: m.contextWindow,
      })),
    });
  } catch (err) {
    return openAiError(err);
  }
}
