"use client";

import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import { createTemplateAction, updateTemplateAction } from "@/app/(app)/templates/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { describedBy, errorFor, type FormError, toFormError } from "@/components/ui/form-error";
import { Input, Select, Textarea } from "@/components/ui/input";

export type EditorKnowledge =
  | { type: "text"; title: string; content: string }
  | { type: "url"; title: string; url: string };

export type EditorValues = {
  name: string;
  description: string;
  avatarUrl: string;
  category: string;
  tags: string[];
  systemPrompt: string;
  personalityConfig: { tone?: string; expertise?: string; style?: string };
  modelConfig: { modelId?: string; temperature?: number; topP?: number; maxTokens?: number };
  functions: unknown[];
  knowledgeSources: EditorKnowledge[];
  allowedIntegrations: string[];
  costLimitPerRequest: string | null;
  examples: { prompt: string; response: string }[];
};

export const EMPTY_TEMPLATE: EditorValues = {
  name: "",
  description: "",
  avatarUrl: "",
  category: "other",
  tags: [],
  systemPrompt: "",
  personalityConfig: {},
  modelConfig: {},
  functions: [],
  knowledgeSources: [],
  allowedIntegrations: [],
  costLimitPerRequest: null,
  examples: [],
};

type Option = { id: string; label: string };

const FIELD_INPUTS = [
  "name",
  "avatarUrl",
  "description",
  "category",
  "tags",
  "systemPrompt",
  "personalityConfig.tone",
  "personalityConfig.expertise",
  "personalityConfig.style",
  "modelConfig.modelId",
  "modelConfig.temperature",
  "modelConfig.topP",
  "modelConfig.maxTokens",
  "costLimitPerRequest",
];

const fieldId = (f: string) => `tpl-${f.replaceAll(".", "-")}`;
const id = fieldId;

/** Errors about a field the form shows next to it; the rest go above the form. */
function shownAtField(field: string | undefined): boolean {
  if (!field) return false;
  return (
    FIELD_INPUTS.includes(field) ||
    field.startsWith("tags") ||
    field.startsWith("knowledgeSources") ||
    field.startsWith("examples") ||
    field.startsWith("functions")
  );
}

const num = (v: FormDataEntryValue | null) => {
  const s = String(v ?? "").trim();
  return s === "" ? undefined : Number(s);
};

/** Create or edit a template's working copy (publishing a version is separate). */
export function TemplateEditor({
  templateId,
  initial,
  categories,
  models,
  providers,
}: {
  templateId: string | null;
  initial: EditorValues;
  categories: readonly string[];
  models: Option[];
  providers: Option[];
}) {
  const router = useRouter();
  const [error, setError] = useState<FormError>(null);
  const [pending, start] = useTransition();
  const [knowledge, setKnowledge] = useState<EditorKnowledge[]>(initial.knowledgeSources);
  const [examples, setExamples] = useState(initial.examples);
  const err = (f: string) => errorFor(error, f);

  useEffect(() => {
    if (error?.field) document.getElementById(fieldId(error.field))?.focus();
  }, [error]);

  return (
    <form
      aria-label={templateId ? "Edit template" : "New template"}
      noValidate
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const text = (k: string) => String(data.get(k) ?? "");
        let functions: unknown = [];
        const toolsText = text("functions").trim();
        if (toolsText) {
          try {
            functions = JSON.parse(toolsText);
          } catch (parseError) {
            setError({
              field: "functions",
              message: `Tools must be valid JSON: ${(parseError as Error).message}`,
            });
            return;
          }
        }
        const cost = text("costLimitPerRequest").trim();
        const input = {
          name: text("name"),
          description: text("description"),
          avatarUrl: text("avatarUrl"),
          category: text("category"),
          tags: text("tags")
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean),
          systemPrompt: text("systemPrompt"),
          personalityConfig: {
            tone: text("tone") || undefined,
            expertise: text("expertise") || undefined,
            style: text("style") || undefined,
          },
          modelConfig: {
            modelId: text("modelId") || undefined,
            temperature: num(data.get("temperature")),
            topP: num(data.get("topP")),
            maxTokens: num(data.get("maxTokens")),
          },
          functions,
          knowledgeSources: knowledge,
          allowedIntegrations: data.getAll("allowedIntegrations").map(String),
          costLimitPerRequest: cost === "" ? null : Number(cost),
          examples,
        };
        start(async () => {
          if (templateId) {
            const res = await updateTemplateAction(templateId, input);
            if (!res.ok) return setError(toFormError(res.error));
            setError(null);
            toast.success("Draft saved. Publish a version to make it what buyers run.");
            router.refresh();
          } else {
            const res = await createTemplateAction(input);
            if (!res.ok) return setError(toFormError(res.error));
            toast.success("Template created");
            router.push(`/templates/${res.data.id}`);
          }
        });
      }}
    >
      {error && !shownAtField(error.field) ? (
        <p role="alert" className="rounded-md border border-danger/40 bg-danger/10 p-3 text-sm text-danger">
          {error.message}
        </p>
      ) : null}

      <Card className="space-y-4 p-5">
        <h2 className="font-semibold">Listing details</h2>
        <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
          <Field id={id("name")} label="Name" error={err("name")}>
            <Input
              id={id("name")}
              name="name"
              defaultValue={initial.name}
              required
              {...describedBy(id("name"), err("name"))}
            />
          </Field>
          <Field
            id={id("avatarUrl")}
            label="Avatar"
            hint="An emoji or https:// image"
            error={err("avatarUrl")}
          >
            <Input
              id={id("avatarUrl")}
              name="avatarUrl"
              defaultValue={initial.avatarUrl}
              placeholder="🧭"
              {...describedBy(id("avatarUrl"), err("avatarUrl"), true)}
            />
          </Field>
        </div>
        <Field
          id={id("description")}
          label="Description"
          hint="Shown on the listing."
          error={err("description")}
        >
          <Textarea
            id={id("description")}
            name="description"
            defaultValue={initial.description}
            className="font-sans"
            {...describedBy(id("description"), err("description"), true)}
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={id("category")} label="Category" error={err("category")}>
            <Select id={id("category")} name="category" defaultValue={initial.category}>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {c[0]?.toUpperCase()}
                  {c.slice(1)}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            id={id("tags")}
            label="Tags"
            hint="Comma-separated, up to 10"
            error={err("tags") ?? (error?.field?.startsWith("tags.") ? error.message : undefined)}
          >
            <Input
              id={id("tags")}
              name="tags"
              defaultValue={initial.tags.join(", ")}
              placeholder="finance, accounting"
              {...describedBy(id("tags"), err("tags"), true)}
            />
          </Field>
        </div>
      </Card>

      <Card className="space-y-4 p-5">
        <div>
          <h2 className="font-semibold">Behaviour</h2>
          <p className="text-sm text-muted-foreground">
            Runs on the server only. Buyers of a paid template never see the prompt, the tools or the
            knowledge.
          </p>
        </div>
        <Field id={id("systemPrompt")} label="System prompt" error={err("systemPrompt")}>
          <Textarea
            id={id("systemPrompt")}
            name="systemPrompt"
            defaultValue={initial.systemPrompt}
            className="min-h-48"
            required
            {...describedBy(id("systemPrompt"), err("systemPrompt"))}
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-3">
          {(["tone", "expertise", "style"] as const).map((k) => (
            <Field
              key={k}
              id={id(`personalityConfig.${k}`)}
              label={k[0]?.toUpperCase() + k.slice(1)}
              error={err(`personalityConfig.${k}`)}
            >
              <Input
                id={id(`personalityConfig.${k}`)}
                name={k}
                defaultValue={initial.personalityConfig[k] ?? ""}
              />
            </Field>
          ))}
        </div>
      </Card>

      <Card className="space-y-4 p-5">
        <h2 className="font-semibold">Model</h2>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Field id={id("modelConfig.modelId")} label="Default model" error={err("modelConfig.modelId")}>
            <Select
              id={id("modelConfig.modelId")}
              name="modelId"
              defaultValue={initial.modelConfig.modelId ?? ""}
            >
              <option value="">The user's choice</option>
              {models.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            id={id("modelConfig.temperature")}
            label="Temperature"
            hint="0–2"
            error={err("modelConfig.temperature")}
          >
            <Input
              id={id("modelConfig.temperature")}
              name="temperature"
              inputMode="decimal"
              defaultValue={initial.modelConfig.temperature ?? ""}
              {...describedBy(id("modelConfig.temperature"), err("modelConfig.temperature"), true)}
            />
          </Field>
          <Field id={id("modelConfig.topP")} label="Top P" hint="0–1" error={err("modelConfig.topP")}>
            <Input
              id={id("modelConfig.topP")}
              name="topP"
              inputMode="decimal"
              defaultValue={initial.modelConfig.topP ?? ""}
              {...describedBy(id("modelConfig.topP"), err("modelConfig.topP"), true)}
            />
          </Field>
          <Field
            id={id("modelConfig.maxTokens")}
            label="Max answer tokens"
            error={err("modelConfig.maxTokens")}
          >
            <Input
              id={id("modelConfig.maxTokens")}
              name="maxTokens"
              inputMode="numeric"
              defaultValue={initial.modelConfig.maxTokens ?? ""}
              {...describedBy(id("modelConfig.maxTokens"), err("modelConfig.maxTokens"))}
            />
          </Field>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Allowed providers</legend>
            <p className="text-xs text-muted-foreground">None checked = any provider.</p>
            <div className="flex flex-wrap gap-x-4 gap-y-2">
              {providers.map((p) => (
                <label key={p.id} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    name="allowedIntegrations"
                    value={p.id}
                    defaultChecked={initial.allowedIntegrations.includes(p.id)}
                  />
                  {p.label}
                </label>
              ))}
            </div>
          </fieldset>
          <Field
            id={id("costLimitPerRequest")}
            label="Cost limit per request (USD)"
            hint="A request whose worst case costs more is refused before it is sent."
            error={err("costLimitPerRequest")}
          >
            <Input
              id={id("costLimitPerRequest")}
              name="costLimitPerRequest"
              inputMode="decimal"
              defaultValue={initial.costLimitPerRequest ?? ""}
              placeholder="0.05"
              {...describedBy(id("costLimitPerRequest"), err("costLimitPerRequest"), true)}
            />
          </Field>
        </div>
      </Card>

      <Card className="space-y-4 p-5">
        <div className="flex items-center justify-between gap-2">
          <h2 className="font-semibold">Knowledge</h2>
          <div className="flex gap-2">
            <Button
              type="button"
              size="sm"
              variant="outline"
              onClick={() => setKnowledge((k) => [...k, { type: "text", title: "", content: "" }])}
            >
              <Plus aria-hidden="true" className="mr-1 h-4 w-4" /> Text
            </Button>
            <Button
              type="button"
              size="sm"
              variant="outline"
              onClick={() => setKnowledge((k) => [...k, { type: "url", title: "", url: "" }])}
            >
              <Plus aria-hidden="true" className="mr-1 h-4 w-4" /> Link
            </Button>
          </div>
        </div>
        {knowledge.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            No knowledge yet: add text snippets or links the model should use.
          </p>
        ) : null}
        {err("knowledgeSources") || error?.field?.startsWith("knowledgeSources.") ? (
          <p role="alert" className="text-sm text-danger">
            {error?.message}
          </p>
        ) : null}
        <ul className="space-y-3">
          {knowledge.map((k, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity besides their position
            <li key={i} className="space-y-2 rounded-md border p-3">
              <div className="flex gap-2">
                <Input
                  aria-label={`Knowledge ${i + 1} title`}
                  placeholder="Title"
                  value={k.title}
                  onChange={(e) =>
                    setKnowledge((all) => all.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)))
                  }
                />
                <Button
                  type="button"
                  variant="ghost"
                  size="icon"
                  aria-label={`Remove knowledge ${i + 1}`}
                  onClick={() => setKnowledge((all) => all.filter((_, j) => j !== i))}
                >
                  <Trash2 aria-hidden="true" className="h-4 w-4" />
                </Button>
              </div>
              {k.type === "text" ? (
                <Textarea
                  aria-label={`Knowledge ${i + 1} text`}
                  className="font-sans"
                  value={k.content}
                  onChange={(e) =>
                    setKnowledge((all) =>
                      all.map((x, j) => (j === i ? { ...x, content: e.target.value } : x)),
                    )
                  }
                />
              ) : (
                <Input
                  aria-label={`Knowledge ${i + 1} address`}
                  placeholder="https://…"
                  value={k.url}
                  onChange={(e) =>
                    setKnowledge((all) => all.map((x, j) => (j === i ? { ...x, url: e.target.value } : x)))
                  }
                />
              )}
            </li>
          ))}
        </ul>
      </Card>

      <Card className="space-y-4 p-5">
        <Field
          id={id("functions")}
          label="Tools (JSON)"
          hint='A list of functions: [{"name": "lookup", "description": "…", "parameters": {"type": "object", "properties": {}}}]'
          error={err("functions") ?? (error?.field?.startsWith("functions.") ? error.message : undefined)}
        >
          <Textarea
            id={id("functions")}
            name="functions"
            defaultValue={initial.functions.length ? JSON.stringify(initial.functions, null, 2) : ""}
            {...describedBy(id("functions"), err("functions"), true)}
          />
        </Field>
      </Card>

      <Card className="space-y-4 p-5">
        <div className="flex items-center justify-between">
          <div>
            <h2 className="font-semibold">Examples</h2>
            <p className="text-sm text-muted-foreground">Public: shown on the listing page.</p>
          </div>
          <Button
            type="button"
            size="sm"
            variant="outline"
            disabled={examples.length >= 5}
            onClick={() => setExamples((x) => [...x, { prompt: "", response: "" }])}
          >
            <Plus aria-hidden="true" className="mr-1 h-4 w-4" /> Example
          </Button>
        </div>
        {error?.field?.startsWith("examples") ? (
          <p role="alert" className="text-sm text-danger">
            {error.message}
          </p>
        ) : null}
        <ul className="space-y-3">
          {examples.map((x, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity besides their position
            <li key={i} className="grid gap-2 rounded-md border p-3 sm:grid-cols-2">
              <Textarea
                aria-label={`Example ${i + 1} prompt`}
                placeholder="A user asks…"
                className="font-sans"
                value={x.prompt}
                onChange={(e) =>
                  setExamples((all) => all.map((y, j) => (j === i ? { ...y, prompt: e.target.value } : y)))
                }
              />
              <div className="flex gap-2">
                <Textarea
                  aria-label={`Example ${i + 1} response`}
                  placeholder="The template answers…"
                  className="font-sans"
                  value={x.response}
                  onChange={(e) =>
                    setExamples((all) =>
                      all.map((y, j) => (j === i ? { ...y, response: e.target.value } : y)),
                    )
                  }
                />
                <Button
                  type="button"
                  variant="ghost"
                  size="icon"
                  aria-label={`Remove example ${i + 1}`}
                  onClick={() => setExamples((all) => all.filter((_, j) => j !== i))}
                >
                  <Trash2 aria-hidden="true" className="h-4 w-4" />
                </Button>
              </div>
            </li>
          ))}
        </ul>
      </Card>

      <div className="flex justify-end gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : templateId ? "Save draft" : "Create template"}
        </Button>
      </div>
    </form>
  );
}
