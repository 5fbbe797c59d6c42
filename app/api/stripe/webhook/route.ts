import { getDb } from "@/db/client";
import { handleStripeWebhook } from "@/lib/billing/stripe";
import { errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * Stripe's webhook. No session: Stripe's signature over the exact raw body is the authentication,
 * so the body is read as text and never re-serialised. 400 for a bad or stale signature, 503 while
 * STRIPE_WEBHOOK_SECRET is unset; a replayed event answers 200 with status "duplicate".
 */
export async function POST(request: Request) {
  try {
    const raw = await request.text();
    const result = await handleStripeWebhook(await getDb(), raw, request.headers.get("stripe-signature"));
    return Response.json({ received: true, ...result });
  } catch (err) {
    return errorResponse(err);
  }
}
