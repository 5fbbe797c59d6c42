"use client";

import { Merge, RefreshCw } from "lucide-react";
import { useId, useState } from "react";
import { AssessCompare } from "@/components/quality/answer-quality";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import { type AnswerActions, AnswerCard } from "./answer-card";
import { Switcher } from "./switcher";
import { TermsChip } from "./term-check";
import type { Turn } from "./tree";
import { type ChatMessage, type ModelOption, modelLabel, type Score } from "./types";

export type TurnContext = {
  models: ReadonlyMap<string, ModelOption>;
  votes: Record<string, string>;
  scores: Record<string, Score>;
  busy: boolean;
  actions?: AnswerActions & {
    regenerate: (userMessageId: string, answers: ChatMessage[]) => void;
    fuse: (turnId: string, fuserModelId: string) => void;
    selectTurn: (userMessageId: string, turnId: string) => void;
    defaultFuser?: string;
  };
};

/** Column layout by the width of the transcript (not the window): up to four answers side by side. */
function gridFor(n: number): string {
  // A single answer keeps a readable line length.
  if (n <= 1) return "grid-cols-1 max-w-4xl";
  if (n === 2) return "grid-cols-1 @xl:grid-cols-2";
  if (n === 3) return "grid-cols-1 @xl:grid-cols-2 @[44rem]:grid-cols-3";
  return "grid-cols-1 @xl:grid-cols-2 @[44rem]:grid-cols-3 @5xl:grid-cols-4";
}

function FuseBar({ turn, ctx }: { turn: Turn; ctx: TurnContext }) {
  const id = useId();
  const models = [...ctx.models.values()];
  // Until someone picks a fuser, it follows the default (which may arrive once suggestions load).
  const [picked, setFuser] = useState<string | null>(null);
  const fuser = picked ?? ctx.actions?.defaultFuser ?? models[0]?.id ?? "";
  if (!ctx.actions || models.length === 0) return null;
  const { fuse } = ctx.actions;
  return (
    <form
      aria-label="Fuse answers"
      className="flex flex-wrap items-end gap-2 rounded-lg border border-dashed p-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (fuser) fuse(turn.id, fuser);
      }}
    >
      <div className="min-w-48 flex-1 space-y-1">
        <label htmlFor={id} className="block text-xs font-medium text-muted-foreground">
          Fuser model: combines the answers, cites which model said what, and flags disagreements
        </label>
        <Select id={id} value={fuser} onChange={(e) => setFuser(e.target.value)} className="h-9">
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.displayName} ({m.providerName})
            </option>
          ))}
        </Select>
      </div>
      <Button type="submit" size="sm" className="h-9" disabled={ctx.busy || !fuser}>
        <Merge aria-hidden="true" className="h-4 w-4" /> Fuse answers
      </Button>
    </form>
  );
}

/** The answers to one prompt: side-by-side columns, the fused answer, and the turn's actions. */
export function TurnBlock({
  userMessage,
  turn,
  turns,
  ctx,
}: {
  userMessage: ChatMessage;
  turn: Turn;
  turns: Turn[];
  ctx: TurnContext;
}) {
  const compare = turn.answers.length > 1;
  const index = turns.indexOf(turn);
  const finished = [...turn.answers, ...turn.fused].every((m) => m.status !== "streaming");
  const complete = turn.answers.filter((m) => m.status === "complete" && m.content.trim()).length;
  const card = (m: ChatMessage) => (
    <AnswerCard
      key={m.id}
      message={m}
      label={modelLabel(m, ctx.models)}
      provider={(m.modelId && ctx.models.get(m.modelId)?.providerName) || m.providerSlug}
      compare={compare}
      voted={ctx.votes[turn.id] === m.id}
      score={ctx.scores[m.id]}
      busy={ctx.busy}
      actions={ctx.actions}
    />
  );
  // The same entries go to every model of the turn (and the fuser): the first answer that has them.
  const applied = [...turn.answers, ...turn.fused].find((m) => m.terms?.applied.length)?.terms?.applied ?? [];
  const controls = !!ctx.actions && (turns.length > 1 || finished);
  return (
    <section aria-label={compare ? "Compared answers" : "Answer"} data-testid="turn" className="space-y-3">
      {controls || applied.length ? (
        <div className="flex flex-wrap items-center justify-between gap-2">
          <div className="flex flex-wrap items-center gap-2">
            {controls ? (
              <Switcher
                label="Answer sets for this prompt"
                noun="answer set"
                prefix="answers"
                index={index}
                count={turns.length}
                onChange={(i) => {
                  const t = turns[i];
                  if (t) ctx.actions?.selectTurn(userMessage.id, t.id);
                }}
              />
            ) : null}
            <TermsChip applied={applied} readOnly={!ctx.actions} />
          </div>
          {controls && finished ? (
            <Button
              variant="ghost"
              size="sm"
              className="ml-auto text-muted-foreground"
              disabled={ctx.busy}
              onClick={() => ctx.actions?.regenerate(userMessage.id, turn.answers)}
            >
              <RefreshCw aria-hidden="true" className="h-4 w-4" /> Regenerate
            </Button>
          ) : null}
          {controls && finished && complete >= 2 ? (
            <AssessCompare turnId={turn.id} answers={turn.answers.filter((m) => m.status === "complete")} />
          ) : null}
        </div>
      ) : null}
      <div className={cn("grid gap-3", gridFor(turn.answers.length))}>{turn.answers.map(card)}</div>
      {turn.fused.map(card)}
      {compare && finished && complete >= 2 && turn.fused.length === 0 ? (
        <FuseBar turn={turn} ctx={ctx} />
      ) : null}
    </section>
  );
}
