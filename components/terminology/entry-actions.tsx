"use client";

import { Pencil, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { DeleteEntriesDialog } from "./delete-dialog";
import { EntryForm, type EntryFormValues } from "./entry-form";

/** Edit (every field, in a dialog) and delete (after a confirmation) on an entry's page. */
export function EntryActions({ id, term, initial }: { id: string; term: string; initial: EntryFormValues }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="flex flex-wrap gap-2">
      <Button onClick={() => setEditing(true)}>
        <Pencil aria-hidden="true" className="h-4 w-4" />
        Edit
      </Button>
      <Button variant="outline" onClick={() => setConfirming(true)}>
        <Trash2 aria-hidden="true" className="h-4 w-4" />
        Delete
      </Button>
      <Modal
        open={editing}
        onOpenChange={setEditing}
        title={`Edit “${term}”`}
        className="w-[min(48rem,calc(100vw-2rem))]"
      >
        <EntryForm
          idPrefix="edit-entry"
          entryId={id}
          initial={initial}
          onSaved={() => {
            setEditing(false);
            router.refresh();
          }}
          onCancel={() => setEditing(false)}
        />
      </Modal>
      <DeleteEntriesDialog
        open={confirming}
        onOpenChange={setConfirming}
        ids={[id]}
        title={`Delete “${term}”?`}
        description="It is removed from your dictionary, and links to it from related terms go too. This cannot be undone."
        keepLabel="Keep it"
        confirmLabel="Delete entry"
        onDeleted={() => {
          toast.success(`“${term}” deleted`);
          router.push("/terminology");
        }}
      />
    </div>
  );
}
