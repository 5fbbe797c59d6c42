"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { deleteAgentAction, testAgentAction, updateAgentAction } from "@/app/(app)/settings/agents/actions";
import { CopyButton } from "@/components/api-keys/api-keys-panel";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState } from "@/components/ui/card";
import { AgentForm, type AgentItem } from "./agent-form";

function AgentRow({ agent }: { agent: AgentItem }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [editing, setEditing] = useState(false);
  const [test, setTest] = useState<{ ok: boolean; text: string; latencyMs: number } | null>(null);
  const act = (fn: () => Promise<{ ok: boolean; error?: { message: string } }>, done: string) =>
    start(async () => {
      const res = await fn();
      if (res.ok) toast.success(done);
      else toast.error(res.error?.message ?? "That did not work.");
      router.refresh();
    });
  return (
    <li className="space-y-3 py-4" data-testid="agent-row" data-handle={agent.handle}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
            {agent.name} <code className="font-mono text-xs text-muted-foreground">@{agent.handle}</code>
            <Badge>{agent.kind === "n8n" ? "n8n" : "webhook"}</Badge>
            {agent.enabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="warning">Disabled</Badge>}
          </p>
          <p className="break-all text-xs text-muted-foreground">{agent.webhookUrl}</p>
          {agent.description ? <p className="text-sm">{agent.description}</p> : null}
          <p className="text-xs text-muted-foreground" data-testid="agent-stats">
            {agent.executionCount} {agent.executionCount === 1 ? "run" : "runs"} · {agent.successCount}{" "}
            succeeded · last{" "}
            {agent.lastStatus ? (
              <span
                data-testid="agent-last-status"
                className={agent.lastStatus === "failed" ? "text-danger" : "text-success"}
              >
                {agent.lastStatus}
              </span>
            ) : (
              "never run"
            )}
            {agent.lastRun ? ` · ${agent.lastRun}` : ""}
          </p>
          {agent.lastStatus === "failed" && agent.lastError ? (
            <p className="text-xs text-danger">{agent.lastError}</p>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button
            size="sm"
            variant="outline"
            disabled={pending}
            aria-label={`Test agent ${agent.name}`}
            onClick={() =>
              start(async () => {
                const res = await testAgentAction({ id: agent.id });
                if (!res.ok) toast.error(res.error.message);
                else {
                  setTest(res.data);
                  if (res.data.ok) toast.success(`@${agent.handle} answered in ${res.data.latencyMs} ms`);
                  else toast.error(res.data.text);
                }
                router.refresh();
              })
            }
          >
            {pending ? "Working…" : "Test"}
          </Button>
          <Button size="sm" variant="outline" onClick={() => setEditing((e) => !e)} aria-expanded={editing}>
            Edit
          </Button>
          <Button
            size="sm"
            variant="outline"
            disabled={pending}
            onClick={() =>
              act(
                () => updateAgentAction({ id: agent.id, enabled: !agent.enabled }),
                agent.enabled ? "Agent disabled" : "Agent enabled",
              )
            }
          >
            {agent.enabled ? "Disable" : "Enable"}
          </Button>
          <Button
            size="sm"
            variant="outline"
            disabled={pending}
            aria-label={`Delete agent ${agent.name}`}
            onClick={() => {
              if (!window.confirm(`Delete @${agent.handle}? Workflow steps calling it will fail.`)) return;
              act(() => deleteAgentAction({ id: agent.id }), "Agent deleted");
            }}
          >
            Delete
          </Button>
        </div>
      </div>
      {test ? (
        <div
          role="status"
          data-testid="agent-test-result"
          className={`rounded-md border p-3 text-sm ${test.ok ? "border-success/40 bg-success/10" : "border-danger/40 bg-danger/10"}`}
        >
          <p className="font-medium">{test.ok ? `Answer (${test.latencyMs} ms)` : "Test failed"}</p>
          <p className="whitespace-pre-wrap break-words">{test.text}</p>
        </div>
      ) : null}
      {editing ? (
        <AgentForm
          agent={agent}
          onDone={() => {
            setEditing(false);
            router.refresh();
          }}
        />
      ) : null}
    </li>
  );
}

export function AgentsPanel({ agents }: { agents: AgentItem[] }) {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <div className="space-y-6">
      <Card className="p-6">
        <h2 className="mb-1 text-lg font-semibold">Register an agent</h2>
        <p className="mb-4 text-sm text-muted-foreground">
          An agent is an external workflow (an n8n webhook, or any URL) that answers when a chat message
          mentions its <code className="font-mono">@handle</code> or a workflow calls it. Prism POSTs JSON{" "}
          <code className="font-mono">{"{event, agent, input, message, conversationId, history}"}</code>{" "}
          signed per Standard Webhooks (<code className="font-mono">webhook-signature</code>); the
          reply&apos;s <code className="font-mono">output</code>, <code className="font-mono">text</code> or{" "}
          <code className="font-mono">answer</code> field (or plain text) is the agent&apos;s answer.
        </p>
        <AgentForm
          onDone={(generated) => {
            setSecret(generated);
            router.refresh();
          }}
        />
        {secret ? (
          <div role="status" className="mt-6 space-y-2 rounded-md border border-success/40 bg-success/10 p-4">
            <p className="text-sm font-medium">The agent&apos;s signing secret (shown only once):</p>
            <div className="flex flex-wrap items-center gap-2">
              <code
                data-testid="agent-secret"
                className="break-all rounded bg-card px-2 py-1 font-mono text-sm"
              >
                {secret}
              </code>
              <CopyButton text={secret} label="Copy the signing secret" />
            </div>
          </div>
        ) : null}
      </Card>
      <Card className="p-6">
        <h2 className="mb-2 text-lg font-semibold">Your agents</h2>
        {agents.length === 0 ? (
          <EmptyState title="No agents yet">
            Register one above, then write “@handle your question” in a chat.
          </EmptyState>
        ) : (
          <ul className="divide-y" aria-label="Agents">
            {agents.map((a) => (
              <AgentRow key={a.id} agent={a} />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
