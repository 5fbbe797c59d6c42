import Link from "next/link";
import { cn } from "@/lib/utils";

const TABS = [
  { href: "/admin/integrations", label: "Shared integrations", key: "shared" },
  { href: "/admin/integrations/all", label: "All integrations", key: "all" },
] as const;

/** Admin → Integrations: the shared ones an admin manages, and an overview of everyone's. */
export function IntegrationsTabs({ active }: { active: (typeof TABS)[number]["key"] }) {
  return (
    <nav aria-label="Integrations sections" className="mb-6 flex gap-1 overflow-x-auto border-b">
      {TABS.map((t) => (
        <Link
          key={t.key}
          href={t.href}
          aria-current={active === t.key ? "page" : undefined}
          className={cn(
            "-mb-px whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted-foreground hover:text-foreground",
            active === t.key && "border-primary text-foreground",
          )}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
