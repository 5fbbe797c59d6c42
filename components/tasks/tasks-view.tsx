"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { ApiError, api } from "@/components/chat/api";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import type { ListTasksInput, TaskView } from "@/lib/tasks/tasks";
import { cn } from "@/lib/utils";

const STATUS_LABELS = {
  pending: "Pending",
  in_progress: "In progress",
  completed: "Completed",
  cancelled: "Cancelled",
} as const;
const PRIORITY_STYLE: Record<TaskView["priority"], string> = {
  low: "text-muted-foreground",
  medium: "text-foreground",
  high: "text-warning",
  urgent: "text-danger font-semibold",
};

function Filter({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

/** The filters, as a GET form: the URL is the state, so a filtered list can be linked. */
export function TaskFilters({
  filter,
  users,
}: {
  filter: ListTasksInput;
  users: { id: string; name: string }[];
}) {
  return (
    <form
      action="/tasks"
      role="search"
      aria-label="Task filters"
      className="mb-4 flex flex-wrap items-end gap-3"
    >
      <Filter id="scope" label="Whose">
        <Select id="scope" name="scope" defaultValue={filter.scope ?? "all"} className="min-w-36">
          <option value="all">Mine and assigned to me</option>
          <option value="mine">Created by me</option>
          <option value="assigned">Assigned to me</option>
        </Select>
      </Filter>
      <Filter id="status" label="Status">
        <Select id="status" name="status" defaultValue={filter.status ?? ""} className="min-w-32">
          <option value="">Any status</option>
          <option value="open">Open</option>
          {Object.entries(STATUS_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </Select>
      </Filter>
      <Filter id="priority" label="Priority">
        <Select id="priority" name="priority" defaultValue={filter.priority ?? ""} className="min-w-28">
          <option value="">Any priority</option>
          {Object.keys(PRIORITY_STYLE).map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </Select>
      </Filter>
      <Filter id="assignee" label="Assignee">
        <Select id="assignee" name="assignee" defaultValue={filter.assignee ?? ""} className="min-w-36">
          <option value="">Anyone</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </Select>
      </Filter>
      <label className="flex h-10 items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="overdue"
          value="1"
          defaultChecked={!!filter.overdue}
          className="h-4 w-4"
        />
        Overdue only
      </label>
      <Button type="submit" variant="outline">
        Apply
      </Button>
    </form>
  );
}

function StatusSelect({ task }: { task: TaskView }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  // Shown at once; back to the saved status if the change is refused.
  const [value, setValue] = useState(task.status);
  return (
    <Select
      aria-label={`Status of ${task.title}`}
      value={value}
      disabled={pending}
      className="h-8 min-w-32 text-sm"
      onChange={async (e) => {
        const status = e.target.value as TaskView["status"];
        setValue(status);
        setPending(true);
        try {
          await api(`/api/tasks/${task.id}`, { method: "PATCH", body: { status } });
          toast.success(`“${task.title}” is now ${STATUS_LABELS[status].toLowerCase()}`);
          router.refresh();
        } catch (err) {
          setValue(task.status);
          toast.error(err instanceof ApiError ? err.message : "The status was not changed.");
        } finally {
          setPending(false);
        }
      }}
    >
      {Object.entries(STATUS_LABELS).map(([v, l]) => (
        <option key={v} value={v}>
          {l}
        </option>
      ))}
    </Select>
  );
}

const dateOf = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" });

export function TaskList({ tasks, filtered }: { tasks: TaskView[]; filtered: boolean }) {
  if (tasks.length === 0)
    return (
      <EmptyState title={filtered ? "No tasks match these filters" : "No follow-ups yet"}>
        {filtered
          ? "Change or clear the filters above."
          : "Create one from any prompt or answer in a chat with its “Follow-up” action."}
      </EmptyState>
    );
  return (
    <div className="overflow-x-auto rounded-lg border bg-card">
      <table className="w-full text-sm">
        <caption className="sr-only">Follow-up tasks</caption>
        <thead className="border-b bg-muted/40 text-left text-xs uppercase text-muted-foreground">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Task
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Priority
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Due
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Owner → assignee
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Status
            </th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => (
            <tr key={t.id} data-testid="task-row" className="border-b last:border-0">
              <td className="px-3 py-2">
                <p className="font-medium">{t.title}</p>
                <p className="text-xs text-muted-foreground">
                  {t.trackingType} · on {t.target === "prompt" ? "a prompt" : "an answer"} ·{" "}
                  {t.mine ? (
                    <Link href={`/chat/${t.conversationId}`} className="text-primary underline">
                      open the chat
                    </Link>
                  ) : (
                    "assigned to you"
                  )}
                </p>
              </td>
              <td className={cn("px-3 py-2 capitalize", PRIORITY_STYLE[t.priority])}>{t.priority}</td>
              <td className="whitespace-nowrap px-3 py-2">
                {t.dueDate ? (
                  <span className={cn(t.overdue && "font-medium text-danger")}>
                    {dateOf(t.dueDate)}
                    {t.overdue ? " · overdue" : ""}
                  </span>
                ) : (
                  <span className="text-muted-foreground">—</span>
                )}
              </td>
              <td className="px-3 py-2">
                {t.ownerName} → {t.assigneeName ?? <span className="text-muted-foreground">unassigned</span>}
              </td>
              <td className="px-3 py-2">
                <StatusSelect task={t} />
                {t.completedAt ? (
                  <p className="mt-1 text-xs text-muted-foreground">Done {dateOf(t.completedAt)}</p>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
