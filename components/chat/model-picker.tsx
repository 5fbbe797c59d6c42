"use client";

import { AlertTriangle, Check, ChevronDown, Layers } from "lucide-react";
import { Popover } from "radix-ui";
import { useId, useState } from "react";
import { useSuggestions } from "@/components/insights/use-suggestions";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { formatPrice } from "@/components/ui/number-format";
import type { ModelOption, Target } from "./types";

function groupByProvider(models: readonly ModelOption[]) {
  const groups = new Map<string, { name: string; status: string; models: ModelOption[] }>();
  for (const m of models) {
    const g = groups.get(m.provider) ?? { name: m.providerName, status: m.providerStatus, models: [] };
    g.models.push(m);
    groups.set(m.provider, g);
  }
  return [...groups.values()];
}

export function priceText(m: ModelOption): string {
  if (m.pricing.input === undefined && m.pricing.output === undefined) return "no price set";
  return `${formatPrice(m.pricing.input)} in / ${formatPrice(m.pricing.output)} out per 1M tokens`;
}

/** Chooses the models a prompt goes to: one for a single answer, several to compare (up to the plan's limit). */
export function ModelPicker({
  models,
  targets,
  onChange,
  maxModels,
  limitNote,
  disabled,
}: {
  models: ModelOption[];
  targets: Target[];
  onChange: (targets: Target[]) => void;
  maxModels: number;
  /** Names the compare limit and why it applies (the plan, or the administrators' exemption). */
  limitNote: string;
  disabled?: boolean;
}) {
  const noteId = useId();
  const [open, setOpen] = useState(false);
  // What was learned (Insights): asked for once the picker opens; null with learning off.
  const suggestions = useSuggestions(open);
  const suggested = new Map(
    [...(suggestions?.bestValue ?? []), ...(suggestions?.bestQuality ?? [])].map((s) => [
      s.modelId,
      s.reason,
    ]),
  );
  const preset = (ids: { modelId: string }[]) =>
    onChange(
      ids
        .filter((s) => models.some((m) => m.id === s.modelId))
        .slice(0, maxModels)
        .map((s) => ({ modelId: s.modelId, integrationId: null })),
    );
  const chosen = new Set(targets.map((t) => t.modelId));
  const names = models.filter((m) => chosen.has(m.id)).map((m) => m.displayName);
  const atLimit = chosen.size >= maxModels;
  const degraded = models.some((m) => chosen.has(m.id) && m.providerStatus === "degraded");
  const toggle = (id: string) => {
    if (chosen.has(id)) onChange(targets.filter((t) => t.modelId !== id));
    else if (!atLimit) onChange([...targets, { modelId: id, integrationId: null }]);
  };
  const summary =
    names.length === 0
      ? "Choose models"
      : names.length === 1
        ? names[0]
        : `Compare ${names.length}: ${names.join(", ")}`;
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <Button
          variant="outline"
          size="sm"
          disabled={disabled}
          aria-label={`Models: ${names.length ? names.join(", ") : "none chosen"}`}
          className="max-w-full min-w-0 justify-start"
        >
          {degraded ? (
            <AlertTriangle aria-hidden="true" className="h-4 w-4 shrink-0 text-warning" />
          ) : (
            <Layers aria-hidden="true" className="h-4 w-4 shrink-0" />
          )}
          <span className="truncate">{summary}</span>
          <ChevronDown aria-hidden="true" className="h-4 w-4 shrink-0 opacity-60" />
        </Button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          side="top"
          sideOffset={6}
          collisionPadding={12}
          className="z-50 max-h-[min(28rem,70dvh)] w-[min(24rem,calc(100vw-1.5rem))] overflow-y-auto rounded-lg border bg-card p-3 shadow-xl focus:outline-none"
        >
          <fieldset aria-describedby={noteId}>
            <legend className="text-sm font-semibold">Models</legend>
            <p id={noteId} className="mt-1 text-xs text-muted-foreground">
              Pick one model for a single answer, or several to compare them side by side. {limitNote}
            </p>
            {suggestions && suggested.size ? (
              <div className="mt-2 flex flex-wrap gap-2" data-testid="model-presets">
                {(
                  [
                    [
                      "Best quality",
                      suggestions.bestQuality,
                      "The models you pick best most reliably (Insights)",
                    ],
                    ["Best value", suggestions.bestValue, "The most score per dollar (Insights)"],
                  ] as const
                ).map(([label, list, title]) => (
                  <Button
                    key={label}
                    size="sm"
                    variant="outline"
                    disabled={!list.length}
                    title={title}
                    onClick={() => preset(list)}
                  >
                    {label}
                  </Button>
                ))}
              </div>
            ) : null}
            {atLimit && maxModels > 1 ? (
              <p role="status" className="mt-2 rounded-md bg-warning/15 px-2 py-1 text-xs">
                Limit reached: unselect a model to choose another.
              </p>
            ) : null}
            <div className="mt-3 space-y-3">
              {groupByProvider(models).map((g) => (
                <div key={g.name}>
                  <p className="mb-1 flex items-center gap-2 text-xs font-semibold uppercase tracking-wide text-muted-foreground">
                    {g.name}
                    {g.status === "degraded" ? (
                      <Badge tone="warning" className="normal-case tracking-normal">
                        <AlertTriangle aria-hidden="true" className="mr-1 h-3 w-3" /> degraded: answers may
                        fail
                      </Badge>
                    ) : null}
                  </p>
                  <ul className="space-y-0.5">
                    {g.models.map((m) => {
                      const id = `pick-${m.id}`;
                      const on = chosen.has(m.id);
                      return (
                        <li key={m.id}>
                          <label
                            htmlFor={id}
                            className="flex cursor-pointer items-start gap-2 rounded-md px-2 py-1.5 hover:bg-muted has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-50"
                          >
                            <input
                              id={id}
                              type="checkbox"
                              checked={on}
                              disabled={!on && atLimit}
                              onChange={() => toggle(m.id)}
                              aria-label={m.displayName}
                              aria-describedby={`${id}-price`}
                              className="mt-0.5 h-4 w-4 accent-[var(--color-primary)]"
                            />
                            <span className="min-w-0 flex-1">
                              <span className="flex items-center gap-1.5">
                                <span className="truncate text-sm font-medium">{m.displayName}</span>
                                {suggested.has(m.id) ? (
                                  <Badge
                                    tone="primary"
                                    title={suggested.get(m.id)}
                                    data-testid="suggested-model"
                                  >
                                    suggested
                                  </Badge>
                                ) : null}
                              </span>
                              <span id={`${id}-price`} className="block text-xs text-muted-foreground">
                                {priceText(m)}
                              </span>
                            </span>
                            {on ? <Check aria-hidden="true" className="mt-0.5 h-4 w-4 text-primary" /> : null}
                          </label>
                        </li>
                      );
                    })}
                  </ul>
                </div>
              ))}
            </div>
          </fieldset>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
