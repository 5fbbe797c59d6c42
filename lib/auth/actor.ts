import type { UserRole } from "@/db/schema/accounts";
import { AppError, forbidden, notFound } from "@/lib/errors";

/** Who is acting. Every data access takes one; nothing reads user data without it. */
export type Actor = { id: string; role: UserRole };

export const isAdmin = (actor: Actor) => actor.role === "admin";

export function requireAdmin(actor: Actor): void {
  if (!isAdmin(actor)) throw forbidden("Only administrators can do that.");
}

/**
 * The authorization rule for a single owned row: the owner may act on it; an admin may too, but
 * only where the caller says so (`adminBypass: true`) — the bypass is never implicit.
 * Someone else's row is reported as not found, so its existence is not leaked.
 */
export function assertCanAccess(
  actor: Actor,
  row: { userId: string | null } | undefined | null,
  opts: { adminBypass?: boolean; what?: string } = {},
): asserts row is { userId: string | null } {
  if (!row) throw notFound(opts.what);
  if (row.userId === actor.id) return;
  if (opts.adminBypass && isAdmin(actor)) return;
  throw notFound(opts.what);
}

export function assertNotSelf(actor: Actor, userId: string, message: string): void {
  if (actor.id === userId) throw new AppError("conflict", message);
}
