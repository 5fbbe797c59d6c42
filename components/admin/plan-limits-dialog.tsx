"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import { updatePlanLimitsAction } from "@/app/admin/plans/actions";
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

export type PlanLimitsItem = {
  id: string;
  name: string;
  limits: {
    monthlyCredits: number;
    maxModelsPerCompare: number;
    requestsPerMinute: number;
    monthlyCostCapUsd: number;
  };
};

const FIELDS = [
  {
    key: "monthlyCostCapUsd",
    label: "Monthly cost cap (USD)",
    hint: "Model spend per user per calendar month (UTC); calls stop at 100%, an alert at 80%.",
    decimal: true,
  },
  {
    key: "requestsPerMinute",
    label: "Requests per minute",
    hint: "Model calls per user per minute, chat and API together.",
    decimal: false,
  },
  {
    key: "maxModelsPerCompare",
    label: "Models per compare",
    hint: "How many models one chat turn may compare (1–8).",
    decimal: false,
  },
  {
    key: "monthlyCredits",
    label: "Monthly credits",
    hint: "Credits granted each month (1 credit = $0.01).",
    decimal: false,
  },
] as const;

/** Edit one plan's limits; errors show next to the field they name. */
export function PlanLimitsDialog({ plan }: { plan: PlanLimitsItem }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<FormError>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const id = (field: string) => `plan-${plan.id}-${field}`;
  useEffect(() => {
    if (error?.field) document.getElementById(`plan-${plan.id}-${error.field}`)?.focus();
  }, [error, plan.id]);
  const topError = formLevelError(
    error,
    FIELDS.map((f) => f.key),
  );
  return (
    <>
      <Button
        size="sm"
        variant="outline"
        className="whitespace-nowrap"
        onClick={() => setOpen(true)}
        aria-label={`Edit limits of ${plan.name}`}
      >
        Edit limits
      </Button>
      <Modal
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) setError(null);
        }}
        title={`Limits of the ${plan.name} plan`}
        description="Changes apply to every user on this plan at once. A user's budget override, set in Admin → Users, still replaces the cost cap."
      >
        <form
          className="space-y-4"
          noValidate
          aria-label={`Limits of ${plan.name}`}
          onSubmit={(e) => {
            e.preventDefault();
            const data = new FormData(e.currentTarget);
            // Empty or non-numeric text goes to the server as is, so its message names the field.
            const value = (k: string) => {
              const raw = String(data.get(k) ?? "").trim();
              return raw === "" || !Number.isFinite(Number(raw)) ? raw : Number(raw);
            };
            start(async () => {
              const res = await updatePlanLimitsAction({
                planId: plan.id,
                ...Object.fromEntries(FIELDS.map((f) => [f.key, value(f.key)])),
              });
              if (res.ok) {
                toast.success(`${plan.name} plan limits saved`);
                setOpen(false);
                setError(null);
                router.refresh();
              } else {
                setError(toFormError(res.error));
              }
            });
          }}
        >
          {topError ? (
            <p role="alert" className="text-sm text-danger">
              {topError}
            </p>
          ) : null}
          {FIELDS.map((f) => {
            const fieldError = errorFor(error, f.key);
            return (
              <Field key={f.key} id={id(f.key)} label={f.label} hint={f.hint} error={fieldError}>
                <Input
                  id={id(f.key)}
                  name={f.key}
                  inputMode={f.decimal ? "decimal" : "numeric"}
                  autoComplete="off"
                  defaultValue={String(plan.limits[f.key])}
                  {...describedBy(id(f.key), fieldError, true)}
                />
              </Field>
            );
          })}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : "Save limits"}
            </Button>
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          </div>
        </form>
      </Modal>
    </>
  );
}
