"use client";

import Link from "next/link";
import { Switch } from "radix-ui";
import { useId } from "react";
import { cn } from "@/lib/utils";

/**
 * "Use my terminology" for the open conversation: the relevant entries of the user's dictionary go
 * into every model's instructions, and each answer is checked against them. With an empty
 * dictionary the switch is off and disabled, with a link to add terms.
 */
export function TerminologySwitch({
  on,
  hasTerminology,
  disabled,
  onChange,
}: {
  on: boolean;
  hasTerminology: boolean;
  disabled?: boolean;
  onChange: (on: boolean) => void;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div
      className="flex flex-wrap items-center gap-x-2 gap-y-0.5 rounded-md px-1.5 py-1"
      data-testid="terminology-switch"
      title={hasTerminology ? undefined : "Your dictionary is empty: add terms to use them here."}
    >
      <Switch.Root
        id={id}
        checked={hasTerminology && on}
        disabled={disabled || !hasTerminology}
        aria-describedby={hintId}
        onCheckedChange={onChange}
        className="relative inline-flex h-5 w-9 shrink-0 items-center rounded-full bg-input transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-card disabled:cursor-not-allowed disabled:opacity-50 data-[state=checked]:bg-primary"
      >
        <Switch.Thumb className="block h-4 w-4 translate-x-0.5 rounded-full bg-card shadow transition-transform motion-reduce:transition-none data-[state=checked]:translate-x-[18px]" />
      </Switch.Root>
      <label
        htmlFor={id}
        className={cn(
          "whitespace-nowrap text-xs font-medium",
          hasTerminology ? "cursor-pointer" : "text-muted-foreground",
        )}
      >
        Use my terminology
      </label>
      {hasTerminology ? (
        <span id={hintId} className="sr-only">
          Adds the relevant terms of your dictionary to every model's instructions and checks each answer
          against them.
        </span>
      ) : (
        <span className="whitespace-nowrap text-xs">
          <span id={hintId} className="sr-only">
            Your dictionary is empty.
          </span>
          <Link href="/terminology" className="font-medium text-primary underline-offset-4 hover:underline">
            Add terms
          </Link>
        </span>
      )}
    </div>
  );
}
