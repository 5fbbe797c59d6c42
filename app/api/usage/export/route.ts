import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { errorResponse } from "@/lib/errors";
import { parseDashboardParams, usageCsv } from "@/lib/usage/page-data";

/** CSV of exactly the usage table the page shows for the same filters. */
export async function GET(request: Request) {
  try {
    const search = Object.fromEntries(new URL(request.url).searchParams);
    const admin = search.scope === "admin";
    const actor = await requireActor({ admin });
    const csv = await usageCsv(
      await getDb(),
      admin ? { kind: "admin" } : { kind: "user", userId: actor.id },
      parseDashboardParams(search),
      actor.user.timezone,
    );
    const name = `prism-usage-${admin ? "all" : "mine"}-${new Date().toISOString().slice(0, 10)}.csv`;
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
