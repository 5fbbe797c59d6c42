import { z } from "zod";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { errorResponse, parseInput } from "@/lib/errors";
import { judgeScoresFor } from "@/lib/quality/judge";
import { TaskModel } from "@/lib/tasks/tasks";

export const dynamic = "force-dynamic";

const body = z.object({ ids: z.array(z.uuid("ids must be message ids")).min(1).max(200) });

/** For the messages on screen: the latest judge score of each and their open follow-ups. */
export async function POST(request: Request) {
  try {
    const actor = await requireActor();
    const { ids } = parseInput(body, await request.json().catch(() => ({})));
    const db = await getDb();
    const [judge, tasks] = await Promise.all([
      judgeScoresFor(db, actor.id, ids),
      new TaskModel(db, actor.id).openFor(ids),
    ]);
    return Response.json({ judge, tasks });
  } catch (err) {
    return errorResponse(err);
  }
}
