"use client";

import { CheckCircle2, Circle, Loader2, RefreshCw, Server } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useState, useTransition } from "react";
import { toast } from "sonner";
import {
  connectLocalServerAction,
  detectLocalServersAction,
  saveDefaultModelsAction,
} from "@/app/(app)/welcome/actions";
import { LAST_MODELS_KEY } from "@/components/chat/last-models";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import type { FirstRunState } from "@/lib/ai/first-run";
import type { ProbeResult } from "@/lib/ai/local-providers";
import { cn } from "@/lib/utils";

const MAX_DEFAULTS = 8;

function Step({
  n,
  title,
  done,
  children,
}: {
  n: number;
  title: string;
  done: boolean;
  children: React.ReactNode;
}) {
  const id = useId();
  return (
    <Card className="p-5 sm:p-6" aria-labelledby={id} role="region" data-testid={`step-${n}`}>
      <h2 id={id} className="flex items-center gap-2 text-lg font-semibold">
        {done ? (
          <CheckCircle2 aria-hidden="true" className="h-5 w-5 shrink-0 text-success" />
        ) : (
          <Circle aria-hidden="true" className="h-5 w-5 shrink-0 text-muted-foreground" />
        )}
        <span>
          <span className="sr-only">{done ? "Done: " : "To do: "}</span>
          {n}. {title}
        </span>
      </h2>
      <div className="mt-3 space-y-3 text-sm">{children}</div>
    </Card>
  );
}

function LocalServers({ onConnected }: { onConnected: (state: FirstRunState) => void }) {
  const [results, setResults] = useState<ProbeResult[] | null>(null);
  const [scanning, startScan] = useTransition();
  const [connecting, setConnecting] = useState<string | null>(null);
  const scan = useCallback(() => {
    startScan(async () => {
      const res = await detectLocalServersAction();
      if (res.ok) setResults(res.data);
      else toast.error(res.error.message);
    });
  }, []);
  useEffect(scan, [scan]);

  const connect = async (r: ProbeResult) => {
    setConnecting(r.kind);
    const res = await connectLocalServerAction({ kind: r.kind });
    setConnecting(null);
    if (!res.ok) {
      toast.error(res.error.message);
      return;
    }
    toast.success(
      `${res.data.label} ${res.data.created ? "connected" : "refreshed"}: ${res.data.models} model${res.data.models === 1 ? "" : "s"} added`,
    );
    onConnected(res.data.state);
    scan();
  };

  return (
    <div className="rounded-md border p-3" aria-busy={scanning}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-medium">Model servers on this machine</p>
        <Button variant="ghost" size="sm" onClick={scan} disabled={scanning}>
          <RefreshCw aria-hidden="true" className={cn("h-4 w-4", scanning && "animate-spin")} />
          Scan again
        </Button>
      </div>
      <div aria-live="polite">
        {results === null ? (
          <p className="mt-2 flex items-center gap-2 text-muted-foreground">
            <Loader2 aria-hidden="true" className="h-4 w-4 animate-spin" />
            Looking for Ollama and LM Studio…
          </p>
        ) : (
          <ul className="mt-2 divide-y">
            {results.map((r) => (
              <li
                key={r.kind}
                className="flex flex-wrap items-center justify-between gap-2 py-2"
                data-testid={`local-${r.kind}`}
              >
                <span className="flex min-w-0 items-start gap-2">
                  <Server aria-hidden="true" className="mt-0.5 h-4 w-4 shrink-0 text-muted-foreground" />
                  <span className="min-w-0">
                    <span className="block font-medium">{r.label}</span>
                    <span className="block break-all text-xs text-muted-foreground">
                      {r.found
                        ? `Found at ${r.url} · ${r.models.length} model${r.models.length === 1 ? "" : "s"}`
                        : `Not found at ${r.url}`}
                    </span>
                  </span>
                </span>
                {r.found ? (
                  r.integrationId ? (
                    <span className="flex items-center gap-2">
                      <Badge tone="success">Connected</Badge>
                      <Button
                        variant="ghost"
                        size="sm"
                        onClick={() => void connect(r)}
                        disabled={connecting !== null}
                        aria-label={`Add new models from ${r.label}`}
                      >
                        Refresh models
                      </Button>
                    </span>
                  ) : (
                    <Button size="sm" onClick={() => void connect(r)} disabled={connecting !== null}>
                      {connecting === r.kind ? (
                        <Loader2 aria-hidden="true" className="h-4 w-4 animate-spin" />
                      ) : null}
                      {connecting === r.kind ? "Connecting…" : `Connect ${r.label}`}
                    </Button>
                  )
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/** The first-run guide (Set up Prism): each step says what it needs and what is done. */
export function FirstRunGuide({ initial }: { initial: FirstRunState }) {
  const router = useRouter();
  const [state, setState] = useState(initial);
  const [chosen, setChosen] = useState<string[]>(
    initial.defaults.length ? initial.defaults : initial.models.slice(0, 1).map((m) => m.id),
  );
  const [saved, setSaved] = useState<string[]>(initial.defaults);
  const [saving, startSave] = useTransition();
  const hasModels = state.models.length > 0;
  const sharedModels = state.models.filter((m) => m.shared);
  const dirty = chosen.join() !== saved.join();

  const connected = (next: FirstRunState) => {
    setState(next);
    if (chosen.length === 0)
      setChosen(
        next.models
          .filter((m) => m.shared)
          .slice(0, 1)
          .map((m) => m.id),
      );
    router.refresh();
  };

  const toggle = (id: string, on: boolean) =>
    setChosen((c) => (on ? (c.length < MAX_DEFAULTS ? [...c, id] : c) : c.filter((x) => x !== id)));

  const save = () =>
    startSave(async () => {
      const res = await saveDefaultModelsAction({ modelIds: chosen });
      if (res.ok) {
        setSaved(res.data);
        toast.success(`Default models saved (${res.data.length})`);
      } else toast.error(res.error.message);
    });

  const start = () => {
    try {
      // This browser starts from the defaults just chosen, not an older choice.
      localStorage.setItem(LAST_MODELS_KEY, JSON.stringify(saved));
    } catch {}
    router.push("/chat");
  };

  return (
    <div className="space-y-4">
      <Step n={1} title="Connect a model provider" done={hasModels}>
        {hasModels ? (
          <p data-testid="models-available">
            {state.models.length} chat model{state.models.length === 1 ? " is" : "s are"} available. You can
            connect more at any time.
          </p>
        ) : (
          <p className="text-muted-foreground">
            No model is connected yet. Connect a local model server in one click, or a provider with an API
            key.
          </p>
        )}
        <LocalServers onConnected={connected} />
        <p>
          Or connect OpenAI, Anthropic, Google and others with an API key, shared with everyone on this
          instance, in{" "}
          <Link
            href="/admin/integrations"
            className="font-medium text-primary underline-offset-4 hover:underline"
          >
            Admin → Integrations
          </Link>
          , then add its models in{" "}
          <Link href="/admin/models" className="font-medium text-primary underline-offset-4 hover:underline">
            Admin → Models
          </Link>
          .
        </p>
      </Step>

      <Step n={2} title="Choose the models new chats start with" done={saved.length > 0 && !dirty}>
        {sharedModels.length === 0 ? (
          <p className="text-muted-foreground">Connect a provider first: its models appear here.</p>
        ) : (
          <fieldset>
            <legend className="text-muted-foreground">
              Pick one for single answers, or several to compare side by side (up to {MAX_DEFAULTS}). Everyone
              starts from these until they choose their own.
            </legend>
            <ul className="mt-2 grid gap-1 sm:grid-cols-2">
              {sharedModels.map((m) => {
                const id = `default-${m.id}`;
                const on = chosen.includes(m.id);
                return (
                  <li key={m.id}>
                    <label
                      htmlFor={id}
                      className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 hover:bg-muted"
                    >
                      <input
                        id={id}
                        type="checkbox"
                        checked={on}
                        disabled={!on && chosen.length >= MAX_DEFAULTS}
                        onChange={(e) => toggle(m.id, e.target.checked)}
                        className="h-4 w-4 accent-[var(--color-primary)]"
                      />
                      <span className="min-w-0">
                        <span className="block truncate font-medium">{m.displayName}</span>
                        <span className="block text-xs text-muted-foreground">{m.providerName}</span>
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
            <Button className="mt-3" onClick={save} disabled={saving || chosen.length === 0 || !dirty}>
              {saving ? "Saving…" : saved.length && !dirty ? "Defaults saved" : "Save default models"}
            </Button>
          </fieldset>
        )}
      </Step>

      <Step n={3} title="Start chatting" done={false}>
        <p className="text-muted-foreground">
          {saved.length
            ? "New chats open with your default models; anyone can pick others in the chat's model picker. What each plan allows is in Admin → Plans."
            : "Save your default models first."}
        </p>
        <Button onClick={start} disabled={saved.length === 0 || dirty}>
          Start chatting
        </Button>
      </Step>
    </div>
  );
}
