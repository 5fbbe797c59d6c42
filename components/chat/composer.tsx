"use client";

import { ArrowUp, Square } from "lucide-react";
import { Tooltip } from "radix-ui";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/input";
import { ASSUMED_OUTPUT_TOKENS, estimateCost, formatEstimate } from "./estimate";
import type { ModelOption } from "./types";

function CostEstimate({
  models,
  branchChars,
  prompt,
}: {
  models: ModelOption[];
  branchChars: number;
  prompt: string;
}) {
  if (models.length === 0) return null;
  const e = estimateCost(models, branchChars, prompt);
  const text = `≈ ${formatEstimate(e.total)} for ${models.length} model${models.length === 1 ? "" : "s"}`;
  return (
    <Tooltip.Provider delayDuration={150}>
      <Tooltip.Root>
        <Tooltip.Trigger asChild>
          <button
            type="button"
            data-testid="cost-estimate"
            className="cursor-help rounded text-xs tabular-nums text-muted-foreground underline decoration-dotted underline-offset-4"
          >
            {text}
            {e.unpriced ? " (some models have no price)" : ""}
          </button>
        </Tooltip.Trigger>
        <Tooltip.Portal>
          <Tooltip.Content
            side="top"
            sideOffset={6}
            className="z-50 max-w-xs rounded-md border bg-card px-3 py-2 text-xs shadow-lg"
          >
            <p className="mb-1 font-medium">
              Estimate: ~{e.inputTokens.toLocaleString("en-US")} tokens in, {ASSUMED_OUTPUT_TOKENS} out each
            </p>
            <ul data-testid="cost-estimate-models" className="space-y-0.5">
              {e.perModel.map((m) => (
                <li key={m.id} className="flex justify-between gap-4">
                  <span className="truncate">{m.name}</span>
                  <span className="tabular-nums">{m.priced ? formatEstimate(m.cost) : "no price"}</span>
                </li>
              ))}
            </ul>
          </Tooltip.Content>
        </Tooltip.Portal>
      </Tooltip.Root>
    </Tooltip.Provider>
  );
}

/**
 * The prompt box: Enter sends, Shift+Enter adds a line. While answers stream it is disabled and
 * offers Stop (every column). A refused prompt stays in the box.
 */
export function Composer({
  chosen,
  branchChars,
  sending,
  onSend,
  onStop,
  picker,
  options,
  placeholder,
}: {
  chosen: ModelOption[];
  branchChars: number;
  sending: boolean;
  onSend: (text: string) => Promise<boolean>;
  onStop: () => void;
  picker: ReactNode;
  /** Settings of the conversation shown next to the picker (the terminology switch). */
  options?: ReactNode;
  placeholder: string;
}) {
  const [text, setText] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const busy = sending || submitting;
  const canSend = !busy && text.trim().length > 0 && chosen.length > 0;

  // Back to the box when a turn ends; on load only where there is a mouse (no surprise keyboard on phones).
  const wasBusy = useRef(busy);
  useEffect(() => {
    const first = wasBusy.current === busy && !busy;
    wasBusy.current = busy;
    if (busy) return;
    if (!first || window.matchMedia("(pointer: fine)").matches) ref.current?.focus({ preventScroll: true });
  }, [busy]);

  const submit = async () => {
    if (!canSend) return;
    setSubmitting(true);
    const ok = await onSend(text.trim());
    setSubmitting(false);
    if (ok) setText("");
  };

  return (
    <form
      aria-label="Send a message"
      className="rounded-xl border bg-card shadow-sm focus-within:border-ring"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label htmlFor="chat-prompt" className="sr-only">
        Message
      </label>
      <Textarea
        id="chat-prompt"
        ref={ref}
        value={text}
        disabled={busy}
        placeholder={placeholder}
        aria-describedby="chat-prompt-hint"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void submit();
          }
        }}
        className="field-sizing-content max-h-60 min-h-14 resize-none border-0 bg-transparent px-4 pt-3 font-sans text-base focus-visible:outline-none sm:text-sm"
      />
      <p id="chat-prompt-hint" className="sr-only">
        Enter sends; Shift+Enter starts a new line.
      </p>
      <div className="flex flex-wrap items-center gap-2 px-2 pb-2">
        <div className="min-w-0 max-w-full">{picker}</div>
        {options}
        <div className="ml-auto flex items-center gap-3">
          <CostEstimate models={chosen} branchChars={branchChars} prompt={text} />
          {sending ? (
            <Button type="button" variant="danger" size="sm" onClick={onStop}>
              <Square aria-hidden="true" className="h-3.5 w-3.5 fill-current" /> Stop
            </Button>
          ) : (
            <Button type="submit" size="sm" disabled={!canSend} aria-label="Send">
              <ArrowUp aria-hidden="true" className="h-4 w-4" /> Send
            </Button>
          )}
        </div>
      </div>
    </form>
  );
}
