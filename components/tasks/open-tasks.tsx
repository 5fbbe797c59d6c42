"use client";

import { ListTodo } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { TaskView } from "@/lib/tasks/tasks";
import { cn } from "@/lib/utils";
import { FollowUpDialog } from "./follow-up-dialog";

/** "Follow-up" on a message, and a badge linking to its open tasks. */
export function FollowUps({
  messageId,
  tasks,
  suggestedTitle,
  className,
  compact,
}: {
  messageId: string;
  tasks: TaskView[];
  suggestedTitle: string;
  className?: string;
  compact?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const overdue = tasks.some((t) => t.overdue);
  return (
    <>
      <Button
        variant="ghost"
        className={className}
        aria-label="Create follow-up"
        title="Create a follow-up task on this message"
        onClick={() => setOpen(true)}
      >
        <ListTodo aria-hidden="true" className="h-3.5 w-3.5" />
        {compact ? null : <span className="@max-[19rem]:sr-only">Follow-up</span>}
      </Button>
      {tasks.length > 0 ? (
        <Link
          href="/tasks?status=open"
          data-testid="open-tasks"
          title={tasks.map((t) => `• ${t.title}`).join("\n")}
          className={cn(
            "rounded-full border px-2 py-0.5 text-xs font-medium hover:bg-muted",
            overdue ? "border-danger/50 text-danger" : "text-muted-foreground",
          )}
        >
          {tasks.length} open {tasks.length === 1 ? "task" : "tasks"}
          {overdue ? " · overdue" : ""}
        </Link>
      ) : null}
      {open ? (
        <FollowUpDialog
          open={open}
          onOpenChange={setOpen}
          messageId={messageId}
          suggestedTitle={suggestedTitle}
        />
      ) : null}
    </>
  );
}
