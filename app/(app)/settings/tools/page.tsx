import type { Metadata } from "next";
import Link from "next/link";
import { ServerCard } from "@/components/tools/server-card";
import { ServersSection } from "@/components/tools/servers-section";
import { toServerItem } from "@/components/tools/types";
import { EmptyState } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/current";
import { McpServerModel } from "@/lib/mcp/servers";
import { createServerAction, deleteServerAction, refreshServerAction, updateServerAction } from "./actions";

export const metadata: Metadata = { title: "Tools" };

export default async function ToolsPage() {
  const user = await requireUser();
  const views = await new McpServerModel(await getDb(), user).list("usable");
  const own = views.filter((v) => v.ownedByMe && !v.shared).map((v) => toServerItem(v, true));
  const shared = views.filter((v) => v.shared).map((v) => toServerItem(v, false));
  return (
    <div className="space-y-10">
      <ServersSection
        title="Your MCP servers"
        description="Tool servers your models may call, over Streamable HTTP or SSE. Enable the tools you want, then pick the server in a chat's Tools menu."
        items={own}
        actions={{
          create: createServerAction,
          update: updateServerAction,
          refresh: refreshServerAction,
          remove: deleteServerAction,
        }}
        emptyText="Add a server's URL to list its tools."
      />
      <section aria-labelledby="shared-servers-heading" className="space-y-4">
        <div>
          <h2 id="shared-servers-heading" className="text-lg font-semibold">
            Shared by your admin
          </h2>
          <p className="mt-1 text-sm text-muted-foreground">
            Everyone can use these servers' enabled tools.
            {user.role === "admin" ? (
              <>
                {" "}
                Manage them in{" "}
                <Link href="/admin/tools" className="font-medium text-primary hover:underline">
                  Admin → Tools
                </Link>
                .
              </>
            ) : null}
          </p>
        </div>
        {shared.length === 0 ? (
          <EmptyState title="No shared servers">Your admin has not shared any tool server yet.</EmptyState>
        ) : (
          <div className="grid gap-4">
            {shared.map((item) => (
              <ServerCard key={item.id} item={item} />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
