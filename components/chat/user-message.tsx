"use client";

import { Copy, Pencil } from "lucide-react";
import { useId, useState } from "react";
import { PromptFollowUps } from "@/components/quality/answer-quality";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/input";
import { copyText } from "./copy";
import { Switcher } from "./switcher";
import type { ChatMessage } from "./types";

export type UserMessageActions = {
  /** Sends the edited text as a new branch beside the original; resolves true when it started. */
  edit: (message: ChatMessage, content: string) => Promise<boolean>;
  selectBranch: (level: string, id: string) => void;
};

function EditForm({
  message,
  onDone,
  onSubmit,
}: {
  message: ChatMessage;
  onDone: () => void;
  onSubmit: (content: string) => Promise<boolean>;
}) {
  const id = useId();
  const [text, setText] = useState(message.content);
  const [pending, setPending] = useState(false);
  const submit = async () => {
    if (!text.trim() || pending) return;
    setPending(true);
    const ok = await onSubmit(text.trim());
    setPending(false);
    if (ok) onDone();
  };
  return (
    <form
      aria-label="Edit message"
      className="w-full max-w-3xl space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={id} className="sr-only">
        Edited message
      </label>
      <Textarea
        id={id}
        autoFocus
        value={text}
        disabled={pending}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") onDone();
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void submit();
          }
        }}
        className="min-h-20 font-sans"
      />
      <div className="flex justify-end gap-2">
        <Button variant="outline" size="sm" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" size="sm" disabled={pending || !text.trim()}>
          {pending ? "Sending…" : "Send edit"}
        </Button>
      </div>
    </form>
  );
}

/** A prompt: its text, copy, edit & resend (a new branch), and the switcher between its branches. */
export function UserMessage({
  message,
  siblings,
  level,
  busy,
  actions,
}: {
  message: ChatMessage;
  siblings: ChatMessage[];
  level: string;
  busy: boolean;
  actions?: UserMessageActions;
}) {
  const [editing, setEditing] = useState(false);
  const index = siblings.indexOf(message);
  if (editing && actions) {
    return (
      <div className="flex justify-end">
        <EditForm
          message={message}
          onDone={() => setEditing(false)}
          onSubmit={(content) => actions.edit(message, content)}
        />
      </div>
    );
  }
  return (
    <div data-testid="user-message" className="flex flex-col items-end gap-1">
      <div className="max-w-[min(48rem,90%)] whitespace-pre-wrap break-words rounded-2xl rounded-br-sm bg-accent px-4 py-2.5 text-sm text-foreground">
        {message.content}
      </div>
      {actions ? (
        <div className="flex items-center gap-0.5 text-muted-foreground">
          <Switcher
            label="Versions of this prompt"
            noun="version"
            index={index}
            count={siblings.length}
            disabled={busy}
            onChange={(i) => {
              const s = siblings[i];
              if (s) actions.selectBranch(level, s.id);
            }}
          />
          <Button
            variant="ghost"
            size="icon"
            className="h-7 w-7"
            aria-label="Copy message"
            onClick={() => copyText(message.content, "Message copied")}
          >
            <Copy aria-hidden="true" className="h-3.5 w-3.5" />
          </Button>
          <Button
            variant="ghost"
            size="icon"
            className="h-7 w-7"
            aria-label="Edit and resend"
            disabled={busy || message.id.startsWith("local-")}
            onClick={() => setEditing(true)}
          >
            <Pencil aria-hidden="true" className="h-3.5 w-3.5" />
          </Button>
          <PromptFollowUps message={message} />
        </div>
      ) : null}
    </div>
  );
}
