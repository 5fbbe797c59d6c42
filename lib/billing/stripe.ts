import { createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { stripeEvents, users } from "@/db/schema";
import { AppError, parseInput } from "@/lib/errors";
import { platformAccountId, transfer, userAccountId } from "./ledger";

/**
 * Stripe Checkout top-ups. Enabled when STRIPE_SECRET_KEY is set (and STRIPE_WEBHOOK_SECRET for the
 * webhook). 1 credit = 1 US cent. The webhook verifies Stripe's signature (HMAC-SHA256 over
 * "timestamp.payload", 5-minute tolerance) and is idempotent on the event id: the stripe_events row
 * and the credit transfer are written in one transaction.
 */

export const stripeEnabled = () => Boolean(process.env.STRIPE_SECRET_KEY);
const apiBase = () => process.env.STRIPE_API_BASE ?? "https://api.stripe.com";

export const topUpSchema = z.object({
  credits: z
    .number("credits must be a number")
    .int("credits must be a whole number")
    .min(500, "credits: at least 500 ($5.00)")
    .max(1_000_000, "credits: at most 1,000,000 ($10,000)"),
});

/** Creates a Checkout Session for a credits top-up and returns the page to send the buyer to. */
export async function createTopUpCheckout(
  db: Db,
  userId: string,
  input: unknown,
  origin: string,
): Promise<{ url: string; sessionId: string }> {
  const key = process.env.STRIPE_SECRET_KEY;
  if (!key)
    throw new AppError(
      "unavailable",
      "Card top-ups are not configured on this instance (STRIPE_SECRET_KEY is not set).",
    );
  const { credits } = parseInput(topUpSchema, input);
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  const form = new URLSearchParams({
    mode: "payment",
    "line_items[0][quantity]": "1",
    "line_items[0][price_data][currency]": "usd",
    "line_items[0][price_data][unit_amount]": String(credits),
    "line_items[0][price_data][product_data][name]": `${credits.toLocaleString("en-US")} Prism credits`,
    client_reference_id: userId,
    "metadata[userId]": userId,
    "metadata[credits]": String(credits),
    success_url: `${origin}/wallet?topup=success`,
    cancel_url: `${origin}/wallet?topup=cancelled`,
    ...(user?.email ? { customer_email: user.email } : {}),
  });
  const res = await fetch(`${apiBase()}/v1/checkout/sessions`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: form,
    signal: AbortSignal.timeout(15_000),
  }).catch((err: unknown) => {
    throw new AppError("upstream_error", "Stripe could not be reached. Try again in a moment.", {
      cause: err,
    });
  });
  const body = (await res.json().catch(() => ({}))) as {
    id?: string;
    url?: string;
    error?: { message?: string };
  };
  if (!res.ok || !body.url || !body.id)
    throw new AppError(
      "upstream_error",
      `Stripe refused the checkout: ${body.error?.message ?? `HTTP ${res.status}`}`,
    );
  return { url: body.url, sessionId: body.id };
}

/** Signs a payload like Stripe does (for tests and local tools). */
export function stripeSignature(
  payload: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const sig = createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex");
  return `t=${timestamp},v1=${sig}`;
}

/** Checks a Stripe-Signature header against the raw body; throws bad_request when it does not match. */
export function verifyStripeSignature(
  payload: string,
  header: string | null,
  secret: string,
  opts: { toleranceSeconds?: number; now?: number } = {},
): void {
  if (!header) throw new AppError("bad_request", "Missing Stripe-Signature header.");
  const parts = header.split(",").map((p) => p.trim().split("="));
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  const signatures = parts.filter(([k]) => k === "v1").map(([, v]) => v ?? "");
  if (!Number.isFinite(t) || signatures.length === 0)
    throw new AppError("bad_request", "Malformed Stripe-Signature header.");
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (opts.toleranceSeconds ?? 300))
    throw new AppError("bad_request", "Stripe signature timestamp is outside the tolerance.");
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${payload}`).digest("hex"));
  const ok = signatures.some((s) => {
    const given = Buffer.from(s);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!ok) throw new AppError("bad_request", "Stripe signature does not match.");
}

const eventSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

const sessionSchema = z.object({
  id: z.string(),
  payment_status: z.string().optional(),
  metadata: z.object({ userId: z.uuid(), credits: z.coerce.number().int().positive() }),
});

/**
 * Verifies and applies one webhook delivery. Returns what happened; a replayed event id does nothing
 * the second time.
 */
export async function handleStripeWebhook(
  db: Db,
  rawBody: string,
  signatureHeader: string | null,
  secret = process.env.STRIPE_WEBHOOK_SECRET,
): Promise<{ status: "credited" | "duplicate" | "ignored"; credits?: number }> {
  if (!secret)
    throw new AppError(
      "unavailable",
      "Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET is not set).",
    );
  verifyStripeSignature(rawBody, signatureHeader, secret);
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("bad_request", "The webhook body is not JSON.");
  }
  const event = parseInput(eventSchema, json);
  return db.transaction(async (tx) => {
    const [fresh] = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, payload: json as Record<string, unknown> })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    if (!fresh) return { status: "duplicate" as const };
    if (
      event.type !== "checkout.session.completed" &&
      event.type !== "checkout.session.async_payment_succeeded"
    )
      return { status: "ignored" as const };
    const session = sessionSchema.safeParse(event.data.object);
    if (!session.success || (session.data.payment_status && session.data.payment_status !== "paid"))
      return { status: "ignored" as const };
    const { userId, credits } = session.data.metadata;
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!user) return { status: "ignored" as const };
    await transfer(tx, {
      kind: "topup",
      description: `Card top-up (${credits.toLocaleString("en-US")} credits)`,
      idempotencyKey: `stripe:${session.data.id}`,
      referenceType: "stripe_event",
      referenceId: event.id,
      metadata: { sessionId: session.data.id },
      legs: [
        { accountId: await platformAccountId(tx, "platform_funding"), amount: -credits },
        { accountId: await userAccountId(tx, userId), amount: credits },
      ],
    });
    return { status: "credited" as const, credits };
  });
}
