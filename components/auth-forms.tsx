"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { AuthFormState } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

type Action = (prev: AuthFormState, form: FormData) => Promise<AuthFormState>;

function FormError({ state }: { state: AuthFormState }) {
  if (!state.error || state.field) return null;
  return (
    <div
      role="alert"
      className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger"
    >
      {state.error}
    </div>
  );
}

const fieldError = (state: AuthFormState, name: string) => (state.field === name ? state.error : undefined);
const invalid = (state: AuthFormState, name: string) => ({
  "aria-invalid": state.field === name,
  "aria-describedby": state.field === name ? `${name}-error` : undefined,
});

export function LoginForm({ action, next }: { action: Action; next?: string }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <Card className="p-6">
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-6 text-sm text-muted-foreground">Welcome back to Prism.</p>
      <form action={formAction} className="space-y-4" noValidate>
        <FormError state={state} />
        <input type="hidden" name="next" value={next ?? "/"} />
        <Field id="email" label="Email" error={fieldError(state, "email")}>
          <Input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={state.values?.email}
            {...invalid(state, "email")}
          />
        </Field>
        <Field id="password" label="Password" error={fieldError(state, "password")}>
          <Input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            {...invalid(state, "password")}
          />
        </Field>
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      <p className="mt-6 text-center text-sm text-muted-foreground">
        New to Prism?{" "}
        <Link href="/register" className="font-medium text-primary underline-offset-4 hover:underline">
          Create an account
        </Link>
      </p>
    </Card>
  );
}

export function RegisterForm({ action, firstUser }: { action: Action; firstUser: boolean }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <Card className="p-6">
      <h1 className="mb-1 text-xl font-semibold">Create your account</h1>
      {firstUser ? (
        <p
          className="mb-6 rounded-md bg-accent px-3 py-2 text-sm text-primary"
          data-testid="first-user-notice"
        >
          You are the first person here: this account becomes the administrator of this Prism instance.
        </p>
      ) : (
        <p className="mb-6 text-sm text-muted-foreground">Chat with many AI models at once.</p>
      )}
      <form action={formAction} className="space-y-4" noValidate>
        <FormError state={state} />
        <Field id="name" label="Name" error={fieldError(state, "name")}>
          <Input
            id="name"
            name="name"
            autoComplete="name"
            required
            defaultValue={state.values?.name}
            {...invalid(state, "name")}
          />
        </Field>
        <Field id="email" label="Email" error={fieldError(state, "email")}>
          <Input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={state.values?.email}
            {...invalid(state, "email")}
          />
        </Field>
        <Field
          id="password"
          label="Password"
          error={fieldError(state, "password")}
          hint="At least 10 characters, mixing letters with numbers or symbols."
        >
          <Input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            {...invalid(state, "password")}
          />
        </Field>
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Creating account…" : "Create account"}
        </Button>
      </form>
      <p className="mt-6 text-center text-sm text-muted-foreground">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-primary underline-offset-4 hover:underline">
          Sign in
        </Link>
      </p>
    </Card>
  );
}
