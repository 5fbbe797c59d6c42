"use client";

import { Scale } from "lucide-react";
import { useState } from "react";
import type { ChatMessage } from "@/components/chat/types";
import { FollowUps } from "@/components/tasks/open-tasks";
import { Button } from "@/components/ui/button";
import { AssessDialog } from "./assess-dialog";
import { JudgeScoreChip } from "./judge-score";
import { useMessageExtras } from "./store";

const titleOf = (text: string) => `Follow up: ${text.replace(/\s+/g, " ").trim().slice(0, 80)}`;

/** On an answer: the judge's score beside the person's, "Assess quality", and follow-ups. */
export function AnswerQuality({
  message,
  label,
  className,
}: {
  message: ChatMessage;
  label: string;
  className: string;
}) {
  const extras = useMessageExtras(message.id);
  const [assessing, setAssessing] = useState(false);
  if (message.status !== "complete") return null;
  return (
    <>
      {extras?.judge ? <JudgeScoreChip score={extras.judge} className={className} /> : null}
      <Button
        variant="ghost"
        className={className}
        aria-label={`Assess quality of ${label}`}
        title="Ask a judge model to score this answer"
        onClick={() => setAssessing(true)}
      >
        <Scale aria-hidden="true" className="h-3.5 w-3.5" />
        <span className="@max-[19rem]:sr-only">Assess</span>
      </Button>
      <FollowUps
        messageId={message.id}
        tasks={extras?.tasks ?? []}
        suggestedTitle={titleOf(message.content)}
        className={className}
      />
      {assessing ? (
        <AssessDialog
          open={assessing}
          onOpenChange={setAssessing}
          subject="this answer"
          url={`/api/messages/${message.id}/assess`}
          answerModelIds={[message.modelId]}
          messageIds={[message.id]}
        />
      ) : null}
    </>
  );
}

/** On a prompt: follow-ups only. */
export function PromptFollowUps({ message }: { message: ChatMessage }) {
  const extras = useMessageExtras(message.id);
  if (message.id.startsWith("local-")) return null;
  return (
    <FollowUps
      messageId={message.id}
      tasks={extras?.tasks ?? []}
      suggestedTitle={titleOf(message.content)}
      className="h-7 px-2 text-muted-foreground"
      compact
    />
  );
}

/** On a compare: judge every answer together, in both orders. */
export function AssessCompare({ turnId, answers }: { turnId: string; answers: ChatMessage[] }) {
  const [open, setOpen] = useState(false);
  const ids = answers.map((a) => a.id);
  const models = answers.map((a) => a.modelId);
  return (
    <>
      <Button variant="ghost" size="sm" className="text-muted-foreground" onClick={() => setOpen(true)}>
        <Scale aria-hidden="true" className="h-4 w-4" /> Assess compare
      </Button>
      {open ? (
        <AssessDialog
          open={open}
          onOpenChange={setOpen}
          subject="these answers (in both orders, to cancel position bias)"
          url={`/api/turns/${turnId}/assess`}
          answerModelIds={models}
          messageIds={ids}
        />
      ) : null}
    </>
  );
}
