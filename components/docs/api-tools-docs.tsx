import { toolExamples } from "./api-tool-examples";
import { CodeTabs } from "./code-tabs";
import { Code, Pre, Section } from "./doc-parts";

const ANTHROPIC_ERRORS = [
  ["400", "invalid_request_error", "The body is not JSON or a field is wrong (the message names it)."],
  ["401", "authentication_error", "No key, or a key that is unknown, revoked or expired."],
  ["402", "billing_error", "A monthly spend cap (yours or the key's) is reached."],
  ["403", "permission_error", "The key lacks the chat scope."],
  ["404", "not_found_error", "No model by that name that you can call."],
  ["429", "rate_limit_error", "Too many requests per minute; wait the Retry-After header's seconds."],
  ["500", "api_error", "The provider (or Prism) failed."],
  ["504", "timeout_error", "The provider sent nothing in time."],
  ["529", "overloaded_error", "The provider is overloaded (it answered 503 or 529)."],
] as const;

/** API reference: tool calling on Chat Completions. */
export function ToolCallsDocs({ origin, model }: { origin: string; model: string }) {
  const ex = toolExamples(origin, model);
  return (
    <Section id="tools" title="Tool calling">
      <p className="text-sm">
        Offer <Code>tools</Code> (function tools with a JSON Schema in <Code>parameters</Code>) and the model
        may answer with <Code>tool_calls</Code> instead of text. Prism does not run your tools: your code
        does, and sends each result back as a <Code>tool</Code> message with the call&apos;s{" "}
        <Code>tool_call_id</Code>, after the assistant message that made the calls. Every model can be offered
        tools, whatever its provider; each request of the loop is one metered call.
      </p>
      <ul className="list-disc space-y-1 pl-5 text-sm">
        <li>
          <Code>tool_choice</Code>: <Code>auto</Code> (default), <Code>none</Code>, <Code>required</Code>, or{" "}
          <Code>{'{"type": "function", "function": {"name": "…"}}'}</Code> to force one.{" "}
          <Code>parallel_tool_calls: false</Code> asks for at most one call per turn.
        </li>
        <li>
          The answer&apos;s <Code>finish_reason</Code> is <Code>tool_calls</Code>; <Code>content</Code> is{" "}
          <Code>null</Code> when the model wrote no text beside the calls.
        </li>
        <li>
          Streamed, each call arrives as <Code>delta.tool_calls</Code> chunks: first its <Code>index</Code>,{" "}
          <Code>id</Code>, <Code>type</Code> and <Code>function.name</Code>, then the{" "}
          <Code>function.arguments</Code> in pieces to concatenate.
        </li>
        <li>
          A malformed tool, a <Code>tool_choice</Code> naming no offered tool, or a tool message answering no
          call is refused with <Code>400</Code> and <Code>param</Code> naming the field.
        </li>
      </ul>
      <CodeTabs title="a tool-calling loop" samples={ex.tools} />
      <Pre>{`"choices": [{ "index": 0, "finish_reason": "tool_calls",
  "message": { "role": "assistant", "content": null, "refusal": null,
    "tool_calls": [{ "id": "call_…", "type": "function",
                     "function": { "name": "weather", "arguments": "{\\"city\\":\\"Paris\\"}" } }] } }]

data: {…"choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_…","type":"function","function":{"name":"weather","arguments":""}}]},"finish_reason":null}]}
data: {…"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]},"finish_reason":null}]}
data: {…"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}`}</Pre>
    </Section>
  );
}

/** API reference: the Anthropic Messages endpoint. */
export function AnthropicSection({ origin, model }: { origin: string; model: string }) {
  const ex = toolExamples(origin, model);
  return (
    <Section id="messages" title="POST /api/v1/messages (Anthropic Messages)">
      <p className="text-sm">
        Anthropic&apos;s Messages API over any of your models, whatever its provider, so the Anthropic SDKs
        and tools built on them work with Prism: give them the base URL <Code>{`${origin}/api`}</Code> and
        your Prism key as the API key (sent as <Code>x-api-key</Code>, or <Code>Authorization: Bearer</Code>
        ). <Code>anthropic-version</Code> is accepted. Limits, spend caps and metering are the same as for
        Chat Completions.
      </p>
      <ul className="list-disc space-y-1 pl-5 text-sm">
        <li>
          Required: <Code>model</Code> (named as in <Code>GET /models</Code>), <Code>max_tokens</Code>,{" "}
          <Code>messages</Code> (<Code>user</Code> / <Code>assistant</Code>, content a string or{" "}
          <Code>text</Code>, <Code>image</Code>, <Code>tool_use</Code> and <Code>tool_result</Code> blocks).
        </li>
        <li>
          Optional: <Code>system</Code> (a string or text blocks), <Code>tools</Code> (<Code>name</Code>,{" "}
          <Code>description</Code>, <Code>input_schema</Code>), <Code>tool_choice</Code> (<Code>auto</Code>,{" "}
          <Code>any</Code>, <Code>tool</Code>, <Code>none</Code>), <Code>temperature</Code>,{" "}
          <Code>top_p</Code>, <Code>top_k</Code>, <Code>stop_sequences</Code>, <Code>stream</Code>,{" "}
          <Code>metadata.user_id</Code> (recorded with the usage). Anthropic&apos;s server tools are not
          offered.
        </li>
        <li>
          <Code>stop_reason</Code> is <Code>end_turn</Code>, <Code>max_tokens</Code>, <Code>tool_use</Code> or{" "}
          <Code>stop_sequence</Code>; <Code>usage</Code> has <Code>input_tokens</Code>,{" "}
          <Code>output_tokens</Code>, <Code>cache_read_input_tokens</Code> and{" "}
          <Code>cache_creation_input_tokens</Code>.
        </li>
        <li>
          Streamed: <Code>message_start</Code>, then per content block <Code>content_block_start</Code>,{" "}
          <Code>content_block_delta</Code> (<Code>text_delta</Code> or <Code>input_json_delta</Code>),{" "}
          <Code>content_block_stop</Code> (a <Code>ping</Code> after the first start), then{" "}
          <Code>message_delta</Code> with the stop reason and the final usage, and <Code>message_stop</Code>.
          A failure after the stream began is an <Code>error</Code> event.
        </li>
      </ul>
      <CodeTabs title="an Anthropic message" samples={ex.messages} />
      <Pre>{`{
  "id": "msg_…", "type": "message", "role": "assistant", "model": "${model}",
  "content": [{ "type": "text", "text": "Hi!" }],
  "stop_reason": "end_turn", "stop_sequence": null,
  "usage": { "input_tokens": 12, "output_tokens": 3,
             "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0 }
}`}</Pre>
      <CodeTabs title="an Anthropic tool-use loop" samples={ex.messagesTools} />
      <p className="text-sm">
        Errors use Anthropic&apos;s shape,{" "}
        <Code>{'{"type": "error", "error": {"type": "…", "message": "…"}}'}</Code>, with a{" "}
        <Code>request-id</Code> header:
      </p>
      <ul className="divide-y text-sm" aria-label="Anthropic error statuses">
        {ANTHROPIC_ERRORS.map(([status, type, when]) => (
          <li key={status} className="py-2 md:grid md:grid-cols-[3rem_12rem_1fr] md:gap-3">
            <span className="font-mono text-xs font-semibold">{status}</span>
            <span className="ml-3 font-mono text-xs text-muted-foreground md:ml-0">{type}</span>
            <span className="mt-1 block md:mt-0">{when}</span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
