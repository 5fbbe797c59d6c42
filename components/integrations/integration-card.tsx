"use client";

import { Loader2, Pencil, PlugZap, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { formatCount, formatUsd } from "@/components/ui/number-format";
import { EditIntegrationForm } from "./edit-integration-form";
import { ReportedModels } from "./reported-models";
import type { IntegrationActionSet, IntegrationItem, ProviderOption } from "./types";

const STATUS = {
  connected: { label: "Connected", tone: "success" },
  disconnected: { label: "Not tested", tone: "neutral" },
  error: { label: "Error", tone: "danger" },
} as const;

export function StatusBadge({ status }: { status: IntegrationItem["status"] }) {
  const s = STATUS[status];
  return (
    <Badge tone={s.tone} data-testid="integration-status">
      {s.label}
    </Badge>
  );
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 break-words">{children}</dd>
    </div>
  );
}

/**
 * One provider integration. With actions it can be tested, edited and deleted; without, it is
 * shown read-only (an admin-shared integration on a user's page).
 */
export function IntegrationCard({
  item,
  provider,
  actions,
}: {
  item: IntegrationItem;
  provider?: ProviderOption;
  actions?: IntegrationActionSet;
}) {
  const [editing, setEditing] = useState(false);
  const [reported, setReported] = useState<string[] | null>(null);
  const [testing, startTest] = useTransition();
  const [busy, startBusy] = useTransition();
  const router = useRouter();
  const manage = item.canManage && actions ? actions : null;
  const titleId = `integration-${item.id}-title`;

  const test = (a: IntegrationActionSet) =>
    startTest(async () => {
      const res = await a.test({ id: item.id });
      if (!res.ok) toast.error(res.error.message);
      else if (res.data.ok) {
        const n = res.data.models?.length;
        toast.success(
          n === undefined ? `${item.name} is connected` : `${item.name} is connected: ${n} models reported`,
        );
        setReported(res.data.models);
      } else {
        toast.error(`${item.name}: ${res.data.error}`);
        setReported(null);
      }
      router.refresh();
    });

  const addModels = (a: IntegrationActionSet, models: string[]) =>
    startBusy(async () => {
      const res = await a.addModels({ id: item.id, models });
      if (res.ok) toast.success(`Added ${res.data} model${res.data === 1 ? "" : "s"} to the catalog`);
      else toast.error(res.error.message);
      router.refresh();
    });

  const remove = (a: IntegrationActionSet) => {
    const who = item.shared ? " Every user loses access to it." : "";
    if (!window.confirm(`Delete ${item.name}? Its custom models are removed too.${who}`)) return;
    startBusy(async () => {
      const res = await a.remove({ id: item.id });
      if (res.ok) toast.success(`${item.name} deleted`);
      else toast.error(res.error.message);
      router.refresh();
    });
  };

  return (
    <article
      aria-labelledby={titleId}
      data-testid="integration-card"
      className="rounded-lg border bg-card p-5 shadow-sm"
    >
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <h3 id={titleId} className="truncate font-semibold">
            {item.name}
          </h3>
          <p className="mt-0.5 flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
            {item.providerName}
            {item.shared ? (
              <Badge tone="primary">{manage ? "Shared with every user" : "Shared by your admin"}</Badge>
            ) : null}
          </p>
        </div>
        <span className="shrink-0">
          <StatusBadge status={item.status} />
        </span>
      </div>

      <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
        {manage ? (
          <Detail label="API key">
            <span className="font-mono" data-testid="key-hint">
              {item.keyHint ?? "None"}
            </span>
          </Detail>
        ) : null}
        <Detail label="Base URL">
          {item.baseUrl ? (
            <span className="font-mono text-xs">{item.baseUrl}</span>
          ) : item.effectiveBaseUrl ? (
            <span className="text-muted-foreground">
              <span className="font-mono text-xs">{item.effectiveBaseUrl}</span> (default)
            </span>
          ) : (
            "—"
          )}
        </Detail>
        <Detail label="Last tested">{item.lastTested ?? "Never"}</Detail>
        {item.usage ? (
          <Detail label="Usage">
            {formatCount(item.usage.requests)} requests · {formatCount(item.usage.tokensIn)} tokens in ·{" "}
            {formatCount(item.usage.tokensOut)} out · {formatUsd(item.usage.costUsd)}
          </Detail>
        ) : null}
        {item.customModels.length > 0 ? (
          <Detail label="Custom models in the catalog">
            <span className="font-mono text-xs">{item.customModels.join(", ")}</span>
          </Detail>
        ) : null}
      </dl>

      {item.status === "error" && item.lastError ? (
        <p role="alert" className="mt-4 rounded-md bg-danger/10 px-3 py-2 text-sm text-danger">
          {item.lastError}
        </p>
      ) : null}

      {manage ? (
        <div className="mt-4 flex flex-wrap gap-2">
          <Button
            size="sm"
            variant="outline"
            disabled={testing}
            aria-busy={testing}
            onClick={() => test(manage)}
          >
            {testing ? (
              <Loader2 aria-hidden="true" className="h-4 w-4 animate-spin" />
            ) : (
              <PlugZap aria-hidden="true" className="h-4 w-4" />
            )}
            {testing ? "Testing…" : "Test connection"}
          </Button>
          <Button
            size="sm"
            variant="outline"
            aria-expanded={editing}
            aria-label={`Edit ${item.name}`}
            onClick={() => setEditing((v) => !v)}
          >
            <Pencil aria-hidden="true" className="h-4 w-4" /> Edit
          </Button>
          <Button
            size="sm"
            variant="ghost"
            className="text-danger"
            disabled={busy}
            aria-label={`Delete ${item.name}`}
            onClick={() => remove(manage)}
          >
            <Trash2 aria-hidden="true" className="h-4 w-4" /> Delete
          </Button>
          <span role="status" className="sr-only">
            {testing ? `Testing the connection of ${item.name}…` : ""}
          </span>
        </div>
      ) : null}

      {manage && reported ? (
        <ReportedModels
          integrationId={item.id}
          models={reported}
          inCatalog={item.customModels}
          builtIn={provider?.builtInModels ?? []}
          pending={busy}
          onAdd={(models) => addModels(manage, models)}
          onClose={() => setReported(null)}
        />
      ) : null}

      {manage && editing ? (
        <EditIntegrationForm
          item={item}
          defaultBaseUrl={provider?.defaultBaseUrl ?? null}
          update={manage.update}
          onClose={() => setEditing(false)}
        />
      ) : null}
    </article>
  );
}
