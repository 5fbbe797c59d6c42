import { getDb } from "@/db/client";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { errorResponse } from "@/lib/errors";
import { TaskModel } from "@/lib/tasks/tasks";

export const dynamic = "force-dynamic";

/** Changes a follow-up: its owner anything, its assignee the status only; anyone else gets 404. */
export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await requireActor();
    const { id } = await params;
    const task = await new TaskModel(await getDb(), actor.id).update(
      id,
      await request.json().catch(() => ({})),
      await currentRequestContext(),
    );
    return Response.json({ task });
  } catch (err) {
    return errorResponse(err);
  }
}
