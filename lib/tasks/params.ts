import { TRACKING_PRIORITIES, TRACKING_STATUSES } from "@/db/schema";
import type { ListTasksInput } from "./tasks";

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The /tasks filters from the URL; unknown values are ignored rather than refused (links stay usable). */
export function parseTaskParams(p: Params): ListTasksInput {
  const scope = one(p.scope);
  const status = one(p.status);
  const priority = one(p.priority);
  const assignee = one(p.assignee);
  return {
    scope: scope === "mine" || scope === "assigned" ? scope : "all",
    status:
      status === "open" || (TRACKING_STATUSES as readonly string[]).includes(status ?? "")
        ? (status as ListTasksInput["status"])
        : undefined,
    priority: (TRACKING_PRIORITIES as readonly string[]).includes(priority ?? "")
      ? (priority as ListTasksInput["priority"])
      : undefined,
    assignee: assignee && UUID.test(assignee) ? assignee : undefined,
    overdue: one(p.overdue) === "1" || undefined,
  };
}
