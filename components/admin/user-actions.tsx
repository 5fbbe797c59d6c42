"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { reinstateUserAction, setUserRoleAction, suspendUserAction } from "@/app/admin/actions";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";

const ROLES = ["user", "admin", "enterprise"] as const;

export function UserRowActions({
  user,
  isSelf,
}: {
  user: { id: string; email: string; role: string; suspended: boolean };
  isSelf: boolean;
}) {
  const [pending, start] = useTransition();
  const router = useRouter();
  const run = (fn: () => Promise<{ ok: boolean; error?: { message: string } }>, success: string) =>
    start(async () => {
      const res = await fn();
      if (res.ok) toast.success(success);
      else toast.error(res.error?.message ?? "That did not work.");
      router.refresh();
    });

  if (isSelf) return <span className="text-xs text-muted-foreground">This is you</span>;
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <label className="sr-only" htmlFor={`role-${user.id}`}>
        Role of {user.email}
      </label>
      <Select
        id={`role-${user.id}`}
        className="h-8 w-32"
        value={user.role}
        disabled={pending}
        onChange={(e) => {
          const role = e.target.value;
          run(() => setUserRoleAction({ userId: user.id, role }), `${user.email} is now ${role}`);
        }}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </Select>
      {user.suspended ? (
        <Button
          size="sm"
          variant="outline"
          disabled={pending}
          onClick={() => run(() => reinstateUserAction({ userId: user.id }), `${user.email} reinstated`)}
        >
          Reinstate
        </Button>
      ) : (
        <Button
          size="sm"
          variant="danger"
          disabled={pending}
          onClick={() => {
            if (
              window.confirm(`Suspend ${user.email}? They will be signed out everywhere and cannot sign in.`)
            ) {
              run(() => suspendUserAction({ userId: user.id }), `${user.email} suspended`);
            }
          }}
        >
          Suspend
        </Button>
      )}
    </div>
  );
}
