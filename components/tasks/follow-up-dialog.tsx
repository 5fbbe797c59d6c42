"use client";

import { useEffect, useId, useState } from "react";
import { toast } from "sonner";
import { ApiError, api } from "@/components/chat/api";
import { loadQualityOptions, type QualityOptions, refreshExtras } from "@/components/quality/store";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";

export const TASK_TYPES = ["review", "improvement", "optimization", "analysis", "fact-check"] as const;
const PRIORITIES = ["low", "medium", "high", "urgent"] as const;

/** Creates a follow-up on a message: type, title, priority, assignee among the instance's users, due date. */
export function FollowUpDialog({
  open,
  onOpenChange,
  messageId,
  suggestedTitle,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  messageId: string;
  suggestedTitle: string;
}) {
  const base = useId();
  const [opts, setOpts] = useState<QualityOptions | null>(null);
  const [form, setForm] = useState({
    trackingType: "review",
    title: suggestedTitle.slice(0, 200),
    priority: "medium",
    assignedTo: "",
    dueDate: "",
  });
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [pending, setPending] = useState(false);
  useEffect(() => {
    loadQualityOptions()
      .then(setOpts)
      .catch(() => setOpts({ judgeModelId: null, models: [], users: [] }));
  }, []);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  const err = (field: string) => (error?.field === field ? error.message : undefined);
  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title="Create follow-up"
      description="Track work on this message. It is listed on the Tasks page; its assignee is notified when it is overdue."
    >
      <form
        aria-label="Create follow-up"
        noValidate
        className="space-y-3"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!form.title.trim()) return setError({ field: "title", message: "Give the follow-up a title." });
          setPending(true);
          setError(null);
          try {
            await api("/api/tasks", {
              body: {
                messageId,
                trackingType: form.trackingType,
                title: form.title,
                priority: form.priority,
                assignedTo: form.assignedTo || null,
                dueDate: form.dueDate ? new Date(`${form.dueDate}T23:59:59`).toISOString() : null,
              },
            });
            refreshExtras([messageId]);
            toast.success("Follow-up created");
            onOpenChange(false);
          } catch (caught) {
            const message = caught instanceof ApiError ? caught.message : "The follow-up was not saved.";
            const field = ["title", "trackingType", "priority", "assignedTo", "dueDate"].find((f) =>
              message.startsWith(`${f}:`),
            );
            setError({ field, message: message.replace(/^[\w.]+: /, "") });
          } finally {
            setPending(false);
          }
        }}
      >
        <Field id={`${base}-title`} label="Title" error={err("title")}>
          <Input
            id={`${base}-title`}
            value={form.title}
            maxLength={200}
            required
            aria-invalid={err("title") ? true : undefined}
            onChange={set("title")}
          />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field id={`${base}-type`} label="Type">
            <Select id={`${base}-type`} value={form.trackingType} onChange={set("trackingType")}>
              {TASK_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </Select>
          </Field>
          <Field id={`${base}-priority`} label="Priority">
            <Select id={`${base}-priority`} value={form.priority} onChange={set("priority")}>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </Select>
          </Field>
          <Field id={`${base}-assignee`} label="Assignee" error={err("assignedTo")}>
            <Select id={`${base}-assignee`} value={form.assignedTo} onChange={set("assignedTo")}>
              <option value="">Nobody (me)</option>
              {(opts?.users ?? []).map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                  {u.me ? " (me)" : ""}
                </option>
              ))}
            </Select>
          </Field>
          <Field id={`${base}-due`} label="Due date" error={err("dueDate")}>
            <Input id={`${base}-due`} type="date" value={form.dueDate} onChange={set("dueDate")} />
          </Field>
        </div>
        {error && !error.field ? (
          <p role="alert" className="text-sm text-danger">
            {error.message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Create follow-up"}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
