import { Card } from "@/components/ui/card";
import type { LearningPattern } from "@/db/schema";
import { percent } from "./format";

const TYPE_LABELS: Record<LearningPattern["patternType"], string> = {
  ai_preference: "Model preference",
  terminology_usage: "Term usage",
  workflow_pattern: "Workflow",
};

/** A pattern's subject in words, from its data (unknown shapes fall back to the key). */
function subject(p: LearningPattern): string {
  const d = p.data as Record<string, unknown>;
  const str = (k: string) => (typeof d[k] === "string" ? (d[k] as string) : null);
  if (p.patternType === "ai_preference")
    return `${str("label") ?? p.patternKey} for ${str("category") ?? "general"}`;
  if (p.patternType === "terminology_usage") return `“${str("term") ?? p.patternKey}” used in answers`;
  return `${str("name") ?? "Workflow"} succeeds`;
}

/** What was learned, most confident first: the rows Prism stores (and "Delete what was learned" removes). */
export function LearnedPatterns({ patterns, enabled }: { patterns: LearningPattern[]; enabled: boolean }) {
  return (
    <Card className="p-4">
      <h2 className="font-semibold">What Prism learned</h2>
      <p className="mb-3 text-xs text-muted-foreground">
        Confidence is the 95% Wilson lower bound of each pattern&apos;s success rate.
      </p>
      {patterns.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          {enabled
            ? "Nothing yet: patterns appear a few seconds after you vote or score."
            : "Learning is off; nothing is stored."}
        </p>
      ) : (
        <ul className="divide-y text-sm" data-testid="learned-patterns">
          {patterns.map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-3 py-2">
              <span className="min-w-0">
                <span className="block truncate font-medium">{subject(p)}</span>
                <span className="block text-xs text-muted-foreground">
                  {TYPE_LABELS[p.patternType]} · {p.occurrences} signal{p.occurrences === 1 ? "" : "s"}
                </span>
              </span>
              <span className="shrink-0 tabular-nums" title="Confidence">
                {percent(p.confidence)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
