"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { createAgentAction, updateAgentAction } from "@/app/(app)/settings/agents/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";

export type AgentItem = {
  id: string;
  name: string;
  handle: string;
  description: string | null;
  kind: "n8n" | "webhook";
  webhookUrl: string;
  n8nWorkflowId: string | null;
  secretHint: string;
  enabled: boolean;
  executionCount: number;
  successCount: number;
  lastStatus: "success" | "failed" | null;
  lastError: string | null;
  lastRun: string | null;
};

/** Register (no `agent`) or edit an agent. A blank secret: generated (new) or kept (edit). */
export function AgentForm({
  agent,
  onDone,
}: {
  agent?: AgentItem;
  onDone: (generatedSecret: string | null) => void;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const prefix = agent ? `agent-${agent.id}` : "agent-new";
  const errorFor = (f: string) =>
    error?.field?.startsWith(f) ? error.message.replace(/^[\w.]+: /, "") : undefined;
  return (
    <form
      className="grid gap-4 md:grid-cols-2"
      aria-label={agent ? `Edit agent ${agent.name}` : "Register an agent"}
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        const values = {
          name: String(data.get("name") ?? ""),
          handle: String(data.get("handle") ?? ""),
          kind: String(data.get("kind") ?? "webhook"),
          webhookUrl: String(data.get("webhookUrl") ?? ""),
          secret: String(data.get("secret") ?? ""),
          description: String(data.get("description") ?? ""),
          n8nWorkflowId: String(data.get("n8nWorkflowId") ?? ""),
        };
        start(async () => {
          const res = agent
            ? await updateAgentAction({ id: agent.id, ...values })
            : await createAgentAction(values);
          if (res.ok) {
            setError(null);
            form.reset();
            toast.success(agent ? "Agent saved" : "Agent registered");
            onDone(res.data && "secret" in res.data ? res.data.secret : null);
          } else {
            setError({ field: res.error.field, message: res.error.message });
            if (!res.error.field) toast.error(res.error.message);
          }
        });
      }}
    >
      <Field id={`${prefix}-name`} label="Name" error={errorFor("name")}>
        <Input id={`${prefix}-name`} name="name" required maxLength={100} defaultValue={agent?.name} />
      </Field>
      <Field
        id={`${prefix}-handle`}
        label="Handle"
        error={errorFor("handle")}
        hint="Mention it in chat as @handle: lowercase letters, digits, - and _."
      >
        <Input
          id={`${prefix}-handle`}
          name="handle"
          required
          maxLength={40}
          pattern="[a-z0-9][a-z0-9_\-]{0,39}"
          defaultValue={agent?.handle}
          placeholder="support"
        />
      </Field>
      <Field id={`${prefix}-url`} label="Webhook URL" error={errorFor("webhookUrl")}>
        <Input
          id={`${prefix}-url`}
          name="webhookUrl"
          type="url"
          required
          defaultValue={agent?.webhookUrl}
          placeholder="https://n8n.example.com/webhook/…"
        />
      </Field>
      <Field id={`${prefix}-kind`} label="Kind" error={errorFor("kind")}>
        <Select id={`${prefix}-kind`} name="kind" defaultValue={agent?.kind ?? "n8n"}>
          <option value="n8n">n8n workflow</option>
          <option value="webhook">Any webhook</option>
        </Select>
      </Field>
      <Field
        id={`${prefix}-secret`}
        label={agent ? "New signing secret (optional)" : "Signing secret (optional)"}
        error={errorFor("secret")}
        hint={
          agent
            ? `Current: ${agent.secretHint}. Leave blank to keep it.`
            : "A whsec_… secret the receiver verifies with; leave blank and Prism generates one."
        }
      >
        <Input id={`${prefix}-secret`} name="secret" type="password" autoComplete="off" />
      </Field>
      <Field id={`${prefix}-n8n`} label="n8n workflow id (optional)" error={errorFor("n8nWorkflowId")}>
        <Input
          id={`${prefix}-n8n`}
          name="n8nWorkflowId"
          maxLength={200}
          defaultValue={agent?.n8nWorkflowId ?? ""}
        />
      </Field>
      <Field
        id={`${prefix}-description`}
        label="Description (optional)"
        error={errorFor("description")}
        className="md:col-span-2"
      >
        <Textarea
          id={`${prefix}-description`}
          name="description"
          rows={2}
          maxLength={1000}
          defaultValue={agent?.description ?? ""}
        />
      </Field>
      <div className="flex gap-2 md:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : agent ? "Save agent" : "Register agent"}
        </Button>
        {agent ? (
          <Button type="button" variant="outline" onClick={() => onDone(null)}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
