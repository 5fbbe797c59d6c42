"use client";

import { Trash2, X } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { describedBy } from "@/components/ui/form-error";
import { Input, Select } from "@/components/ui/input";
import { type DefinitionIssue, STEP_ID } from "@/lib/workflows/definition";
import { ConfigForm, type EditorChoices } from "./config-form";
import { type Draft, type DraftEdge, type DraftStep, edgeId, STEP_TYPE_LABEL } from "./graph";

/** The side panel of the selected step: id, name, config, retries, timeout and its outgoing edges. */
export function StepPanel({
  step,
  draft,
  issues,
  choices,
  readOnly,
  onChange,
  onRename,
  onDelete,
  onConnect,
  onRemoveEdge,
  onClose,
}: {
  step: DraftStep;
  draft: Draft;
  issues: DefinitionIssue[];
  choices: EditorChoices;
  readOnly: boolean;
  onChange: (step: DraftStep) => void;
  onRename: (id: string) => string | null;
  onDelete: () => void;
  onConnect: (edge: DraftEdge) => void;
  onRemoveEdge: (edge: DraftEdge) => void;
  onClose: () => void;
}) {
  const [idText, setIdText] = useState(step.id);
  const [idError, setIdError] = useState<string>();
  const errors = new Map(issues.map((i) => [i.field, i.message]));
  const general = issues.filter((i) => !i.field.startsWith("config.") || !errors.has(i.field));
  const out = draft.edges.filter((e) => e.from === step.id);
  const targets = draft.steps.filter((s) => s.id !== step.id);
  const [target, setTarget] = useState("");
  const [branch, setBranch] = useState<"true" | "false">("true");
  const retry = step.retry ?? {};
  const setRetry = (patch: Partial<NonNullable<DraftStep["retry"]>>) => {
    const next = { ...retry, ...patch };
    onChange({ ...step, retry: next.maxAttempts && next.maxAttempts > 1 ? next : undefined });
  };

  return (
    <form aria-label="Step settings" className="space-y-4" onSubmit={(e) => e.preventDefault()}>
      <div className="flex items-center justify-between gap-2">
        <h2 className="font-semibold">
          {STEP_TYPE_LABEL[step.type]} step{" "}
          <span className="font-mono text-sm text-muted-foreground">{step.id}</span>
        </h2>
        <Button variant="ghost" size="icon" aria-label="Close step settings" onClick={onClose}>
          <X aria-hidden="true" className="h-4 w-4" />
        </Button>
      </div>
      {general.length ? (
        <ul
          role="alert"
          aria-label="Problems in this step"
          className="space-y-1 rounded-md bg-danger/10 p-3 text-sm text-danger"
        >
          {general.map((i) => (
            <li key={`${i.field}-${i.message}`}>
              <span className="font-mono">{i.field}</span>: {i.message}
            </li>
          ))}
        </ul>
      ) : null}
      <fieldset disabled={readOnly} className="space-y-3">
        <Field
          id="step-id"
          label="Step id"
          error={idError ?? errors.get("id")}
          hint="Other steps read its output as {{steps.<id>.output}}."
        >
          <Input
            id="step-id"
            value={idText}
            onChange={(e) => setIdText(e.target.value)}
            onBlur={() => {
              if (idText === step.id) return setIdError(undefined);
              if (!STEP_ID.test(idText))
                return setIdError("Lowercase letters, digits and _, starting with a letter.");
              setIdError(onRename(idText) ?? undefined);
            }}
            className="font-mono"
            {...describedBy("step-id", idError ?? errors.get("id"), true)}
          />
        </Field>
        <Field id="step-name" label="Name (optional)">
          <Input
            id="step-name"
            value={step.name ?? ""}
            onChange={(e) => onChange({ ...step, name: e.target.value || undefined })}
          />
        </Field>
        <ConfigForm
          step={step}
          choices={choices}
          errors={errors}
          onChange={(config) => onChange({ ...step, config })}
        />
        <details className="rounded-md border p-3 text-sm">
          <summary className="cursor-pointer font-medium">Retries and timeout</summary>
          <div className="mt-3 grid grid-cols-2 gap-3">
            <Field id="step-retry-attempts" label="Attempts" error={errors.get("retry.maxAttempts")}>
              <Input
                id="step-retry-attempts"
                type="number"
                min={1}
                max={10}
                value={String(retry.maxAttempts ?? 1)}
                onChange={(e) => setRetry({ maxAttempts: Number(e.target.value) || 1 })}
              />
            </Field>
            <Field id="step-retry-backoff" label="Backoff">
              <Select
                id="step-retry-backoff"
                value={retry.backoff ?? "exponential"}
                onChange={(e) => setRetry({ backoff: e.target.value as "fixed" | "exponential" })}
              >
                <option value="exponential">exponential</option>
                <option value="fixed">fixed</option>
              </Select>
            </Field>
            <Field id="step-retry-delay" label="First delay (ms)">
              <Input
                id="step-retry-delay"
                type="number"
                min={0}
                value={String(retry.delayMs ?? 1000)}
                onChange={(e) => setRetry({ delayMs: Number(e.target.value) })}
              />
            </Field>
            <Field id="step-timeout" label="Timeout (ms)" error={errors.get("timeoutMs")}>
              <Input
                id="step-timeout"
                type="number"
                min={100}
                value={step.timeoutMs === undefined ? "" : String(step.timeoutMs)}
                onChange={(e) =>
                  onChange({ ...step, timeoutMs: e.target.value === "" ? undefined : Number(e.target.value) })
                }
              />
            </Field>
          </div>
        </details>
        <div className="space-y-2">
          <h3 className="text-sm font-medium">Next steps</h3>
          {out.length === 0 ? (
            <p className="text-xs text-muted-foreground">Nothing follows this step.</p>
          ) : null}
          <ul className="space-y-1" aria-label="Next steps">
            {out.map((e) => (
              <li
                key={edgeId(e)}
                className="flex items-center justify-between rounded-md bg-muted px-2 py-1 text-sm"
              >
                <span>
                  → <span className="font-mono">{e.to}</span>
                  {e.branch ? <span className="text-muted-foreground"> when {e.branch}</span> : null}
                </span>
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Disconnect ${e.to}${e.branch ? ` (${e.branch})` : ""}`}
                  onClick={() => onRemoveEdge(e)}
                >
                  <X aria-hidden="true" className="h-3.5 w-3.5" />
                </Button>
              </li>
            ))}
          </ul>
          {targets.length ? (
            <div className="flex flex-wrap items-end gap-2">
              <Field id="step-connect" label="Connect to" className="min-w-32 flex-1">
                <Select id="step-connect" value={target} onChange={(e) => setTarget(e.target.value)}>
                  <option value="">Choose a step</option>
                  {targets.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name ? `${s.name} (${s.id})` : s.id}
                    </option>
                  ))}
                </Select>
              </Field>
              {step.type === "condition" ? (
                <Field id="step-connect-branch" label="When" className="w-24">
                  <Select
                    id="step-connect-branch"
                    value={branch}
                    onChange={(e) => setBranch(e.target.value as "true" | "false")}
                  >
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </Select>
                </Field>
              ) : null}
              <Button
                variant="outline"
                disabled={!target}
                onClick={() => {
                  onConnect({ from: step.id, to: target, ...(step.type === "condition" ? { branch } : {}) });
                  setTarget("");
                }}
              >
                Connect
              </Button>
            </div>
          ) : null}
        </div>
        <Button variant="outline" className="text-danger" onClick={onDelete}>
          <Trash2 aria-hidden="true" className="h-4 w-4" />
          Delete step
        </Button>
      </fieldset>
    </form>
  );
}
