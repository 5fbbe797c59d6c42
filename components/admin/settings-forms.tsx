"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { saveOutboundAllowlistAction, saveSharedMarkupAction } from "@/app/admin/settings/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { describedBy, errorFor, type FormError, toFormError } from "@/components/ui/form-error";
import { Input, Textarea } from "@/components/ui/input";

export function OutboundAllowlistForm({ initial }: { initial: string[] }) {
  const [text, setText] = useState(initial.join("\n"));
  const [error, setError] = useState<FormError>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const id = "outboundAllowlist";
  const fieldError = error ? (errorFor(error, id) ?? error.message) : undefined;
  return (
    <Card className="p-6">
      <h2 className="text-lg font-semibold">Outbound allowlist</h2>
      <p className="mt-1 text-sm text-muted-foreground">
        Prism refuses outbound calls (provider endpoints, workflow HTTP steps, webhooks) to private, loopback
        and link-local addresses. Hosts listed here may be reached even when they resolve to such an address,
        for example a model server on your network. Admin-shared integrations may already use loopback.
      </p>
      <form
        className="mt-4 space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const res = await saveOutboundAllowlistAction({ outboundAllowlist: text });
            if (res.ok) {
              setError(null);
              setText(res.data.join("\n"));
              toast.success(
                res.data.length
                  ? `Outbound allowlist saved (${res.data.length} host${res.data.length === 1 ? "" : "s"})`
                  : "Outbound allowlist cleared",
              );
              router.refresh();
            } else {
              setError(toFormError(res.error));
              toast.error("The allowlist was not saved");
              document.getElementById(id)?.focus();
            }
          });
        }}
      >
        <Field
          id={id}
          label="Allowed hosts"
          hint="One per line: host, host:port or *.domain (for example 127.0.0.1:11434 or *.corp.example)."
          error={fieldError}
        >
          <Textarea
            id={id}
            name={id}
            rows={6}
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={"ollama.internal:11434\n*.corp.example"}
            {...describedBy(id, fieldError, true)}
          />
        </Field>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save allowlist"}
        </Button>
      </form>
    </Card>
  );
}

export function SharedMarkupForm({ initial }: { initial: number }) {
  const [value, setValue] = useState(String(initial));
  const [error, setError] = useState<FormError>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const id = "sharedMarkupPercent";
  const fieldError = error ? (errorFor(error, id) ?? error.message) : undefined;
  return (
    <Card className="p-6">
      <h2 className="text-lg font-semibold">Markup on shared integrations</h2>
      <p className="mt-1 text-sm text-muted-foreground">
        Added to the provider cost of every call through an admin-shared integration and charged to the user's
        wallet. Calls through a user's own key are never marked up.
      </p>
      <form
        className="mt-4 space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const res = await saveSharedMarkupAction({ sharedMarkupPercent: value });
            if (res.ok) {
              setError(null);
              setValue(String(res.data));
              toast.success(`Markup saved: ${res.data}%`);
              router.refresh();
            } else {
              setError(toFormError(res.error));
              toast.error("The markup was not saved");
              document.getElementById(id)?.focus();
            }
          });
        }}
      >
        <Field id={id} label="Markup (%)" hint="0 charges calls at cost; at most 1000." error={fieldError}>
          <Input
            id={id}
            name={id}
            inputMode="decimal"
            className="max-w-40"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            {...describedBy(id, fieldError, true)}
          />
        </Field>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save markup"}
        </Button>
      </form>
    </Card>
  );
}
