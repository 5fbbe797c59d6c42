"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import { addCustomModelAction } from "@/app/admin/models/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import {
  describedBy,
  errorFor,
  type FormError,
  formLevelError,
  toFormError,
} from "@/components/ui/form-error";
import { Input, Select } from "@/components/ui/input";

export type CustomModelIntegration = { id: string; name: string; providerName: string; shared: boolean };

const FIELDS = [
  "integrationId",
  "name",
  "displayName",
  "type",
  "contextWindow",
  "pricing.input",
  "pricing.output",
] as const;

/** A model an OpenAI-compatible or Ollama endpoint serves that the catalog does not list yet. */
export function CustomModelForm({ integrations }: { integrations: CustomModelIntegration[] }) {
  const [error, setError] = useState<FormError>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const id = (field: string) => `custom-model-${field.replace(".", "-")}`;

  useEffect(() => {
    if (error?.field) document.getElementById(`custom-model-${error.field.replace(".", "-")}`)?.focus();
  }, [error]);

  if (integrations.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        Custom models belong to an OpenAI-compatible or Ollama integration.{" "}
        <Link href="/admin/integrations" className="font-medium text-primary hover:underline">
          Add a shared integration
        </Link>{" "}
        first.
      </p>
    );
  }

  const err = (field: string) => errorFor(error, field);
  const topError = formLevelError(error, FIELDS);

  return (
    <form
      aria-label="Add custom model"
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        const text = (k: string) => String(data.get(k) ?? "");
        start(async () => {
          const res = await addCustomModelAction({
            integrationId: text("integrationId"),
            name: text("name"),
            displayName: text("displayName"),
            type: text("type"),
            contextWindow: text("contextWindow"),
            pricing: { input: text("priceInput"), output: text("priceOutput") },
          });
          if (res.ok) {
            toast.success(`${text("name").trim()} added to the catalog`);
            setError(null);
            form.reset();
            router.refresh();
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
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Field id={id("integrationId")} label="Integration" error={err("integrationId")}>
          <Select
            id={id("integrationId")}
            name="integrationId"
            {...describedBy(id("integrationId"), err("integrationId"))}
          >
            {integrations.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name} ({i.providerName}, {i.shared ? "shared" : "yours"})
              </option>
            ))}
          </Select>
        </Field>
        <Field id={id("name")} label="Model id" hint="As the endpoint expects it." error={err("name")}>
          <Input
            id={id("name")}
            name="name"
            spellCheck={false}
            aria-required="true"
            placeholder="llama3.1:8b"
            {...describedBy(id("name"), err("name"), true)}
          />
        </Field>
        <Field id={id("displayName")} label="Display name (optional)" error={err("displayName")}>
          <Input
            id={id("displayName")}
            name="displayName"
            placeholder="Llama 3.1 8B"
            {...describedBy(id("displayName"), err("displayName"))}
          />
        </Field>
        <Field id={id("type")} label="Type" error={err("type")}>
          <Select id={id("type")} name="type" defaultValue="chat" {...describedBy(id("type"), err("type"))}>
            <option value="chat">Chat</option>
            <option value="completion">Completion</option>
            <option value="embedding">Embedding</option>
          </Select>
        </Field>
        <Field id={id("contextWindow")} label="Context window (optional)" error={err("contextWindow")}>
          <Input
            id={id("contextWindow")}
            name="contextWindow"
            inputMode="numeric"
            placeholder="128000"
            {...describedBy(id("contextWindow"), err("contextWindow"))}
          />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field id={id("pricing.input")} label="Input (USD / 1M)" error={err("pricing.input")}>
            <Input
              id={id("pricing.input")}
              name="priceInput"
              inputMode="decimal"
              placeholder="0"
              {...describedBy(id("pricing.input"), err("pricing.input"))}
            />
          </Field>
          <Field id={id("pricing.output")} label="Output (USD / 1M)" error={err("pricing.output")}>
            <Input
              id={id("pricing.output")}
              name="priceOutput"
              inputMode="decimal"
              placeholder="0"
              {...describedBy(id("pricing.output"), err("pricing.output"))}
            />
          </Field>
        </div>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add custom model"}
      </Button>
    </form>
  );
}
