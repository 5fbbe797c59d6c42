import { getDb } from "@/db/client";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { errorResponse } from "@/lib/errors";
import { TaskModel } from "@/lib/tasks/tasks";

export const dynamic = "force-dynamic";

/** Creates a follow-up on one of the user's messages. */
export async function POST(request: Request) {
  try {
    const actor = await requireActor();
    const task = await new TaskModel(await getDb(), actor.id).create(
      await request.json().catch(() => ({})),
      await currentRequestContext(),
    );
    return Response.json({ task }, { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
