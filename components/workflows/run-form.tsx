"use client";

import { Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { startRunAction } from "@/app/(app)/workflows/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { describedBy } from "@/components/ui/form-error";
import { Input, Select, Textarea } from "@/components/ui/input";
import type { InputField } from "@/lib/workflows/definition";

/** The manual trigger: one control per input field of the current version, then the run page. */
export function RunForm({
  workflowId,
  fields,
  disabled,
}: {
  workflowId: string;
  fields: InputField[];
  disabled?: string;
}) {
  const router = useRouter();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.name, f.default === undefined ? "" : String(f.default)])),
  );
  const [error, setError] = useState<{ field?: string; message: string }>();
  const [pending, start] = useTransition();
  const fieldOf = (name: string) => (error?.field === `input.${name}` ? error.message : undefined);
  return (
    <form
      aria-label="Run workflow"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const input = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ""));
          const r = await startRunAction(workflowId, input);
          if (!r.ok) {
            setError({ field: r.error.field, message: r.error.message.replace(/^input\.\w+: /, "") });
            return void toast.error(r.error.message);
          }
          toast.success("Run started");
          router.push(`/workflows/runs/${r.data.runId}`);
        });
      }}
    >
      {fields.length === 0 ? (
        <p className="text-sm text-muted-foreground">This workflow takes no input.</p>
      ) : null}
      {fields.map((f) => {
        const id = `run-input-${f.name}`;
        const err = fieldOf(f.name);
        const label = `${f.name}${f.required ? "" : " (optional)"}`;
        const common = {
          id,
          value: values[f.name] ?? "",
          required: f.required && f.default === undefined,
          ...describedBy(id, err, !!f.description),
        };
        const set = (v: string) => setValues((s) => ({ ...s, [f.name]: v }));
        return (
          <Field key={f.name} id={id} label={label} hint={f.description} error={err}>
            {f.type === "boolean" ? (
              <Select {...common} onChange={(e) => set(e.target.value)}>
                <option value="">—</option>
                <option value="true">true</option>
                <option value="false">false</option>
              </Select>
            ) : f.type === "json" ? (
              <Textarea {...common} rows={3} onChange={(e) => set(e.target.value)} />
            ) : f.type === "number" ? (
              <Input {...common} type="number" inputMode="decimal" onChange={(e) => set(e.target.value)} />
            ) : (
              <Textarea {...common} rows={2} className="font-sans" onChange={(e) => set(e.target.value)} />
            )}
          </Field>
        );
      })}
      {error && !error.field?.startsWith("input.") ? (
        <p role="alert" className="text-sm text-danger">
          {error.message}
        </p>
      ) : null}
      {disabled ? <p className="text-sm text-muted-foreground">{disabled}</p> : null}
      <Button type="submit" disabled={pending || !!disabled}>
        <Play aria-hidden="true" className="h-4 w-4" />
        {pending ? "Starting…" : "Run now"}
      </Button>
    </form>
  );
}
