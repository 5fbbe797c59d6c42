import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { signWebhook } from "@/lib/workflows/signature";
import { clientsFor, outboundPolicy } from "./policy";

/**
 * A Standard-Webhooks-signed JSON POST (`webhook-id`, `webhook-timestamp`, `webhook-signature`),
 * sent like a workflow HTTP step: the user's outbound policy (no private or loopback addresses
 * unless an admin allowlisted the host), a timeout and a cap on the response size. Used by agents
 * and outbound sync; the signing algorithm is the one incoming workflow webhooks are checked with.
 */
export type SignedPost = {
  url: string;
  /** A `whsec_…` secret (or raw base64 key), as the receiver verifies with. */
  secret: string;
  body: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** Stable across retries of the same message, so a receiver can drop duplicates. */
  messageId?: string;
  signal?: AbortSignal;
};

export type SignedPostResult = {
  status: number;
  ok: boolean;
  contentType: string;
  text: string;
  bytesSent: number;
  latencyMs: number;
};

/** Why a call failed and whether trying again may help (network, timeout, 429, 5xx). */
export class PostFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

export function parseTargetUrl(url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new PostFailure(`“${url}” is not a URL.`, false);
  }
  if (target.protocol !== "http:" && target.protocol !== "https:")
    throw new PostFailure("Only http and https URLs can be called.", false);
  return target;
}

/** Posts; resolves with any HTTP answer (check `ok`), throws PostFailure when there is none. */
export async function signedPost(db: Db, req: SignedPost): Promise<SignedPostResult> {
  const target = parseTargetUrl(req.url);
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const body = JSON.stringify(req.body);
  const id = req.messageId ?? `msg_${randomUUID()}`;
  const ts = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    ...req.headers,
    "content-type": "application/json",
    "user-agent": "Prism",
    "webhook-id": id,
    "webhook-timestamp": String(ts),
    "webhook-signature": signWebhook(req.secret, id, ts, body),
  };
  const policy = await outboundPolicy(db, { shared: false });
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  const started = performance.now();
  let res: Response;
  try {
    res = await clientsFor(policy).fetch(target, { method: "POST", headers, body, signal });
  } catch (err) {
    if (req.signal?.aborted) throw new PostFailure("Cancelled.", false);
    if (timeout.aborted) throw new PostFailure(`No answer from ${target.host} within ${timeoutMs} ms.`, true);
    if (err instanceof AppError) throw new PostFailure(err.message, false);
    throw new PostFailure(`Could not reach ${target.host}: ${(err as Error).message}`, true);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  try {
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new PostFailure(`The response from ${target.host} is larger than ${maxBytes} bytes.`, false);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof PostFailure) throw err;
    if (timeout.aborted) throw new PostFailure(`No answer from ${target.host} within ${timeoutMs} ms.`, true);
    throw new PostFailure(`The answer from ${target.host} broke off: ${(err as Error).message}`, true);
  }
  return {
    status: res.status,
    ok: res.ok,
    contentType: res.headers.get("content-type") ?? "",
    text: Buffer.concat(chunks).toString("utf8"),
    bytesSent: Buffer.byteLength(body),
    latencyMs: Math.round(performance.now() - started),
  };
}

/** A non-2xx answer as a PostFailure (429 and 5xx may be retried). */
export function failureOfStatus(res: SignedPostResult, host: string): PostFailure {
  return new PostFailure(
    `${host} answered ${res.status}${res.text ? `: ${res.text.slice(0, 300)}` : ""}`,
    res.status === 429 || res.status >= 500,
    res.status,
  );
}
