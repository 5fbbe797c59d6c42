import { z } from "zod";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { stopStream } from "@/lib/chat/active";
import { errorResponse, parseInput } from "@/lib/errors";

/** Stops one column of a running turn, on whichever app instance runs it. */
export async function POST(request: Request) {
  try {
    const actor = await requireActor();
    const { messageId } = parseInput(
      z.object({ messageId: z.uuid("messageId must be a message id") }),
      await request.json().catch(() => ({})),
    );
    const where = await stopStream(await getDb(), messageId, actor.id);
    return Response.json({ stopped: true, where });
  } catch (err) {
    return errorResponse(err);
  }
}
