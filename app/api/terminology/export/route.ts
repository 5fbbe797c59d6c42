import { z } from "zod";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { errorResponse, parseInput } from "@/lib/errors";
import { toCsv, toJson } from "@/lib/terminology/io";
import { TerminologyModel } from "@/lib/terminology/store";

export const dynamic = "force-dynamic";

const query = z.object({
  format: z.enum(["csv", "json"], { error: "format must be csv or json" }).default("csv"),
});

/** The whole dictionary as a CSV or JSON download (re-importable on the import page). */
export async function GET(request: Request) {
  try {
    const actor = await requireActor();
    const { format } = parseInput(query, Object.fromEntries(new URL(request.url).searchParams));
    const entries = await new TerminologyModel(await getDb(), actor).exportAll();
    const name = `prism-terminology-${new Date().toISOString().slice(0, 10)}.${format}`;
    return new Response(format === "csv" ? toCsv(entries) : toJson(entries), {
      headers: {
        "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
