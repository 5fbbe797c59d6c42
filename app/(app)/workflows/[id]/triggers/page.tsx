import type { Metadata } from "next";
import { headers } from "next/headers";
import { Card } from "@/components/ui/card";
import { RunForm } from "@/components/workflows/run-form";
import { ScheduleForm } from "@/components/workflows/schedule-form";
import { SecretsEditor } from "@/components/workflows/secrets-editor";
import { ApiPanel, WebhookPanel } from "@/components/workflows/webhook-panel";
import { loadWorkflow } from "../../load";

export const metadata: Metadata = { title: "Workflow triggers" };
export const dynamic = "force-dynamic";

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children: React.ReactNode;
}) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <Card className="min-w-0 space-y-3 p-5" role="region" aria-labelledby={id}>
      <div>
        <h2 id={id} className="font-semibold">
          {title}
        </h2>
        <p className="text-sm text-muted-foreground">{description}</p>
      </div>
      {children}
    </Card>
  );
}

export default async function TriggersPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { workflow: wf, actor } = await loadWorkflow(id);
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto =
    h.get("x-forwarded-proto") ??
    (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  const origin = `${proto}://${host}`;
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <Section title="Run now" description="A manual run of the current version with this input.">
        <RunForm
          workflowId={wf.id}
          fields={wf.definition.inputSchema}
          disabled={
            wf.status !== "active" ? `This workflow is ${wf.status}; resume it to run it.` : undefined
          }
        />
      </Section>
      <Section
        title="Schedule"
        description="Runs at each cron slot in the time zone you choose (daylight saving included)."
      >
        <ScheduleForm workflowId={wf.id} initial={wf.schedule} defaultZone={actor.user.timezone || "UTC"} />
      </Section>
      <Section
        title="Webhook"
        description="Any sender that signs with the secret starts a run (n8n, Zapier, your services)."
      >
        <WebhookPanel workflowId={wf.id} origin={origin} enabled={wf.webhookEnabled} />
      </Section>
      <Section title="API" description="POST /api/v1/workflows/<id>/runs with an API key.">
        <ApiPanel workflowId={wf.id} origin={origin} enabled={wf.apiEnabled} />
      </Section>
      <Section
        title="Secrets"
        description="Values steps read as {{secrets.NAME}}; never shown again after saving, masked in run data."
      >
        <SecretsEditor workflowId={wf.id} names={wf.secretNames} />
      </Section>
    </div>
  );
}
