"use client";

import { LayoutGrid, Save } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import { saveWorkflowAction } from "@/app/(app)/workflows/actions";
import { Button } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/input";
import type { WorkflowStepType } from "@/db/schema/workflows";
import { cn } from "@/lib/utils";
import type { DefinitionIssue } from "@/lib/workflows/definition";
import { defaultConfig } from "./config-fields";
import type { EditorChoices } from "./config-form";
import { FlowCanvas } from "./flow-canvas";
import {
  addEdge,
  cleanDraft,
  type Draft,
  type DraftStep,
  edgeId,
  issuesByStep,
  newStepId,
  removeStep,
  renameStep,
} from "./graph";
import { InputSchemaEditor } from "./input-schema-editor";
import { autoLayout, NODE_HEIGHT } from "./layout";
import { Palette } from "./palette";
import { StepPanel } from "./step-panel";
import { useIsNarrow } from "./use-dark";
import { sameDraft, validateDraft } from "./validation";

/** The workflow editor: canvas or JSON, the selected step's panel, validation markers and Save. */
export function WorkflowEditor({
  workflowId,
  version,
  definition,
  secretNames,
  choices,
}: {
  workflowId: string;
  version: number;
  definition: Draft;
  secretNames: string[];
  choices: EditorChoices;
}) {
  const router = useRouter();
  const narrow = useIsNarrow();
  const readOnly = narrow;
  const [draft, setDraftState] = useState<Draft>(definition);
  const [saved, setSaved] = useState<Draft>(definition);
  const [savedVersion, setSavedVersion] = useState(version);
  const [selected, setSelected] = useState<string | null>(null);
  const [serverIssues, setServerIssues] = useState<DefinitionIssue[]>([]);
  const [view, setView] = useState<"canvas" | "json">("canvas");
  const [jsonText, setJsonText] = useState("");
  const [jsonError, setJsonError] = useState<string>();
  const [changelog, setChangelog] = useState("");
  const [fitKey, setFitKey] = useState(0);
  const [saving, startSave] = useTransition();

  const setDraft = useCallback((update: (d: Draft) => Draft) => {
    setDraftState(update);
    setServerIssues([]);
  }, []);

  const clientIssues = useMemo(() => validateDraft(draft, secretNames), [draft, secretNames]);
  const issues = serverIssues.length ? serverIssues : clientIssues;
  const byStep = useMemo(() => issuesByStep(issues), [issues]);
  const counts = useMemo(() => new Map([...byStep].map(([k, v]) => [k, v.length])), [byStep]);
  const dirty = !sameDraft(cleanDraft(draft), cleanDraft(saved));
  const step = draft.steps.find((s) => s.id === selected) ?? null;

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const addStep = (type: WorkflowStepType, at?: { x: number; y: number }) => {
    const id = newStepId(draft, type);
    const after = draft.steps.find((s) => s.id === selected);
    const lowest = draft.steps.reduce((m, s) => Math.max(m, s.position?.y ?? 0), -NODE_HEIGHT - 60);
    const position = at ?? {
      x: after?.position?.x ?? 0,
      y: (after ? (after.position?.y ?? 0) : lowest) + NODE_HEIGHT + 60,
    };
    const first = choices.models[0]?.id ?? null;
    const next: DraftStep = { id, type, config: defaultConfig(type, first), position };
    setDraft((d) => {
      let out: Draft = { ...d, steps: [...d.steps, next] };
      if (after && !at) {
        const taken = d.edges.filter((e) => e.from === after.id).map((e) => e.branch);
        const branch = after.type === "condition" ? (taken.includes("true") ? "false" : "true") : undefined;
        out = addEdge(out, { from: after.id, to: id, ...(branch ? { branch } : {}) });
      }
      return out;
    });
    setSelected(id);
    setFitKey((k) => k + 1);
  };

  const updateStep = (s: DraftStep) =>
    setDraft((d) => ({ ...d, steps: d.steps.map((x) => (x.id === s.id ? s : x)) }));

  const onMove = useCallback((id: string, position: { x: number; y: number }) => {
    const p = { x: Math.round(position.x), y: Math.round(position.y) };
    setDraftState((d) => {
      const s = d.steps.find((x) => x.id === id);
      if (!s || (s.position?.x === p.x && s.position?.y === p.y)) return d;
      return { ...d, steps: d.steps.map((x) => (x.id === id ? { ...x, position: p } : x)) };
    });
  }, []);

  const layout = () => {
    const pos = autoLayout(draft);
    setDraft((d) => ({ ...d, steps: d.steps.map((s) => ({ ...s, position: pos.get(s.id) ?? s.position })) }));
    setFitKey((k) => k + 1);
  };

  const openJson = () => {
    setJsonText(JSON.stringify(cleanDraft(draft), null, 2));
    setJsonError(undefined);
    setView("json");
  };

  /** Reads the JSON view back into the draft; false (with an error shown) when it does not parse. */
  const applyJson = (): boolean => {
    try {
      const parsed = JSON.parse(jsonText) as Partial<Draft>;
      if (!parsed || typeof parsed !== "object" || !Array.isArray(parsed.steps))
        throw new Error("The JSON needs a steps array.");
      const next: Draft = {
        inputSchema: Array.isArray(parsed.inputSchema) ? parsed.inputSchema : [],
        steps: parsed.steps,
        edges: Array.isArray(parsed.edges) ? parsed.edges : [],
      };
      setDraft(() => next);
      setJsonError(undefined);
      setFitKey((k) => k + 1);
      return true;
    } catch (err) {
      setJsonError(err instanceof SyntaxError ? `Not valid JSON: ${err.message}` : (err as Error).message);
      return false;
    }
  };

  const save = () =>
    startSave(async () => {
      const definitionToSave = cleanDraft(draft);
      const r = await saveWorkflowAction(workflowId, { definition: definitionToSave, changelog });
      if (!r.ok) {
        setServerIssues(r.issues);
        const n = r.issues.length;
        toast.error(n > 1 ? `${n} problems to fix. ${r.error.message}` : r.error.message);
        const first = r.issues.find((i) => i.stepId)?.stepId;
        if (first && draft.steps.some((s) => s.id === first)) setSelected(first);
        return;
      }
      setSaved(definitionToSave);
      setChangelog("");
      if (r.data.changed) {
        setSavedVersion(r.data.version);
        toast.success(`Saved version ${r.data.version}`);
      } else toast.info("No changes since the last version");
      router.refresh();
    });

  return (
    <div className="space-y-3">
      {readOnly ? (
        <p className="rounded-md bg-muted p-3 text-sm text-muted-foreground">
          Read-only on a small screen: open this workflow on a wider screen to edit it.
        </p>
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <Palette onAdd={(t) => addStep(t)} />
          <div className="ml-auto flex gap-1.5">
            <Button variant="outline" size="sm" onClick={layout} disabled={view === "json"}>
              <LayoutGrid aria-hidden="true" className="h-4 w-4" />
              Auto-layout
            </Button>
          </div>
        </div>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <div role="tablist" aria-label="Editor view" className="inline-flex rounded-md border p-0.5">
          {(["canvas", "json"] as const).map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              aria-selected={view === v}
              className={cn(
                "rounded px-3 py-1 text-sm",
                view === v
                  ? "bg-accent font-medium text-primary"
                  : "text-muted-foreground hover:text-foreground",
              )}
              onClick={() => {
                if (v === view) return;
                if (v === "json") openJson();
                else if (applyJson()) setView("canvas");
              }}
            >
              {v === "canvas" ? "Canvas" : "JSON"}
            </button>
          ))}
        </div>
        <span className="text-sm text-muted-foreground" data-testid="editor-state">
          Version {savedVersion}
          {dirty ? " · unsaved changes" : ""}
          {issues.length ? (
            <span className="text-danger">
              {" "}
              · {issues.length} problem{issues.length === 1 ? "" : "s"}
            </span>
          ) : null}
        </span>
        {readOnly ? null : (
          <form
            className="ml-auto flex w-full gap-2 sm:w-auto"
            onSubmit={(e) => {
              e.preventDefault();
              if (view === "json" && !applyJson()) return;
              save();
            }}
          >
            <Input
              aria-label="Changelog"
              placeholder="What changed (optional)"
              value={changelog}
              maxLength={500}
              onChange={(e) => setChangelog(e.target.value)}
              className="h-9 sm:w-64"
            />
            <Button type="submit" disabled={saving} className="h-9">
              <Save aria-hidden="true" className="h-4 w-4" />
              {saving ? "Saving…" : "Save version"}
            </Button>
          </form>
        )}
      </div>
      <div className="flex flex-col gap-3 md:flex-row">
        <div className="min-w-0 flex-1">
          {view === "canvas" ? (
            <FlowCanvas
              label="Workflow canvas"
              draft={draft}
              issueCounts={counts}
              selected={selected}
              onSelect={setSelected}
              readOnly={readOnly}
              onMove={onMove}
              onConnect={(e) => setDraft((d) => addEdge(d, e))}
              onDeleteSteps={(ids) => setDraft((d) => ids.reduce((acc, id) => removeStep(acc, id), d))}
              onDeleteEdges={(es) => {
                const gone = new Set(es.map(edgeId));
                setDraft((d) => ({ ...d, edges: d.edges.filter((e) => !gone.has(edgeId(e))) }));
              }}
              onDropType={(t, at) => addStep(t, at)}
              fitKey={fitKey}
              className={narrow ? "h-[55vh] min-h-[320px]" : undefined}
            />
          ) : (
            <div className="space-y-2">
              <Textarea
                aria-label="Workflow JSON"
                value={jsonText}
                readOnly={readOnly}
                onChange={(e) => setJsonText(e.target.value)}
                spellCheck={false}
                className="h-[60vh] min-h-[420px] text-xs"
                {...(jsonError ? { "aria-invalid": true, "aria-describedby": "json-error" } : {})}
              />
              {jsonError ? (
                <p id="json-error" role="alert" className="text-sm text-danger">
                  {jsonError}
                </p>
              ) : null}
              {readOnly ? null : (
                <Button variant="outline" onClick={() => applyJson() && toast.success("JSON applied")}>
                  Apply JSON
                </Button>
              )}
            </div>
          )}
        </div>
        <aside
          aria-label="Side panel"
          className="max-h-[75vh] overflow-y-auto rounded-lg border bg-card p-4 md:w-96 md:shrink-0"
        >
          {step ? (
            <StepPanel
              key={step.id}
              step={step}
              draft={draft}
              issues={byStep.get(step.id) ?? []}
              choices={choices}
              readOnly={readOnly}
              onChange={updateStep}
              onRename={(to) => {
                if (draft.steps.some((s) => s.id === to)) return `A step is already called “${to}”.`;
                setDraft((d) => renameStep(d, step.id, to));
                setSelected(to);
                return null;
              }}
              onDelete={() => {
                setDraft((d) => removeStep(d, step.id));
                setSelected(null);
              }}
              onConnect={(e) => setDraft((d) => addEdge(d, e))}
              onRemoveEdge={(e) =>
                setDraft((d) => ({ ...d, edges: d.edges.filter((x) => edgeId(x) !== edgeId(e)) }))
              }
              onClose={() => setSelected(null)}
            />
          ) : (
            <InputSchemaEditor
              fields={draft.inputSchema}
              issues={byStep.get("") ?? []}
              readOnly={readOnly}
              onChange={(inputSchema) => setDraft((d) => ({ ...d, inputSchema }))}
            />
          )}
          {!step && counts.size > (byStep.has("") ? 1 : 0) ? (
            <div className="mt-4 space-y-1 text-sm">
              <h3 className="font-medium">Steps with problems</h3>
              <ul>
                {[...byStep.keys()]
                  .filter((k) => k)
                  .map((k) => (
                    <li key={k}>
                      <button type="button" className="text-danger underline" onClick={() => setSelected(k)}>
                        {k}: {byStep.get(k)?.[0]?.message}
                      </button>
                    </li>
                  ))}
              </ul>
            </div>
          ) : null}
        </aside>
      </div>
    </div>
  );
}
