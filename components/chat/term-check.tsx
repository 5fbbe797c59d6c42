"use client";

import { AlertTriangle, BookMarked, Check, CircleDashed } from "lucide-react";
import Link from "next/link";
import { Popover } from "radix-ui";
import type { TermCheck, TermCheckItem } from "@/lib/terminology/match";
import { cn } from "@/lib/utils";
import type { AppliedTerm } from "./types";

/** The chip, the badge and their popovers: what a turn's terminology applied, and how each answer kept it. */

const panel =
  "z-50 max-h-[min(24rem,70dvh)] w-[min(20rem,calc(100vw-1.5rem))] overflow-y-auto rounded-lg border bg-card p-3 text-sm shadow-xl focus:outline-none";
const pill =
  "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "N terms applied" on a turn: the dictionary entries added to every model's system prompt. */
export function TermsChip({ applied, readOnly }: { applied: AppliedTerm[]; readOnly?: boolean }) {
  if (applied.length === 0) return null;
  const label = `${plural(applied.length, "term")} applied`;
  return (
    <Popover.Root>
      <Popover.Trigger
        data-testid="terms-chip"
        aria-label={`${label}: show the terms`}
        className={cn(pill, "border bg-card text-muted-foreground hover:text-foreground")}
      >
        <BookMarked aria-hidden="true" className="h-3.5 w-3.5" />
        {label}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content align="start" sideOffset={6} collisionPadding={12} className={panel}>
          <p className="mb-2 text-xs text-muted-foreground">
            Added to the instructions of every model in this turn:
          </p>
          <ul data-testid="terms-applied" className="flex flex-wrap gap-1.5">
            {applied.map((t) => (
              <li key={t.id} className="rounded bg-muted px-1.5 py-0.5 text-xs font-medium">
                {t.term}
              </li>
            ))}
          </ul>
          {readOnly ? null : (
            <Link
              href="/terminology"
              className="mt-3 inline-block text-xs font-medium text-primary underline-offset-4 hover:underline"
            >
              Manage your dictionary
            </Link>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

type Tone = "success" | "warning" | "danger" | "neutral";
const TONES: Record<Tone, string> = {
  success: "bg-success/15 text-success",
  warning: "bg-warning/20 text-foreground",
  danger: "bg-danger/15 text-danger",
  neutral: "bg-muted text-muted-foreground",
};

export function adherence(check: TermCheck) {
  const used = check.items.filter((i) => i.status === "used").length;
  const forbidden = check.items.filter((i) => i.status === "forbidden_used").length;
  const total = check.items.length;
  const tone: Tone =
    check.score === null
      ? "neutral"
      : check.score >= 0.8
        ? "success"
        : check.score >= 0.5
          ? "warning"
          : "danger";
  return { used, forbidden, total, tone };
}

function ItemLine({ item }: { item: TermCheckItem }) {
  if (item.status === "forbidden_used") {
    const words = [...new Set(item.forbidden.map((f) => f.text))];
    return (
      <li className="flex gap-2" data-status="forbidden_used">
        <AlertTriangle aria-hidden="true" className="mt-0.5 h-4 w-4 shrink-0 text-danger" />
        <span>
          <span className="font-medium">{item.term}</span>:{" "}
          <span className="text-danger">
            forbidden {words.length === 1 ? "word" : "words"} {words.map((w) => `“${w}”`).join(", ")} used
          </span>{" "}
          → use “{item.term}”
        </span>
      </li>
    );
  }
  if (item.status === "used")
    return (
      <li className="flex gap-2" data-status="used">
        <Check aria-hidden="true" className="mt-0.5 h-4 w-4 shrink-0 text-success" />
        <span>
          <span className="font-medium">{item.term}</span>: used
          {item.spans.length > 1 ? ` ${item.spans.length} times` : ""}
        </span>
      </li>
    );
  return (
    <li className="flex gap-2" data-status="missing">
      <CircleDashed aria-hidden="true" className="mt-0.5 h-4 w-4 shrink-0 text-muted-foreground" />
      <span>
        <span className="font-medium">{item.term}</span>:{" "}
        <span className="text-muted-foreground">missing</span>
      </span>
    </li>
  );
}

/** An answer's adherence to the applied terms: "Terms 2/3", coloured by score, with each term's status. */
export function TermBadge({ check, answerLabel }: { check: TermCheck; answerLabel: string }) {
  const { used, forbidden, total, tone } = adherence(check);
  if (total === 0) return null;
  const summary = `${used} of ${plural(total, "term")} used${forbidden ? `, ${plural(forbidden, "forbidden word")} used` : ""}`;
  return (
    <Popover.Root>
      <Popover.Trigger
        data-testid="term-badge"
        data-tone={tone}
        aria-label={`Terminology of ${answerLabel}: ${summary}. Show details`}
        title={summary}
        className={cn(pill, TONES[tone])}
      >
        {forbidden ? <AlertTriangle aria-hidden="true" className="h-3 w-3" /> : null}
        Terms {used}/{total}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content align="end" sideOffset={6} collisionPadding={12} className={panel}>
          <p className="mb-2 font-medium">
            Terminology: {summary}
            {check.score === null ? "" : ` (${Math.round(check.score * 100)}%)`}
          </p>
          <ul data-testid="term-check" className="space-y-1.5">
            {check.items.map((item) => (
              <ItemLine key={item.entryId} item={item} />
            ))}
          </ul>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
