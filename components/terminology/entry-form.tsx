"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import {
  createEntryAction,
  type EntryActionResult,
  updateEntryAction,
} from "@/app/(app)/terminology/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { describedBy } from "@/components/ui/form-error";
import { Input, Textarea } from "@/components/ui/input";
import type { TermContext } from "@/db/schema";
import { ChipInput } from "./chip-input";
import { ContextSelect } from "./context-select";

/** What the form edits; related terms are written by name (the server resolves them). */
export type EntryFormValues = {
  term: string;
  definition: string;
  context: TermContext | "";
  variants: string[];
  forbiddenVariants: string[];
  caseSensitive: boolean;
  language: string;
  usageExamples: string;
  tags: string[];
  relatedTerms: string[];
  isPublic: boolean;
  pinned: boolean;
  notes: string;
};

export const EMPTY_ENTRY: EntryFormValues = {
  term: "",
  definition: "",
  context: "",
  variants: [],
  forbiddenVariants: [],
  caseSensitive: false,
  language: "",
  usageExamples: "",
  tags: [],
  relatedTerms: [],
  isPublic: false,
  pinned: false,
  notes: "",
};

type FieldName = keyof EntryFormValues;
type ListField = "variants" | "forbiddenVariants" | "tags" | "relatedTerms";

/** The list fields, edited as chips. */
const LIST_FIELDS: { name: ListField; label: string; chip: string; hint: string }[] = [
  {
    name: "variants",
    label: "Variants",
    chip: "variant",
    hint: "Other accepted spellings. Enter or comma adds one.",
  },
  {
    name: "forbiddenVariants",
    label: "Forbidden variants",
    chip: "forbidden variant",
    hint: "Spellings to avoid; the model is told to write the term instead.",
  },
  { name: "tags", label: "Tags", chip: "tag", hint: "Enter or comma adds a tag." },
  {
    name: "relatedTerms",
    label: "Related terms",
    chip: "related term",
    hint: "Terms of your dictionary; terms not in it are ignored.",
  },
];

type FormErr = { field?: FieldName; message: string; href?: string } | null;

/** The server's error, attached to the form field it names ("forbiddenVariants.2" → forbiddenVariants). */
function formErrorOf(error: { field?: string; message: string; href?: string }): FormErr {
  const top = error.field?.split(".")[0];
  const field =
    top && top in EMPTY_ENTRY ? (top as FieldName) : top === "relatedIds" ? "relatedTerms" : undefined;
  return { field, message: field ? error.message.replace(/^[\w.]+: /, "") : error.message, href: error.href };
}

export function toPayload(v: EntryFormValues) {
  return {
    term: v.term,
    definition: v.definition,
    context: v.context || null,
    variants: v.variants,
    forbiddenVariants: v.forbiddenVariants,
    caseSensitive: v.caseSensitive,
    language: v.language,
    usageExamples: v.usageExamples
      .split("\n")
      .map((s) => s.trim())
      .filter(Boolean),
    tags: v.tags,
    relatedTerms: v.relatedTerms,
    relatedIds: [] as string[],
    isPublic: v.isPublic,
    pinned: v.pinned,
    notes: v.notes,
  };
}

/**
 * Every field of an entry. Creates a new entry, or (with `entryId`) saves all fields of an
 * existing one. A duplicate term is reported at the term field with a link to the entry that has it.
 */
export function EntryForm({
  idPrefix,
  initial = EMPTY_ENTRY,
  entryId,
  onSaved,
  onCancel,
}: {
  idPrefix: string;
  initial?: EntryFormValues;
  entryId?: string;
  onSaved: (entry: { id: string; term: string }) => void;
  onCancel?: () => void;
}) {
  const [v, setV] = useState(initial);
  const [error, setError] = useState<FormErr>(null);
  const [pending, start] = useTransition();
  const set = <K extends keyof EntryFormValues>(key: K, value: EntryFormValues[K]) =>
    setV((s) => ({ ...s, [key]: value }));
  const id = (f: FieldName) => `${idPrefix}-${f}`;
  const err = (f: FieldName) => (error?.field === f ? error.message : undefined);
  const aria = (f: FieldName, hint = false) => describedBy(id(f), err(f), hint);

  const submit = () =>
    start(async () => {
      const payload = toPayload(v);
      const r: EntryActionResult<{ id: string; term: string }> = entryId
        ? await updateEntryAction(entryId, payload)
        : await createEntryAction(payload);
      if (!r.ok) {
        const fe = formErrorOf(r.error);
        setError(fe);
        toast.error(entryId ? "The entry was not saved" : "The entry was not added");
        if (fe?.field) document.getElementById(id(fe.field))?.focus();
        return;
      }
      setError(null);
      toast.success(entryId ? `“${r.data.term}” saved` : `“${r.data.term}” added to your dictionary`);
      onSaved(r.data);
    });

  const formLevel = error && !error.field ? error.message : undefined;
  return (
    <form
      aria-label={entryId ? "Edit entry" : "New entry"}
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape" && onCancel) {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      {formLevel ? (
        <p role="alert" className="rounded-md border border-danger/40 bg-danger/10 p-3 text-sm text-danger">
          {formLevel}
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1.5">
          <label htmlFor={id("term")} className="block text-sm font-medium">
            Term
          </label>
          <Input
            id={id("term")}
            value={v.term}
            required
            maxLength={200}
            autoFocus={!entryId}
            onChange={(e) => set("term", e.target.value)}
            {...aria("term")}
          />
          {err("term") ? (
            <p id={`${id("term")}-error`} role="alert" className="text-sm text-danger">
              {err("term")}{" "}
              {error?.href ? (
                <Link href={error.href} className="font-medium underline">
                  Open the existing entry
                </Link>
              ) : null}
            </p>
          ) : null}
        </div>
        <Field id={id("context")} label="Context" error={err("context")}>
          <ContextSelect
            id={id("context")}
            value={v.context}
            onValueChange={(x) => set("context", x)}
            {...aria("context")}
          />
        </Field>
      </div>
      <Field id={id("definition")} label="Definition" error={err("definition")}>
        <Textarea
          id={id("definition")}
          className="font-sans"
          rows={3}
          required
          maxLength={4000}
          value={v.definition}
          onChange={(e) => set("definition", e.target.value)}
          {...aria("definition")}
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        {LIST_FIELDS.map((f) => (
          <Field key={f.name} id={id(f.name)} label={f.label} hint={f.hint} error={err(f.name)}>
            <ChipInput
              id={id(f.name)}
              label={f.chip}
              values={v[f.name]}
              onChange={(x) => set(f.name, x)}
              invalid={Boolean(err(f.name))}
              describedBy={aria(f.name, true)["aria-describedby"]}
            />
          </Field>
        ))}
        <Field
          id={id("language")}
          label="Language"
          hint="A BCP-47 tag such as en or de-CH; empty for any."
          error={err("language")}
        >
          <Input
            id={id("language")}
            value={v.language}
            maxLength={35}
            spellCheck={false}
            onChange={(e) => set("language", e.target.value)}
            {...aria("language", true)}
          />
        </Field>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Options</legend>
          <Check
            id={id("caseSensitive")}
            label="Case-sensitive"
            checked={v.caseSensitive}
            onChange={(x) => set("caseSensitive", x)}
          />
          <Check
            id={id("isPublic")}
            label="Public (others can copy it)"
            checked={v.isPublic}
            onChange={(x) => set("isPublic", x)}
          />
          <Check
            id={id("pinned")}
            label="Pinned (given to every chat)"
            checked={v.pinned}
            onChange={(x) => set("pinned", x)}
          />
        </fieldset>
      </div>
      <Field
        id={id("usageExamples")}
        label="Usage examples"
        hint="One example per line."
        error={err("usageExamples")}
      >
        <Textarea
          id={id("usageExamples")}
          className="font-sans"
          rows={3}
          value={v.usageExamples}
          onChange={(e) => set("usageExamples", e.target.value)}
          {...aria("usageExamples", true)}
        />
      </Field>
      <Field
        id={id("notes")}
        label="Notes"
        hint="For yourself: shown here, not given to models."
        error={err("notes")}
      >
        <Textarea
          id={id("notes")}
          className="min-h-16 font-sans"
          rows={2}
          value={v.notes}
          onChange={(e) => set("notes", e.target.value)}
          {...aria("notes", true)}
        />
      </Field>
      <div className="flex flex-wrap justify-end gap-2">
        {onCancel ? (
          <Button variant="outline" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : entryId ? "Save entry" : "Add entry"}
        </Button>
      </div>
    </form>
  );
}

export function Check({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div className="flex items-center gap-2">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        className="h-4 w-4 accent-[var(--color-primary)]"
      />
      <label htmlFor={id} className="text-sm">
        {label}
      </label>
    </div>
  );
}
