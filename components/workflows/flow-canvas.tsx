"use client";

import {
  applyNodeChanges,
  Background,
  type Connection,
  Controls,
  type Edge,
  MarkerType,
  type NodeChange,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { WorkflowStepType } from "@/db/schema/workflows";
import { cn } from "@/lib/utils";
import { type Draft, type DraftEdge, edgeId, STEP_TYPE_LABEL } from "./graph";
import { NODE_TYPES, type StepNodeType } from "./step-node";
import { useIsDark } from "./use-dark";

export const DRAG_MIME = "application/x-prism-step";

export type FlowCanvasProps = {
  draft: Draft;
  issueCounts?: Map<string, number>;
  statuses?: Record<string, string>;
  selected: string | null;
  onSelect: (id: string | null) => void;
  readOnly?: boolean;
  onMove?: (id: string, position: { x: number; y: number }) => void;
  onConnect?: (edge: DraftEdge) => void;
  onDeleteSteps?: (ids: string[]) => void;
  onDeleteEdges?: (edges: DraftEdge[]) => void;
  onDropType?: (type: WorkflowStepType, position: { x: number; y: number }) => void;
  /** Bump to fit the view again (after an auto-layout or a JSON import). */
  fitKey?: number;
  className?: string;
  label: string;
};

/** The React Flow canvas of a draft; editable in the editor, read-only (coloured by status) in a run. */
export function FlowCanvas(props: FlowCanvasProps) {
  return (
    <ReactFlowProvider>
      <Inner {...props} />
    </ReactFlowProvider>
  );
}

function Inner({
  draft,
  issueCounts,
  statuses,
  selected,
  onSelect,
  readOnly,
  onMove,
  onConnect,
  onDeleteSteps,
  onDeleteEdges,
  onDropType,
  fitKey,
  className,
  label,
}: FlowCanvasProps) {
  const dark = useIsDark();
  const flow = useReactFlow();
  const [nodes, setNodes] = useState<StepNodeType[]>([]);
  const [selectedEdges, setSelectedEdges] = useState<Set<string>>(new Set());

  // The draft owns the graph; the canvas keeps what React Flow measures and the live drag position.
  useEffect(() => {
    setNodes((prev) =>
      draft.steps.map((s, i) => {
        const p = prev.find((n) => n.id === s.id);
        return {
          ...(p ?? {}),
          id: s.id,
          type: "step" as const,
          position: p?.dragging ? p.position : (s.position ?? { x: 0, y: i * 120 }),
          selected: s.id === selected,
          draggable: !readOnly,
          ariaLabel: `${STEP_TYPE_LABEL[s.type]} step ${s.name || s.id}${issueCounts?.get(s.id) ? `, ${issueCounts.get(s.id)} problems` : ""}${statuses?.[s.id] ? `, ${statuses[s.id]}` : ""}`,
          data: { step: s, issues: issueCounts?.get(s.id) ?? 0, status: statuses?.[s.id] },
        };
      }),
    );
  }, [draft, issueCounts, statuses, selected, readOnly]);

  useEffect(() => {
    if (fitKey === undefined) return;
    const t = setTimeout(() => void flow.fitView({ padding: 0.2, maxZoom: 1, duration: 200 }), 50);
    return () => clearTimeout(t);
  }, [fitKey, flow]);

  const edges = useMemo<Edge[]>(
    () =>
      draft.edges.map((e) => {
        const id = edgeId(e);
        const status = statuses?.[e.from];
        return {
          id,
          source: e.from,
          target: e.to,
          sourceHandle: e.branch ?? null,
          label: e.branch,
          selected: selectedEdges.has(id),
          animated: status === "running",
          markerEnd: { type: MarkerType.ArrowClosed },
          style: e.branch
            ? { stroke: e.branch === "true" ? "var(--success)" : "var(--danger)", strokeWidth: 1.5 }
            : { strokeWidth: 1.5 },
          labelStyle: { fontSize: 11, fontWeight: 600 },
          ariaLabel: `From ${e.from} to ${e.to}${e.branch ? ` when ${e.branch}` : ""}`,
        };
      }),
    [draft.edges, statuses, selectedEdges],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<StepNodeType>[]) => {
      setNodes((nds) => applyNodeChanges(changes, nds));
      for (const c of changes) {
        if (c.type === "position" && c.position && !c.dragging) onMove?.(c.id, c.position);
        if (c.type === "select" && c.selected) onSelect(c.id);
      }
      if (changes.every((c) => c.type === "select" && !c.selected) && changes.length) {
        if (changes.some((c) => c.type === "select" && c.id === selected)) onSelect(null);
      }
    },
    [onMove, onSelect, selected],
  );

  const byId = useMemo(() => new Map(draft.edges.map((e) => [edgeId(e), e])), [draft.edges]);

  return (
    <div
      role="region"
      aria-label={label}
      className={cn(
        "h-[60vh] min-h-[420px] w-full overflow-hidden rounded-lg border bg-background",
        className,
      )}
      onDragOver={(e) => {
        if (readOnly) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
      }}
      onDrop={(e) => {
        if (readOnly) return;
        const type = e.dataTransfer.getData(DRAG_MIME) as WorkflowStepType;
        if (!type) return;
        e.preventDefault();
        onDropType?.(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
      }}
    >
      <ReactFlow<StepNodeType, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={(changes) => {
          setSelectedEdges((prev) => {
            const next = new Set(prev);
            for (const c of changes) {
              if (c.type === "select") {
                if (c.selected) next.add(c.id);
                else next.delete(c.id);
              }
            }
            return next;
          });
        }}
        onNodeDragStop={(_e, _n, moved) => {
          for (const n of moved) onMove?.(n.id, n.position);
        }}
        onConnect={(c: Connection) => {
          if (!c.source || !c.target) return;
          const branch = c.sourceHandle === "true" || c.sourceHandle === "false" ? c.sourceHandle : undefined;
          onConnect?.({ from: c.source, to: c.target, ...(branch ? { branch } : {}) });
        }}
        onNodesDelete={(ns) => onDeleteSteps?.(ns.map((n) => n.id))}
        onEdgesDelete={(es) => onDeleteEdges?.(es.map((e) => byId.get(e.id)).filter((e) => !!e))}
        onPaneClick={() => onSelect(null)}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesFocusable={!readOnly}
        deleteKeyCode={readOnly ? null : ["Backspace", "Delete"]}
        colorMode={dark ? "dark" : "light"}
        // The app's own surfaces instead of React Flow's greys, in both themes.
        style={
          {
            "--xy-background-color": "var(--background)",
            "--xy-edge-label-background-color": "var(--card)",
            "--xy-edge-label-color": "var(--foreground)",
          } as React.CSSProperties
        }
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        minZoom={0.2}
      >
        <Background gap={16} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
