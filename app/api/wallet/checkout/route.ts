import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { createTopUpCheckout } from "@/lib/billing/stripe";
import { errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * The address the browser used (behind a proxy too), for Stripe's return links. request.url is not
 * it: the server may name itself differently (localhost vs 127.0.0.1), and the session cookie would
 * not come back to another host.
 */
function browserOrigin(request: Request): string {
  const first = (v: string | null) => v?.split(",")[0]?.trim() || null;
  const url = new URL(request.url);
  const host = first(request.headers.get("x-forwarded-host")) ?? first(request.headers.get("host"));
  const proto = first(request.headers.get("x-forwarded-proto")) ?? url.protocol.replace(/:$/, "");
  return host ? `${proto}://${host}` : url.origin;
}

/** Starts a Stripe Checkout for a credits top-up (`{credits}`, at least 500) and returns its `{url}`. */
export async function POST(request: Request) {
  try {
    const actor = await requireActor();
    const body = await request.json().catch(() => ({}));
    const { url } = await createTopUpCheckout(await getDb(), actor.id, body, browserOrigin(request));
    return Response.json({ url });
  } catch (err) {
    return errorResponse(err);
  }
}
