"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";

/**
 * The models a tested endpoint reported, with checkboxes to add them to the catalog as custom models
 * of the integration. Models already in the catalog (built in, or added before) cannot be picked again.
 */
export function ReportedModels({
  integrationId,
  models,
  inCatalog,
  builtIn,
  pending,
  onAdd,
  onClose,
}: {
  integrationId: string;
  models: string[];
  inCatalog: string[];
  builtIn: string[];
  pending: boolean;
  onAdd: (models: string[]) => void;
  onClose: () => void;
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const taken = (m: string) => inCatalog.includes(m) || builtIn.includes(m);
  const available = models.filter((m) => !taken(m));
  const toggle = (m: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(m);
      else next.delete(m);
      return next;
    });
  const chosen = [...selected].filter((m) => !taken(m));

  return (
    <fieldset className="mt-4 rounded-md border p-4" data-testid="reported-models">
      <legend className="px-1 text-sm font-medium">Models reported by the endpoint</legend>
      {models.length === 0 ? (
        <p className="text-sm text-muted-foreground">The endpoint reported no models.</p>
      ) : (
        <>
          <p className="text-xs text-muted-foreground">
            Choose models to add to the catalog as custom models of this integration.
          </p>
          <ul className="mt-3 grid max-h-64 gap-1 overflow-y-auto sm:grid-cols-2">
            {models.map((m) => {
              const already = taken(m);
              const inputId = `reported-${integrationId}-${m}`;
              return (
                <li key={m} className="flex items-center gap-2 rounded px-1 py-1 text-sm hover:bg-muted">
                  <input
                    id={inputId}
                    type="checkbox"
                    className="h-4 w-4 accent-primary"
                    checked={already || selected.has(m)}
                    disabled={already || pending}
                    onChange={(e) => toggle(m, e.target.checked)}
                  />
                  <label htmlFor={inputId} className="min-w-0 flex-1 truncate font-mono text-xs">
                    {m}
                  </label>
                  {already ? <Badge>in catalog</Badge> : null}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        {models.length > 0 ? (
          <>
            <Button size="sm" disabled={pending || chosen.length === 0} onClick={() => onAdd(chosen)}>
              {pending ? "Adding…" : `Add to catalog${chosen.length ? ` (${chosen.length})` : ""}`}
            </Button>
            <Button
              size="sm"
              variant="outline"
              disabled={pending || available.length === 0}
              onClick={() => setSelected(new Set(available))}
            >
              Select all
            </Button>
          </>
        ) : null}
        <Button size="sm" variant="ghost" onClick={onClose}>
          Close
        </Button>
      </div>
    </fieldset>
  );
}
