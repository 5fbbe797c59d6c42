"use client";

import { Ban, Play, RotateCcw } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import {
  cancelRunAction,
  rerunAction,
  resumeRunAction,
  runDetailAction,
} from "@/app/(app)/workflows/actions";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import type { WorkflowRunsModel } from "@/lib/workflows/runs";
import { FlowCanvas } from "./flow-canvas";
import type { Draft } from "./graph";
import { JsonViewer } from "./json-viewer";
import { formatCost, formatDuration, isLive, RUN_STATUS, STEP_STATUS, TRIGGER_LABEL } from "./status";

export type RunDetail = Awaited<ReturnType<WorkflowRunsModel["detail"]>>;

const POLL_MS = 1000;

/** A run as a timeline and as the canvas coloured by step status, refreshed every second while it runs. */
export function RunView({ initial, timeZone }: { initial: RunDetail; timeZone: string }) {
  const router = useRouter();
  const [detail, setDetail] = useState(initial);
  const [selected, setSelected] = useState<string | null>(null);
  const [fromStep, setFromStep] = useState("");
  const [pending, start] = useTransition();
  const [pollKey, setPollKey] = useState(0);
  const { run, definition, steps } = detail;
  const live = isLive(run.status);

  useEffect(() => {
    if (!live && pollKey === 0) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      const r = await runDetailAction(run.id);
      if (stop) return;
      if (r.ok) setDetail(r.data);
      if (r.ok && !isLive(r.data.run.status)) return;
      timer = setTimeout(tick, POLL_MS);
    };
    timer = setTimeout(tick, live ? POLL_MS : 0);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
    // Polls while the run is live; an action that restarts it bumps pollKey.
  }, [run.id, live, pollKey]);

  /** The latest attempt row of each step (a resume adds rows of a later epoch). */
  const latest = useMemo(() => {
    const m = new Map<string, (typeof steps)[number]>();
    for (const s of steps) {
      const cur = m.get(s.stepId);
      if (!cur || s.epoch > cur.epoch || (s.epoch === cur.epoch && s.attempt >= cur.attempt))
        m.set(s.stepId, s);
    }
    return m;
  }, [steps]);
  const statuses = useMemo(() => Object.fromEntries([...latest].map(([id, s]) => [id, s.status])), [latest]);
  const fmt = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const status = RUN_STATUS[run.status] ?? { label: run.status, tone: "neutral" as const };
  const total = run.stepsTotal ?? definition.steps.length;
  const duration =
    run.startedAt && run.completedAt
      ? new Date(run.completedAt).getTime() - new Date(run.startedAt).getTime()
      : null;
  const failed = [...latest.values()].find((s) => s.status === "failed");
  const timeline = selected ? steps.filter((s) => s.stepId === selected) : steps;

  const act = (
    fn: () => Promise<{ ok: boolean; error?: { message: string } }>,
    done: string,
    after?: () => void,
  ) =>
    start(async () => {
      const r = await fn();
      if (!r.ok) return void toast.error(r.error?.message ?? "That did not work.");
      toast.success(done);
      after?.();
    });

  return (
    <div className="space-y-4">
      <Card className="space-y-3 p-4">
        <div className="flex flex-wrap items-center gap-3">
          <Badge tone={status.tone} data-testid="run-status">
            {status.label}
          </Badge>
          <span className="text-sm" data-testid="run-progress">
            {run.stepsCompleted} / {total} steps
          </span>
          <div
            role="progressbar"
            aria-label="Steps completed"
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={run.stepsCompleted}
            className="h-2 min-w-32 flex-1 overflow-hidden rounded-full bg-muted"
          >
            <div
              className="h-full bg-primary transition-all"
              style={{ width: `${total ? Math.min(100, (run.stepsCompleted / total) * 100) : 0}%` }}
            />
          </div>
        </div>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4 lg:grid-cols-7">
          <Fact label="Trigger" value={TRIGGER_LABEL[run.triggerType] ?? run.triggerType} />
          <Fact label="Attempt" value={String(run.attempt)} />
          <Fact label="Tokens in / out" value={`${run.tokensIn} / ${run.tokensOut}`} />
          <Fact label="Cost" value={formatCost(run.cost)} />
          <Fact label="Duration" value={formatDuration(duration)} />
          <Fact label="Queued" value={fmt.format(new Date(run.queuedAt))} />
          <Fact label="Partial" value={run.partial ? "yes" : "no"} />
        </dl>
        {run.errorMessage ? (
          <p role="alert" className="rounded-md bg-danger/10 p-2 text-sm text-danger">
            {run.errorMessage}
          </p>
        ) : null}
        <div className="flex flex-wrap items-end gap-2">
          {live ? (
            <Button
              variant="outline"
              disabled={pending}
              onClick={() =>
                act(
                  () => cancelRunAction(run.id),
                  "Cancel requested",
                  () => setPollKey((k) => k + 1),
                )
              }
            >
              <Ban aria-hidden="true" className="h-4 w-4" />
              Cancel
            </Button>
          ) : null}
          {run.status === "failed" ? (
            <>
              <Button
                disabled={pending}
                onClick={() =>
                  act(
                    () => resumeRunAction(run.id, "pinned"),
                    "Resumed from the failed step",
                    () => setPollKey((k) => k + 1),
                  )
                }
              >
                <Play aria-hidden="true" className="h-4 w-4" />
                Resume from failed step
              </Button>
              <Button
                variant="outline"
                disabled={pending}
                onClick={() =>
                  act(
                    () => resumeRunAction(run.id, "current"),
                    "Resumed on the current version",
                    () => setPollKey((k) => k + 1),
                  )
                }
              >
                Resume on current version
              </Button>
            </>
          ) : null}
          {!live ? (
            <>
              <Button
                variant="outline"
                disabled={pending}
                onClick={() =>
                  start(async () => {
                    const r = await rerunAction(run.id, null);
                    if (!r.ok) return void toast.error(r.error.message);
                    toast.success("Re-run started");
                    router.push(`/workflows/runs/${r.data.runId}`);
                  })
                }
              >
                <RotateCcw aria-hidden="true" className="h-4 w-4" />
                Re-run from start
              </Button>
              <div className="flex w-full flex-wrap items-end gap-2 sm:w-auto">
                <Field
                  id="rerun-from"
                  label="Re-run from step"
                  className="min-w-40 flex-1 sm:w-44 sm:flex-none"
                >
                  <Select id="rerun-from" value={fromStep} onChange={(e) => setFromStep(e.target.value)}>
                    <option value="">Choose a step</option>
                    {definition.steps.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name ? `${s.name} (${s.id})` : s.id}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Button
                  variant="outline"
                  disabled={pending || !fromStep}
                  onClick={() =>
                    start(async () => {
                      const r = await rerunAction(run.id, fromStep);
                      if (!r.ok) return void toast.error(r.error.message);
                      toast.success(`Re-run from ${fromStep} started`);
                      router.push(`/workflows/runs/${r.data.runId}`);
                    })
                  }
                >
                  Re-run from here
                </Button>
              </div>
            </>
          ) : null}
        </div>
      </Card>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-4 lg:grid-cols-[minmax(0,1fr)_28rem]">
        <div className="space-y-2">
          <FlowCanvas
            label="Run graph"
            draft={definition as unknown as Draft}
            statuses={statuses}
            selected={selected}
            onSelect={setSelected}
            readOnly
            className="h-[50vh] min-h-[360px]"
          />
          {failed && !selected ? (
            <p className="text-sm text-muted-foreground">
              Failed at <span className="font-mono">{failed.stepId}</span>. Select a step to see only its
              attempts.
            </p>
          ) : null}
        </div>
        <section aria-labelledby="timeline-title" className="space-y-2">
          <div className="flex items-center justify-between">
            <h2 id="timeline-title" className="font-semibold">
              Timeline{selected ? ` of ${selected}` : ""}
            </h2>
            {selected ? (
              <Button variant="ghost" size="sm" onClick={() => setSelected(null)}>
                Show all steps
              </Button>
            ) : null}
          </div>
          {timeline.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              {live ? "Waiting for the first step…" : "No steps ran."}
            </p>
          ) : null}
          <ol className="space-y-2" aria-label="Step attempts">
            {timeline.map((s) => {
              const st = STEP_STATUS[s.status] ?? { label: s.status, tone: "neutral" as const };
              const def = definition.steps.find((d) => d.id === s.stepId);
              return (
                <li key={s.id} data-testid={`timeline-${s.stepId}`}>
                  <details
                    className="rounded-md border bg-card p-3"
                    open={s.status === "failed" || !!selected}
                  >
                    <summary className="flex cursor-pointer flex-wrap items-center gap-2 text-sm">
                      <Badge tone={st.tone}>{st.label}</Badge>
                      <span className="font-medium">{def?.name || s.stepId}</span>
                      <span className="font-mono text-xs text-muted-foreground">{s.stepId}</span>
                      <span className="ml-auto text-xs text-muted-foreground">
                        {s.epoch > 1 ? `resume ${s.epoch - 1} · ` : ""}try {s.attempt} ·{" "}
                        {formatDuration(s.durationMs)}
                      </span>
                    </summary>
                    <div className="mt-2 space-y-2 text-xs">
                      <p className="text-muted-foreground">
                        {s.startedAt ? `Started ${fmt.format(new Date(s.startedAt))}` : "Not started"}
                        {s.tokensIn || s.tokensOut ? ` · ${s.tokensIn} in / ${s.tokensOut} out tokens` : ""}
                        {Number(s.cost) ? ` · ${formatCost(s.cost)}` : ""}
                        {s.reusedFromStepRunId ? " · output reused from the earlier run" : ""}
                      </p>
                      {s.childRunId ? (
                        <Link href={`/workflows/runs/${s.childRunId}`} className="text-primary underline">
                          Open the sub-workflow run
                        </Link>
                      ) : null}
                      {s.error ? (
                        <p className="rounded bg-danger/10 p-2 text-danger" data-testid="step-error">
                          {s.error}
                          {s.errorKind ? ` (${s.errorKind})` : ""}
                        </p>
                      ) : null}
                      <div>
                        <h3 className="mb-1 font-medium">Input</h3>
                        <JsonViewer value={s.input} label={`Input of ${s.stepId}`} />
                      </div>
                      <div>
                        <h3 className="mb-1 font-medium">Output</h3>
                        <JsonViewer value={s.output} label={`Output of ${s.stepId}`} />
                      </div>
                      {s.detail ? (
                        <div>
                          <h3 className="mb-1 font-medium">Detail</h3>
                          <JsonViewer value={s.detail} label={`Detail of ${s.stepId}`} />
                        </div>
                      ) : null}
                    </div>
                  </details>
                </li>
              );
            })}
          </ol>
          <div>
            <h3 className="mb-1 text-sm font-medium">Run input</h3>
            <JsonViewer value={run.input} label="Run input" />
          </div>
          {run.output !== null && run.output !== undefined ? (
            <div>
              <h3 className="mb-1 text-sm font-medium">Run output</h3>
              <JsonViewer value={run.output} label="Run output" />
            </div>
          ) : null}
        </section>
      </div>
    </div>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
