"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import {
  changePasswordAction,
  revokeOtherSessionsAction,
  revokeSessionAction,
} from "@/app/(app)/settings/actions";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

export type SessionItem = {
  id: string;
  ipAddress: string | null;
  device: string;
  startedAt: string;
  lastSeenAt: string;
  current: boolean;
};

export function PasswordForm() {
  const [pending, start] = useTransition();
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  return (
    <Card className="p-6">
      <h2 className="mb-4 text-lg font-semibold">Change password</h2>
      <form
        className="max-w-md space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const data = new FormData(form);
          start(async () => {
            const res = await changePasswordAction({
              currentPassword: String(data.get("currentPassword") ?? ""),
              newPassword: String(data.get("newPassword") ?? ""),
            });
            if (res.ok) {
              setError(null);
              form.reset();
              toast.success("Password changed. Other sessions were signed out.");
            } else {
              setError({ field: res.error.field, message: res.error.message.replace(/^\w+: /, "") });
            }
          });
        }}
      >
        {error && !error.field ? (
          <p role="alert" className="text-sm text-danger">
            {error.message}
          </p>
        ) : null}
        <Field
          id="currentPassword"
          label="Current password"
          error={error?.field === "currentPassword" ? error.message : undefined}
        >
          <Input
            id="currentPassword"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
          />
        </Field>
        <Field
          id="newPassword"
          label="New password"
          hint="At least 10 characters, mixing letters with numbers or symbols."
          error={error?.field === "newPassword" ? error.message : undefined}
        >
          <Input id="newPassword" name="newPassword" type="password" autoComplete="new-password" required />
        </Field>
        <Button type="submit" disabled={pending}>
          {pending ? "Changing…" : "Change password"}
        </Button>
      </form>
    </Card>
  );
}

export function SessionList({ sessions }: { sessions: SessionItem[] }) {
  const [pending, start] = useTransition();
  const router = useRouter();
  const others = sessions.filter((s) => !s.current).length;
  return (
    <Card className="p-6">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold">Signed-in sessions</h2>
          <p className="text-sm text-muted-foreground">
            Revoke a session to sign that device out on its next request.
          </p>
        </div>
        <Button
          variant="outline"
          size="sm"
          disabled={pending || others === 0}
          onClick={() =>
            start(async () => {
              const res = await revokeOtherSessionsAction();
              if (res.ok) toast.success(`Signed out ${res.data} other session${res.data === 1 ? "" : "s"}`);
              else toast.error(res.error.message);
              router.refresh();
            })
          }
        >
          Sign out other sessions
        </Button>
      </div>
      <ul className="divide-y" aria-label="Sessions">
        {sessions.map((s) => (
          <li
            key={s.id}
            className="flex flex-wrap items-center justify-between gap-3 py-3"
            data-testid="session-row"
          >
            <div className="min-w-0">
              <p className="flex items-center gap-2 text-sm font-medium">
                {s.device}
                {s.current ? <Badge tone="success">This device</Badge> : null}
              </p>
              <p className="text-xs text-muted-foreground">
                {s.ipAddress ?? "unknown address"} · signed in {s.startedAt} · last active {s.lastSeenAt}
              </p>
            </div>
            {s.current ? null : (
              <Button
                variant="outline"
                size="sm"
                disabled={pending}
                aria-label={`Revoke session from ${s.device}`}
                onClick={() =>
                  start(async () => {
                    const res = await revokeSessionAction({ sessionId: s.id });
                    if (res.ok) toast.success("Session revoked");
                    else toast.error(res.error.message);
                    router.refresh();
                  })
                }
              >
                Revoke
              </Button>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
