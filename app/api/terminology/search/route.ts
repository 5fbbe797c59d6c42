import { z } from "zod";
import { entryJson } from "@/components/terminology/types";
import { getDb } from "@/db/client";
import { getGateway } from "@/lib/ai/instance";
import { requireActor } from "@/lib/auth/current";
import { errorResponse, parseInput } from "@/lib/errors";
import { searchEntries } from "@/lib/terminology/search";

export const dynamic = "force-dynamic";

const query = z.object({
  q: z.string({ error: "q is required" }).max(200, "q is at most 200 characters"),
  limit: z.coerce
    .number({ error: "limit must be a number" })
    .int()
    .min(1)
    .max(100, "limit is at most 100")
    .optional(),
});

/** Hybrid search of the user's dictionary: full text, typos (trigrams) and meaning (embeddings). */
export async function GET(request: Request) {
  try {
    const actor = await requireActor();
    const { q, limit } = parseInput(query, Object.fromEntries(new URL(request.url).searchParams));
    const result = await searchEntries(await getDb(), await getGateway(), actor, q, { limit: limit ?? 50 });
    return Response.json({ ...result, hits: result.hits.map(entryJson) });
  } catch (err) {
    return errorResponse(err);
  }
}
