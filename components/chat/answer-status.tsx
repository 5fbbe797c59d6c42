import { Loader2 } from "lucide-react";
import { Badge } from "@/components/ui/card";
import { formatCount, formatUsd } from "@/components/ui/number-format";
import type { ChatMessage } from "./types";

export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** The live state of one answer, announced politely to screen readers as it changes. */
export function AnswerStatus({ message }: { message: ChatMessage }) {
  const waiting = message.status === "streaming" && message.content === "";
  const { label, tone } =
    message.status === "streaming"
      ? { label: waiting ? "Waiting" : "Streaming", tone: "primary" as const }
      : message.status === "complete"
        ? { label: "Done", tone: "success" as const }
        : message.status === "aborted"
          ? { label: "Stopped", tone: "warning" as const }
          : { label: "Failed", tone: "danger" as const };
  return (
    <span aria-live="polite" className="shrink-0">
      <Badge tone={tone} data-testid="answer-status" className="gap-1">
        {message.status === "streaming" ? (
          <Loader2 aria-hidden="true" className="h-3 w-3 animate-spin motion-reduce:animate-none" />
        ) : null}
        {label}
      </Badge>
    </span>
  );
}

/** Time to first token, total time, tokens and cost of a finished answer. */
export function AnswerMetrics({ message }: { message: ChatMessage }) {
  if (message.status === "streaming") return null;
  if (message.latencyMs === null && message.tokensIn === 0 && message.tokensOut === 0) return null;
  const items = [
    { label: "First token", value: formatDuration(message.ttftMs) },
    { label: "Total", value: formatDuration(message.latencyMs) },
    {
      label: "Tokens",
      value: `${formatCount(message.tokensIn)} in · ${formatCount(message.tokensOut)} out`,
    },
    { label: "Cost", value: `${formatUsd(message.cost)}${message.estimated ? " (estimated)" : ""}` },
  ];
  return (
    <dl
      data-testid="answer-metrics"
      className="grid grid-cols-2 gap-x-3 gap-y-1 border-t pt-2 text-xs text-muted-foreground"
    >
      {items.map((i) => (
        <div key={i.label} className="flex min-w-0 flex-wrap gap-x-1">
          <dt>{i.label}</dt>
          <dd className="font-medium tabular-nums text-foreground">{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}
