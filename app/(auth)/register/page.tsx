import type { Metadata } from "next";
import { RegisterForm } from "@/components/auth-forms";
import { getDb } from "@/db/client";
import { isFirstUser } from "@/lib/auth/accounts";
import { registerAction } from "../actions";

export const metadata: Metadata = { title: "Create account" };

export default async function RegisterPage() {
  const firstUser = await isFirstUser(await getDb());
  return <RegisterForm action={registerAction} firstUser={firstUser} />;
}
