"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import {
  saveAdminLimitsAction,
  saveOutboundAllowlistAction,
  saveSharedMarkupAction,
} from "@/app/admin/settings/actions";
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

type AdminLimits = { adminsExemptFromPlanLimits: boolean; chargeAdminsForSharedIntegrations: boolean };

function Toggle({
  id,
  label,
  hint,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div className="flex items-start gap-3">
      <input
        id={id}
        name={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={`${id}-hint`}
        className="mt-1 h-4 w-4 accent-[var(--color-primary)]"
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      </div>
    </div>
  );
}

/** Whether administrators are bound by plan limits, and charged for their calls on shared integrations. */
export function AdminLimitsForm({ initial }: { initial: AdminLimits }) {
  const [value, setValue] = useState(initial);
  const [pending, start] = useTransition();
  const router = useRouter();
  return (
    <Card className="p-6">
      <h2 className="text-lg font-semibold">Administrators and plan limits</h2>
      <p className="mt-1 text-sm text-muted-foreground">
        The first account is the instance&apos;s administrator, usually its owner. By default administrators
        are not bound by their plan&apos;s limits, and their calls on shared integrations are metered but not
        charged. Everyone else stays on their plan.
      </p>
      <form
        className="mt-4 space-y-4"
        aria-label="Administrators and plan limits"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const res = await saveAdminLimitsAction(value);
            if (res.ok) {
              setValue(res.data);
              toast.success(
                `Saved: administrators are ${res.data.adminsExemptFromPlanLimits ? "exempt from" : "bound by"} plan limits and ${res.data.chargeAdminsForSharedIntegrations ? "charged" : "not charged"} for shared integrations`,
              );
              router.refresh();
            } else {
              toast.error(res.error.message || "The settings were not saved");
            }
          });
        }}
      >
        <Toggle
          id="adminsExemptFromPlanLimits"
          label="Administrators are exempt from plan limits"
          hint="No models-per-compare limit below Prism's maximum of 8, no requests-per-minute limit and no monthly cost cap for administrators."
          checked={value.adminsExemptFromPlanLimits}
          onChange={(v) => setValue((s) => ({ ...s, adminsExemptFromPlanLimits: v }))}
        />
        <Toggle
          id="chargeAdminsForSharedIntegrations"
          label="Charge administrators for calls on shared integrations"
          hint="When off, administrators' calls are recorded with their cost in Usage but not charged to their wallet, and never refused for an empty one."
          checked={value.chargeAdminsForSharedIntegrations}
          onChange={(v) => setValue((s) => ({ ...s, chargeAdminsForSharedIntegrations: v }))}
        />
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save administrator settings"}
        </Button>
      </form>
    </Card>
  );
}
