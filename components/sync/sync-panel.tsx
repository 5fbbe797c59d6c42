"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import {
  deleteSyncTargetAction,
  rotateSyncSecretAction,
  syncNowAction,
  updateSyncTargetAction,
} from "@/app/(app)/settings/sync/actions";
import { CopyButton } from "@/components/api-keys/api-keys-panel";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState } from "@/components/ui/card";
import { type KIND_LABEL, SCHEDULE_LABEL, SyncTargetForm } from "./sync-target-form";

type Status = "pending" | "success" | "failed";
export type DeliveryItem = {
  id: string;
  kind: keyof typeof KIND_LABEL;
  trigger: string;
  status: Status;
  attempts: number;
  httpStatus: number | null;
  items: number;
  payloadBytes: number;
  lastError: string | null;
  created: string;
  delivered: string | null;
  nextAttempt: string | null;
};
export type SyncTargetItem = {
  id: string;
  name: string;
  url: string;
  apiKeyHint: string;
  kinds: (keyof typeof KIND_LABEL)[];
  schedule: keyof typeof SCHEDULE_LABEL;
  enabled: boolean;
  status: Status;
  lastError: string | null;
  lastSync: string | null;
  deliveries: DeliveryItem[];
};

const TONE = { pending: "warning", success: "success", failed: "danger" } as const;

function SecretNotice({ secret }: { secret: string }) {
  return (
    <div role="status" className="space-y-2 rounded-md border border-success/40 bg-success/10 p-4">
      <p className="text-sm font-medium">
        Signing secret (shown only once). The receiver verifies each delivery&apos;s{" "}
        <code className="font-mono">webhook-signature</code> with it:
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code data-testid="sync-secret" className="break-all rounded bg-card px-2 py-1 font-mono text-sm">
          {secret}
        </code>
        <CopyButton text={secret} label="Copy the signing secret" />
      </div>
    </div>
  );
}

function DeliveryLog({ deliveries }: { deliveries: DeliveryItem[] }) {
  if (deliveries.length === 0) return <p className="text-sm text-muted-foreground">No deliveries yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs" aria-label="Delivery log">
        <thead className="text-muted-foreground">
          <tr>
            {["Created", "Data", "Trigger", "Status", "Attempts", "HTTP", "Items", "Bytes", "Detail"].map(
              (h) => (
                <th key={h} scope="col" className="px-2 py-1 font-medium">
                  {h}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody className="divide-y">
          {deliveries.map((d) => (
            <tr key={d.id} data-testid="delivery-row" data-status={d.status}>
              <td className="whitespace-nowrap px-2 py-1">{d.created}</td>
              <td className="px-2 py-1">{d.kind}</td>
              <td className="px-2 py-1">{d.trigger}</td>
              <td className="px-2 py-1">
                <Badge tone={TONE[d.status]}>{d.status}</Badge>
              </td>
              <td className="px-2 py-1 tabular-nums">{d.attempts}</td>
              <td className="px-2 py-1 tabular-nums">{d.httpStatus ?? "—"}</td>
              <td className="px-2 py-1 tabular-nums">{d.items}</td>
              <td className="px-2 py-1 tabular-nums">{d.payloadBytes}</td>
              <td className="max-w-xs break-words px-2 py-1">
                {d.status === "success"
                  ? `delivered ${d.delivered ?? ""}`
                  : d.lastError
                    ? `${d.lastError}${d.nextAttempt ? ` · next try ${d.nextAttempt}` : ""}`
                    : "queued"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TargetCard({ target }: { target: SyncTargetItem }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [secret, setSecret] = useState<string | null>(null);
  const run = (fn: () => Promise<{ ok: boolean; error?: { message: string } }>, done: string) =>
    start(async () => {
      const res = await fn();
      if (res.ok) toast.success(done);
      else toast.error(res.error?.message ?? "That did not work.");
      router.refresh();
    });
  return (
    <Card className="space-y-4 p-6" data-testid="sync-target" aria-label={`Sync target ${target.name}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <h3 className="flex flex-wrap items-center gap-2 font-semibold">
            {target.name}
            <Badge tone={TONE[target.status]} data-testid="sync-status">
              {target.status}
            </Badge>
            {target.enabled ? null : <Badge tone="warning">Paused</Badge>}
          </h3>
          <p className="break-all text-xs text-muted-foreground">
            {target.url} · key {target.apiKeyHint}
          </p>
          <p className="text-xs text-muted-foreground">
            {target.kinds.map((k) => k).join(", ")} · {SCHEDULE_LABEL[target.schedule]} ·{" "}
            {target.lastSync ? `last success ${target.lastSync}` : "never synced"}
          </p>
          {target.status === "failed" && target.lastError ? (
            <p className="text-xs text-danger">{target.lastError}</p>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button
            size="sm"
            disabled={pending || !target.enabled}
            onClick={() => run(() => syncNowAction({ id: target.id }), "Sync queued")}
          >
            Sync now
          </Button>
          <Button
            size="sm"
            variant="outline"
            disabled={pending}
            onClick={() =>
              run(
                () => updateSyncTargetAction({ id: target.id, enabled: !target.enabled }),
                target.enabled ? "Target paused" : "Target resumed",
              )
            }
          >
            {target.enabled ? "Pause" : "Resume"}
          </Button>
          <Button
            size="sm"
            variant="outline"
            disabled={pending}
            onClick={() => {
              if (!window.confirm("Make a new signing secret? The receiver must be given the new one."))
                return;
              start(async () => {
                const res = await rotateSyncSecretAction({ id: target.id });
                if (res.ok) setSecret(res.data.signingSecret);
                else toast.error(res.error.message);
              });
            }}
          >
            New secret
          </Button>
          <Button
            size="sm"
            variant="outline"
            disabled={pending}
            aria-label={`Delete sync target ${target.name}`}
            onClick={() => {
              if (!window.confirm(`Delete “${target.name}” and its delivery log?`)) return;
              run(() => deleteSyncTargetAction({ id: target.id }), "Sync target deleted");
            }}
          >
            Delete
          </Button>
        </div>
      </div>
      {secret ? <SecretNotice secret={secret} /> : null}
      <div>
        <h4 className="mb-2 text-sm font-medium">Delivery log</h4>
        <DeliveryLog deliveries={target.deliveries} />
      </div>
    </Card>
  );
}

export function SyncPanel({ targets }: { targets: SyncTargetItem[] }) {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const waiting = targets.some((t) => t.deliveries.some((d) => d.status === "pending" && !d.lastError));
  // Deliveries run in the background; while one is queued the log refreshes itself.
  useEffect(() => {
    if (!waiting) return;
    const t = setTimeout(() => router.refresh(), 1_500);
    return () => clearTimeout(t);
  });
  return (
    <div className="space-y-6">
      <Card className="space-y-4 p-6">
        <div>
          <h2 className="mb-1 text-lg font-semibold">Add a sync target</h2>
          <p className="text-sm text-muted-foreground">
            Prism POSTs what changed since the last successful delivery (JSON, at most about 512 KB per
            delivery, several deliveries for a large backlog), signed per Standard Webhooks with the
            target&apos;s own secret. Failed deliveries are retried with exponential backoff.
          </p>
        </div>
        <SyncTargetForm
          onCreated={(s) => {
            setSecret(s);
            router.refresh();
          }}
        />
        {secret ? <SecretNotice secret={secret} /> : null}
      </Card>
      {targets.length === 0 ? (
        <EmptyState title="No sync targets yet">Add one above to send your data to Omni-Bridge.</EmptyState>
      ) : (
        targets.map((t) => <TargetCard key={t.id} target={t} />)
      )}
    </div>
  );
}
