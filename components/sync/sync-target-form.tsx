"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { createSyncTargetAction } from "@/app/(app)/settings/sync/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";

export const KIND_LABEL = {
  conversations: "Conversations (with messages)",
  terminology: "Terminology entries",
  usage: "Usage daily summaries",
} as const;
export const SCHEDULE_LABEL = { on_change: "On change", hourly: "Hourly", daily: "Daily" } as const;

/** Adds a target; the generated signing secret is handed to `onCreated` (shown once). */
export function SyncTargetForm({ onCreated }: { onCreated: (signingSecret: string) => void }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const errorFor = (f: string) =>
    error?.field?.startsWith(f) ? error.message.replace(/^[\w.]+: /, "") : undefined;
  return (
    <form
      aria-label="Add a sync target"
      className="grid gap-4 md:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        start(async () => {
          const res = await createSyncTargetAction({
            name: String(data.get("name") ?? ""),
            url: String(data.get("url") ?? ""),
            apiKey: String(data.get("apiKey") ?? ""),
            kinds: data.getAll("kinds").map(String),
            schedule: String(data.get("schedule") ?? "on_change"),
          });
          if (res.ok) {
            setError(null);
            form.reset();
            toast.success("Sync target added. Copy its signing secret now: it is shown only once.");
            onCreated(res.data.signingSecret);
          } else {
            setError({ field: res.error.field, message: res.error.message });
            if (!res.error.field) toast.error(res.error.message);
          }
        });
      }}
    >
      <Field id="sync-name" label="Name" error={errorFor("name")}>
        <Input id="sync-name" name="name" required maxLength={100} defaultValue="Omni-Bridge" />
      </Field>
      <Field id="sync-url" label="Target URL" error={errorFor("url")}>
        <Input id="sync-url" name="url" type="url" required placeholder="https://bridge.example.com/prism" />
      </Field>
      <Field
        id="sync-key"
        label="API key"
        error={errorFor("apiKey")}
        hint="Sent as Authorization: Bearer …; stored encrypted."
      >
        <Input id="sync-key" name="apiKey" type="password" required autoComplete="off" />
      </Field>
      <Field id="sync-schedule" label="When" error={errorFor("schedule")}>
        <Select id="sync-schedule" name="schedule" defaultValue="on_change">
          {Object.entries(SCHEDULE_LABEL).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </Select>
      </Field>
      <fieldset className="space-y-2 md:col-span-2">
        <legend className="text-sm font-medium">What to send</legend>
        {Object.entries(KIND_LABEL).map(([v, l]) => (
          <label key={v} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="kinds" value={v} defaultChecked className="h-4 w-4" />
            {l}
          </label>
        ))}
        {errorFor("kinds") ? (
          <p role="alert" className="text-sm text-danger">
            {errorFor("kinds")}
          </p>
        ) : null}
      </fieldset>
      <div className="md:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add target"}
        </Button>
      </div>
    </form>
  );
}
