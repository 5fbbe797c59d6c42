import { count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type UserRole, userSessions, users } from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { AppError, parseInput } from "@/lib/errors";
import { failureCounter } from "@/lib/rate-limit/failures";
import { hashPassword, passwordSchema, timingSafeDummyHash, verifyPassword } from "./password";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address."));

export const registerSchema = z.object({
  name: z
    .string({ error: "Enter your name." })
    .trim()
    .min(1, "Enter your name.")
    .max(120, "Use at most 120 characters."),
  email: emailSchema,
  password: passwordSchema,
});

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(200),
});

export type PublicUser = {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  timezone: string;
  suspendedAt: Date | null;
};

const REGISTER_LOCK = 727_002;

/** True when nobody has registered yet: the next account becomes the instance admin. */
export async function isFirstUser(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/** Creates an account. The first account on an empty instance is the admin; everyone after is a user. */
export async function registerUser(db: Db, input: unknown, ctx: RequestContext): Promise<PublicUser> {
  const data = parseInput(registerSchema, input);
  const passwordHash = await hashPassword(data.password);
  return db.transaction(async (tx) => {
    // Serialise registrations so two simultaneous first sign-ups cannot both become admin.
    await tx.execute(sql`select pg_advisory_xact_lock(${REGISTER_LOCK})`);
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.email));
    if (taken) {
      throw new AppError("conflict", "An account with this email already exists. Sign in instead.", {
        field: "email",
      });
    }
    const role: UserRole = (await isFirstUser(tx)) ? "admin" : "user";
    const [user] = await tx
      .insert(users)
      .values({ email: data.email, name: data.name, passwordHash, role })
      .returning();
    if (!user) throw new AppError("internal", "Could not create the account.");
    await recordAudit(
      tx,
      {
        actorId: user.id,
        entityType: "user",
        entityId: user.id,
        action: "registered",
        after: { email: user.email, role },
      },
      ctx,
    );
    return toPublicUser(user);
  });
}

// Failed sign-ins: 5 per email and 30 per IP address in 15 minutes.
// Shared by every app instance through Redis when REDIS_URL is set (lib/rate-limit/failures.ts).
const failuresByEmail = failureCounter("login-email", 5, 15 * 60_000);
const failuresByIp = failureCounter("login-ip", 30, 15 * 60_000);

export type LoginFailure = "invalid_credentials" | "suspended" | "rate_limited";

export class LoginError extends AppError {
  constructor(
    readonly reason: LoginFailure,
    message: string,
    retryAfter?: number,
  ) {
    super(
      reason === "rate_limited" ? "rate_limited" : reason === "suspended" ? "forbidden" : "unauthorized",
      message,
      {
        retryAfter,
      },
    );
  }
}

/**
 * Checks a sign-in and, when it succeeds, opens a session row (the JWT carries its id, so the
 * session can be listed and revoked). Failed attempts count against the email and the IP address.
 */
export async function authenticate(
  db: Db,
  input: unknown,
  ctx: RequestContext,
): Promise<{ user: PublicUser; sessionId: string }> {
  const { email, password } = parseInput(loginSchema, input);
  const ipKey = ctx.ip ?? "unknown";
  const [byEmail, byIp] = await Promise.all([failuresByEmail.peek(email), failuresByIp.peek(ipKey)]);
  if (!byEmail.allowed || !byIp.allowed) {
    const wait = Math.max(
      byEmail.allowed ? 0 : byEmail.retryAfterSeconds,
      byIp.allowed ? 0 : byIp.retryAfterSeconds,
    );
    throw new LoginError(
      "rate_limited",
      `Too many sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? "s" : ""}.`,
      wait,
    );
  }
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const ok = await verifyPassword(user?.passwordHash ?? (await timingSafeDummyHash()), password);
  if (!user || !ok) {
    await Promise.all([failuresByEmail.hit(email), failuresByIp.hit(ipKey)]);
    throw new LoginError("invalid_credentials", "Wrong email or password.");
  }
  if (user.suspendedAt) {
    throw new LoginError("suspended", "This account is suspended. Contact your administrator.");
  }
  await failuresByEmail.reset(email);
  const now = new Date();
  const sessionId = await db.transaction(async (tx) => {
    const [session] = await tx
      .insert(userSessions)
      .values({
        userId: user.id,
        ipAddress: ctx.ip && isIp(ctx.ip) ? ctx.ip : null,
        userAgent: ctx.userAgent?.slice(0, 512) ?? null,
        expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000),
      })
      .returning({ id: userSessions.id });
    await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
    if (!session) throw new AppError("internal", "Could not start a session.");
    return session.id;
  });
  return { user: toPublicUser(user), sessionId };
}

export function toPublicUser(u: typeof users.$inferSelect): PublicUser {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    timezone: u.timezone,
    suspendedAt: u.suspendedAt,
  };
}

function isIp(value: string): boolean {
  return z.union([z.ipv4(), z.ipv6()]).safeParse(value).success;
}
