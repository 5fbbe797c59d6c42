import { Cron } from "croner";
import { isTimeZone } from "@/lib/time-zones";

/**
 * Cron slots of a scheduled trigger, in an IANA zone, computed by croner (maintained, DST-aware:
 * a wall-clock time that does not exist on a spring-forward day fires once at the next valid
 * instant, one that happens twice on a fall-back day fires once).
 */

export function cronProblem(expression: string, timezone: string): string | null {
  if (!isTimeZone(timezone))
    return `"${timezone}" is not a time zone (use an IANA name such as Europe/Berlin).`;
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5)
    return "Use five fields: minute hour day-of-month month day-of-week (e.g. 0 9 * * 1-5).";
  try {
    const next = new Cron(expression, { timezone, paused: true }).nextRun();
    if (!next) return "This schedule never fires.";
  } catch (err) {
    return `Not a cron expression: ${(err as Error).message}`;
  }
  return null;
}

/** The next `count` fire times strictly after `after`. */
export function nextFireTimes(
  expression: string,
  timezone: string,
  count: number,
  after = new Date(),
): Date[] {
  const job = new Cron(expression, { timezone, paused: true });
  const out: Date[] = [];
  let from = after;
  for (let i = 0; i < count; i++) {
    const next = job.nextRun(from);
    if (!next) break;
    out.push(next);
    from = next;
  }
  return out;
}

/** Slots due in (after, upTo], oldest first, at most `limit` (a long outage does not fire hundreds). */
export function dueSlots(expression: string, timezone: string, after: Date, upTo: Date, limit = 10): Date[] {
  const job = new Cron(expression, { timezone, paused: true });
  const out: Date[] = [];
  let from = after;
  while (out.length < limit) {
    const next = job.nextRun(from);
    if (!next || next > upTo) break;
    out.push(next);
    from = next;
  }
  return out;
}
