"use client";

import { CircleAlert, CircleCheck, LoaderCircle, Wrench } from "lucide-react";
import { cn } from "@/lib/utils";
import type { ToolPart } from "./types";

function pretty(v: unknown): string {
  if (typeof v === "string") {
    try {
      return JSON.stringify(JSON.parse(v), null, 2);
    } catch {
      return v;
    }
  }
  return JSON.stringify(v ?? {}, null, 2);
}

/**
 * An answer's tool calls, each a collapsible row: tool and server, state and duration; opened, the
 * arguments the model sent and the result (or the error) it got back. Server names are shown on
 * every call because tool output is untrusted input to the model.
 */
export function ToolParts({ parts }: { parts: readonly ToolPart[] }) {
  if (!parts.length) return null;
  return (
    <ul className="space-y-1.5" aria-label="Tool calls">
      {parts.map((p) => (
        <li key={p.id}>
          <details
            data-testid="tool-part"
            data-state={p.state}
            data-tool={p.name}
            className={cn(
              "group rounded-md border bg-muted/40 text-sm",
              p.state === "error" && "border-danger/40 bg-danger/5",
            )}
          >
            <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2.5 py-1.5 outline-none focus-visible:ring-2 focus-visible:ring-ring [&::-webkit-details-marker]:hidden">
              <Wrench aria-hidden="true" className="h-3.5 w-3.5 shrink-0 text-muted-foreground" />
              <span className="min-w-0 truncate">
                <span className="font-medium">{p.tool}</span>
                <span className="text-muted-foreground"> · {p.server}</span>
              </span>
              <span className="ml-auto flex shrink-0 items-center gap-1 text-xs text-muted-foreground">
                {p.state === "running" ? (
                  <>
                    <LoaderCircle
                      aria-hidden="true"
                      className="h-3.5 w-3.5 animate-spin motion-reduce:animate-none"
                    />
                    Running…
                  </>
                ) : p.state === "error" ? (
                  <>
                    <CircleAlert aria-hidden="true" className="h-3.5 w-3.5 text-danger" />
                    <span className="text-danger">Failed</span>
                  </>
                ) : (
                  <>
                    <CircleCheck aria-hidden="true" className="h-3.5 w-3.5 text-success" />
                    Done
                  </>
                )}
                {typeof p.durationMs === "number" ? <span>· {formatMs(p.durationMs)}</span> : null}
              </span>
            </summary>
            <div className="space-y-2 border-t px-2.5 py-2">
              <div>
                <p className="text-xs font-medium text-muted-foreground">Arguments</p>
                <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-words rounded bg-card p-2 font-mono text-xs">
                  {pretty(p.args)}
                </pre>
              </div>
              {p.state === "error" ? (
                <div>
                  <p className="text-xs font-medium text-danger">Error</p>
                  <p className="mt-1 break-words text-xs">{p.error}</p>
                </div>
              ) : p.state === "done" ? (
                <div>
                  <p className="text-xs font-medium text-muted-foreground">
                    Result{p.truncated ? " (cut to the size limit)" : ""}
                  </p>
                  <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-card p-2 font-mono text-xs">
                    {pretty(p.result ?? "")}
                  </pre>
                </div>
              ) : null}
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}

const formatMs = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);
