import { timingSafeEqual } from "node:crypto";
import { getDb } from "@/db/client";
import { fleetGauges } from "@/lib/server/fleet-metrics";
import { renderGauge, renderProcessMetrics } from "@/lib/server/metrics";

export const dynamic = "force-dynamic";

function authorized(header: string | null, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, "") ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Prometheus metrics of this instance (requests, gateway time to first token and errors by
 * provider) and of the fleet (queue depth, run outcomes). Off unless PRISM_METRICS_TOKEN is set;
 * scrapers send it as a bearer token.
 */
export async function GET(request: Request) {
  const token = process.env.PRISM_METRICS_TOKEN;
  if (!token) {
    return Response.json(
      { error: { code: "not_found", message: "Metrics are off: set PRISM_METRICS_TOKEN to turn them on." } },
      { status: 404 },
    );
  }
  if (!authorized(request.headers.get("authorization"), token)) {
    return Response.json(
      {
        error: {
          code: "unauthorized",
          message: "Send the metrics token as 'Authorization: Bearer <token>'.",
        },
      },
      { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } },
    );
  }
  const gauges = await fleetGauges(await getDb());
  const body = `${[renderProcessMetrics(), ...gauges.map(renderGauge)].join("\n")}\n`;
  return new Response(body, { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" } });
}
