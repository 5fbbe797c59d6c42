import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { ConversationModel } from "@/lib/chat/conversations";
import { FeedbackModel } from "@/lib/chat/feedback";
import { errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

/** A conversation with every message (the whole tree) and the user's votes and scores. */
export async function GET(_request: Request, { params }: Ctx) {
  try {
    const actor = await requireActor();
    const { id } = await params;
    const db = await getDb();
    const model = new ConversationModel(db, actor.id);
    const conversation = await model.get(id);
    const [messages, feedback] = await Promise.all([
      model.messages(id),
      new FeedbackModel(db, actor.id).forConversation(id),
    ]);
    const { userId: _owner, search: _search, ...visible } = conversation;
    return Response.json({
      conversation: visible,
      messages: messages.map(({ search: _s, ...m }) => m),
      feedback,
    });
  } catch (err) {
    return errorResponse(err);
  }
}

/** Rename, or change mode and participants. */
export async function PATCH(request: Request, { params }: Ctx) {
  try {
    const actor = await requireActor();
    const { id } = await params;
    const row = await new ConversationModel(await getDb(), actor.id).update(
      id,
      await request.json().catch(() => ({})),
    );
    return Response.json({ conversation: { id: row.id, title: row.title, mode: row.mode } });
  } catch (err) {
    return errorResponse(err);
  }
}

/** Soft delete: the conversation disappears and can be restored (undo). */
export async function DELETE(_request: Request, { params }: Ctx) {
  try {
    const actor = await requireActor();
    const { id } = await params;
    await new ConversationModel(await getDb(), actor.id).softDelete(id);
    return new Response(null, { status: 204 });
  } catch (err) {
    return errorResponse(err);
  }
}
