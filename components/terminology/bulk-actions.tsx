"use client";

import { Tags, Trash2 } from "lucide-react";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { bulkTagAction } from "@/app/(app)/terminology/actions";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { ChipInput } from "./chip-input";
import { DeleteEntriesDialog } from "./delete-dialog";
import { entries } from "./fetch-json";

/** The bar shown while entries are selected: tag them, delete them (after a confirmation), clear. */
export function BulkActions({
  ids,
  onClear,
  onDone,
}: {
  ids: string[];
  onClear: () => void;
  onDone: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [tagging, setTagging] = useState(false);
  const [add, setAdd] = useState<string[]>([]);
  const [remove, setRemove] = useState<string[]>([]);
  const [tagError, setTagError] = useState<string>();
  const [pending, start] = useTransition();
  if (ids.length === 0) return null;
  return (
    <div
      role="region"
      aria-label="Selected entries"
      className="sticky top-0 z-10 flex flex-wrap items-center gap-2 rounded-md border bg-card p-2 shadow-sm"
    >
      <span className="px-2 text-sm font-medium" aria-live="polite">
        {entries(ids.length)} selected
      </span>
      <Button variant="outline" size="sm" onClick={() => setTagging(true)}>
        <Tags aria-hidden="true" className="h-4 w-4" />
        Tag…
      </Button>
      <Button variant="danger" size="sm" onClick={() => setConfirming(true)}>
        <Trash2 aria-hidden="true" className="h-4 w-4" />
        Delete…
      </Button>
      <Button variant="ghost" size="sm" onClick={onClear}>
        Clear selection
      </Button>

      <DeleteEntriesDialog
        open={confirming}
        onOpenChange={setConfirming}
        ids={ids}
        title={`Delete ${entries(ids.length)}?`}
        description="They are removed from your dictionary, and links to them from related terms go too. This cannot be undone."
        keepLabel="Keep them"
        confirmLabel={`Delete ${entries(ids.length)}`}
        onDeleted={(n) => {
          toast.success(`Deleted ${entries(n)}`);
          onDone();
        }}
      />

      <Modal
        open={tagging}
        onOpenChange={(open) => {
          setTagging(open);
          if (!open) setTagError(undefined);
        }}
        title={`Tag ${entries(ids.length)}`}
        description="Add tags to the selected entries, or remove tags from them."
      >
        <form
          aria-label="Tag selected entries"
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (add.length === 0 && remove.length === 0) {
              setTagError("Enter a tag to add or to remove.");
              return;
            }
            start(async () => {
              const r = await bulkTagAction({ ids, add, remove });
              if (!r.ok) return setTagError(r.error.message.replace(/^[\w.]+: /, ""));
              setTagging(false);
              setAdd([]);
              setRemove([]);
              setTagError(undefined);
              toast.success(r.data ? `Tags changed on ${entries(r.data)}` : "No entry needed a change");
              onDone();
            });
          }}
        >
          <Field id="bulk-tag-add" label="Add tags" hint="Enter or comma adds a tag." error={tagError}>
            <ChipInput
              id="bulk-tag-add"
              label="tag to add"
              values={add}
              onChange={setAdd}
              max={20}
              describedBy={tagError ? "bulk-tag-add-error" : "bulk-tag-add-hint"}
            />
          </Field>
          <Field id="bulk-tag-remove" label="Remove tags">
            <ChipInput
              id="bulk-tag-remove"
              label="tag to remove"
              values={remove}
              onChange={setRemove}
              max={20}
            />
          </Field>
          <div className="flex justify-end">
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : "Apply tags"}
            </Button>
          </div>
        </form>
      </Modal>
    </div>
  );
}
