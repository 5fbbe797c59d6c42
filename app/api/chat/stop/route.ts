import { z } from "zod";
import { requireActor } from "@/lib/auth/current";
import { stopStream } from "@/lib/chat/active";
import { errorResponse, parseInput } from "@/lib/errors";

/** Stops one column of a running turn. */
export async function POST(request: Request) {
  try {
    const actor = await requireActor();
    const { messageId } = parseInput(
      z.object({ messageId: z.uuid("messageId must be a message id") }),
      await request.json().catch(() => ({})),
    );
    return Response.json({ stopped: stopStream(messageId, actor.id) });
  } catch (err) {
    return errorResponse(err);
  }
}
