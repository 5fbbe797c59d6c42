import { EmptyState } from "@/components/ui/card";
import { AddServerForm } from "./add-server-form";
import { ServerCard } from "./server-card";
import type { ServerActionSet, ServerItem } from "./types";

/** A list of MCP servers with the form that adds one (Settings → Tools, Admin → Tools). */
export function ServersSection({
  title,
  description,
  items,
  actions,
  allowStdio = false,
  emptyText,
}: {
  title: string;
  description: string;
  items: ServerItem[];
  actions: ServerActionSet;
  allowStdio?: boolean;
  emptyText: string;
}) {
  const headingId = `${title.replace(/\W+/g, "-").toLowerCase()}-heading`;
  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <div>
        <h2 id={headingId} className="text-lg font-semibold">
          {title}
        </h2>
        <p className="mt-1 text-sm text-muted-foreground">{description}</p>
      </div>
      <AddServerForm actions={actions} allowStdio={allowStdio} />
      {items.length === 0 ? (
        <EmptyState title="No servers yet">{emptyText}</EmptyState>
      ) : (
        <div className="grid gap-4">
          {items.map((item) => (
            <ServerCard key={item.id} item={item} actions={actions} />
          ))}
        </div>
      )}
    </section>
  );
}
