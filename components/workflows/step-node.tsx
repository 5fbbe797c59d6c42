"use client";

import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import {
  AlertTriangle,
  Bot,
  Braces,
  Clock,
  GitBranch,
  Globe,
  Layers,
  type LucideIcon,
  Sparkles,
  Webhook,
  Workflow,
  Wrench,
} from "lucide-react";
import type { WorkflowStepType } from "@/db/schema/workflows";
import { cn } from "@/lib/utils";
import { type DraftStep, STEP_TYPE_LABEL } from "./graph";
import { NODE_WIDTH } from "./layout";
import { STEP_STATUS } from "./status";

export const STEP_ICON: Record<WorkflowStepType, LucideIcon> = {
  model: Sparkles,
  template: Bot,
  multi_model: Layers,
  transform: Braces,
  condition: GitBranch,
  http: Globe,
  delay: Clock,
  subworkflow: Workflow,
  tool: Wrench,
  agent: Webhook,
};

export type StepNodeData = {
  step: DraftStep;
  issues: number;
  /** In a run view: the step's latest status. */
  status?: string;
};
export type StepNodeType = Node<StepNodeData, "step">;

const STATUS_RING: Record<string, string> = {
  success: "border-success bg-success/10",
  failed: "border-danger bg-danger/10",
  running: "border-primary bg-primary/10 animate-pulse",
  waiting: "border-primary bg-primary/10",
  ready: "border-primary/50",
  cancelled: "border-warning bg-warning/10",
  skipped: "border-dashed opacity-60",
};

const handle = "!h-3 !w-3 !border-2 !border-card !bg-muted-foreground";

function StepNode({ data, selected }: NodeProps<StepNodeType>) {
  const { step, issues, status } = data;
  const Icon = STEP_ICON[step.type];
  return (
    <div
      style={{ width: NODE_WIDTH }}
      data-testid={`step-node-${step.id}`}
      data-status={status}
      className={cn(
        "rounded-lg border-2 bg-card px-3 py-2 text-left shadow-sm",
        status ? STATUS_RING[status] : "border-border",
        issues > 0 && "border-danger",
        selected && "ring-2 ring-ring ring-offset-1 ring-offset-background",
      )}
    >
      <Handle type="target" position={Position.Top} className={handle} />
      <div className="flex items-center gap-2">
        <Icon aria-hidden="true" className="h-4 w-4 shrink-0 text-primary" />
        <span className="truncate text-sm font-medium">{step.name || step.id}</span>
        {issues > 0 ? (
          <span
            className="ml-auto inline-flex items-center gap-0.5 text-xs font-medium text-danger"
            title={`${issues} problem${issues === 1 ? "" : "s"}`}
            data-testid="step-issues"
          >
            <AlertTriangle aria-hidden="true" className="h-3.5 w-3.5" />
            {issues}
          </span>
        ) : null}
      </div>
      <div className="mt-0.5 flex items-center justify-between gap-2 text-xs text-muted-foreground">
        <span className="truncate font-mono">{step.id}</span>
        <span>{status ? (STEP_STATUS[status]?.label ?? status) : STEP_TYPE_LABEL[step.type]}</span>
      </div>
      {step.type === "condition" ? (
        <>
          <Handle
            type="source"
            id="true"
            position={Position.Bottom}
            style={{ left: "28%" }}
            className={cn(handle, "!bg-success")}
          />
          <Handle
            type="source"
            id="false"
            position={Position.Bottom}
            style={{ left: "72%" }}
            className={cn(handle, "!bg-danger")}
          />
          <div className="mt-1 flex justify-around text-[10px] font-semibold uppercase tracking-wide">
            <span className="text-success">true</span>
            <span className="text-danger">false</span>
          </div>
        </>
      ) : (
        <Handle type="source" position={Position.Bottom} className={handle} />
      )}
    </div>
  );
}

/** Module-level, so React Flow does not re-create node components on every render. */
export const NODE_TYPES = { step: StepNode };
