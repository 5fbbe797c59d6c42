import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type UserRole, users } from "@/db/schema";
import type { RequestContext } from "@/lib/audit";
import { type PublicUser, registerUser } from "@/lib/auth/accounts";
import type { Actor } from "@/lib/auth/actor";

export const TEST_PASSWORD = "correct horse 42";
export const ctx: RequestContext = { ip: "203.0.113.7", userAgent: "vitest/prism" };

/** Registers a real account (through the real code path) and sets its role. */
export async function makeUser(
  db: Db,
  opts: { role?: UserRole; name?: string } = {},
): Promise<PublicUser & { actor: Actor }> {
  const email = `u${randomBytes(5).toString("hex")}@example.test`;
  const user = await registerUser(
    db,
    { name: opts.name ?? "Test User", email, password: TEST_PASSWORD },
    ctx,
  );
  const role = opts.role ?? "user";
  if (user.role !== role) await db.update(users).set({ role }).where(eq(users.id, user.id));
  return { ...user, role, actor: { id: user.id, role } };
}
