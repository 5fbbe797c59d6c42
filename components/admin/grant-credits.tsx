"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { grantCreditsAction } from "@/app/admin/actions";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import {
  describedBy,
  errorFor,
  type FormError,
  formLevelError,
  toFormError,
} from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import { formatCount } from "@/components/ui/number-format";

const FIELDS = ["amount", "reason"] as const;

/** "Grant credits" for one user (Admin → Users): an amount and a reason, audited on the server. */
export function GrantCredits({ user }: { user: { id: string; email: string } }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, start] = useTransition();
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<FormError>(null);
  const credits = Number(amount);
  const amountError = errorFor(error, "amount");
  const reasonError = errorFor(error, "reason");
  const formError = formLevelError(error, FIELDS);
  const idOf = (f: string) => `grant-${f}-${user.id}`;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (amount.trim() === "" || !Number.isFinite(credits)) {
      setError({ field: "amount", message: "Enter a number of credits." });
      return;
    }
    start(async () => {
      const res = await grantCreditsAction({ userId: user.id, amount: credits, reason });
      if (!res.ok) {
        const e = toFormError(res.error);
        setError(e && { ...e, message: e.message.charAt(0).toUpperCase() + e.message.slice(1) });
        return;
      }
      toast.success(`Granted ${formatCount(credits)} credits to ${user.email}`);
      setOpen(false);
      setAmount("");
      setReason("");
      setError(null);
      router.refresh();
    });
  };

  return (
    <>
      <Button
        size="sm"
        variant="outline"
        onClick={() => setOpen(true)}
        aria-label={`Grant credits to ${user.email}`}
      >
        Grant credits
      </Button>
      <Modal
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) setError(null);
        }}
        title="Grant credits"
        description={`Add credits to ${user.email}'s wallet. The grant and its reason appear on their statement and in the audit log.`}
      >
        <form className="space-y-4" onSubmit={submit}>
          {formError ? (
            <p role="alert" className="text-sm text-danger">
              {formError}
            </p>
          ) : null}
          <Field
            id={idOf("amount")}
            label="Credits"
            error={amountError}
            hint={
              Number.isFinite(credits) && credits > 0
                ? `Worth $${(credits / 100).toFixed(2)}`
                : "1 credit = $0.01"
            }
          >
            <Input
              id={idOf("amount")}
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              required
              autoFocus
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              {...describedBy(idOf("amount"), amountError, true)}
            />
          </Field>
          <Field
            id={idOf("reason")}
            label="Reason"
            error={reasonError}
            hint="Shown to the user on their statement."
          >
            <Input
              id={idOf("reason")}
              required
              maxLength={300}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              {...describedBy(idOf("reason"), reasonError, true)}
            />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="outline" onClick={() => setOpen(false)} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Granting…" : "Grant"}
            </Button>
          </div>
        </form>
      </Modal>
    </>
  );
}
