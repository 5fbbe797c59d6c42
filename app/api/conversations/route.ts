import { z } from "zod";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { ConversationModel } from "@/lib/chat/conversations";
import { errorResponse, parseInput } from "@/lib/errors";

export const dynamic = "force-dynamic";

const listQuery = z.object({
  q: z.string().trim().max(200).optional(),
  before: z.coerce.date().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** The signed-in user's conversations by recency; `q` searches titles and messages. */
export async function GET(request: Request) {
  try {
    const actor = await requireActor();
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const query = parseInput(listQuery, params);
    const items = await new ConversationModel(await getDb(), actor.id).list(query);
    return Response.json({ items });
  } catch (err) {
    return errorResponse(err);
  }
}

export async function POST(request: Request) {
  try {
    const actor = await requireActor();
    const row = await new ConversationModel(await getDb(), actor.id).create(
      await request.json().catch(() => ({})),
    );
    return Response.json({ conversation: { id: row.id, title: row.title, mode: row.mode } }, { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
