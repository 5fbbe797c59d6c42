import type { Metadata } from "next";
import { LoginForm } from "@/components/auth-forms";
import { loginAction } from "../actions";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return <LoginForm action={loginAction} next={typeof next === "string" ? next : undefined} />;
}
