"use client";

import { useId, useState } from "react";
import { CopyButton } from "@/components/api-keys/api-keys-panel";
import { cn } from "@/lib/utils";

export type CodeSample = { label: string; code: string };

/** One example in several languages: tabs, the code, and a button that copies the visible one. */
export function CodeTabs({ samples, title }: { samples: CodeSample[]; title: string }) {
  const [active, setActive] = useState(0);
  const id = useId();
  const sample = samples[active] ?? samples[0];
  if (!sample) return null;
  return (
    <div className="overflow-hidden rounded-md border" data-testid="code-sample">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b bg-muted/50 px-2 py-1.5">
        <div role="tablist" aria-label={title} className="flex gap-1">
          {samples.map((s, i) => (
            <button
              key={s.label}
              type="button"
              role="tab"
              id={`${id}-tab-${i}`}
              aria-selected={i === active}
              aria-controls={`${id}-panel`}
              onClick={() => setActive(i)}
              className={cn(
                "rounded px-2.5 py-1 text-xs font-medium text-muted-foreground hover:text-foreground",
                i === active && "bg-card text-foreground shadow-sm",
              )}
            >
              {s.label}
            </button>
          ))}
        </div>
        <CopyButton text={sample.code} label={`Copy the ${sample.label} example: ${title}`} />
      </div>
      <pre
        id={`${id}-panel`}
        role="tabpanel"
        aria-labelledby={`${id}-tab-${active}`}
        className="overflow-x-auto bg-muted/30 p-4 font-mono text-xs leading-relaxed"
      >
        {sample.code}
      </pre>
    </div>
  );
}
