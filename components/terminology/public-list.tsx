"use client";

import { Copy } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { copyPublicAction } from "@/app/(app)/terminology/actions";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import type { TermContext } from "@/db/schema";
import { entries } from "./fetch-json";
import { CONTEXT_LABEL } from "./types";

export type PublicEntry = {
  id: string;
  term: string;
  definition: string;
  owner: string;
  tags: string[];
  context: TermContext | null;
};

/** Other users' public entries: select some and copy them into your own dictionary. */
export function PublicList({ items }: { items: PublicEntry[] }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, start] = useTransition();
  const all = items.length > 0 && items.every((i) => selected.has(i.id));
  const copy = (ids: string[]) =>
    start(async () => {
      const r = await copyPublicAction(ids);
      if (!r.ok) return void toast.error(r.error.message);
      const { copied, skipped } = r.data;
      const parts = [`Copied ${entries(copied.length)}`];
      if (skipped.length)
        parts.push(
          `skipped ${skipped.length} already in your dictionary (${skipped.slice(0, 3).join(", ")}${skipped.length > 3 ? "…" : ""})`,
        );
      (copied.length ? toast.success : toast.info)(parts.join("; "));
      setSelected(new Set());
      router.refresh();
    });
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <div className="flex items-center gap-2">
          <input
            id="public-select-all"
            type="checkbox"
            className="h-4 w-4 accent-[var(--color-primary)]"
            checked={all}
            onChange={(e) => setSelected(e.target.checked ? new Set(items.map((i) => i.id)) : new Set())}
          />
          <label htmlFor="public-select-all">Select all shown</label>
          <span className="text-muted-foreground" aria-live="polite">
            {selected.size ? `${entries(selected.size)} selected` : ""}
          </span>
        </div>
        <Button disabled={pending || selected.size === 0} onClick={() => copy([...selected])}>
          <Copy aria-hidden="true" className="h-4 w-4" />
          {pending ? "Copying…" : "Copy to my dictionary"}
        </Button>
      </div>
      <ul aria-label="Public entries" className="rounded-lg border bg-card shadow-sm">
        {items.map((e) => (
          <li
            key={e.id}
            aria-label={e.term}
            className="flex items-start gap-3 border-b px-3 py-3 last:border-b-0 sm:px-4"
          >
            <input
              type="checkbox"
              className="mt-1 h-4 w-4 shrink-0 accent-[var(--color-primary)]"
              aria-label={`Select ${e.term}`}
              checked={selected.has(e.id)}
              onChange={(ev) =>
                setSelected((s) => {
                  const next = new Set(s);
                  if (ev.target.checked) next.add(e.id);
                  else next.delete(e.id);
                  return next;
                })
              }
            />
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{e.term}</span>
                {e.context ? <Badge>{CONTEXT_LABEL[e.context]}</Badge> : null}
                <span className="text-xs text-muted-foreground">by {e.owner}</span>
              </div>
              <p className="mt-1 line-clamp-2 text-sm text-muted-foreground">{e.definition}</p>
              {e.tags.length ? (
                <div className="mt-1.5 flex flex-wrap gap-1.5">
                  {e.tags.map((t) => (
                    <Badge key={t} className="font-normal">
                      #{t}
                    </Badge>
                  ))}
                </div>
              ) : null}
            </div>
            <Button
              variant="ghost"
              size="sm"
              disabled={pending}
              aria-label={`Copy ${e.term} to my dictionary`}
              onClick={() => copy([e.id])}
            >
              <Copy aria-hidden="true" className="h-4 w-4" />
              <span className="hidden sm:inline">Copy</span>
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
