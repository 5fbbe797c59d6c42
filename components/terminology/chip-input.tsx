"use client";

import { X } from "lucide-react";
import { useState } from "react";
import { cn } from "@/lib/utils";

/**
 * A list of short texts as removable chips. Enter or a comma adds what was typed; pasting
 * "a, b, c" adds three; Backspace in the empty box removes the last chip. Text still in the box
 * when the form is submitted is added too (see `commitPending`).
 */
export function ChipInput({
  id,
  label,
  values,
  onChange,
  placeholder,
  invalid,
  describedBy,
  max = 50,
}: {
  id: string;
  /** Names the chips' remove buttons ("Remove tag x"). */
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  placeholder?: string;
  invalid?: boolean;
  describedBy?: string;
  max?: number;
}) {
  const [draft, setDraft] = useState("");
  const add = (text: string) => {
    const items = text
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (items.length === 0) return;
    const next = [...values];
    for (const item of items) {
      if (!next.some((v) => v.toLowerCase() === item.toLowerCase()) && next.length < max) next.push(item);
    }
    onChange(next);
    setDraft("");
  };
  return (
    <div
      className={cn(
        "flex min-h-10 w-full flex-wrap items-center gap-1.5 rounded-md border border-input bg-card px-2 py-1.5 text-sm focus-within:ring-2 focus-within:ring-ring",
        invalid && "border-danger",
      )}
    >
      {values.map((v) => (
        <span
          key={v}
          className="inline-flex max-w-full items-center gap-1 rounded-full bg-muted px-2 py-0.5 text-xs"
        >
          <span className="truncate">{v}</span>
          <button
            type="button"
            className="rounded-full p-0.5 text-muted-foreground hover:bg-accent hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
            aria-label={`Remove ${label} ${v}`}
            onClick={() => onChange(values.filter((x) => x !== v))}
          >
            <X aria-hidden="true" className="h-3 w-3" />
          </button>
        </span>
      ))}
      <input
        id={id}
        value={draft}
        placeholder={values.length ? undefined : placeholder}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        data-chip-input=""
        className="min-w-24 flex-1 bg-transparent px-1 py-0.5 outline-none placeholder:text-muted-foreground"
        onChange={(e) => {
          const v = e.target.value;
          if (v.includes(",")) add(v);
          else setDraft(v);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            if (draft.trim()) {
              e.preventDefault();
              add(draft);
            }
          } else if (e.key === "Backspace" && draft === "" && values.length) {
            onChange(values.slice(0, -1));
          }
        }}
        onBlur={() => add(draft)}
        onPaste={(e) => {
          const text = e.clipboardData.getData("text");
          if (/[,\n]/.test(text)) {
            e.preventDefault();
            add(draft + text);
          }
        }}
      />
    </div>
  );
}
