import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Standard Webhooks v1 (https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp` (unix
 * seconds) and `webhook-signature` = space-separated `v1,<base64 HMAC-SHA256>` over
 * `${id}.${timestamp}.${rawBody}`, keyed with the base64 part of a `whsec_…` secret. Checked on the
 * raw bytes, before any parsing; several signatures let a sender rotate secrets.
 */

export const TOLERANCE_SECONDS = 5 * 60;
const PREFIX = "whsec_";

export function newWebhookSecret(): string {
  return `${PREFIX}${randomBytes(32).toString("base64")}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64");
}

export function signWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string | Buffer,
): string {
  const mac = createHmac("sha256", keyOf(secret));
  mac.update(`${id}.${timestampSeconds}.`);
  mac.update(body);
  return `v1,${mac.digest("base64")}`;
}

export type WebhookVerdict =
  | { ok: true; id: string; timestamp: number }
  | { ok: false; reason: string; id: string | null };

/** Verifies the three headers against the raw body; never throws. */
export function verifyWebhook(
  secret: string,
  headers: { get(name: string): string | null },
  body: Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): WebhookVerdict {
  const id = headers.get("webhook-id");
  const ts = headers.get("webhook-timestamp");
  const sig = headers.get("webhook-signature");
  if (!id || !ts || !sig) {
    return { ok: false, id, reason: "Missing webhook-id, webhook-timestamp or webhook-signature header." };
  }
  if (id.length > 200) return { ok: false, id: null, reason: "The webhook-id header is too long." };
  if (!/^\d{1,12}$/.test(ts)) return { ok: false, id, reason: "webhook-timestamp must be unix seconds." };
  const timestamp = Number(ts);
  if (Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS) {
    return {
      ok: false,
      id,
      reason: "The timestamp is more than 5 minutes from now (a stale or replayed delivery).",
    };
  }
  const expected = Buffer.from(signWebhook(secret, id, timestamp, body).slice(3), "base64");
  for (const part of sig.split(" ")) {
    const [version, value] = part.split(",", 2);
    if (version !== "v1" || !value) continue;
    const given = Buffer.from(value, "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected))
      return { ok: true, id, timestamp };
  }
  return { ok: false, id, reason: "No signature matches this workflow's signing secret." };
}
