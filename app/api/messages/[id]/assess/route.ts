import { getDb } from "@/db/client";
import { getGateway } from "@/lib/ai";
import { requireActor } from "@/lib/auth/current";
import { errorResponse } from "@/lib/errors";
import { QualityJudge } from "@/lib/quality/judge";

export const dynamic = "force-dynamic";

/** Asks a judge model to score this answer against the rubric (body: `{judgeModelId?}`). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await requireActor();
    const { id } = await params;
    const judge = new QualityJudge(await getDb(), await getGateway(), actor);
    const scores = await judge.assessMessage(id, await request.json().catch(() => ({})));
    return Response.json({ scores });
  } catch (err) {
    return errorResponse(err);
  }
}
