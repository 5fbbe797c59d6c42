import { APICallError, RetryError } from "ai";
import { SecretIntegrityError } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";
import { ProviderHttpError } from "./providers";

export type FailureKind =
  | "auth"
  | "rate_limited"
  | "unreachable"
  | "timeout"
  | "server"
  | "bad_request"
  | "aborted"
  | "refused"
  | "credentials"
  | "unknown";

export type ProviderFailure = {
  kind: FailureKind;
  /** ai_usage_logs.status for this failure. */
  status: "error" | "timeout" | "aborted";
  httpStatus?: number;
  retryAfterSeconds?: number;
  /** A sentence a person can act on; never contains the key. */
  message: string;
};

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function fromStatus(status: number, retryAfter: string | null | undefined, detail: string): ProviderFailure {
  if (status === 401 || status === 403) {
    return {
      kind: "auth",
      status: "error",
      httpStatus: status,
      message: `The provider rejected the API key (HTTP ${status}). Check the key.`,
    };
  }
  if (status === 429) {
    const seconds = retryAfter ? Number(retryAfter) : undefined;
    return {
      kind: "rate_limited",
      status: "error",
      httpStatus: 429,
      retryAfterSeconds: Number.isFinite(seconds) ? seconds : undefined,
      message: `The provider is rate limiting requests (HTTP 429)${retryAfter ? `; retry after ${retryAfter} s` : ""}.`,
    };
  }
  if (status === 404)
    return {
      kind: "bad_request",
      status: "error",
      httpStatus: 404,
      message: `The provider does not know this model or endpoint (HTTP 404).${detail}`,
    };
  if (status >= 500)
    return {
      kind: "server",
      status: "error",
      httpStatus: status,
      message: `The provider had an error (HTTP ${status}). Try again shortly.`,
    };
  return {
    kind: "bad_request",
    status: "error",
    httpStatus: status,
    message: `The provider refused the request (HTTP ${status}).${detail}`,
  };
}

/** Provider error bodies often say what is wrong; keep a short, key-free excerpt. */
function excerpt(body: string | undefined): string {
  if (!body) return "";
  let text = body;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string } | string; message?: string };
    text =
      typeof parsed.error === "string" ? parsed.error : (parsed.error?.message ?? parsed.message ?? body);
  } catch {}
  const clean = text
    .replace(/\b(sk|key|pk)-[A-Za-z0-9_-]{6,}/g, "[redacted]")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 200);
  return clean ? ` ${clean}` : "";
}

/** Classifies anything a provider call can throw into one readable failure. */
export function describeProviderFailure(
  err: unknown,
  opts: { timedOut?: boolean; aborted?: boolean; host?: string } = {},
): ProviderFailure {
  if (opts.timedOut)
    return { kind: "timeout", status: "timeout", message: "The provider did not answer in time." };
  if (opts.aborted) return { kind: "aborted", status: "aborted", message: "The request was cancelled." };
  if (err instanceof RetryError) return describeProviderFailure(err.lastError, opts);
  if (err instanceof SecretIntegrityError) {
    return {
      kind: "credentials",
      status: "error",
      message: "The stored API key failed its integrity check. Enter the key again.",
    };
  }
  if (err instanceof AppError) return { kind: "refused", status: "error", message: err.message };
  if (APICallError.isInstance(err)) {
    // A 2xx "error" is a stream that broke after the provider accepted the request.
    if (err.statusCode && err.statusCode < 300) return CUT_SHORT;
    if (err.statusCode) {
      const retryAfter = err.responseHeaders?.["retry-after"];
      return fromStatus(err.statusCode, retryAfter, err.statusCode === 401 ? "" : excerpt(err.responseBody));
    }
    const code = networkCode(err);
    if (code) return unreachable(code, opts.host);
  }
  if (err instanceof ProviderHttpError)
    return fromStatus(err.status, err.retryAfter, err.status === 401 ? "" : excerpt(err.body));
  const code = networkCode(err);
  if (code) return unreachable(code, opts.host);
  if (err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError")) {
    return err.name === "TimeoutError"
      ? { kind: "timeout", status: "timeout", message: "The provider did not answer in time." }
      : { kind: "aborted", status: "aborted", message: "The request was cancelled." };
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/terminated|other side closed|premature close|socket/i.test(message)) return CUT_SHORT;
  const cause = (err as { cause?: { message?: unknown } } | null)?.cause?.message;
  const why = typeof cause === "string" && cause ? cause : message;
  return {
    kind: "unknown",
    status: "error",
    message: `The provider call failed${why ? ` (${why.replace(/\b(sk|key|pk)-[A-Za-z0-9_-]{6,}/g, "[redacted]").slice(0, 120)})` : ""}.`,
  };
}

const CUT_SHORT: ProviderFailure = {
  kind: "server",
  status: "error",
  message: "The provider closed the connection before the answer was complete.",
};

function unreachable(code: string, host?: string): ProviderFailure {
  const where = host ? ` ${host}` : " the provider";
  const why =
    code === "ENOTFOUND" || code === "EAI_AGAIN"
      ? "the host name does not resolve"
      : code === "ECONNREFUSED"
        ? "the connection was refused"
        : "the connection failed";
  return { kind: "unreachable", status: "error", message: `Could not reach${where}: ${why} (${code}).` };
}
