"use client";

import { useState } from "react";
import { Field } from "@/components/ui/field";
import { describedBy } from "@/components/ui/form-error";
import { Input, Select, Textarea } from "@/components/ui/input";
import { configFields, type FieldSpec } from "./config-fields";
import type { DraftStep } from "./graph";

export type Choice = { id: string; label: string };
export type EditorChoices = {
  models: Choice[];
  templates: Choice[];
  workflows: Choice[];
  /** MCP servers (and "prism" for the built-ins) a tool step may call. */
  toolServers?: Choice[];
  agents: Choice[];
};

/** The config fields of one step, generated from its zod schema; errors come from validation issues. */
export function ConfigForm({
  step,
  choices,
  errors,
  onChange,
}: {
  step: DraftStep;
  choices: EditorChoices;
  errors: Map<string, string>;
  onChange: (config: Record<string, unknown>) => void;
}) {
  const set = (key: string, value: unknown) => {
    const next = { ...step.config };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  return (
    <div className="space-y-3">
      {configFields(step.type).map((f) => (
        <ConfigField
          key={`${step.id}-${f.key}`}
          spec={f}
          id={`step-config-${f.key}`}
          value={step.config[f.key]}
          error={errors.get(`config.${f.key}`)}
          choices={choices}
          onChange={(v) => set(f.key, v)}
        />
      ))}
    </div>
  );
}

function ConfigField({
  spec,
  id,
  value,
  error,
  choices,
  onChange,
}: {
  spec: FieldSpec;
  id: string;
  value: unknown;
  error?: string;
  choices: EditorChoices;
  onChange: (value: unknown) => void;
}) {
  const label = spec.optional ? `${spec.label} (optional)` : spec.label;
  const aria = describedBy(id, error);
  const text = (v: string) => onChange(v === "" && spec.optional ? undefined : v);
  switch (spec.kind) {
    case "textarea":
      return (
        <Field id={id} label={label} error={error}>
          <Textarea
            id={id}
            rows={spec.key === "prompt" || spec.key === "body" ? 4 : 2}
            value={typeof value === "string" ? value : ""}
            onChange={(e) => text(e.target.value)}
            {...aria}
          />
        </Field>
      );
    case "text":
      return (
        <Field id={id} label={label} error={error}>
          <Input
            id={id}
            value={typeof value === "string" ? value : ""}
            onChange={(e) => text(e.target.value)}
            {...aria}
          />
        </Field>
      );
    case "number":
      return (
        <Field
          id={id}
          label={label}
          error={error}
          hint={spec.defaultValue !== undefined ? `Default ${String(spec.defaultValue)}` : undefined}
        >
          <Input
            id={id}
            type="number"
            inputMode="decimal"
            value={typeof value === "number" ? String(value) : ""}
            onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
            {...aria}
          />
        </Field>
      );
    case "enum":
      return (
        <Field id={id} label={label} error={error}>
          <Select
            id={id}
            value={typeof value === "string" ? value : String(spec.defaultValue ?? "")}
            onChange={(e) => onChange(e.target.value)}
            {...aria}
          >
            {spec.options?.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </Select>
        </Field>
      );
    case "boolean":
      return (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          {label}
        </label>
      );
    case "model":
    case "template":
    case "workflow":
    case "toolServer":
    case "agent": {
      const list =
        spec.kind === "model"
          ? choices.models
          : spec.kind === "template"
            ? choices.templates
            : spec.kind === "toolServer"
              ? (choices.toolServers ?? [])
              : spec.kind === "agent"
                ? choices.agents
                : choices.workflows;
      const current = typeof value === "string" ? value : "";
      const options =
        current && !list.some((c) => c.id === current) ? [{ id: current, label: current }, ...list] : list;
      return (
        <Field
          id={id}
          label={label}
          error={error}
          hint={list.length === 0 ? `You have no ${spec.kind}s to choose from yet.` : undefined}
        >
          <Select id={id} value={current} onChange={(e) => text(e.target.value)} {...aria}>
            <option value="">{spec.optional ? "Default" : `Choose a ${spec.kind}`}</option>
            {options.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </Select>
        </Field>
      );
    }
    case "models": {
      const picked = Array.isArray(value) ? (value as string[]) : [];
      return (
        <fieldset className="space-y-1.5" aria-describedby={error ? `${id}-error` : undefined}>
          <legend className="text-sm font-medium">{label}</legend>
          {choices.models.length === 0 ? (
            <p className="text-xs text-muted-foreground">You have no models yet.</p>
          ) : null}
          {choices.models.map((m) => (
            <label key={m.id} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={picked.includes(m.id)}
                onChange={(e) =>
                  onChange(e.target.checked ? [...picked, m.id] : picked.filter((p) => p !== m.id))
                }
              />
              {m.label}
            </label>
          ))}
          {error ? (
            <p id={`${id}-error`} role="alert" className="text-sm text-danger">
              {error}
            </p>
          ) : null}
        </fieldset>
      );
    }
    case "json":
      return (
        <JsonField
          id={id}
          label={label}
          value={value}
          error={error}
          onChange={onChange}
          optional={spec.optional}
        />
      );
  }
}

/** A JSON object typed as text; the config changes only when the text parses. */
function JsonField({
  id,
  label,
  value,
  error,
  optional,
  onChange,
}: {
  id: string;
  label: string;
  value: unknown;
  error?: string;
  optional: boolean;
  onChange: (v: unknown) => void;
}) {
  const [text, setText] = useState(() => (value === undefined ? "" : JSON.stringify(value, null, 2)));
  const [parseError, setParseError] = useState<string>();
  const shown = parseError ?? error;
  return (
    <Field id={id} label={label} error={shown}>
      <Textarea
        id={id}
        rows={3}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === "") {
            setParseError(undefined);
            return onChange(optional ? undefined : {});
          }
          try {
            const parsed = JSON.parse(e.target.value) as unknown;
            if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error();
            setParseError(undefined);
            onChange(parsed);
          } catch {
            setParseError('Write a JSON object, e.g. {"key": "value"}.');
          }
        }}
        {...describedBy(id, shown)}
      />
    </Field>
  );
}
