"use client";

import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import type { DefinitionIssue, InputField } from "@/lib/workflows/definition";

const TYPES = ["string", "number", "boolean", "json"] as const;

/** The workflow's input fields: what the run form asks for and what {{input.x}} can read. */
export function InputSchemaEditor({
  fields,
  issues,
  readOnly,
  onChange,
}: {
  fields: InputField[];
  issues: DefinitionIssue[];
  readOnly: boolean;
  onChange: (fields: InputField[]) => void;
}) {
  const set = (i: number, patch: Partial<InputField>) =>
    onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <section aria-labelledby="input-schema-title" className="space-y-3">
      <h2 id="input-schema-title" className="font-semibold">
        Workflow input
      </h2>
      <p className="text-xs text-muted-foreground">
        Steps read these as <code>{"{{input.name}}"}</code>. Select a step on the canvas to edit it.
      </p>
      {issues.length ? (
        <ul role="alert" className="space-y-1 rounded-md bg-danger/10 p-3 text-sm text-danger">
          {issues.map((i) => (
            <li key={`${i.field}-${i.message}`}>
              <span className="font-mono">{i.field}</span>: {i.message}
            </li>
          ))}
        </ul>
      ) : null}
      <fieldset disabled={readOnly} className="space-y-2">
        {fields.map((f, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; names change while typed
          <div key={i} className="space-y-2 rounded-md border p-2">
            <div className="flex gap-2">
              <Input
                aria-label={`Input field ${i + 1} name`}
                value={f.name}
                className="h-8 font-mono"
                onChange={(e) => set(i, { name: e.target.value })}
              />
              <Select
                aria-label={`Input field ${i + 1} type`}
                value={f.type}
                className="h-8 w-28"
                onChange={(e) => set(i, { type: e.target.value as InputField["type"] })}
              >
                {TYPES.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </Select>
              <Button
                variant="ghost"
                size="icon"
                aria-label={`Remove input field ${f.name || i + 1}`}
                onClick={() => onChange(fields.filter((_, j) => j !== i))}
              >
                <X aria-hidden="true" className="h-4 w-4" />
              </Button>
            </div>
            <div className="flex items-center gap-2">
              <label className="flex items-center gap-1.5 text-xs">
                <input
                  type="checkbox"
                  checked={f.required}
                  onChange={(e) => set(i, { required: e.target.checked })}
                />
                required
              </label>
              <Input
                aria-label={`Input field ${i + 1} default`}
                placeholder="default"
                value={f.default === undefined ? "" : String(f.default)}
                className="h-8"
                onChange={(e) => set(i, { default: e.target.value === "" ? undefined : e.target.value })}
              />
            </div>
            <Input
              aria-label={`Input field ${i + 1} description`}
              placeholder="description"
              value={f.description ?? ""}
              className="h-8"
              onChange={(e) => set(i, { description: e.target.value || undefined })}
            />
          </div>
        ))}
        <Button
          variant="outline"
          size="sm"
          onClick={() =>
            onChange([...fields, { name: `field_${fields.length + 1}`, type: "string", required: false }])
          }
        >
          <Plus aria-hidden="true" className="h-4 w-4" />
          Add input field
        </Button>
      </fieldset>
    </section>
  );
}
