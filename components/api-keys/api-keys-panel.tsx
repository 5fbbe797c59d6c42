"use client";

import { Check, Copy, KeyRound } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { createApiKeyAction, revokeApiKeyAction } from "@/app/(app)/settings/api-keys/actions";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

export type ApiKeyItem = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  rateLimit: number;
  /** Monthly cost cap in USD, or null. */
  monthlyBudgetUsd: string | null;
  lastUsed: string | null;
  expires: string | null;
  revoked: boolean;
  expired: boolean;
  created: string;
};

const SCOPES = [
  { value: "chat", label: "chat", hint: "POST /api/v1/chat/completions" },
  { value: "models", label: "models", hint: "GET /api/v1/models" },
  { value: "usage:read", label: "usage:read", hint: "GET /api/v1/usage" },
] as const;

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="outline"
      size="sm"
      aria-label={label}
      onClick={async () => {
        await navigator.clipboard.writeText(text).catch(() => {});
        setCopied(true);
        toast.success("Copied");
        setTimeout(() => setCopied(false), 1500);
      }}
    >
      {copied ? (
        <Check aria-hidden="true" className="h-4 w-4" />
      ) : (
        <Copy aria-hidden="true" className="h-4 w-4" />
      )}
      {copied ? "Copied" : "Copy"}
    </Button>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const errorFor = (f: string) =>
    error?.field?.startsWith(f) ? error.message.replace(/^[\w.]+: /, "") : undefined;
  return (
    <form
      className="grid gap-4 md:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        const expires = String(data.get("expiresAt") ?? "");
        const cap = String(data.get("monthlyBudgetUsd") ?? "").trim();
        start(async () => {
          const res = await createApiKeyAction({
            name: String(data.get("name") ?? ""),
            scopes: data.getAll("scopes").map(String),
            rateLimit: Number(data.get("rateLimit") || 100),
            expiresAt: expires ? new Date(`${expires}T23:59:59Z`).toISOString() : undefined,
            monthlyBudgetUsd: cap === "" ? undefined : Number(cap),
          });
          if (res.ok) {
            setError(null);
            form.reset();
            onCreated(res.data.secret);
          } else {
            setError({ field: res.error.field, message: res.error.message });
            if (!res.error.field) toast.error(res.error.message);
          }
        });
      }}
    >
      <Field
        id="key-name"
        label="Name"
        error={errorFor("name")}
        hint="Where the key is used, e.g. “n8n” or “CI”."
      >
        <Input id="key-name" name="name" required maxLength={100} aria-invalid={!!errorFor("name")} />
      </Field>
      <Field id="key-rate" label="Requests per minute" error={errorFor("rateLimit")}>
        <Input id="key-rate" name="rateLimit" type="number" min={1} max={100000} defaultValue={100} />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Scopes</legend>
        {SCOPES.map((s) => (
          <label key={s.value} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="scopes"
              value={s.value}
              defaultChecked={s.value !== "usage:read"}
              className="h-4 w-4"
            />
            <span className="font-mono">{s.label}</span>
            <span className="text-muted-foreground">{s.hint}</span>
          </label>
        ))}
        {errorFor("scopes") ? (
          <p role="alert" className="text-sm text-danger">
            {errorFor("scopes")}
          </p>
        ) : null}
      </fieldset>
      <Field id="key-expires" label="Expires (optional)" error={errorFor("expiresAt")}>
        <Input id="key-expires" name="expiresAt" type="date" />
      </Field>
      <Field
        id="key-cap"
        label="Monthly cost cap in USD (optional)"
        error={errorFor("monthlyBudgetUsd")}
        hint="Calls with this key are refused once it has spent this much in a month (UTC)."
      >
        <Input
          id="key-cap"
          name="monthlyBudgetUsd"
          inputMode="decimal"
          placeholder="25"
          aria-invalid={!!errorFor("monthlyBudgetUsd")}
        />
      </Field>
      <div className="md:col-span-2">
        <Button type="submit" disabled={pending}>
          <KeyRound aria-hidden="true" className="h-4 w-4" /> {pending ? "Creating…" : "Create key"}
        </Button>
      </div>
    </form>
  );
}

export function ApiKeysPanel({ keys, baseUrl }: { keys: ApiKeyItem[]; baseUrl: string }) {
  const [secret, setSecret] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const curl = `curl ${baseUrl}/api/v1/chat/completions \\
  -H "Authorization: Bearer ${secret ?? "prism_…"}" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "openai/gpt-4o-mini", "messages": [{"role": "user", "content": "Hello"}]}'`;
  return (
    <div className="space-y-6">
      <Card className="p-6">
        <h2 className="mb-1 text-lg font-semibold">Create an API key</h2>
        <p className="mb-4 text-sm text-muted-foreground">
          Keys call Prism like OpenAI: point any OpenAI client at{" "}
          <code className="font-mono">{baseUrl}/api/v1</code>. The{" "}
          <Link href="/docs/api" className="font-medium text-primary underline underline-offset-4">
            API reference
          </Link>{" "}
          documents every endpoint, error and limit.
        </p>
        <CreateKeyForm
          onCreated={(s) => {
            setSecret(s);
            toast.success("Key created. Copy it now: it is shown only once.");
            router.refresh();
          }}
        />
        {secret ? (
          <div role="status" className="mt-6 space-y-2 rounded-md border border-success/40 bg-success/10 p-4">
            <p className="text-sm font-medium">Your new key (shown only once):</p>
            <div className="flex flex-wrap items-center gap-2">
              <code
                data-testid="new-api-key"
                className="break-all rounded bg-card px-2 py-1 font-mono text-sm"
              >
                {secret}
              </code>
              <CopyButton text={secret} label="Copy the new API key" />
            </div>
          </div>
        ) : null}
      </Card>

      <Card className="p-6">
        <h2 className="mb-4 text-lg font-semibold">Your keys</h2>
        {keys.length === 0 ? (
          <EmptyState title="No API keys yet">
            Create one above to call Prism from scripts, n8n or any OpenAI client.
          </EmptyState>
        ) : (
          <ul className="divide-y" aria-label="API keys">
            {keys.map((k) => (
              <li
                key={k.id}
                className="flex flex-wrap items-center justify-between gap-3 py-3"
                data-testid="api-key-row"
              >
                <div className="min-w-0">
                  <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
                    {k.name} <code className="font-mono text-xs text-muted-foreground">{k.prefix}…</code>
                    {k.revoked ? (
                      <Badge tone="danger">Revoked</Badge>
                    ) : k.expired ? (
                      <Badge tone="warning">Expired</Badge>
                    ) : (
                      <Badge tone="success">Active</Badge>
                    )}
                  </p>
                  <p className="text-xs text-muted-foreground">
                    {k.scopes.join(", ")} · {k.rateLimit}/min · created {k.created} ·{" "}
                    {k.lastUsed ? `last used ${k.lastUsed}` : "never used"}
                    {k.expires ? ` · expires ${k.expires}` : ""}
                    {k.monthlyBudgetUsd ? ` · cap $${Number(k.monthlyBudgetUsd).toFixed(2)}/month` : ""}
                  </p>
                </div>
                {k.revoked ? null : (
                  <Button
                    variant="outline"
                    size="sm"
                    disabled={pending}
                    aria-label={`Revoke key ${k.name}`}
                    onClick={() => {
                      if (!window.confirm(`Revoke “${k.name}”? Clients using it stop working at once.`))
                        return;
                      start(async () => {
                        const res = await revokeApiKeyAction({ id: k.id });
                        if (res.ok) toast.success("Key revoked");
                        else toast.error(res.error.message);
                        router.refresh();
                      });
                    }}
                  >
                    Revoke
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card className="p-6">
        <div className="mb-3 flex items-center justify-between gap-2">
          <h2 className="text-lg font-semibold">Try it</h2>
          <CopyButton text={curl} label="Copy the curl example" />
        </div>
        <pre className="overflow-x-auto rounded-md bg-muted p-4 font-mono text-xs">{curl}</pre>
        <p className="mt-3 text-sm text-muted-foreground">
          Models are named <code className="font-mono">provider/model</code>;{" "}
          <code className="font-mono">GET /api/v1/models</code> lists the ones you can call. Add{" "}
          <code className="font-mono">&quot;stream&quot;: true</code> for server-sent events. More examples
          (the openai SDK for Node and Python, streaming, usage) are in the{" "}
          <Link href="/docs/api" className="font-medium text-primary underline underline-offset-4">
            API reference
          </Link>
          .
        </p>
      </Card>
    </div>
  );
}
