import { and, desc, eq, gt, isNull, lt, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { userSessions, users } from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { notFound } from "@/lib/errors";
import { type PublicUser, toPublicUser } from "./accounts";

const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves a session id (from the JWT) to its user, or null when the session was revoked, has
 * expired, or its user is suspended or gone. Called on every request that needs a user.
 */
export async function validateSession(
  db: Db,
  sessionId: string,
): Promise<{ user: PublicUser; sessionId: string } | null> {
  const now = new Date();
  const [row] = await db
    .select({ session: userSessions, user: users })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(
      and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, now)),
    );
  if (!row || row.user.suspendedAt) return null;
  if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db
      .update(userSessions)
      .set({ lastSeenAt: now })
      .where(
        and(
          eq(userSessions.id, sessionId),
          lt(userSessions.lastSeenAt, new Date(now.getTime() - TOUCH_EVERY_MS)),
        ),
      );
  }
  return { user: toPublicUser(row.user), sessionId };
}

export type SessionView = {
  id: string;
  ipAddress: string | null;
  userAgent: string | null;
  startedAt: Date;
  lastSeenAt: Date;
  current: boolean;
};

/** A user's own sign-in sessions. Every query is scoped by the owner. */
export class SessionModel {
  constructor(
    private readonly db: Db,
    private readonly userId: string,
  ) {}

  private owned() {
    return eq(userSessions.userId, this.userId);
  }

  async listActive(currentSessionId: string | null): Promise<SessionView[]> {
    const rows = await this.db
      .select()
      .from(userSessions)
      .where(and(this.owned(), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, new Date())))
      .orderBy(desc(userSessions.lastSeenAt));
    return rows.map((r) => ({
      id: r.id,
      ipAddress: r.ipAddress,
      userAgent: r.userAgent,
      startedAt: r.startedAt,
      lastSeenAt: r.lastSeenAt,
      current: r.id === currentSessionId,
    }));
  }

  async revoke(sessionId: string, ctx: RequestContext): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(userSessions)
        .set({ revokedAt: new Date() })
        .where(and(this.owned(), eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)))
        .returning({ id: userSessions.id });
      if (!row) throw notFound("That session");
      await recordAudit(
        tx,
        { actorId: this.userId, entityType: "user_session", entityId: sessionId, action: "revoked" },
        ctx,
      );
    });
  }

  /** Signs out everywhere else. Returns how many sessions were ended. */
  async revokeOthers(currentSessionId: string, ctx: RequestContext): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .update(userSessions)
        .set({ revokedAt: new Date() })
        .where(and(this.owned(), ne(userSessions.id, currentSessionId), isNull(userSessions.revokedAt)))
        .returning({ id: userSessions.id });
      if (rows.length > 0) {
        await recordAudit(
          tx,
          {
            actorId: this.userId,
            entityType: "user_session",
            action: "revoked_others",
            metadata: { count: rows.length },
          },
          ctx,
        );
      }
      return rows.length;
    });
  }

  /** Ends the current session on sign-out (no audit row: signing out is not a change). */
  async end(sessionId: string): Promise<void> {
    await this.db
      .update(userSessions)
      .set({ revokedAt: sql`coalesce(${userSessions.revokedAt}, now())` })
      .where(and(this.owned(), eq(userSessions.id, sessionId)));
  }
}
