import { sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";

export const dynamic = "force-dynamic";

/** Liveness and database readiness, for load balancers and the test harness. */
export async function GET() {
  try {
    const { db, engine } = await getDatabase();
    await db.execute(sql`select 1`);
    return Response.json({ status: "ok", database: engine });
  } catch {
    return Response.json({ status: "error", database: "unavailable" }, { status: 503 });
  }
}
