import { getDb } from "@/db/client";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { ConversationModel } from "@/lib/chat/conversations";
import { errorResponse } from "@/lib/errors";

type Ctx = { params: Promise<{ id: string }> };

/** Creates the read-only share link. */
export async function POST(_request: Request, { params }: Ctx) {
  try {
    const actor = await requireActor();
    const { id } = await params;
    const token = await new ConversationModel(await getDb(), actor.id).share(
      id,
      await currentRequestContext(),
    );
    return Response.json({ token, path: `/share/${token}` });
  } catch (err) {
    return errorResponse(err);
  }
}

/** Revokes it: the old link stops working. */
export async function DELETE(_request: Request, { params }: Ctx) {
  try {
    const actor = await requireActor();
    const { id } = await params;
    await new ConversationModel(await getDb(), actor.id).unshare(id, await currentRequestContext());
    return new Response(null, { status: 204 });
  } catch (err) {
    return errorResponse(err);
  }
}
