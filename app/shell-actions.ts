"use server";

import { signOut } from "@/auth";
import { getDb } from "@/db/client";
import { getCurrentUser } from "@/lib/auth/current";
import { SessionModel } from "@/lib/auth/sessions";

/** Ends this sign-in session in the database, then clears the cookie. */
export async function signOutAction(): Promise<void> {
  const user = await getCurrentUser();
  if (user) await new SessionModel(await getDb(), user.id).end(user.sessionId);
  await signOut({ redirectTo: "/login" });
}
