"use client";

import { WORKFLOW_STEP_TYPES, type WorkflowStepType } from "@/db/schema/workflows";
import { DRAG_MIME } from "./flow-canvas";
import { STEP_TYPE_LABEL } from "./graph";
import { STEP_ICON } from "./step-node";

/** Step types to add: click (or Enter) adds after the selected step; drag drops one on the canvas. */
export function Palette({ onAdd }: { onAdd: (type: WorkflowStepType) => void }) {
  return (
    <div role="toolbar" aria-label="Add a step" className="flex flex-wrap gap-1.5">
      {WORKFLOW_STEP_TYPES.map((type) => {
        const Icon = STEP_ICON[type];
        return (
          <button
            key={type}
            type="button"
            draggable
            onDragStart={(e) => {
              e.dataTransfer.setData(DRAG_MIME, type);
              e.dataTransfer.effectAllowed = "move";
            }}
            onClick={() => onAdd(type)}
            aria-label={`Add ${STEP_TYPE_LABEL[type]} step`}
            className="inline-flex h-8 cursor-grab items-center gap-1.5 rounded-md border bg-card px-2.5 text-xs font-medium hover:bg-muted"
          >
            <Icon aria-hidden="true" className="h-3.5 w-3.5 text-primary" />
            {STEP_TYPE_LABEL[type]}
          </button>
        );
      })}
    </div>
  );
}
