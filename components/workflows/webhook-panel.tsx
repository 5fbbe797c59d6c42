"use client";

import { Copy, Eye, EyeOff, RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import {
  revealWebhookSecretAction,
  setApiTriggerAction,
  setWebhookAction,
} from "@/app/(app)/workflows/actions";
import { copyText } from "@/components/chat/copy";
import { CodeTabs } from "@/components/docs/code-tabs";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { apiSamples, webhookSamples } from "./trigger-snippets";

function Toggle({
  label,
  on,
  pending,
  onChange,
}: {
  label: string;
  on: boolean;
  pending: boolean;
  onChange: (on: boolean) => void;
}) {
  // Shown at once; the server's value wins again when the page refreshes (or the action fails).
  const [shown, setShown] = useState(on);
  useEffect(() => setShown(on), [on]);
  return (
    <label className="flex items-center gap-2 text-sm font-medium">
      <input
        type="checkbox"
        role="switch"
        aria-checked={shown}
        checked={shown}
        disabled={pending}
        onChange={(e) => {
          setShown(e.target.checked);
          onChange(e.target.checked);
        }}
      />
      {label}
    </label>
  );
}

/** Webhook trigger: on/off, its URL, the signing secret (revealed or copied on request, rotated) and examples. */
export function WebhookPanel({
  workflowId,
  origin,
  enabled,
}: {
  workflowId: string;
  origin: string;
  enabled: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [secret, setSecret] = useState<string | null>(null);
  const url = `${origin}/api/hooks/workflows/${workflowId}`;
  const fetchSecret = async () => {
    const r = await revealWebhookSecretAction(workflowId);
    if (!r.ok) {
      toast.error(r.error.message);
      return null;
    }
    return r.data.secret;
  };
  return (
    <div className="space-y-3">
      <Toggle
        label="Webhook trigger on"
        on={enabled}
        pending={pending}
        onChange={(on) =>
          start(async () => {
            const r = await setWebhookAction(workflowId, on);
            if (!r.ok) return void toast.error(r.error.message);
            toast.success(on ? "Webhook turned on" : "Webhook turned off");
            router.refresh();
          })
        }
      />
      {enabled ? (
        <>
          <div className="space-y-1">
            <label htmlFor="webhook-url" className="text-sm font-medium">
              Webhook URL
            </label>
            <div className="flex gap-2">
              <Input id="webhook-url" readOnly value={url} className="font-mono text-xs" />
              <Button
                variant="outline"
                size="icon"
                aria-label="Copy the webhook URL"
                onClick={() => copyText(url, "URL copied")}
              >
                <Copy aria-hidden="true" className="h-4 w-4" />
              </Button>
            </div>
          </div>
          <div className="space-y-1">
            <label htmlFor="webhook-secret" className="text-sm font-medium">
              Signing secret
            </label>
            <div className="flex flex-wrap gap-2">
              <Input
                id="webhook-secret"
                readOnly
                value={secret ?? "whsec_••••••••••••••••"}
                className="min-w-48 flex-1 font-mono text-xs"
              />
              <Button
                variant="outline"
                size="icon"
                aria-label={secret ? "Hide the secret" : "Reveal the secret"}
                disabled={pending}
                onClick={() => (secret ? setSecret(null) : start(async () => setSecret(await fetchSecret())))}
              >
                {secret ? (
                  <EyeOff aria-hidden="true" className="h-4 w-4" />
                ) : (
                  <Eye aria-hidden="true" className="h-4 w-4" />
                )}
              </Button>
              <Button
                variant="outline"
                size="icon"
                aria-label="Copy the secret"
                disabled={pending}
                onClick={() =>
                  start(async () => {
                    const s = secret ?? (await fetchSecret());
                    if (s) await copyText(s, "Secret copied");
                  })
                }
              >
                <Copy aria-hidden="true" className="h-4 w-4" />
              </Button>
              <Button
                variant="outline"
                disabled={pending}
                onClick={() => {
                  if (!window.confirm("Rotate the secret? Senders signing with the old one will be refused."))
                    return;
                  start(async () => {
                    const r = await setWebhookAction(workflowId, true, true);
                    if (!r.ok) return void toast.error(r.error.message);
                    setSecret(await fetchSecret());
                    toast.success("Secret rotated");
                  });
                }}
              >
                <RefreshCw aria-hidden="true" className="h-4 w-4" />
                Rotate
              </Button>
            </div>
            <p className="text-xs text-muted-foreground">
              Standard Webhooks: headers webhook-id, webhook-timestamp and webhook-signature (
              <code>v1,base64(HMAC-SHA256(id.timestamp.body))</code>). The JSON body becomes the run's input.
            </p>
          </div>
          <CodeTabs title="Webhook examples" samples={webhookSamples(url, secret ?? "whsec_…")} />
        </>
      ) : null}
    </div>
  );
}

/** API trigger: on/off and how to call it. */
export function ApiPanel({
  workflowId,
  origin,
  enabled,
}: {
  workflowId: string;
  origin: string;
  enabled: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div className="space-y-3">
      <Toggle
        label="API trigger on"
        on={enabled}
        pending={pending}
        onChange={(on) =>
          start(async () => {
            const r = await setApiTriggerAction(workflowId, on);
            if (!r.ok) return void toast.error(r.error.message);
            toast.success(on ? "API trigger turned on" : "API trigger turned off");
            router.refresh();
          })
        }
      />
      {enabled ? <CodeTabs title="API examples" samples={apiSamples(origin, workflowId)} /> : null}
    </div>
  );
}
