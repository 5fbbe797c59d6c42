"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import { setScheduleAction } from "@/app/(app)/workflows/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { describedBy } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import { cronProblem, nextFireTimes } from "@/lib/workflows/schedule";

const ZONES = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

/** Cron + IANA zone, with the next five fire times computed as the user types. */
export function ScheduleForm({
  workflowId,
  initial,
  defaultZone,
}: {
  workflowId: string;
  initial: { cron: string; timezone: string; enabled: boolean } | null;
  defaultZone: string;
}) {
  const router = useRouter();
  const [cron, setCron] = useState(initial?.cron ?? "0 9 * * 1-5");
  const [timezone, setTimezone] = useState(initial?.timezone ?? defaultZone);
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  const [serverError, setServerError] = useState<string>();
  const [pending, start] = useTransition();
  const preview = useMemo(() => {
    const problem = cronProblem(cron, timezone);
    return problem ? { problem, times: [] } : { problem: null, times: nextFireTimes(cron, timezone, 5) };
  }, [cron, timezone]);
  const fmt = useMemo(
    () =>
      preview.problem
        ? null
        : new Intl.DateTimeFormat("en-GB", {
            timeZone: timezone,
            weekday: "short",
            year: "numeric",
            month: "short",
            day: "numeric",
            hour: "2-digit",
            minute: "2-digit",
            timeZoneName: "short",
          }),
    [timezone, preview.problem],
  );
  const error = serverError ?? preview.problem ?? undefined;
  const submit = (value: typeof initial) =>
    start(async () => {
      const r = await setScheduleAction(workflowId, value);
      if (!r.ok) {
        setServerError(r.error.message.replace(/^cron: /, ""));
        return void toast.error(r.error.message);
      }
      setServerError(undefined);
      toast.success(value ? "Schedule saved" : "Schedule removed");
      router.refresh();
    });
  return (
    <form
      aria-label="Schedule"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit({ cron, timezone, enabled });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          id="schedule-cron"
          label="Cron expression"
          error={error}
          hint="minute hour day-of-month month day-of-week"
        >
          <Input
            id="schedule-cron"
            value={cron}
            className="font-mono"
            onChange={(e) => {
              setCron(e.target.value);
              setServerError(undefined);
            }}
            {...describedBy("schedule-cron", error, true)}
          />
        </Field>
        <Field id="schedule-zone" label="Time zone">
          <Input
            id="schedule-zone"
            list="schedule-zones"
            value={timezone}
            onChange={(e) => {
              setTimezone(e.target.value);
              setServerError(undefined);
            }}
          />
          <datalist id="schedule-zones">
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        Enabled
      </label>
      <div>
        <h3 className="text-sm font-medium">Next five runs</h3>
        {preview.times.length ? (
          <ol className="mt-1 list-decimal pl-5 text-sm" aria-label="Next fire times">
            {preview.times.map((t) => (
              <li key={t.toISOString()}>
                <time dateTime={t.toISOString()}>{fmt?.format(t)}</time>
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-muted-foreground">Fix the expression to see when it fires.</p>
        )}
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending || !!preview.problem}>
          Save schedule
        </Button>
        {initial ? (
          <Button variant="outline" disabled={pending} onClick={() => submit(null)}>
            Remove schedule
          </Button>
        ) : null}
      </div>
    </form>
  );
}
