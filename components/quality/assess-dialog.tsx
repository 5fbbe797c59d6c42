"use client";

import { useEffect, useId, useState } from "react";
import { toast } from "sonner";
import { ApiError, api } from "@/components/chat/api";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { loadQualityOptions, type QualityOptions, refreshExtras } from "./store";

/**
 * Picks the judge (the default from Settings → Quality first) and runs the assessment of one answer
 * or of a whole compare. Warns, and refuses to start, when the judge is one of the answering models.
 */
export function AssessDialog({
  open,
  onOpenChange,
  subject,
  url,
  answerModelIds,
  messageIds,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** "this answer" or "these answers", for the texts. */
  subject: string;
  url: string;
  answerModelIds: (string | null)[];
  messageIds: string[];
}) {
  const id = useId();
  const [opts, setOpts] = useState<QualityOptions | null>(null);
  const [judge, setJudge] = useState("");
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const answered = answerModelIds.join(",");
  useEffect(() => {
    loadQualityOptions()
      .then((o) => {
        setOpts(o);
        const fallback = o.models.find((m) => !answered.split(",").includes(m.id))?.id ?? "";
        setJudge((j) => j || o.judgeModelId || fallback);
      })
      .catch((err: Error) => setError(err.message));
  }, [answered]);
  const same = !!judge && answerModelIds.includes(judge);
  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title="Assess quality"
      description={`A judge model scores ${subject} for accuracy, relevance and overall quality (0–10) against Prism's rubric. It never sees which model wrote what. The call is metered like any other.`}
    >
      <form
        aria-label="Assess quality"
        className="space-y-4"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!judge || same) return;
          setPending(true);
          setError(undefined);
          try {
            await api(url, { body: { judgeModelId: judge } });
            refreshExtras(messageIds);
            toast.success("Judged: the scores are shown beside the answers.");
            onOpenChange(false);
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "The assessment failed. Please try again.");
          } finally {
            setPending(false);
          }
        }}
      >
        <Field
          id={id}
          label="Judge model"
          hint="The default comes from Settings → Quality."
          error={same ? "The judge must differ from the model that answered; pick another." : error}
        >
          {opts ? (
            <Select
              id={id}
              value={judge}
              aria-invalid={same || undefined}
              aria-describedby={same || error ? `${id}-error` : `${id}-hint`}
              onChange={(e) => setJudge(e.target.value)}
            >
              {opts.models.length === 0 ? <option value="">No models available</option> : null}
              {opts.models.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                  {answerModelIds.includes(m.id) ? " — answered" : ""}
                </option>
              ))}
            </Select>
          ) : (
            <div className="h-10 animate-pulse rounded-md bg-muted motion-reduce:animate-none" />
          )}
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending || !judge || same}>
            {pending ? "Judging…" : "Assess"}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
