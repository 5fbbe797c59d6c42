"use client";

import { Plus } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { AddIntegrationForm } from "./add-integration-form";
import { IntegrationCard } from "./integration-card";
import type { IntegrationActionSet, IntegrationItem, ProviderOption } from "./types";

/**
 * A list of integrations someone manages, with the "Add integration" form. The same component
 * serves a user's own integrations (Settings) and the admin-shared ones (Admin); only the actions differ.
 */
export function IntegrationsManager({
  idPrefix,
  title,
  description,
  emptyTitle,
  emptyText,
  items,
  providers,
  actions,
}: {
  idPrefix: string;
  title: string;
  description: React.ReactNode;
  emptyTitle: string;
  emptyText: string;
  items: IntegrationItem[];
  providers: ProviderOption[];
  actions: IntegrationActionSet;
}) {
  const [adding, setAdding] = useState(items.length === 0);
  const [focusRequest, setFocusRequest] = useState(0);
  const headingId = `${idPrefix}-heading`;

  useEffect(() => {
    if (focusRequest > 0) document.getElementById(`${idPrefix}-provider`)?.focus();
  }, [focusRequest, idPrefix]);

  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h2 id={headingId} className="text-lg font-semibold">
            {title}
          </h2>
          <div className="mt-1 text-sm text-muted-foreground">{description}</div>
        </div>
        <Button
          variant="outline"
          aria-expanded={adding}
          aria-controls={`${idPrefix}-add`}
          onClick={() => {
            setAdding(true);
            setFocusRequest((n) => n + 1);
          }}
        >
          <Plus aria-hidden="true" className="h-4 w-4" /> Add integration
        </Button>
      </div>

      {adding ? (
        <Card id={`${idPrefix}-add`} className="p-5">
          <h3 className="mb-4 font-semibold">Add integration</h3>
          <AddIntegrationForm
            idPrefix={idPrefix}
            providers={providers}
            create={actions.create}
            onDone={() => setAdding(false)}
          />
        </Card>
      ) : null}

      {items.length === 0 ? (
        <EmptyState title={emptyTitle}>{emptyText}</EmptyState>
      ) : (
        <div className="grid gap-4">
          {items.map((item) => (
            <IntegrationCard
              key={item.id}
              item={item}
              provider={providers.find((p) => p.slug === item.provider)}
              actions={actions}
            />
          ))}
        </div>
      )}
    </section>
  );
}
