import { z } from "zod";

/** Every failure a person can see has one of these codes; each maps to one HTTP status. */
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payment_required: 402,
  budget_exceeded: 402,
  rate_limited: 429,
  upstream_error: 502,
  upstream_timeout: 504,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type AppErrorOptions = {
  /** The input field at fault, when there is one. */
  field?: string;
  /** Extra facts safe to show (e.g. which cap, when it resets). Never secrets. */
  details?: Record<string, unknown>;
  /** Seconds a client should wait (rate limits). */
  retryAfter?: number;
  cause?: unknown;
};

/**
 * Marks AppErrors so that `instanceof AppError` holds across copies of this module: Next.js bundles
 * server actions and route handlers separately, and the HTTP server's fast API path (server.ts) loads
 * lib/ outside the bundles, while process-wide objects (the gateway) are shared between all of them.
 */
const APP_ERROR = Symbol.for("prism.AppError");

export class AppError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses keep the ordinary prototype check (`this` is the class `instanceof` was asked about).
    // biome-ignore lint/complexity/noThisInStatic: the receiver is exactly what must be compared here
    if (this !== AppError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && APP_ERROR in value;
  }

  readonly [APP_ERROR] = true;
  readonly code: ErrorCode;
  readonly field?: string;
  readonly details?: Record<string, unknown>;
  readonly retryAfter?: number;

  constructor(code: ErrorCode, message: string, opts: AppErrorOptions = {}) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.field = opts.field;
    this.details = opts.details;
    this.retryAfter = opts.retryAfter;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = "That item") => new AppError("not_found", `${what} was not found.`);
export const forbidden = (message = "You do not have permission to do that.") =>
  new AppError("forbidden", message);
/** An id that is not a UUID names nothing: "not found", like a missing row (never a database error). */
export function assertId(id: string, what: string): void {
  if (!z.uuid().safeParse(id).success) throw notFound(what);
}
export const unauthorized = () => new AppError("unauthorized", "Please sign in to continue.");

/** The first zod issue as a person-readable sentence naming the field. */
export function fromZodError(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const field = issue?.path.join(".") || undefined;
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : "Invalid input.";
  return new AppError("validation_failed", message, {
    field,
    details: { issues: error.issues.map((i) => ({ field: i.path.join("."), message: i.message })) },
  });
}

/** Anything thrown becomes an AppError; unknown errors are logged and never shown (no stack, no SQL). */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof z.ZodError) return fromZodError(err);
  console.error("[prism] unexpected error", err);
  return new AppError("internal", "Something went wrong on our side. Please try again.");
}

export type ErrorBody = {
  error: { code: ErrorCode; message: string; field?: string; details?: Record<string, unknown> };
};

export function errorBody(err: AppError): ErrorBody {
  return { error: { code: err.code, message: err.message, field: err.field, details: err.details } };
}

/** A JSON error response for route handlers. */
export function errorResponse(err: unknown): Response {
  const e = toAppError(err);
  const headers: Record<string, string> = {};
  if (e.retryAfter !== undefined) headers["Retry-After"] = String(Math.max(1, Math.ceil(e.retryAfter)));
  return Response.json(errorBody(e), { status: e.status, headers });
}

/** Parses input with a zod schema or throws a 422 AppError naming the field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}

/** What a server action returns: data, or an error a form can show next to its field. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; error: { code: ErrorCode; message: string; field?: string } };

export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    // Next.js control flow (redirect(), notFound()) must pass through untouched.
    if (isNextControlFlow(err)) throw err;
    const e = toAppError(err);
    return { ok: false, error: { code: e.code, message: e.message, field: e.field } };
  }
}

function isNextControlFlow(err: unknown): boolean {
  const digest = (err as { digest?: unknown } | null)?.digest;
  return (
    typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR"))
  );
}
