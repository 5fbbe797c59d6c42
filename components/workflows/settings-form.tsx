"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { deleteWorkflowAction, updateSettingsAction } from "@/app/(app)/workflows/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { describedBy, errorFor, type FormError, toFormError } from "@/components/ui/form-error";
import { Input, Textarea } from "@/components/ui/input";

type Settings = {
  name: string;
  description: string | null;
  concurrencyLimit: number;
  runTimeoutSeconds: number | null;
  retentionDays: number | null;
  keepSuccessStepData: boolean;
};

const num = (v: string) => (v.trim() === "" ? null : Number(v));

/** Name, description, concurrency, run timeout, retention and step data of successful runs. */
export function SettingsForm({ workflowId, initial }: { workflowId: string; initial: Settings }) {
  const router = useRouter();
  const [s, setS] = useState({
    name: initial.name,
    description: initial.description ?? "",
    concurrencyLimit: String(initial.concurrencyLimit),
    runTimeoutSeconds: initial.runTimeoutSeconds === null ? "" : String(initial.runTimeoutSeconds),
    retentionDays: initial.retentionDays === null ? "" : String(initial.retentionDays),
    keepSuccessStepData: initial.keepSuccessStepData,
  });
  const [error, setError] = useState<FormError>(null);
  const [pending, start] = useTransition();
  const set = (patch: Partial<typeof s>) => setS((x) => ({ ...x, ...patch }));
  const field = (key: keyof typeof s, label: string, hint?: string) => {
    const id = `settings-${key}`;
    const err = errorFor(error, key);
    return (
      <Field id={id} label={label} hint={hint} error={err}>
        <Input
          id={id}
          type="number"
          value={s[key] as string}
          onChange={(e) => set({ [key]: e.target.value })}
          {...describedBy(id, err, !!hint)}
        />
      </Field>
    );
  };
  return (
    <div className="space-y-6">
      <form
        aria-label="Workflow settings"
        className="max-w-xl space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const r = await updateSettingsAction(workflowId, {
              name: s.name,
              description: s.description.trim() || null,
              concurrencyLimit: Number(s.concurrencyLimit),
              runTimeoutSeconds: num(s.runTimeoutSeconds),
              retentionDays: num(s.retentionDays),
              keepSuccessStepData: s.keepSuccessStepData,
            });
            if (!r.ok) {
              setError(toFormError(r.error));
              return void toast.error(r.error.message);
            }
            setError(null);
            toast.success("Settings saved");
            router.refresh();
          });
        }}
      >
        <Field id="settings-name" label="Name" error={errorFor(error, "name")}>
          <Input
            id="settings-name"
            value={s.name}
            onChange={(e) => set({ name: e.target.value })}
            {...describedBy("settings-name", errorFor(error, "name"))}
          />
        </Field>
        <Field id="settings-description" label="Description (optional)">
          <Textarea
            id="settings-description"
            className="font-sans"
            value={s.description}
            onChange={(e) => set({ description: e.target.value })}
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-3">
          {field("concurrencyLimit", "Concurrent runs", "Further runs wait in the queue.")}
          {field("runTimeoutSeconds", "Run timeout (s)", "Empty: no limit.")}
          {field("retentionDays", "Keep runs (days)", "Empty: the instance default.")}
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={s.keepSuccessStepData}
            onChange={(e) => set({ keepSuccessStepData: e.target.checked })}
          />
          Keep each step's input and output for successful runs
        </label>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
      </form>
      <div className="max-w-xl rounded-lg border border-danger/40 p-4">
        <h2 className="font-semibold">Delete workflow</h2>
        <p className="text-sm text-muted-foreground">Its schedule, webhook and API trigger stop at once.</p>
        <Button
          variant="danger"
          className="mt-3"
          disabled={pending}
          onClick={() => {
            if (!window.confirm("Delete this workflow?")) return;
            start(async () => {
              const r = await deleteWorkflowAction(workflowId);
              if (!r.ok) return void toast.error(r.error.message);
              toast.success("Workflow deleted");
              router.push("/workflows");
            });
          }}
        >
          Delete workflow
        </Button>
      </div>
    </div>
  );
}
