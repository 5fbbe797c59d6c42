"use client";

import { useMemo, useState } from "react";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import type { TemplateSnapshot } from "@/db/schema/marketplace";
import { diffSnapshots } from "@/lib/marketplace/diff";
import { cn } from "@/lib/utils";

export type VersionItem = {
  id: string;
  version: number;
  changelog: string | null;
  createdAt: string;
  snapshot: TemplateSnapshot;
};

/** Version history with a field-by-field line diff between any two versions (or the draft). */
export function VersionsPanel({ versions, draft }: { versions: VersionItem[]; draft: TemplateSnapshot }) {
  const options = [{ key: "draft", label: "Current draft", snapshot: draft }].concat(
    versions.map((v) => ({ key: v.id, label: `Version ${v.version}`, snapshot: v.snapshot })),
  );
  // Until the creator picks, compare the newest version with the draft (also after a publish adds one).
  const [picked, setPicked] = useState<{ from?: string; to?: string }>({});
  const has = (key: string | undefined) => key !== undefined && options.some((o) => o.key === key);
  // When the draft is the newest version, the interesting diff is that version against the one before.
  const newest = options[1];
  const draftIsNewest = newest ? diffSnapshots(newest.snapshot, draft).length === 0 : false;
  const defaultTo = draftIsNewest && options[2] && newest ? newest.key : "draft";
  const defaultFrom = draftIsNewest && options[2] ? options[2].key : (newest?.key ?? "draft");
  const to = has(picked.to) ? (picked.to as string) : defaultTo;
  const from = has(picked.from) ? (picked.from as string) : defaultFrom;
  const setFrom = (key: string) => setPicked((p) => ({ ...p, from: key }));
  const setTo = (key: string) => setPicked((p) => ({ ...p, to: key }));
  const diff = useMemo(() => {
    const a = options.find((o) => o.key === from)?.snapshot;
    const b = options.find((o) => o.key === to)?.snapshot;
    return a && b ? diffSnapshots(a, b) : [];
  }, [from, to, options]);

  return (
    <Card className="space-y-4 p-5">
      <h2 className="font-semibold">Versions</h2>
      {versions.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          No version yet. Publishing a version freezes the draft; buyers always run a frozen version.
        </p>
      ) : (
        <ol className="space-y-2" aria-label="Version history">
          {versions.map((v) => (
            <li key={v.id} className="rounded-md border p-3 text-sm">
              <div className="flex items-center justify-between gap-2">
                <span className="font-medium">Version {v.version}</span>
                <time className="text-xs text-muted-foreground" dateTime={v.createdAt}>
                  {new Date(v.createdAt).toLocaleString()}
                </time>
              </div>
              {v.changelog ? <p className="mt-1 text-muted-foreground">{v.changelog}</p> : null}
            </li>
          ))}
        </ol>
      )}
      {versions.length > 0 ? (
        <div className="space-y-3">
          <div className="grid gap-3 sm:grid-cols-2">
            <Field id="diff-from" label="Compare">
              <Select id="diff-from" value={from} onChange={(e) => setFrom(e.target.value)}>
                {options.map((o) => (
                  <option key={o.key} value={o.key}>
                    {o.label}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="diff-to" label="With">
              <Select id="diff-to" value={to} onChange={(e) => setTo(e.target.value)}>
                {options.map((o) => (
                  <option key={o.key} value={o.key}>
                    {o.label}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <section aria-label="Differences" className="space-y-3">
            {diff.length === 0 ? (
              <p className="text-sm text-muted-foreground">No differences.</p>
            ) : (
              diff.map((d) => (
                <div key={d.field}>
                  <h3 className="mb-1 text-sm font-medium">{d.field}</h3>
                  <pre className="max-h-80 overflow-auto rounded-md border bg-muted/40 p-2 text-xs leading-5">
                    {d.lines.map((l, i) => (
                      <div
                        // biome-ignore lint/suspicious/noArrayIndexKey: diff lines are positional
                        key={i}
                        className={cn(
                          "whitespace-pre-wrap px-1",
                          l.op === "add" && "bg-success/15 text-success",
                          l.op === "del" && "bg-danger/15 text-danger line-through",
                        )}
                      >
                        <span aria-hidden="true">{l.op === "add" ? "+ " : l.op === "del" ? "− " : "  "}</span>
                        <span className="sr-only">
                          {l.op === "add" ? "added: " : l.op === "del" ? "removed: " : ""}
                        </span>
                        {l.text || " "}
                      </div>
                    ))}
                  </pre>
                </div>
              ))
            )}
          </section>
        </div>
      ) : null}
    </Card>
  );
}
