"use client";

import { Loader2, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
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
import { Input, Select, Textarea } from "@/components/ui/input";
import type { ServerActionSet, ServerFormInput } from "./types";

const FIELDS = ["name", "url", "headers", "transport", "command", "args"] as const;

/** "Name: value" per line → a header map; a line without a colon is reported by number. */
function parseHeaders(text: string): Record<string, string> | { line: number } {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? "";
    if (!line) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) return { line: i + 1 };
    out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return out;
}

/** Adds an MCP server: connects at once and lists its tools, or says why it could not. */
export function AddServerForm({ actions, allowStdio }: { actions: ServerActionSet; allowStdio: boolean }) {
  const id = useId();
  const router = useRouter();
  const [transport, setTransport] = useState<ServerFormInput["transport"]>("http");
  const [error, setError] = useState<FormError>(null);
  const [pending, start] = useTransition();
  const fid = (f: string) => `${id}-${f}`;

  const submit = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? "").trim();
    let input: ServerFormInput;
    if (transport === "stdio") {
      input = {
        transport,
        name: text("name"),
        command: text("command"),
        args: text("args")
          ? text("args")
              .split("\n")
              .map((a) => a.trim())
              .filter(Boolean)
          : [],
      };
    } else {
      const headers = parseHeaders(String(data.get("headers") ?? ""));
      if ("line" in headers) {
        setError({ field: "headers", message: `Line ${headers.line}: write each header as Name: value.` });
        return;
      }
      input = { transport, name: text("name"), url: text("url"), headers };
    }
    setError(null);
    start(async () => {
      const res = await actions.create(input);
      if (!res.ok) {
        setError(toFormError(res.error));
        return;
      }
      if (res.data.status === "connected") toast.success(`${input.name} is connected`);
      else
        toast.error(
          `${input.name} was added but could not be reached: ${res.data.lastError ?? "unknown error"}`,
        );
      form.reset();
      setTransport("http");
      router.refresh();
    });
  };

  const formError = formLevelError(error, FIELDS);
  return (
    <form
      aria-label="Add an MCP server"
      className="space-y-4 rounded-lg border bg-card p-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit(e.currentTarget);
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id={fid("name")}
          label="Name"
          error={errorFor(error, "name")}
          hint="Tools are named after it (name__tool)."
        >
          <Input
            id={fid("name")}
            name="name"
            required
            maxLength={40}
            {...describedBy(fid("name"), errorFor(error, "name"), true)}
          />
        </Field>
        <Field id={fid("transport")} label="Transport" error={errorFor(error, "transport")}>
          <Select
            id={fid("transport")}
            name="transport"
            value={transport}
            onChange={(e) => setTransport(e.target.value as ServerFormInput["transport"])}
          >
            <option value="http">Streamable HTTP</option>
            <option value="sse">SSE (legacy)</option>
            {allowStdio ? <option value="stdio">stdio (a command on this server)</option> : null}
          </Select>
        </Field>
      </div>
      {transport === "stdio" ? (
        <>
          <Field
            id={fid("command")}
            label="Command"
            error={errorFor(error, "command")}
            hint="One executable, run without a shell, with PATH as its only environment."
          >
            <Input
              id={fid("command")}
              name="command"
              required
              {...describedBy(fid("command"), errorFor(error, "command"), true)}
            />
          </Field>
          <Field id={fid("args")} label="Arguments (one per line)" error={errorFor(error, "args")}>
            <Textarea
              id={fid("args")}
              name="args"
              rows={3}
              {...describedBy(fid("args"), errorFor(error, "args"))}
            />
          </Field>
        </>
      ) : (
        <>
          <Field
            id={fid("url")}
            label="Server URL"
            error={errorFor(error, "url")}
            hint="For example https://mcp.example.com/mcp"
          >
            <Input
              id={fid("url")}
              name="url"
              type="url"
              required
              {...describedBy(fid("url"), errorFor(error, "url"), true)}
            />
          </Field>
          <Field
            id={fid("headers")}
            label="Headers (optional)"
            error={errorFor(error, "headers")}
            hint="One per line, as Name: value — for example Authorization: Bearer … Stored encrypted."
          >
            <Textarea
              id={fid("headers")}
              name="headers"
              rows={2}
              className="font-mono text-xs"
              {...describedBy(fid("headers"), errorFor(error, "headers"), true)}
            />
          </Field>
        </>
      )}
      {formError ? (
        <p role="alert" className="text-sm text-danger">
          {formError}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? (
          <Loader2 aria-hidden="true" className="h-4 w-4 animate-spin" />
        ) : (
          <Plus aria-hidden="true" className="h-4 w-4" />
        )}
        {pending ? "Connecting…" : "Add server"}
      </Button>
    </form>
  );
}
