"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import {
  describedBy,
  errorFor,
  type FormError,
  formLevelError,
  toFormError,
} from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import type { IntegrationActionSet, IntegrationItem } from "./types";

const FIELDS = ["name", "apiKey", "baseUrl"] as const;

/** Rename, replace the key (empty keeps the stored one) or change the base URL. */
export function EditIntegrationForm({
  item,
  defaultBaseUrl,
  update,
  onClose,
}: {
  item: IntegrationItem;
  defaultBaseUrl: string | null;
  update: IntegrationActionSet["update"];
  onClose: () => void;
}) {
  const [error, setError] = useState<FormError>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const id = (field: string) => `edit-${item.id}-${field}`;

  useEffect(() => {
    // Focus the name on opening, then whichever field the server complained about.
    document.getElementById(`edit-${item.id}-${error?.field ?? "name"}`)?.focus();
  }, [error, item.id]);

  const nameError = errorFor(error, "name");
  const keyError = errorFor(error, "apiKey");
  const urlError = errorFor(error, "baseUrl");
  const topError = formLevelError(error, FIELDS);

  return (
    <form
      aria-label={`Edit ${item.name}`}
      className="mt-4 space-y-4 border-t pt-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        start(async () => {
          const res = await update({
            id: item.id,
            name: String(data.get("name") ?? ""),
            apiKey: String(data.get("apiKey") ?? ""),
            baseUrl: String(data.get("baseUrl") ?? ""),
          });
          if (res.ok) {
            toast.success("Changes saved");
            router.refresh();
            onClose();
          } else {
            setError(toFormError(res.error));
          }
        });
      }}
    >
      {topError ? (
        <p role="alert" className="text-sm text-danger">
          {topError}
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={id("name")} label="Name" error={nameError}>
          <Input
            id={id("name")}
            name="name"
            defaultValue={item.name}
            maxLength={100}
            aria-required="true"
            {...describedBy(id("name"), nameError)}
          />
        </Field>
        <Field
          id={id("apiKey")}
          label="Replace API key"
          hint={item.keyHint ? `Leave empty to keep ${item.keyHint}.` : "Leave empty to keep using no key."}
          error={keyError}
        >
          <Input
            id={id("apiKey")}
            name="apiKey"
            type="password"
            autoComplete="off"
            spellCheck={false}
            {...describedBy(id("apiKey"), keyError, true)}
          />
        </Field>
        <Field
          id={id("baseUrl")}
          label="Base URL"
          hint={defaultBaseUrl ? `Leave empty to use ${defaultBaseUrl}.` : undefined}
          error={urlError}
        >
          <Input
            id={id("baseUrl")}
            name="baseUrl"
            type="url"
            inputMode="url"
            spellCheck={false}
            defaultValue={item.baseUrl ?? ""}
            placeholder={defaultBaseUrl ?? "https://llm.example.com/v1"}
            {...describedBy(id("baseUrl"), urlError, Boolean(defaultBaseUrl))}
          />
        </Field>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? "Saving…" : "Save changes"}
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onClose} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
