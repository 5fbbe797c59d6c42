"use client";

import { FileUp } from "lucide-react";
import Link from "next/link";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import type { ImportPlan, ImportResult, RowError } from "@/lib/terminology/import";
import { cn } from "@/lib/utils";
import { readNdjson } from "./ndjson";

type Mode = "skip" | "all";
type Line =
  | { type: "progress"; done: number; total: number }
  | ({ type: "done" } & ImportResult)
  | { type: "error"; message: string; errors: RowError[] };

async function errorMessage(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  const message = body?.error?.message ?? `The upload failed (HTTP ${res.status}).`;
  return message.replace(/^file: /, "");
}

/**
 * Import: pick or drop a file → preview (what would be created, updated, rejected, and why) →
 * choose skip-bad-rows or all-or-nothing → import with a progress bar fed by the server's stream.
 */
export function ImportView({ maxBytes }: { maxBytes: number }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [fileError, setFileError] = useState<string>();
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [mode, setMode] = useState<Mode>("skip");
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [failure, setFailure] = useState<{ message: string; errors: RowError[] } | null>(null);
  const importing = progress !== null && result === null && failure === null;

  const upload = (f: File, m: "preview" | Mode) => {
    const body = new FormData();
    body.set("file", f);
    return fetch(`/api/terminology/import?mode=${m}`, { method: "POST", body });
  };

  const choose = async (f: File | undefined) => {
    setPlan(null);
    setResult(null);
    setFailure(null);
    setProgress(null);
    setFileError(undefined);
    setFile(f ?? null);
    if (!f) return;
    if (f.size > maxBytes) {
      setFileError(`The file is ${(f.size / 1048576).toFixed(1)} MB; the limit is ${maxBytes / 1048576} MB.`);
      return;
    }
    setPreviewing(true);
    try {
      const res = await upload(f, "preview");
      if (!res.ok) return setFileError(await errorMessage(res));
      setPlan((await res.json()) as ImportPlan);
    } catch {
      setFileError("The file could not be uploaded. Check your connection and try again.");
    } finally {
      setPreviewing(false);
    }
  };

  const runImport = async () => {
    if (!file) return;
    setResult(null);
    setFailure(null);
    setProgress({ done: 0, total: plan ? plan.create + plan.update : 0 });
    try {
      const res = await upload(file, mode);
      if (!res.ok || !res.body) {
        const message = await errorMessage(res);
        setFailure({ message, errors: [] });
        toast.error(message);
        return;
      }
      let finished = false;
      for await (const line of readNdjson<Line>(res.body)) {
        if (line.type === "progress") setProgress({ done: line.done, total: line.total });
        else if (line.type === "done") {
          finished = true;
          setProgress((p) => (p ? { done: p.total, total: p.total } : p));
          setResult(line);
          toast.success(
            `Imported: ${line.created} created, ${line.updated} updated${line.rejected ? `, ${line.rejected} rejected` : ""}`,
          );
        } else if (line.type === "error") {
          finished = true;
          setFailure({ message: line.message, errors: line.errors ?? [] });
          toast.error("Nothing was imported");
        }
      }
      if (!finished)
        setFailure({
          message: "The import was interrupted; check your dictionary and try again.",
          errors: [],
        });
    } catch {
      setFailure({
        message: "The connection was lost during the import; check your dictionary and try again.",
        errors: [],
      });
    }
  };

  const pct =
    progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : result ? 100 : 0;
  return (
    <div className="space-y-4">
      <Card className="p-5">
        {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop target is a convenience; the file input inside is the keyboard path */}
        <div
          className={cn(
            "flex flex-col items-center gap-3 rounded-lg border-2 border-dashed p-6 text-center transition-colors",
            dragging && "border-primary bg-accent/40",
          )}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            const f = e.dataTransfer.files[0];
            if (input.current && f) input.current.files = e.dataTransfer.files;
            void choose(f);
          }}
          data-testid="import-drop"
        >
          <FileUp aria-hidden="true" className="h-8 w-8 text-muted-foreground" />
          <p className="text-sm text-muted-foreground">Drop a CSV or JSON file here, or choose one.</p>
          <label htmlFor="import-file" className="text-sm font-medium">
            File (CSV or JSON, at most {maxBytes / 1048576} MB)
          </label>
          <input
            ref={input}
            id="import-file"
            name="file"
            type="file"
            accept=".csv,.json,text/csv,application/json"
            className="max-w-full text-sm file:mr-3 file:rounded-md file:border file:border-input file:bg-card file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-muted"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? "import-file-error" : undefined}
            disabled={importing}
            onChange={(e) => void choose(e.target.files?.[0])}
          />
          {previewing ? (
            <p role="status" className="text-sm text-muted-foreground">
              Checking {file?.name}…
            </p>
          ) : null}
          {fileError ? (
            <p id="import-file-error" role="alert" className="text-sm text-danger">
              {fileError}
            </p>
          ) : null}
        </div>
      </Card>

      {plan ? (
        <Card className="space-y-4 p-5" aria-labelledby="preview-heading" role="region">
          <div>
            <h2 id="preview-heading" className="text-lg font-semibold">
              Preview of {file?.name}
            </h2>
            <p className="text-sm text-muted-foreground">
              Nothing is written until you import. Terms already in your dictionary are updated.
            </p>
          </div>
          <dl className="grid grid-cols-3 gap-3 text-center" aria-label="Import counts">
            <Count label="To create" value={plan.create} testId="count-create" />
            <Count label="To update" value={plan.update} testId="count-update" />
            <Count
              label="To reject"
              value={plan.reject}
              testId="count-reject"
              tone={plan.reject ? "danger" : undefined}
            />
          </dl>
          {plan.errors.length ? <ErrorTable errors={plan.errors} caption="Rows with errors" /> : null}
          {plan.sample.length ? (
            <details className="text-sm">
              <summary className="cursor-pointer font-medium">
                Sample of the rows ({plan.sample.length})
              </summary>
              <div className="mt-2 max-h-72 overflow-auto rounded-md border">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">Sample of the rows to import</caption>
                  <thead className="sticky top-0 bg-muted text-xs uppercase text-muted-foreground">
                    <tr>
                      <th scope="col" className="px-3 py-2">
                        Row
                      </th>
                      <th scope="col" className="px-3 py-2">
                        Term
                      </th>
                      <th scope="col" className="px-3 py-2">
                        Action
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {plan.sample.map((s) => (
                      <tr key={s.row} className="border-t">
                        <td className="px-3 py-1.5 tabular-nums">{s.row}</td>
                        <td className="px-3 py-1.5">{s.term}</td>
                        <td className="px-3 py-1.5">
                          <Badge tone={s.action === "create" ? "success" : "primary"}>{s.action}</Badge>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          ) : null}

          <fieldset className="space-y-2" disabled={importing}>
            <legend className="text-sm font-medium">When a row has errors</legend>
            <Radio
              id="mode-skip"
              checked={mode === "skip"}
              onChange={() => setMode("skip")}
              label="Skip bad rows"
              hint="Import the good rows and report the bad ones."
            />
            <Radio
              id="mode-all"
              checked={mode === "all"}
              onChange={() => setMode("all")}
              label="All or nothing"
              hint="Import nothing if any row has an error."
            />
          </fieldset>
          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={() => void runImport()} disabled={importing || plan.create + plan.update === 0}>
              {importing
                ? "Importing…"
                : `Import ${plan.create + plan.update} row${plan.create + plan.update === 1 ? "" : "s"}`}
            </Button>
            {plan.create + plan.update === 0 ? (
              <span className="text-sm text-muted-foreground">
                No row can be imported; fix the file and choose it again.
              </span>
            ) : null}
          </div>

          {progress ? (
            <div className="space-y-1">
              <div className="flex justify-between text-xs text-muted-foreground">
                <span id="import-progress-label">
                  {result ? "Import complete" : failure ? "Import stopped" : "Importing…"}
                </span>
                <span aria-hidden="true">
                  {progress.done} / {progress.total}
                </span>
              </div>
              <div
                role="progressbar"
                aria-labelledby="import-progress-label"
                aria-valuemin={0}
                aria-valuemax={progress.total}
                aria-valuenow={progress.done}
                aria-valuetext={`${progress.done} of ${progress.total} rows`}
                className="h-2 overflow-hidden rounded-full bg-muted"
              >
                <div
                  className={cn(
                    "h-full rounded-full transition-[width]",
                    failure ? "bg-danger" : "bg-primary",
                  )}
                  style={{ width: `${pct}%` }}
                />
              </div>
            </div>
          ) : null}

          {result ? (
            <div role="status" className="rounded-md border border-success/40 bg-success/10 p-3 text-sm">
              Imported {result.created} new and {result.updated} updated{" "}
              {result.created + result.updated === 1 ? "entry" : "entries"}
              {result.rejected
                ? `; ${result.rejected} bad row${result.rejected === 1 ? " was" : "s were"} skipped`
                : ""}
              .{" "}
              <Link href="/terminology" className="font-medium text-primary underline">
                Open your dictionary
              </Link>
            </div>
          ) : null}
          {failure ? (
            <div className="space-y-3">
              <p
                role="alert"
                className="rounded-md border border-danger/40 bg-danger/10 p-3 text-sm text-danger"
              >
                {failure.message}
              </p>
              {failure.errors.length ? (
                <ErrorTable errors={failure.errors} caption="Rows that stopped the import" />
              ) : null}
            </div>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}

function Count({
  label,
  value,
  testId,
  tone,
}: {
  label: string;
  value: number;
  testId: string;
  tone?: "danger";
}) {
  return (
    <div className="rounded-md border p-3">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd
        className={cn("text-2xl font-semibold tabular-nums", tone === "danger" && "text-danger")}
        data-testid={testId}
      >
        {value}
      </dd>
    </div>
  );
}

function ErrorTable({ errors, caption }: { errors: RowError[]; caption: string }) {
  return (
    <div className="max-h-72 overflow-auto rounded-md border border-danger/30">
      <table className="w-full text-left text-sm" aria-label={caption}>
        <caption className="px-3 py-2 text-left text-sm font-medium text-danger">
          {caption} ({errors.length})
        </caption>
        <thead className="sticky top-0 bg-muted text-xs uppercase text-muted-foreground">
          <tr>
            <th scope="col" className="px-3 py-2">
              Row
            </th>
            <th scope="col" className="px-3 py-2">
              Field
            </th>
            <th scope="col" className="px-3 py-2">
              Message
            </th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a row can have several errors on one field
            <tr key={`${e.row}:${e.field}:${i}`} className="border-t align-top">
              <td className="px-3 py-1.5 tabular-nums">{e.row}</td>
              <td className="px-3 py-1.5 font-mono text-xs">{e.field || "(row)"}</td>
              <td className="px-3 py-1.5">{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Radio({
  id,
  checked,
  onChange,
  label,
  hint,
}: {
  id: string;
  checked: boolean;
  onChange: () => void;
  label: string;
  hint: string;
}) {
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="radio"
        name="import-mode"
        checked={checked}
        onChange={onChange}
        aria-describedby={`${id}-hint`}
        className="mt-1 h-4 w-4 accent-[var(--color-primary)]"
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      </div>
    </div>
  );
}
