"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import { restoreVersionAction } from "@/app/(app)/workflows/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { diffLines } from "@/lib/marketplace/diff";
import { cn } from "@/lib/utils";

export type WorkflowVersionItem = {
  version: number;
  changelog: string | null;
  createdAt: string;
  json: string;
};

/** Version history: a line diff of the graph JSON between any two versions, and restore. */
export function WorkflowVersions({
  workflowId,
  current,
  versions,
}: {
  workflowId: string;
  current: number;
  versions: WorkflowVersionItem[];
}) {
  const router = useRouter();
  const [to, setTo] = useState(versions[0]?.version ?? current);
  const [from, setFrom] = useState(versions[1]?.version ?? versions[0]?.version ?? current);
  const [pending, start] = useTransition();
  const diff = useMemo(() => {
    const a = versions.find((v) => v.version === from)?.json ?? "";
    const b = versions.find((v) => v.version === to)?.json ?? "";
    return diffLines(a, b);
  }, [from, to, versions]);
  const changed = diff.filter((l) => l.op !== "same").length;
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <Card className="p-4">
        <h2 className="mb-3 font-semibold">History</h2>
        <ol className="space-y-2" aria-label="Version history">
          {versions.map((v) => (
            <li key={v.version} className="rounded-md border p-3 text-sm">
              <div className="flex items-center justify-between gap-2">
                <span className="font-medium">
                  Version {v.version}
                  {v.version === current ? <span className="ml-1 text-xs text-success">current</span> : null}
                </span>
                <time className="text-xs text-muted-foreground" dateTime={v.createdAt}>
                  {new Date(v.createdAt).toLocaleString()}
                </time>
              </div>
              {v.changelog ? <p className="mt-1 text-muted-foreground">{v.changelog}</p> : null}
              {v.version !== current ? (
                <Button
                  variant="outline"
                  size="sm"
                  className="mt-2"
                  disabled={pending}
                  aria-label={`Restore version ${v.version}`}
                  onClick={() =>
                    start(async () => {
                      const r = await restoreVersionAction(workflowId, v.version);
                      if (!r.ok) return void toast.error(r.error.message);
                      toast.success(
                        r.data.changed
                          ? `Version ${v.version} restored as version ${r.data.version}`
                          : "That is already the current graph",
                      );
                      router.refresh();
                    })
                  }
                >
                  Restore
                </Button>
              ) : null}
            </li>
          ))}
        </ol>
      </Card>
      <Card className="min-w-0 space-y-3 p-4">
        <div className="flex flex-wrap items-end gap-3">
          <Field id="diff-from" label="Compare" className="w-40">
            <Select id="diff-from" value={from} onChange={(e) => setFrom(Number(e.target.value))}>
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  Version {v.version}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="diff-to" label="with" className="w-40">
            <Select id="diff-to" value={to} onChange={(e) => setTo(Number(e.target.value))}>
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  Version {v.version}
                </option>
              ))}
            </Select>
          </Field>
          <p className="pb-2 text-sm text-muted-foreground">
            {changed ? `${changed} changed line${changed === 1 ? "" : "s"}` : "No differences"}
          </p>
        </div>
        <pre
          role="region"
          aria-label="Differences"
          className="max-h-[65vh] overflow-auto rounded-md bg-muted/40 p-3 font-mono text-xs leading-relaxed"
        >
          {diff.map((l, i) => (
            <div
              // biome-ignore lint/suspicious/noArrayIndexKey: a diff's lines have no identity but their place
              key={i}
              className={cn(
                l.op === "add" && "bg-success/15 text-success",
                l.op === "del" && "bg-danger/15 text-danger",
              )}
            >
              {l.op === "add" ? "+ " : l.op === "del" ? "- " : "  "}
              {l.text}
            </div>
          ))}
        </pre>
      </Card>
    </div>
  );
}
