import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { FeedbackModel } from "@/lib/chat/feedback";
import { errorResponse } from "@/lib/errors";

/** A 0–10 quality assessment of this answer (accuracy, relevance, overall). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await requireActor();
    const { id } = await params;
    await new FeedbackModel(await getDb(), actor.id).score(id, await request.json().catch(() => ({})));
    return Response.json({ scored: true });
  } catch (err) {
    return errorResponse(err);
  }
}
