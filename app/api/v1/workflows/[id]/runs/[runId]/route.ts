import { getDb } from "@/db/client";
import { openAiError } from "@/lib/api/openai-compat";
import { authenticateApiKey } from "@/lib/api-keys/keys";
import { getRunByApi, waitSeconds } from "@/lib/workflows/api";
import { getQueue } from "@/lib/workflows/runtime";

export const dynamic = "force-dynamic";

/** A run's status and output (scope workflows:run); ?wait=N waits up to N seconds for it to end. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string; runId: string }> }) {
  try {
    const { id, runId } = await params;
    const db = await getDb();
    const principal = await authenticateApiKey(db, request.headers.get("authorization"));
    const run = await getRunByApi(
      db,
      await getQueue(),
      principal,
      id,
      runId,
      waitSeconds(new URL(request.url)),
    );
    return Response.json(run);
  } catch (err) {
    return openAiError(err);
  }
}
