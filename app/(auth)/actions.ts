"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/auth";
import { getDb } from "@/db/client";
import { loginSchema, registerUser } from "@/lib/auth/accounts";
import { currentRequestContext } from "@/lib/auth/current";
import { AppError, fromZodError } from "@/lib/errors";

export type AuthFormState = { error?: string; field?: string; values?: { email?: string; name?: string } };

function safeNext(value: FormDataEntryValue | null): string {
  const next = typeof value === "string" ? value : "";
  return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

function refusalMessage(code: string): string {
  if (code === "suspended") return "This account is suspended. Contact your administrator.";
  if (code.startsWith("rate_limited")) {
    const seconds = Number(code.split(":")[1]) || 900;
    const minutes = Math.max(1, Math.ceil(seconds / 60));
    return `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  }
  return "Wrong email or password.";
}

async function signInWith(email: string, password: string, next: string): Promise<AuthFormState | undefined> {
  try {
    // Throws Next.js's redirect on success.
    await signIn("credentials", { email, password, redirectTo: next });
  } catch (err) {
    if (err instanceof CredentialsSignin) return { error: refusalMessage(err.code), values: { email } };
    if (err instanceof AuthError) return { error: "Sign-in failed. Please try again.", values: { email } };
    throw err;
  }
  return undefined;
}

export async function loginAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = String(form.get("email") ?? "");
  const parsed = loginSchema.safeParse({ email, password: form.get("password") });
  if (!parsed.success) {
    const e = fromZodError(parsed.error);
    return { error: e.message.replace(/^\w+: /, ""), field: e.field, values: { email } };
  }
  return (await signInWith(parsed.data.email, parsed.data.password, safeNext(form.get("next")))) ?? {};
}

export async function registerAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = { email: String(form.get("email") ?? ""), name: String(form.get("name") ?? "") };
  const password = form.get("password");
  try {
    const db = await getDb();
    await registerUser(db, { ...values, password }, await currentRequestContext());
  } catch (err) {
    if (err instanceof AppError)
      return { error: err.message.replace(/^\w+: /, ""), field: err.field, values };
    throw err;
  }
  return (await signInWith(values.email.trim().toLowerCase(), String(password), "/")) ?? {};
}
