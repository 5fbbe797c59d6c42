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
import { Input, Select } from "@/components/ui/input";
import type { IntegrationActionSet, ProviderOption } from "./types";

const FIELDS = ["provider", "name", "apiKey", "baseUrl"] as const;

export function AddIntegrationForm({
  idPrefix,
  providers,
  create,
  onDone,
}: {
  idPrefix: string;
  providers: ProviderOption[];
  create: IntegrationActionSet["create"];
  onDone: () => void;
}) {
  const [slug, setSlug] = useState(providers[0]?.slug ?? "");
  const [error, setError] = useState<FormError>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const provider = providers.find((p) => p.slug === slug);
  const id = (field: string) => `${idPrefix}-${field}`;

  // Move focus to the field the server complained about.
  useEffect(() => {
    if (error?.field) document.getElementById(`${idPrefix}-${error.field}`)?.focus();
  }, [error, idPrefix]);

  const keyError = errorFor(error, "apiKey");
  const urlError = errorFor(error, "baseUrl");
  const nameError = errorFor(error, "name");
  const providerError = errorFor(error, "provider");
  const topError = formLevelError(error, FIELDS);

  return (
    <form
      aria-label="Add integration"
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        const name = String(data.get("name") ?? "");
        start(async () => {
          const res = await create({
            provider: slug,
            name,
            apiKey: String(data.get("apiKey") ?? ""),
            baseUrl: String(data.get("baseUrl") ?? ""),
          });
          if (res.ok) {
            setError(null);
            form.reset();
            toast.success(`${name.trim()} added. Test the connection to check it.`);
            router.refresh();
            onDone();
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
        <Field id={id("provider")} label="Provider" error={providerError}>
          <Select
            id={id("provider")}
            name="provider"
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
            {...describedBy(id("provider"), providerError)}
          >
            {providers.map((p) => (
              <option key={p.slug} value={p.slug}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id={id("name")} label="Name" error={nameError}>
          <Input
            id={id("name")}
            name="name"
            placeholder={provider ? `${provider.name} key` : undefined}
            aria-required="true"
            maxLength={100}
            {...describedBy(id("name"), nameError)}
          />
        </Field>
        <Field
          id={id("apiKey")}
          label={provider?.keyOptional ? "API key (optional)" : "API key"}
          hint="Stored encrypted. After saving, only its first and last characters are shown."
          error={keyError}
        >
          <Input
            id={id("apiKey")}
            name="apiKey"
            type="password"
            autoComplete="off"
            spellCheck={false}
            aria-required={provider?.keyOptional ? undefined : "true"}
            {...describedBy(id("apiKey"), keyError, true)}
          />
        </Field>
        <Field
          id={id("baseUrl")}
          label={provider?.needsBaseUrl ? "Base URL" : "Base URL (optional)"}
          hint={
            provider?.defaultBaseUrl
              ? `Leave empty to use ${provider.defaultBaseUrl}.`
              : "The server's OpenAI-compatible endpoint, usually ending in /v1."
          }
          error={urlError}
        >
          <Input
            id={id("baseUrl")}
            name="baseUrl"
            type="url"
            inputMode="url"
            spellCheck={false}
            placeholder={provider?.defaultBaseUrl ?? "https://llm.example.com/v1"}
            aria-required={provider?.needsBaseUrl ? "true" : undefined}
            {...describedBy(id("baseUrl"), urlError, true)}
          />
        </Field>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save integration"}
        </Button>
        <Button type="button" variant="ghost" onClick={onDone} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
