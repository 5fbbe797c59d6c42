import type { Metadata } from "next";
import { ServersSection } from "@/components/tools/servers-section";
import { toServerItem } from "@/components/tools/types";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/current";
import { McpServerModel, stdioEnabled } from "@/lib/mcp/servers";
import { createServerAction, deleteServerAction, refreshServerAction, updateServerAction } from "./actions";

export const metadata: Metadata = { title: "Shared tools" };

export default async function AdminToolsPage() {
  const admin = await requireAdminPage();
  const views = await new McpServerModel(await getDb(), admin).list("shared");
  const stdio = stdioEnabled();
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title="Shared tools"
        description="MCP servers every user's models may call. Shared servers may reach loopback and private addresses."
      />
      <p className="mb-6 text-sm text-muted-foreground">
        {stdio
          ? "stdio servers are allowed on this instance: each runs its fixed command without a shell, with PATH as its only environment, and stops when idle."
          : "stdio servers (commands run on this machine) are off. Set PRISM_MCP_STDIO=1 to allow them."}
      </p>
      <ServersSection
        title="Shared MCP servers"
        description="Enable tools one by one; only enabled tools are offered to models."
        items={views.map((v) => toServerItem(v, true))}
        actions={{
          create: createServerAction,
          update: updateServerAction,
          refresh: refreshServerAction,
          remove: deleteServerAction,
        }}
        allowStdio={stdio}
        emptyText="Add a server to share its tools with everyone."
      />
    </div>
  );
}
