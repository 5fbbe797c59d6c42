"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { Score } from "./types";

const FIELDS = [
  { key: "accuracy", label: "Accuracy", hint: "Is it correct?" },
  { key: "relevance", label: "Relevance", hint: "Does it answer the question?" },
  { key: "overall", label: "Overall", hint: "Required." },
] as const;

type Values = Record<(typeof FIELDS)[number]["key"], string>;

function parse(value: string): number | null | "invalid" {
  if (value.trim() === "") return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : "invalid";
}

/** Scores one answer from 0 to 10 on accuracy, relevance and overall quality. */
export function ScoreDialog({
  open,
  onOpenChange,
  modelLabel,
  initial,
  onSubmit,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  modelLabel: string;
  initial?: Score;
  onSubmit: (score: Score) => Promise<boolean>;
}) {
  const [values, setValues] = useState<Values>({
    accuracy: initial?.accuracy?.toString() ?? "",
    relevance: initial?.relevance?.toString() ?? "",
    overall: initial?.overall?.toString() ?? "",
  });
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const [pending, setPending] = useState(false);

  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title={`Score ${modelLabel}`}
      description="Rate this answer from 0 to 10. Scores feed your quality-per-dollar comparisons."
    >
      <form
        aria-label="Score answer"
        noValidate
        className="space-y-4"
        onSubmit={async (e) => {
          e.preventDefault();
          const parsed = Object.fromEntries(FIELDS.map((f) => [f.key, parse(values[f.key])]));
          const bad = FIELDS.find((f) => parsed[f.key] === "invalid");
          if (bad) return setError({ field: bad.key, message: "Use a number from 0 to 10." });
          if (parsed.overall === null)
            return setError({ field: "overall", message: "Give an overall score." });
          setError(null);
          setPending(true);
          const ok = await onSubmit(parsed as Score);
          setPending(false);
          if (ok) onOpenChange(false);
        }}
      >
        <div className="grid grid-cols-3 gap-3">
          {FIELDS.map((f) => {
            const id = `score-${f.key}`;
            const message = error?.field === f.key ? error.message : undefined;
            return (
              <Field key={f.key} id={id} label={f.label} error={message}>
                <Input
                  id={id}
                  type="number"
                  inputMode="decimal"
                  min={0}
                  max={10}
                  step={0.5}
                  required={f.key === "overall"}
                  value={values[f.key]}
                  aria-invalid={message ? true : undefined}
                  aria-describedby={message ? `${id}-error` : undefined}
                  title={f.hint}
                  onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
                />
              </Field>
            );
          })}
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save score"}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
