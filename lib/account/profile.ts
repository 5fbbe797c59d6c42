import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import { hashPassword, passwordSchema, verifyPassword } from "@/lib/auth/password";
import { SessionModel } from "@/lib/auth/sessions";
import { AppError, notFound, parseInput } from "@/lib/errors";
import { isTimeZone } from "@/lib/time-zones";

export const profileSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(120, "Use at most 120 characters."),
  timezone: z.string().refine(isTimeZone, "Choose a time zone from the list."),
});

export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password."),
  newPassword: passwordSchema,
});

/** The signed-in user's own account. */
export class ProfileModel {
  constructor(
    private readonly db: Db,
    private readonly userId: string,
  ) {}

  async get() {
    const [row] = await this.db
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        timezone: users.timezone,
        role: users.role,
        createdAt: users.createdAt,
      })
      .from(users)
      .where(eq(users.id, this.userId));
    if (!row) throw notFound("Your account");
    return row;
  }

  async update(input: unknown, ctx: RequestContext): Promise<void> {
    const data = parseInput(profileSchema, input);
    await this.db.transaction(async (tx) => {
      const [before] = await tx
        .select({ name: users.name, timezone: users.timezone })
        .from(users)
        .where(eq(users.id, this.userId));
      if (!before) throw notFound("Your account");
      await tx.update(users).set(data).where(eq(users.id, this.userId));
      await recordAudit(
        tx,
        {
          actorId: this.userId,
          entityType: "user",
          entityId: this.userId,
          action: "profile_updated",
          before,
          after: data,
        },
        ctx,
      );
    });
  }

  /** Changes the password and signs out every other session. */
  async changePassword(input: unknown, currentSessionId: string, ctx: RequestContext): Promise<void> {
    const data = parseInput(passwordChangeSchema, input);
    const [row] = await this.db
      .select({ hash: users.passwordHash })
      .from(users)
      .where(eq(users.id, this.userId));
    if (!row) throw notFound("Your account");
    if (!(await verifyPassword(row.hash, data.currentPassword))) {
      throw new AppError("validation_failed", "Your current password is not correct.", {
        field: "currentPassword",
      });
    }
    const passwordHash = await hashPassword(data.newPassword);
    await this.db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash }).where(eq(users.id, this.userId));
      await new SessionModel(tx, this.userId).revokeOthers(currentSessionId, ctx);
      await recordAudit(
        tx,
        { actorId: this.userId, entityType: "user", entityId: this.userId, action: "password_changed" },
        ctx,
      );
    });
  }
}
