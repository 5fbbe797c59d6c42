import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { ConversationModel } from "@/lib/chat/conversations";
import { errorResponse } from "@/lib/errors";

/** Undo a delete. */
export async function POST(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await requireActor();
    const { id } = await params;
    await new ConversationModel(await getDb(), actor.id).restore(id);
    return Response.json({ restored: true });
  } catch (err) {
    return errorResponse(err);
  }
}
