import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "@/components/ui/button";

/** ‹ 2/3 ›: steps through sibling prompts (branches) or the turns of one prompt. */
export function Switcher({
  label,
  noun,
  prefix,
  index,
  count,
  onChange,
  disabled,
}: {
  label: string;
  noun: string;
  prefix?: string;
  index: number;
  count: number;
  onChange: (index: number) => void;
  disabled?: boolean;
}) {
  if (count < 2) return null;
  return (
    <div
      role="group"
      aria-label={label}
      className="inline-flex items-center gap-0.5 text-xs text-muted-foreground"
    >
      <Button
        variant="ghost"
        size="icon"
        className="h-7 w-7"
        aria-label={`Previous ${noun}`}
        disabled={disabled || index === 0}
        onClick={() => onChange(index - 1)}
      >
        <ChevronLeft aria-hidden="true" className="h-4 w-4" />
      </Button>
      <span className="min-w-10 text-center tabular-nums" data-testid="switcher-position">
        {prefix ? `${prefix} ` : ""}
        {index + 1}/{count}
      </span>
      <Button
        variant="ghost"
        size="icon"
        className="h-7 w-7"
        aria-label={`Next ${noun}`}
        disabled={disabled || index === count - 1}
        onClick={() => onChange(index + 1)}
      >
        <ChevronRight aria-hidden="true" className="h-4 w-4" />
      </Button>
    </div>
  );
}
