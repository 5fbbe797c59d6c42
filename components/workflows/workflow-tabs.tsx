"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

/** The sections of one workflow; the editor is the workflow's own address. */
export function WorkflowTabs({ id }: { id: string }) {
  const pathname = usePathname();
  const base = `/workflows/${id}`;
  const tabs = [
    { href: base, label: "Editor" },
    { href: `${base}/triggers`, label: "Triggers" },
    { href: `${base}/runs`, label: "Runs" },
    { href: `${base}/versions`, label: "Versions" },
    { href: `${base}/settings`, label: "Settings" },
  ];
  return (
    <nav aria-label="Workflow sections" className="flex gap-1 overflow-x-auto border-b">
      {tabs.map((t) => {
        const active = t.href === base ? pathname === base : pathname.startsWith(t.href);
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted-foreground hover:text-foreground",
              active && "border-primary text-foreground",
            )}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
