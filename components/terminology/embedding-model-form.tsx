"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { saveEmbeddingModelAction } from "@/app/(app)/settings/terminology/actions";
import { saveEmbeddingModelDefaultAction } from "@/app/admin/settings/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { describedBy } from "@/components/ui/form-error";
import { Select } from "@/components/ui/input";

type Option = { value: string; label: string };
type SaveResult =
  | { ok: true; data: { changed?: boolean } }
  | { ok: false; error: { message: string; field?: string } };

/**
 * A picker for the model that embeds dictionary entries for meaning search (the user's own in
 * Settings, the instance default in Admin → Settings). Changing it recomputes the vectors.
 */
function EmbeddingModelForm({
  id,
  title,
  description,
  label,
  options,
  initial,
  save,
  note,
}: {
  id: string;
  title: string;
  description: string;
  label: string;
  options: Option[];
  initial: string;
  save: (value: string) => Promise<SaveResult>;
  note?: React.ReactNode;
}) {
  const router = useRouter();
  const [value, setValue] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  return (
    <Card className="p-6">
      <h2 className="text-lg font-semibold">{title}</h2>
      <p className="mt-1 text-sm text-muted-foreground">{description}</p>
      <form
        className="mt-4 space-y-4"
        aria-label={title}
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const r = await save(value);
            if (!r.ok) {
              setError(r.error.message.replace(/^[\w.]+: /, ""));
              toast.error("The embedding model was not saved");
              document.getElementById(id)?.focus();
              return;
            }
            setError(undefined);
            setSaved(value);
            const label = options.find((o) => o.value === value)?.label ?? value;
            toast.success(
              r.data.changed === false
                ? `Saved: ${label}`
                : `Saved: ${label}. Entries are re-embedded in the background.`,
            );
            router.refresh();
          });
        }}
      >
        <Field
          id={id}
          label={label}
          error={error}
          hint="Only vectors of the chosen model are compared; changing it recomputes them."
        >
          <Select
            id={id}
            name={id}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            {...describedBy(id, error, true)}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
        {note}
        <Button type="submit" disabled={pending || value === saved}>
          {pending ? "Saving…" : "Save embedding model"}
        </Button>
      </form>
    </Card>
  );
}

/** Settings → Terminology: the user's own choice. */
export function UserEmbeddingModelForm(props: {
  options: Option[];
  initial: string;
  note?: React.ReactNode;
}) {
  return (
    <EmbeddingModelForm
      id="embeddingModelId"
      title="Meaning search"
      description="Search and chats find dictionary entries by meaning with an embedding model: “car” finds “automobile”. Without one, search matches words and misspellings only."
      label="Embedding model"
      save={(embeddingModelId) => saveEmbeddingModelAction({ embeddingModelId })}
      {...props}
    />
  );
}

/** Admin → Settings: the model for everyone who follows the instance default. */
export function AdminEmbeddingModelForm(props: { options: Option[]; initial: string }) {
  return (
    <EmbeddingModelForm
      id="embeddingModel"
      title="Default embedding model"
      description="Embeds dictionary entries for meaning search for every user who has not chosen their own model in Settings → Terminology. Calls are metered like other requests."
      label="Instance default"
      save={(embeddingModel) => saveEmbeddingModelDefaultAction({ embeddingModel })}
      {...props}
    />
  );
}
