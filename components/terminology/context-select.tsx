import type { ComponentProps } from "react";
import { Select } from "@/components/ui/input";
import type { TermContext } from "@/db/schema";
import { CONTEXT_LABEL, CONTEXTS } from "./types";

/** A select of the entry contexts; the empty value is "any context" (or "all", in a filter). */
export function ContextSelect({
  value,
  onValueChange,
  emptyLabel = "Any context",
  ...props
}: Omit<ComponentProps<"select">, "value" | "onChange"> & {
  value: TermContext | "";
  onValueChange: (value: TermContext | "") => void;
  emptyLabel?: string;
}) {
  return (
    <Select value={value} onChange={(e) => onValueChange(e.target.value as TermContext | "")} {...props}>
      <option value="">{emptyLabel}</option>
      {CONTEXTS.map((c) => (
        <option key={c} value={c}>
          {CONTEXT_LABEL[c]}
        </option>
      ))}
    </Select>
  );
}
