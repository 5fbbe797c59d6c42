/** Badge tones and labels for workflow, run and step statuses (one place for every page). */
export type Tone = "neutral" | "primary" | "danger" | "success" | "warning";

export const WORKFLOW_STATUS: Record<string, { label: string; tone: Tone }> = {
  active: { label: "Active", tone: "success" },
  paused: { label: "Paused", tone: "warning" },
  archived: { label: "Archived", tone: "neutral" },
};

export const RUN_STATUS: Record<string, { label: string; tone: Tone }> = {
  queued: { label: "Queued", tone: "neutral" },
  running: { label: "Running", tone: "primary" },
  success: { label: "Succeeded", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  cancelled: { label: "Cancelled", tone: "warning" },
};

export const STEP_STATUS: Record<string, { label: string; tone: Tone }> = {
  pending: { label: "Pending", tone: "neutral" },
  ready: { label: "Ready", tone: "neutral" },
  running: { label: "Running", tone: "primary" },
  waiting: { label: "Waiting", tone: "primary" },
  success: { label: "Succeeded", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  skipped: { label: "Skipped", tone: "neutral" },
  cancelled: { label: "Cancelled", tone: "warning" },
};

export const TRIGGER_LABEL: Record<string, string> = {
  manual: "Manual",
  scheduled: "Schedule",
  webhook: "Webhook",
  api: "API",
  subworkflow: "Sub-workflow",
};

export const isLive = (status: string) => status === "queued" || status === "running";

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatCost(cost: string | number | null | undefined): string {
  const n = Number(cost ?? 0);
  if (!n) return "$0";
  return n < 0.01 ? `$${n.toFixed(6)}` : `$${n.toFixed(4)}`;
}
