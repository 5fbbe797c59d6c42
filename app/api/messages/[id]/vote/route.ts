import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { FeedbackModel } from "@/lib/chat/feedback";
import { errorResponse } from "@/lib/errors";

/** Marks this answer the best of its compare turn. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await requireActor();
    const { id } = await params;
    await new FeedbackModel(await getDb(), actor.id).vote(id, await request.json().catch(() => ({})));
    return Response.json({ voted: true });
  } catch (err) {
    return errorResponse(err);
  }
}
