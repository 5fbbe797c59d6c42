import type { Metadata } from "next";
import { AgentsPanel } from "@/components/agents/agents-panel";
import { getDb } from "@/db/client";
import { AgentModel } from "@/lib/agents/store";
import { requireUser } from "@/lib/auth/current";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage() {
  const user = await requireUser();
  const agents = await new AgentModel(await getDb(), { id: user.id, role: user.role }).list();
  return (
    <AgentsPanel
      agents={agents.map(({ lastRunAt, createdAt: _created, ...a }) => ({
        ...a,
        lastRun: lastRunAt ? formatDateTime(lastRunAt, user.timezone) : null,
      }))}
    />
  );
}
