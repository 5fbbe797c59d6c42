"use client";

import { Loader2, RefreshCw, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import type { ServerActionSet, ServerItem } from "./types";

const STATUS = {
  connected: { label: "Connected", tone: "success" },
  disconnected: { label: "Not connected yet", tone: "neutral" },
  error: { label: "Error", tone: "danger" },
} as const;

/**
 * One MCP server: status and last error, its tools (description and input schema), a switch per
 * tool (only enabled tools are offered to models), refresh and delete. Read-only without actions.
 */
export function ServerCard({ item, actions }: { item: ServerItem; actions?: ServerActionSet }) {
  const id = useId();
  const router = useRouter();
  const [enabled, setEnabled] = useState<string[]>(item.enabledTools);
  const [busy, start] = useTransition();
  const manage = item.canManage ? actions : undefined;
  const status = STATUS[item.status];
  const titleId = `${id}-title`;

  const toggle = (a: ServerActionSet, tool: string, on: boolean) => {
    const previous = enabled;
    const next = on ? [...new Set([...enabled, tool])] : enabled.filter((t) => t !== tool);
    setEnabled(next);
    start(async () => {
      const res = await a.update({ id: item.id, enabledTools: next });
      if (!res.ok) {
        setEnabled(previous);
        toast.error(res.error.message);
      } else toast.success(`${tool} ${on ? "enabled" : "disabled"}`);
      router.refresh();
    });
  };
  const refresh = (a: ServerActionSet) =>
    start(async () => {
      const res = await a.refresh({ id: item.id });
      if (!res.ok) toast.error(res.error.message);
      else if (res.data.status === "connected")
        toast.success(`${item.name}: ${res.data.tools} tool${res.data.tools === 1 ? "" : "s"} listed`);
      else toast.error(`${item.name}: ${res.data.lastError ?? "could not connect"}`);
      router.refresh();
    });
  const remove = (a: ServerActionSet) => {
    if (!window.confirm(`Delete the server ${item.name}? Conversations stop offering its tools.`)) return;
    start(async () => {
      const res = await a.remove({ id: item.id });
      if (res.ok) toast.success(`${item.name} deleted`);
      else toast.error(res.error.message);
      router.refresh();
    });
  };

  return (
    <article
      aria-labelledby={titleId}
      data-testid="mcp-server"
      className="space-y-3 rounded-lg border bg-card p-4"
    >
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 id={titleId} className="flex items-center gap-2 text-base font-semibold">
            {item.name}
            <Badge tone={status.tone} data-testid="mcp-status">
              {status.label}
            </Badge>
            {item.shared ? <Badge tone="primary">Shared</Badge> : null}
          </h3>
          <p className="mt-0.5 break-all text-xs text-muted-foreground">
            {item.transport === "stdio"
              ? `stdio · ${[item.command, ...item.args].join(" ")}`
              : `${item.transport === "http" ? "Streamable HTTP" : "SSE"} · ${item.url}`}
            {item.headerNames.length ? ` · headers: ${item.headerNames.join(", ")}` : ""}
          </p>
          {item.toolsRefreshedAt ? (
            <p className="text-xs text-muted-foreground">
              Tools listed {new Date(item.toolsRefreshedAt).toLocaleString()}
            </p>
          ) : null}
        </div>
        {manage ? (
          <div className="flex gap-1.5">
            <Button variant="outline" size="sm" disabled={busy} onClick={() => refresh(manage)}>
              {busy ? (
                <Loader2 aria-hidden="true" className="h-4 w-4 animate-spin" />
              ) : (
                <RefreshCw aria-hidden="true" className="h-4 w-4" />
              )}
              Refresh tools
            </Button>
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Delete ${item.name}`}
              disabled={busy}
              onClick={() => remove(manage)}
            >
              <Trash2 aria-hidden="true" className="h-4 w-4" />
            </Button>
          </div>
        ) : null}
      </header>
      {item.status === "error" && item.lastError ? (
        <p role="status" className="rounded-md border border-danger/40 bg-danger/10 p-2 text-sm break-words">
          <span className="font-medium text-danger">Last error: </span>
          {item.lastError}
        </p>
      ) : null}
      {item.tools.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          {item.status === "connected" ? "This server offers no tools." : "No tools listed yet."}
        </p>
      ) : (
        <fieldset>
          <legend className="text-sm font-medium">
            Tools{" "}
            <span className="font-normal text-muted-foreground">
              ({enabled.length} of {item.tools.length} enabled)
            </span>
          </legend>
          <ul className="mt-2 divide-y rounded-md border">
            {item.tools.map((t) => {
              const inputId = `${id}-tool-${t.name}`;
              const destructive = t.annotations?.destructiveHint === true;
              return (
                <li key={t.name} className="flex items-start gap-3 p-2.5" data-testid="mcp-tool">
                  <input
                    id={inputId}
                    type="checkbox"
                    className="mt-1 h-4 w-4 accent-[var(--color-primary)]"
                    checked={enabled.includes(t.name)}
                    disabled={!manage || busy}
                    onChange={(e) => manage && toggle(manage, t.name, e.target.checked)}
                  />
                  <div className="min-w-0 flex-1">
                    <label htmlFor={inputId} className="flex items-center gap-2 text-sm font-medium">
                      <span className="font-mono">{t.name}</span>
                      {destructive ? (
                        <Badge
                          tone="warning"
                          title="Declared destructive: Prism refuses to run it without approval."
                        >
                          Destructive
                        </Badge>
                      ) : null}
                    </label>
                    {t.description ? <p className="text-sm text-muted-foreground">{t.description}</p> : null}
                    <details className="mt-1">
                      <summary className="cursor-pointer text-xs text-primary">Input schema</summary>
                      <pre className="mt-1 max-h-48 overflow-auto rounded bg-muted p-2 font-mono text-xs">
                        {JSON.stringify(t.inputSchema, null, 2)}
                      </pre>
                    </details>
                  </div>
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
    </article>
  );
}
