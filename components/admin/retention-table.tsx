"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { runRetentionNowAction, updatePolicyAction } from "@/app/admin/retention/actions";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";

export type PolicyItem = {
  id: string;
  entity: string;
  enabled: boolean;
  deleteAfterDays: number | null;
  conditions: string;
  lastRun: string | null;
  lastRunDeleted: number | null;
};

function PolicyRow({ policy }: { policy: PolicyItem }) {
  const [days, setDays] = useState(policy.deleteAfterDays === null ? "" : String(policy.deleteAfterDays));
  const [pending, start] = useTransition();
  const router = useRouter();
  const save = (patch: Record<string, unknown>, ok: string) =>
    start(async () => {
      const res = await updatePolicyAction({ id: policy.id, ...patch });
      if (res.ok) toast.success(ok);
      else toast.error(res.error.message.replace(/^\w+: /, ""));
      router.refresh();
    });
  return (
    <tr data-testid="retention-row" data-entity={policy.entity}>
      <td className="px-4 py-3 font-mono text-xs">{policy.entity}</td>
      <td className="px-4 py-3 text-xs text-muted-foreground">{policy.conditions || "—"}</td>
      <td className="px-4 py-3">
        <form
          className="flex items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            save({ deleteAfterDays: days.trim() === "" ? null : Number(days) }, `${policy.entity}: saved`);
          }}
        >
          <label className="sr-only" htmlFor={`days-${policy.id}`}>
            Delete {policy.entity} after days
          </label>
          <Input
            id={`days-${policy.id}`}
            className="h-8 w-24"
            inputMode="numeric"
            value={days}
            onChange={(e) => setDays(e.target.value)}
            placeholder="keep"
          />
          <Button size="sm" variant="outline" type="submit" disabled={pending}>
            Save
          </Button>
        </form>
      </td>
      <td className="px-4 py-3">
        <label className="inline-flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="h-4 w-4"
            checked={policy.enabled}
            disabled={pending}
            onChange={(e) =>
              save(
                { enabled: e.target.checked },
                `${policy.entity}: ${e.target.checked ? "enabled" : "disabled"}`,
              )
            }
          />
          {policy.enabled ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}
        </label>
      </td>
      <td className="px-4 py-3 text-xs text-muted-foreground">
        {policy.lastRun ? `${policy.lastRun} · ${policy.lastRunDeleted ?? 0} removed` : "never"}
      </td>
    </tr>
  );
}

export function RetentionTable({ policies }: { policies: PolicyItem[] }) {
  const [pending, start] = useTransition();
  const router = useRouter();
  return (
    <Card className="overflow-x-auto">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b p-4">
        <p className="text-sm text-muted-foreground">
          The job runs every hour and deletes in batches of 1,000 rows.
        </p>
        <Button
          size="sm"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const res = await runRetentionNowAction();
              if (!res.ok) toast.error(res.error.message);
              else if (res.data.busy) toast.info("A retention run is already in progress.");
              else toast.success(`Retention run finished: ${res.data.deleted} rows removed`);
              router.refresh();
            })
          }
        >
          {pending ? "Running…" : "Run now"}
        </Button>
      </div>
      <table className="w-full text-sm">
        <thead className="bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th scope="col" className="px-4 py-2">
              Data
            </th>
            <th scope="col" className="px-4 py-2">
              Condition
            </th>
            <th scope="col" className="px-4 py-2">
              Delete after (days)
            </th>
            <th scope="col" className="px-4 py-2">
              Enabled
            </th>
            <th scope="col" className="px-4 py-2">
              Last run
            </th>
          </tr>
        </thead>
        <tbody className="divide-y">
          {policies.map((p) => (
            <PolicyRow key={p.id} policy={p} />
          ))}
        </tbody>
      </table>
    </Card>
  );
}
