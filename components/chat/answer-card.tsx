"use client";

import { Copy, Merge, RotateCcw, Square, Star, Trophy } from "lucide-react";
import { memo, useMemo, useState } from "react";
import { AnswerQuality } from "@/components/quality/answer-quality";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import { AnswerMetrics, AnswerStatus } from "./answer-status";
import { copyText } from "./copy";
import { SafeMarkdown } from "./safe-markdown";
import { ScoreDialog } from "./score-dialog";
import { TermBadge } from "./term-check";
import { termMarks } from "./term-marks";
import { ToolParts } from "./tool-parts";
import type { ChatMessage, Score } from "./types";

export type AnswerActions = {
  stop: (message: ChatMessage) => void;
  retry: (message: ChatMessage) => void;
  vote: (message: ChatMessage) => void;
  score: (message: ChatMessage, score: Score) => Promise<boolean>;
};

const iconButton = "h-8 gap-1.5 px-2 text-xs text-muted-foreground hover:text-foreground";
/** In a narrow column the action labels are read by screen readers only; the icons stay. */
const narrowLabel = "@max-[19rem]:sr-only";

/** One model's answer: a column of a compare, a single answer, or the fused answer. */
export const AnswerCard = memo(function AnswerCard({
  message,
  label,
  provider,
  compare,
  voted,
  score,
  busy,
  actions,
}: {
  message: ChatMessage;
  label: string;
  provider: string | null;
  compare: boolean;
  voted: boolean;
  score?: Score;
  busy: boolean;
  /** Without actions the card is read-only (shared page). */
  actions?: AnswerActions;
}) {
  const [scoring, setScoring] = useState(false);
  const fused = message.kind === "fused";
  const streaming = message.status === "streaming";
  const titleId = `answer-${message.id}-title`;
  const check = message.terms?.check ?? null;
  const marks = useMemo(() => termMarks(check), [check]);
  return (
    <article
      aria-labelledby={titleId}
      data-testid={fused ? "fused-answer" : "answer"}
      data-status={message.status}
      data-model={label}
      className={cn(
        "@container flex min-w-0 flex-col gap-3 rounded-lg border bg-card p-4 shadow-sm",
        fused && "border-primary/40 bg-accent/40",
        voted && "ring-2 ring-success/60",
      )}
    >
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 id={titleId} className="flex items-center gap-1.5 truncate text-sm font-semibold">
            {fused ? <Merge aria-hidden="true" className="h-4 w-4 shrink-0 text-primary" /> : null}
            <span className="truncate">{fused ? "Fused answer" : label}</span>
          </h3>
          <p className="truncate text-xs text-muted-foreground">
            {fused ? `by ${label}` : (provider ?? "")}
            {voted ? <span className="ml-1 font-medium text-success">· Best answer</span> : null}
          </p>
        </div>
        <div className="flex shrink-0 flex-wrap items-center justify-end gap-1.5">
          {check && !streaming ? (
            <TermBadge check={check} answerLabel={fused ? "the fused answer" : label} />
          ) : null}
          <AnswerStatus message={message} />
        </div>
      </header>

      <ToolParts parts={message.tools} />

      <div className="min-w-0 flex-1">
        {message.content ? (
          <SafeMarkdown streaming={streaming} marks={streaming ? undefined : marks}>
            {message.content}
          </SafeMarkdown>
        ) : streaming && !message.tools.length ? (
          <div aria-hidden="true" className="space-y-2">
            <div className="h-3 w-3/4 animate-pulse rounded bg-muted motion-reduce:animate-none" />
            <div className="h-3 w-1/2 animate-pulse rounded bg-muted motion-reduce:animate-none" />
          </div>
        ) : message.status !== "error" && !streaming ? (
          <p className="text-sm italic text-muted-foreground">No text.</p>
        ) : null}
      </div>

      {message.status === "error" ? (
        <div role="alert" className="rounded-md border border-danger/40 bg-danger/10 p-3 text-sm">
          <p className="font-medium text-danger">This model failed to answer.</p>
          <p className="mt-1 break-words text-foreground">{message.errorMessage ?? "Unknown error."}</p>
          {actions ? (
            <Button
              variant="outline"
              size="sm"
              className="mt-2"
              disabled={busy}
              onClick={() => actions.retry(message)}
            >
              <RotateCcw aria-hidden="true" className="h-4 w-4" /> Retry
            </Button>
          ) : null}
        </div>
      ) : null}
      {message.status === "aborted" ? (
        <p className="text-xs text-muted-foreground">Stopped. The text so far is saved.</p>
      ) : null}

      <AnswerMetrics message={message} />

      {actions ? (
        <div className="-mx-2 -mb-2 flex flex-wrap items-center gap-0.5">
          {streaming ? (
            <Button
              variant="ghost"
              className={iconButton}
              aria-label={`Stop ${fused ? "the fused answer" : label}`}
              onClick={() => actions.stop(message)}
            >
              <Square aria-hidden="true" className="h-3.5 w-3.5" /> Stop
            </Button>
          ) : (
            <>
              <Button
                variant="ghost"
                className={iconButton}
                aria-label={`Copy answer from ${label}`}
                title="Copy"
                disabled={!message.content}
                onClick={() => copyText(message.content, "Answer copied")}
              >
                <Copy aria-hidden="true" className="h-3.5 w-3.5" />
                <span className={narrowLabel}>Copy</span>
              </Button>
              {message.status !== "error" && !fused ? (
                <Button
                  variant="ghost"
                  className={iconButton}
                  aria-label={`Retry ${label}`}
                  title="Ask this model again"
                  disabled={busy}
                  onClick={() => actions.retry(message)}
                >
                  <RotateCcw aria-hidden="true" className="h-3.5 w-3.5" />
                  <span className={narrowLabel}>Retry</span>
                </Button>
              ) : null}
              {compare && message.status === "complete" ? (
                <Button
                  variant="ghost"
                  className={cn(iconButton, voted && "text-success hover:text-success")}
                  aria-pressed={voted}
                  title={voted ? "Voted best answer" : "Mark as the best answer"}
                  onClick={() => (voted ? undefined : actions.vote(message))}
                >
                  <Trophy aria-hidden="true" className="h-3.5 w-3.5" />
                  <span className={narrowLabel}>Best answer</span>
                </Button>
              ) : null}
              {message.status === "complete" ? (
                <Button
                  variant="ghost"
                  className={iconButton}
                  aria-label={score ? `Score: ${score.overall}/10. Change score` : `Score ${label}`}
                  title="Score 0–10"
                  onClick={() => setScoring(true)}
                >
                  <Star
                    aria-hidden="true"
                    className={cn("h-3.5 w-3.5", score && "fill-warning text-warning")}
                  />
                  {score ? `${score.overall}/10` : <span className={narrowLabel}>Score</span>}
                </Button>
              ) : null}
              {/* Judge score beside the person's, "Assess quality" and follow-ups (components/quality). */}
              {message.status === "complete" ? (
                <AnswerQuality
                  message={message}
                  label={fused ? "the fused answer" : label}
                  className={iconButton}
                />
              ) : null}
            </>
          )}
        </div>
      ) : null}
      {scoring && actions ? (
        <ScoreDialog
          open={scoring}
          onOpenChange={setScoring}
          modelLabel={fused ? `the fused answer` : label}
          initial={score}
          onSubmit={(s) => actions.score(message, s)}
        />
      ) : null}
    </article>
  );
});
