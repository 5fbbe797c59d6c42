import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { getDb } from "@/db/client";
import type { RequestContext } from "@/lib/audit";
import { forbidden, unauthorized } from "@/lib/errors";
import type { PublicUser } from "./accounts";
import type { Actor } from "./actor";
import { requestContextFrom } from "./request-context";
import { validateSession } from "./sessions";

export type CurrentUser = PublicUser & { sessionId: string };

/** The signed-in user for this request, or null (no cookie, revoked or expired session, suspended user). */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  if (!session?.sid) return null;
  const db = await getDb();
  const found = await validateSession(db, session.sid);
  return found ? { ...found.user, sessionId: found.sessionId } : null;
});

/** For pages: the user, or a redirect to sign-in. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return user;
}

/** For admin pages: non-admins get a 404 so the console's existence is not advertised. */
export async function requireAdminPage(): Promise<CurrentUser> {
  const user = await requireUser();
  if (user.role !== "admin") notFound();
  return user;
}

/** For route handlers and server actions: the acting user, or a 401 AppError. */
export async function requireActor(opts: { admin?: boolean } = {}): Promise<Actor & { user: CurrentUser }> {
  const user = await getCurrentUser();
  if (!user) throw unauthorized();
  if (opts.admin && user.role !== "admin") throw forbidden("Only administrators can do that.");
  return { id: user.id, role: user.role, user };
}

export async function currentRequestContext(): Promise<RequestContext> {
  return requestContextFrom(await headers());
}
