"use client";

import { Wrench } from "lucide-react";
import Link from "next/link";
import { Popover } from "radix-ui";
import { useId } from "react";
import { cn } from "@/lib/utils";
import type { ToolOption, ToolSelection } from "./types";

/**
 * The conversation's tools: which MCP servers (their enabled tools) and built-in tools the models
 * may call. With nothing chosen the answers stream without tools, as before.
 */
export function ToolSelector({
  options,
  value,
  disabled,
  onChange,
}: {
  options: readonly ToolOption[];
  value: ToolSelection;
  disabled?: boolean;
  onChange: (next: ToolSelection) => void;
}) {
  const id = useId();
  const chosen = (o: ToolOption) =>
    o.kind === "server" ? value.servers.includes(o.id) : (value.builtins as string[]).includes(o.id);
  const count = options.filter(chosen).length;
  const toggle = (o: ToolOption, on: boolean) => {
    if (o.kind === "server") {
      const servers = on ? [...new Set([...value.servers, o.id])] : value.servers.filter((s) => s !== o.id);
      onChange({ ...value, servers });
    } else {
      const ids = value.builtins as string[];
      const builtins = (
        on ? [...new Set([...ids, o.id])] : ids.filter((b) => b !== o.id)
      ) as ToolSelection["builtins"];
      onChange({ ...value, builtins });
    }
  };
  return (
    <Popover.Root>
      <Popover.Trigger
        disabled={disabled}
        data-testid="tool-selector"
        className={cn(
          "inline-flex h-7 items-center gap-1.5 rounded-md px-2 text-xs font-medium outline-none hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-50",
          count > 0 ? "text-primary" : "text-muted-foreground",
        )}
      >
        <Wrench aria-hidden="true" className="h-3.5 w-3.5" />
        {count > 0 ? `Tools (${count})` : "Tools"}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={6}
          className="z-50 w-72 rounded-lg border bg-card p-3 shadow-lg outline-none"
        >
          <fieldset>
            <legend className="text-sm font-semibold">Tools the models may call</legend>
            <p className="mt-0.5 text-xs text-muted-foreground">
              Each call is shown in the answer. Manage servers in{" "}
              <Link href="/settings/tools" className="font-medium text-primary hover:underline">
                Settings → Tools
              </Link>
              .
            </p>
            <ul className="mt-2 space-y-1">
              {options.map((o) => {
                const inputId = `${id}-${o.kind}-${o.id}`;
                return (
                  <li
                    key={`${o.kind}-${o.id}`}
                    className="flex items-start gap-2 rounded px-1 py-1 hover:bg-muted"
                  >
                    <input
                      id={inputId}
                      type="checkbox"
                      className="mt-0.5 h-4 w-4 accent-[var(--color-primary)]"
                      checked={chosen(o)}
                      onChange={(e) => toggle(o, e.target.checked)}
                    />
                    <label htmlFor={inputId} className="min-w-0 flex-1 cursor-pointer">
                      <span className="block truncate text-sm">{o.label}</span>
                      <span className="block truncate text-xs text-muted-foreground">{o.detail}</span>
                    </label>
                  </li>
                );
              })}
            </ul>
            {!options.some((o) => o.kind === "server") ? (
              <p className="mt-2 text-xs text-muted-foreground">
                No MCP server with enabled tools yet.{" "}
                <Link href="/settings/tools" className="font-medium text-primary hover:underline">
                  Add one
                </Link>
              </p>
            ) : null}
          </fieldset>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
