"use client";

import { Scale } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import type { JudgeScore } from "@/lib/quality/judge";

const PAIRWISE: Record<NonNullable<JudgeScore["pairwise"]>, string> = {
  best: "Best of the compare in both orders",
  not_best: "Not the best (both orders agreed on another answer)",
  tie: "Tie: the two orders disagreed on the best answer",
};

/** The judge's score of one answer, beside the person's; opens the reasoning. */
export function JudgeScoreChip({ score, className }: { score: JudgeScore; className?: string }) {
  const [open, setOpen] = useState(false);
  const fmt = (n: number | null) => (n === null ? "–" : String(n));
  return (
    <>
      <Button
        variant="ghost"
        className={className}
        data-testid="judge-score"
        aria-label={`Judge score: ${score.overall}/10. Show the judge's reasoning`}
        title={`Judged by ${score.judgeModel}`}
        onClick={() => setOpen(true)}
      >
        <Scale aria-hidden="true" className="h-3.5 w-3.5 text-primary" />
        Judge {score.overall}/10
        {score.pairwise === "best" ? " · best" : score.pairwise === "tie" ? " · tie" : ""}
      </Button>
      <Modal
        open={open}
        onOpenChange={setOpen}
        title="Judge's assessment"
        description={`By ${score.judgeModel}, rubric ${score.rubricVersion ?? "unknown"}, ${new Date(score.createdAt).toLocaleString()}.`}
      >
        <dl className="grid grid-cols-3 gap-3 text-center">
          {(
            [
              ["Accuracy", score.accuracy],
              ["Relevance", score.relevance],
              ["Overall", score.overall],
            ] as const
          ).map(([k, v]) => (
            <div key={k} className="rounded-md border p-2">
              <dt className="text-xs text-muted-foreground">{k}</dt>
              <dd className="text-lg font-semibold tabular-nums">{fmt(v)}</dd>
            </div>
          ))}
        </dl>
        {score.pairwise ? <p className="mt-3 text-sm">{PAIRWISE[score.pairwise]}.</p> : null}
        <h3 className="mt-4 text-sm font-medium">Reasoning</h3>
        <ul className="mt-1 space-y-2 text-sm text-muted-foreground">
          {score.reasoning.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: one reasoning per judged order, fixed order
            <li key={i} className="whitespace-pre-wrap">
              {score.reasoning.length > 1 ? <span className="font-medium">Order {i + 1}: </span> : null}
              {r}
            </li>
          ))}
        </ul>
      </Modal>
    </>
  );
}
