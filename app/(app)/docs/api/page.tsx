import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { apiExamples } from "@/components/docs/api-examples";
import { AnthropicSection, ToolCallsDocs } from "@/components/docs/api-tools-docs";
import { CodeTabs } from "@/components/docs/code-tabs";
import { Code, Pre, Section } from "@/components/docs/doc-parts";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { modelRef } from "@/lib/ai/model-ref";
import { usableModels } from "@/lib/ai/models";
import { requireUser } from "@/lib/auth/current";
import { costCapText, rateLimitText } from "@/lib/billing/limit-text";
import { effectiveLimits } from "@/lib/billing/limits";

export const metadata: Metadata = { title: "API reference" };

const SECTIONS = [
  ["auth", "Authentication and scopes"],
  ["chat", "POST /chat/completions"],
  ["tools", "Tool calling"],
  ["messages", "POST /messages (Anthropic)"],
  ["models", "GET /models"],
  ["usage", "GET /usage"],
  ["errors", "Errors"],
  ["limits", "Rate limits and spend caps"],
] as const;

const ERRORS = [
  [
    "400",
    "invalid_request_error",
    "invalid_request, invalid_value",
    "The body is not JSON, or a field is wrong; param names the field.",
  ],
  [
    "401",
    "invalid_request_error",
    "invalid_api_key",
    "No key, a malformed key, or a key that is unknown, revoked or expired.",
  ],
  [
    "402",
    "insufficient_quota",
    "budget_exceeded",
    "A monthly spend cap (yours or the key's) is reached; the message says which and when it resets.",
  ],
  ["403", "permission_error", "insufficient_scope", "The key lacks the scope this endpoint needs."],
  ["404", "invalid_request_error", "model_not_found", "No model by that name that you can call."],
  [
    "429",
    "rate_limit_error",
    "rate_limit_exceeded",
    "Too many requests per minute; wait the Retry-After header's seconds.",
  ],
  [
    "502",
    "api_error",
    "upstream_error",
    "The provider failed (after Prism's retries before the first token).",
  ],
  ["504", "api_error", "upstream_timeout", "The provider sent nothing in time."],
  [
    "500",
    "api_error",
    "internal",
    "Something broke on Prism's side; nothing was charged for a call that never started.",
  ],
] as const;

export default async function ApiDocsPage() {
  const user = await requireUser();
  const db = await getDb();
  const [limits, models] = await Promise.all([
    effectiveLimits(db, user.id),
    usableModels(db, user, { type: "chat" }),
  ]);
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;
  const example = models.find((m) => m.providerStatus === "active") ?? models[0];
  const model = example ? modelRef(example) : "openai/gpt-4o-mini";
  const ex = apiExamples(origin, model);
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <PageHeader
        title="API reference"
        description="Call Prism like OpenAI or Anthropic: the same request and response shapes, with your Prism API key."
      />
      <Card className="space-y-3 p-5 md:p-6">
        <p className="text-sm">
          Base URL: <Code>{`${origin}/api/v1`}</Code>. Point any OpenAI client library at it (Anthropic
          clients take <Code>{`${origin}/api`}</Code>, see below). Create a key in{" "}
          <Link href="/settings/api-keys" className="font-medium underline underline-offset-4">
            Settings → API keys
          </Link>{" "}
          and keep it in an environment variable such as <Code>PRISM_API_KEY</Code>.
        </p>
        <nav aria-label="On this page">
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {SECTIONS.map(([id, title]) => (
              <li key={id}>
                <a href={`#${id}`} className="text-primary underline-offset-4 hover:underline">
                  {title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </Card>

      <Section id="auth" title="Authentication and scopes">
        <p className="text-sm">
          Send the key in every request as <Code>Authorization: Bearer prism_…</Code> (the Anthropic endpoint
          also takes Anthropic&apos;s <Code>x-api-key: prism_…</Code>). Keys are shown once, when created;
          Prism stores only a hash. A revoked or expired key, or the key of a suspended account, gets{" "}
          <Code>401</Code>. Each key has scopes; an endpoint outside them answers <Code>403</Code>.
        </p>
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase tracking-wide text-muted-foreground">
            <tr>
              <th scope="col" className="py-1 pr-4">
                Scope
              </th>
              <th scope="col" className="py-1">
                Allows
              </th>
            </tr>
          </thead>
          <tbody className="divide-y">
            <tr>
              <td className="py-1.5 pr-4 font-mono text-xs">chat</td>
              <td className="py-1.5">POST /api/v1/chat/completions, POST /api/v1/messages</td>
            </tr>
            <tr>
              <td className="py-1.5 pr-4 font-mono text-xs">models</td>
              <td className="py-1.5">GET /api/v1/models</td>
            </tr>
            <tr>
              <td className="py-1.5 pr-4 font-mono text-xs">usage:read</td>
              <td className="py-1.5">GET /api/v1/usage</td>
            </tr>
          </tbody>
        </table>
      </Section>

      <Section id="chat" title="POST /api/v1/chat/completions">
        <p className="text-sm">
          OpenAI&apos;s Chat Completions. The call goes through your integrations (your own keys, or those an
          admin shared) with your plan&apos;s limits, and its usage is attributed to the key. Models are named{" "}
          <Code>provider/model</Code> (for example <Code>{model}</Code>); a bare model name works when only
          one of your models has it.
        </p>
        <ul className="list-disc space-y-1 pl-5 text-sm">
          <li>
            <Code>model</Code> and <Code>messages</Code> are required. Roles: <Code>system</Code>,{" "}
            <Code>developer</Code>, <Code>user</Code>, <Code>assistant</Code> (with <Code>tool_calls</Code>),{" "}
            <Code>tool</Code> (with <Code>tool_call_id</Code>); content is a string or a list of text parts.
          </li>
          <li>
            Optional: <Code>stream</Code>, <Code>stream_options.include_usage</Code>, <Code>temperature</Code>{" "}
            (0–2), <Code>top_p</Code> (0–1), <Code>max_tokens</Code> or <Code>max_completion_tokens</Code>,{" "}
            <Code>user</Code> (recorded with the usage), <Code>tools</Code>, <Code>tool_choice</Code>,{" "}
            <Code>parallel_tool_calls</Code> (see Tool calling). <Code>n</Code> must be 1. Other fields are
            ignored.
          </li>
        </ul>
        <CodeTabs title="a chat completion" samples={ex.chat ?? []} />
        <p className="text-sm font-medium">Response</p>
        <Pre>{`{
  "id": "chatcmpl-…",
  "object": "chat.completion",
  "created": 1767225600,
  "model": "${model}",
  "choices": [{ "index": 0, "message": { "role": "assistant", "content": "Hi!", "refusal": null },
                "logprobs": null, "finish_reason": "stop" }],
  "usage": { "prompt_tokens": 8, "completion_tokens": 3, "total_tokens": 11,
             "prompt_tokens_details": { "cached_tokens": 0 } }
}`}</Pre>
        <h3 className="pt-2 text-base font-semibold">Streaming</h3>
        <p className="text-sm">
          With <Code>&quot;stream&quot;: true</Code> the answer comes as server-sent events: a first chunk
          with the role, one <Code>chat.completion.chunk</Code> per text delta, a last chunk with{" "}
          <Code>finish_reason</Code>, then <Code>data: [DONE]</Code>. With{" "}
          <Code>stream_options.include_usage</Code> a chunk with empty <Code>choices</Code> and the token{" "}
          <Code>usage</Code> comes just before <Code>[DONE]</Code>. A failure before the first token gets a
          normal HTTP error; a failure after it arrives as a <Code>data: {'{"error": {…}}'}</Code> event
          before the stream closes. Closing the connection cancels the provider call.
        </p>
        <CodeTabs title="a streamed chat completion" samples={ex.stream ?? []} />
        <Pre>{`data: {"id":"chatcmpl-…","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

data: {"id":"chatcmpl-…","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

data: {"id":"chatcmpl-…","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

data: [DONE]`}</Pre>
      </Section>

      <ToolCallsDocs origin={origin} model={model} />
      <AnthropicSection origin={origin} model={model} />

      <Section id="models" title="GET /api/v1/models">
        <p className="text-sm">
          The models you can call now, named as <Code>model</Code> expects them, with their type and context
          window.
        </p>
        <CodeTabs title="listing models" samples={ex.models ?? []} />
        <Pre>{`{
  "object": "list",
  "data": [{ "id": "${model}", "object": "model", "created": 0, "owned_by": "${model.split("/")[0]}",
             "type": "chat", "context_window": 128000 }]
}`}</Pre>
      </Section>

      <Section id="usage" title="GET /api/v1/usage">
        <p className="text-sm">
          Your account&apos;s usage (every key and the app together; never another user&apos;s), from the same
          hourly rollups as the Usage page. Query parameters, all optional:
        </p>
        <table className="w-full text-sm">
          <tbody className="divide-y">
            {[
              ["from", "Start, a date (2026-01-31) or ISO 8601 time. Default: 30 days before to."],
              ["to", "End (exclusive). Default: now. At most 400 days after from."],
              ["granularity", "hour, day (default), week, month, or none for one total."],
              ["group_by", "provider, model, integration, apiKey, template or requestType."],
              ["timezone", "IANA zone the periods are cut in, e.g. Europe/Paris. Default: UTC."],
            ].map(([name, text]) => (
              <tr key={name}>
                <td className="py-1.5 pr-4 align-top font-mono text-xs">{name}</td>
                <td className="py-1.5">{text}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <CodeTabs title="reading usage" samples={ex.usage ?? []} />
        <Pre>{`{
  "object": "usage",
  "from": "2026-01-01T00:00:00.000Z",
  "to": "2026-01-31T00:00:00.000Z",
  "granularity": "day",
  "data": [{ "bucket": "2026-01-02T00:00:00", "model": "<model id>", "requests": 12, "successes": 12,
             "errors": 0, "tokensIn": 960, "tokensOut": 2400, "tokensCached": 0, "cost": "0.004200",
             "avgLatencyMs": 850, "p95LatencyMs": 1900, "avgTtftMs": 310 }]
}`}</Pre>
        <p className="text-sm text-muted-foreground">
          Costs are USD as decimal strings with six decimals. Group values are ids; <Code>bucket</Code> is the
          period&apos;s start in the chosen zone (null with granularity none).
        </p>
      </Section>

      <Section id="errors" title="Errors">
        <p className="text-sm">
          Errors use OpenAI&apos;s shape, so OpenAI clients raise their usual exceptions (
          <Code>/messages</Code> answers in Anthropic&apos;s shape instead, see above):
        </p>
        <Pre>{`{ "error": { "message": "This API key lacks the \\"chat\\" scope.", "type": "permission_error",
             "param": null, "code": "insufficient_scope" } }`}</Pre>
        <ul className="divide-y text-sm" data-testid="api-errors" aria-label="Error statuses">
          {ERRORS.map(([status, type, code, when]) => (
            <li key={status} className="py-2 md:grid md:grid-cols-[3rem_12rem_11rem_1fr] md:gap-3">
              <span className="font-mono text-xs font-semibold">{status}</span>
              <span className="ml-3 font-mono text-xs text-muted-foreground md:ml-0">{type}</span>
              <span className="ml-3 font-mono text-xs md:ml-0">{code}</span>
              <span className="mt-1 block md:mt-0">{when}</span>
            </li>
          ))}
        </ul>
      </Section>

      <Section id="limits" title="Rate limits and spend caps">
        <p className="text-sm">
          Every limit is checked before Prism calls a provider, so a refused request costs nothing.
        </p>
        <ul className="list-disc space-y-1.5 pl-5 text-sm">
          <li>
            <strong>Requests per minute</strong>: {rateLimitText(limits)} That counts the app and the API
            together; each key has its own limit too, set when it is created. Over either: <Code>429</Code>{" "}
            with a <Code>Retry-After</Code> header.
          </li>
          <li>
            <strong>Monthly spend cap</strong>: {costCapText(limits)} It is counted per calendar month in UTC.
            You get a notification at 80%; at 100% calls on shared integrations answer <Code>402</Code>{" "}
            <Code>budget_exceeded</Code> until the month turns. A key with a monthly cap of its own stops at
            that cap too, whichever integration it calls.
          </li>
          <li>
            Your current spend and limits are on the{" "}
            <Link href="/usage" className="font-medium underline underline-offset-4">
              Usage
            </Link>{" "}
            page.
          </li>
        </ul>
      </Section>
    </div>
  );
}
