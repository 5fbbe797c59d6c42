"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { saveQualityPreferencesAction } from "@/app/(app)/settings/quality/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import type { QualityPreferences } from "@/lib/quality/preferences";

/** Settings → Quality: the default judge, automatic assessment of compares, and the rubric itself. */
export function QualitySettingsForm({
  initial,
  models,
  rubric,
  rubricVersion,
}: {
  initial: QualityPreferences;
  models: { id: string; label: string }[];
  rubric: string;
  rubricVersion: string;
}) {
  const [judge, setJudge] = useState(initial.judgeModelId ?? "");
  const [auto, setAuto] = useState(initial.autoAssessCompare);
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  return (
    <div className="space-y-6">
      <Card className="p-6">
        <h2 className="text-lg font-semibold">Judge model</h2>
        <p className="mt-1 text-sm text-muted-foreground">
          “Assess quality” on an answer or a compare asks this model to score it. It must differ from the
          model that answered (you can pick another one each time). Judge calls are metered like any other
          call.
        </p>
        <form
          className="mt-4 space-y-4"
          aria-label="Judge settings"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const r = await saveQualityPreferencesAction({
                judgeModelId: judge || null,
                autoAssessCompare: auto,
              });
              if (!r.ok) {
                setError(r.error.message.replace(/^[\w.]+: /, ""));
                toast.error("The quality settings were not saved");
                return;
              }
              setError(undefined);
              toast.success("Quality settings saved");
            });
          }}
        >
          <Field id="judge-model" label="Default judge" error={error}>
            <Select
              id="judge-model"
              value={judge}
              onChange={(e) => setJudge(e.target.value)}
              aria-invalid={error ? true : undefined}
            >
              <option value="">None — choose each time</option>
              {models.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </Select>
          </Field>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-0.5 h-4 w-4"
              checked={auto}
              onChange={(e) => setAuto(e.target.checked)}
            />
            <span>
              <span className="font-medium">Assess every compare automatically</span>
              <span className="block text-muted-foreground">
                Off by default. When on (and a default judge is set), each compare is judged in the background
                once its answers are in; the chat never waits for it.
              </span>
            </span>
          </label>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
        </form>
      </Card>
      <Card className="p-6">
        <h2 className="text-lg font-semibold">Rubric {rubricVersion}</h2>
        <p className="mt-1 text-sm text-muted-foreground">
          What the judge is told. Scores are compared only within one rubric version.
        </p>
        <pre className="mt-3 whitespace-pre-wrap rounded-md bg-muted p-3 text-xs">{rubric}</pre>
      </Card>
    </div>
  );
}
