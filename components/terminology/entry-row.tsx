"use client";

import { Globe, Lock, Pencil, Pin } from "lucide-react";
import Link from "next/link";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { updateEntryAction } from "@/app/(app)/terminology/actions";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { describedBy } from "@/components/ui/form-error";
import { Textarea } from "@/components/ui/input";
import type { TermContext } from "@/db/schema";
import type { MatchedBy } from "@/lib/terminology/search";
import { cn } from "@/lib/utils";
import { ChipInput } from "./chip-input";
import { ContextSelect } from "./context-select";
import { Check } from "./entry-form";
import { CONTEXT_LABEL, type EntryJson } from "./types";

const MATCH_LABEL: Record<MatchedBy, { label: string; title: string }> = {
  text: { label: "text", title: "Matched the words of the term or definition" },
  typo: { label: "typo", title: "Matched a similar spelling of the term" },
  meaning: { label: "meaning", title: "Close in meaning (embeddings)" },
};

export function MatchChips({ matchedBy }: { matchedBy?: MatchedBy[] }) {
  if (!matchedBy?.length) return null;
  return (
    <span className="inline-flex gap-1" data-testid="matched-by">
      <span className="sr-only">Matched by:</span>
      {matchedBy.map((m) => (
        <Badge
          key={m}
          tone="primary"
          title={MATCH_LABEL[m].title}
          className="px-1.5 py-0 text-[10px] uppercase"
        >
          {MATCH_LABEL[m].label}
        </Badge>
      ))}
    </span>
  );
}

export function formatWhen(iso: string | null): string {
  if (!iso) return "never";
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(new Date(iso));
}

type Draft = { definition: string; context: TermContext | ""; tags: string[]; isPublic: boolean };

/** One dictionary entry in the list; "Edit" turns it into a small form for the common fields. */
export function EntryRow({
  entry,
  selected,
  onSelect,
  onSaved,
}: {
  entry: EntryJson;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  onSaved: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(entry));
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [pending, start] = useTransition();
  const base = `row-${entry.id}`;
  const err = (f: keyof Draft) => (error?.field === f ? error.message : undefined);

  const save = () =>
    start(async () => {
      const r = await updateEntryAction(entry.id, { ...draft, context: draft.context || null });
      if (!r.ok) {
        const field = r.error.field?.split(".")[0];
        setError({ field, message: r.error.message.replace(/^[\w.]+: /, "") });
        toast.error(`“${entry.term}” was not saved`);
        return;
      }
      setError(null);
      setEditing(false);
      toast.success(`“${r.data.term}” saved`);
      onSaved();
    });

  return (
    <li
      aria-label={entry.term}
      className={cn("border-b px-3 py-3 last:border-b-0 sm:px-4", selected && "bg-accent/40")}
      data-testid="entry-row"
    >
      <div className="flex items-start gap-3">
        <input
          type="checkbox"
          className="mt-1 h-4 w-4 shrink-0 accent-[var(--color-primary)]"
          aria-label={`Select ${entry.term}`}
          checked={selected}
          onChange={(e) => onSelect(e.target.checked)}
        />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <Link href={`/terminology/${entry.id}`} className="font-medium hover:underline">
              {entry.term}
            </Link>
            {entry.pinned ? <Pin aria-label="Pinned" className="h-3.5 w-3.5 text-primary" /> : null}
            {entry.context ? <Badge>{CONTEXT_LABEL[entry.context]}</Badge> : null}
            {entry.isPublic ? (
              <Badge tone="success" title="Public: other users can copy it">
                <Globe aria-hidden="true" className="mr-1 h-3 w-3" />
                Public
              </Badge>
            ) : (
              <span className="inline-flex items-center text-xs text-muted-foreground" title="Private">
                <Lock aria-hidden="true" className="mr-1 h-3 w-3" />
                Private
              </span>
            )}
            <MatchChips matchedBy={entry.matchedBy} />
          </div>
          {editing ? null : (
            <>
              <p className="mt-1 line-clamp-2 text-sm text-muted-foreground">{entry.definition}</p>
              <div className="mt-1.5 flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
                {entry.tags.map((t) => (
                  <Badge key={t} className="font-normal">
                    #{t}
                  </Badge>
                ))}
                <span>
                  Used {entry.frequency}× · last {formatWhen(entry.lastUsedAt)}
                </span>
              </div>
            </>
          )}
        </div>
        {editing ? null : (
          <Button
            variant="ghost"
            size="icon"
            aria-label={`Edit ${entry.term}`}
            title="Edit inline"
            onClick={() => {
              setDraft(draftOf(entry));
              setError(null);
              setEditing(true);
            }}
          >
            <Pencil aria-hidden="true" className="h-4 w-4" />
          </Button>
        )}
      </div>
      {editing ? (
        <form
          aria-label={`Edit ${entry.term}`}
          className="mt-3 space-y-3 sm:pl-7"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") setEditing(false);
          }}
        >
          <div className="space-y-1.5">
            <label htmlFor={`${base}-definition`} className="block text-sm font-medium">
              Definition
            </label>
            <Textarea
              id={`${base}-definition`}
              className="min-h-16 font-sans"
              rows={2}
              autoFocus
              value={draft.definition}
              onChange={(e) => setDraft((d) => ({ ...d, definition: e.target.value }))}
              {...describedBy(`${base}-definition`, err("definition"))}
            />
            <FieldError id={`${base}-definition`} message={err("definition")} />
          </div>
          <div className="grid gap-3 sm:grid-cols-[12rem_1fr_auto] sm:items-start">
            <div className="space-y-1.5">
              <label htmlFor={`${base}-context`} className="block text-sm font-medium">
                Context
              </label>
              <ContextSelect
                id={`${base}-context`}
                value={draft.context}
                onValueChange={(context) => setDraft((d) => ({ ...d, context }))}
                {...describedBy(`${base}-context`, err("context"))}
              />
              <FieldError id={`${base}-context`} message={err("context")} />
            </div>
            <div className="space-y-1.5">
              <label htmlFor={`${base}-tags`} className="block text-sm font-medium">
                Tags
              </label>
              <ChipInput
                id={`${base}-tags`}
                label="tag"
                values={draft.tags}
                onChange={(tags) => setDraft((d) => ({ ...d, tags }))}
                invalid={Boolean(err("tags"))}
                describedBy={err("tags") ? `${base}-tags-error` : undefined}
              />
              <FieldError id={`${base}-tags`} message={err("tags")} />
            </div>
            <div className="sm:pt-8">
              <Check
                id={`${base}-public`}
                label="Public"
                checked={draft.isPublic}
                onChange={(isPublic) => setDraft((d) => ({ ...d, isPublic }))}
              />
            </div>
          </div>
          {error && !["definition", "context", "tags"].includes(error.field ?? "") ? (
            <p role="alert" className="text-sm text-danger">
              {error.message}
            </p>
          ) : null}
          <div className="flex gap-2">
            <Button type="submit" size="sm" disabled={pending}>
              {pending ? "Saving…" : "Save"}
            </Button>
            <Button variant="outline" size="sm" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}
    </li>
  );
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={`${id}-error`} role="alert" className="text-sm text-danger">
      {message}
    </p>
  ) : null;
}

function draftOf(e: EntryJson): Draft {
  return { definition: e.definition, context: e.context ?? "", tags: e.tags, isPublic: e.isPublic };
}
