import { getDb } from "@/db/client";
import { openAiError } from "@/lib/api/openai-compat";
import { authenticateApiKey } from "@/lib/api-keys/keys";
import { AppError } from "@/lib/errors";
import { startRunByApi, waitSeconds } from "@/lib/workflows/api";
import { getQueue } from "@/lib/workflows/runtime";

export const dynamic = "force-dynamic";

/** Starts a run (scope workflows:run). Body: {"input": {...}}; Idempotency-Key honoured; ?wait=N holds the answer. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const db = await getDb();
    const principal = await authenticateApiKey(db, request.headers.get("authorization"));
    const wait = waitSeconds(new URL(request.url));
    const text = await request.text();
    let body: unknown = {};
    if (text.trim()) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new AppError("bad_request", "The body is not valid JSON.", { field: "body" });
      }
    }
    const result = await startRunByApi(
      db,
      await getQueue(),
      principal,
      id,
      body,
      request.headers.get("idempotency-key"),
      wait,
    );
    return Response.json(result.body, { status: result.status });
  } catch (err) {
    return openAiError(err);
  }
}
