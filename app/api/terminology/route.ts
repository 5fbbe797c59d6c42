import { z } from "zod";
import { entryJson } from "@/components/terminology/types";
import { getDb } from "@/db/client";
import { TERM_CONTEXTS } from "@/db/schema";
import { requireActor } from "@/lib/auth/current";
import { errorResponse, parseInput } from "@/lib/errors";
import { TerminologyModel } from "@/lib/terminology/store";

export const dynamic = "force-dynamic";

const query = z.object({
  context: z.enum(TERM_CONTEXTS, { error: `context must be one of ${TERM_CONTEXTS.join(", ")}` }).optional(),
  tag: z.string().trim().min(1, "tag must not be empty").max(40, "tag is at most 40 characters").optional(),
  visibility: z
    .enum(["all", "public", "private"], { error: "visibility must be all, public or private" })
    .optional(),
  sort: z
    .enum(["term", "frequency", "lastUsed", "updated"], {
      error: "sort must be term, frequency, lastUsed or updated",
    })
    .optional(),
  limit: z.coerce
    .number({ error: "limit must be a number" })
    .int()
    .min(1)
    .max(500, "limit is at most 500")
    .optional(),
  offset: z.coerce
    .number({ error: "offset must be a number" })
    .int()
    .min(0, "offset cannot be negative")
    .optional(),
});

/** The signed-in user's dictionary, filtered, sorted and paged. */
export async function GET(request: Request) {
  try {
    const actor = await requireActor();
    const q = parseInput(query, Object.fromEntries(new URL(request.url).searchParams));
    const { entries, total } = await new TerminologyModel(await getDb(), actor).list(q);
    return Response.json({ entries: entries.map(entryJson), total });
  } catch (err) {
    return errorResponse(err);
  }
}
