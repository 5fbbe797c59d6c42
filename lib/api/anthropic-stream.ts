import type {
  LanguageModelV3FinishReason,
  LanguageModelV3StreamPart,
  SharedV3ProviderMetadata,
} from "@ai-sdk/provider";
import type { CallOutcome } from "@/lib/ai/gateway";
import { anthropicErrorParts, stopOf, usageOf } from "./anthropic-convert";
import { upstreamError } from "./model-call";

const event = (type: string, data: Record<string, unknown>) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

type Block =
  | { kind: "text"; index: number; pending: string; ended: boolean }
  | { kind: "tool"; index: number; id: string; name: string; pending: string; ended: boolean };

/**
 * Orders content blocks the way the Messages stream needs them: one block open at a time, each
 * started, filled with deltas and stopped before the next. A block that begins while another is
 * still open (a second tool call streamed beside the first) waits, its deltas kept, until the
 * open one ends.
 */
class BlockSequencer {
  private current: Block | null = null;
  private readonly waiting: Block[] = [];
  private readonly tools = new Map<string, Block>();
  private next = 0;
  private pinged = false;
  readonly out: string[] = [];

  get toolCount(): number {
    return this.tools.size;
  }

  text(delta: string): void {
    const cur = this.current;
    const last = this.waiting[this.waiting.length - 1];
    if (cur?.kind === "text") this.delta(cur, delta);
    else if (cur === null) this.start({ kind: "text", index: 0, pending: delta, ended: false });
    else if (last?.kind === "text" && !last.ended) last.pending += delta;
    else this.queue({ kind: "text", index: 0, pending: delta, ended: false });
  }

  toolStart(id: string, name: string): void {
    if (this.tools.has(id)) return;
    const block: Block = { kind: "tool", index: 0, id, name, pending: "", ended: false };
    this.tools.set(id, block);
    // Text before a tool call is complete: it ends where the call begins.
    if (this.current?.kind === "text") this.stop();
    if (this.current === null) this.start(block);
    else this.queue(block);
  }

  toolDelta(id: string, delta: string): void {
    const block = this.tools.get(id);
    if (!block || block.ended || delta === "") return;
    if (block === this.current) this.delta(block, delta);
    else block.pending += delta;
  }

  toolEnd(id: string): void {
    const block = this.tools.get(id);
    if (!block || block.ended) return;
    block.ended = true;
    if (block === this.current) this.stop();
  }

  /** A whole tool call; its arguments too when they were not streamed. */
  toolCall(id: string, name: string, input: string): void {
    if (!this.tools.has(id)) {
      this.toolStart(id, name);
      this.toolDelta(id, input);
    }
    this.toolEnd(id);
  }

  finish(): void {
    for (const b of this.waiting) b.ended = true;
    if (this.current) this.stop();
    if (!this.pinged) this.ping();
  }

  private queue(block: Block): void {
    const last = this.waiting[this.waiting.length - 1];
    if (last?.kind === "text") last.ended = true;
    this.waiting.push(block);
  }

  private ping(): void {
    this.pinged = true;
    this.out.push(event("ping", {}));
  }

  private start(block: Block): void {
    block.index = this.next++;
    const content_block =
      block.kind === "text"
        ? { type: "text", text: "" }
        : { type: "tool_use", id: block.id, name: block.name, input: {} };
    this.out.push(event("content_block_start", { index: block.index, content_block }));
    if (!this.pinged) this.ping();
    this.current = block;
    const pending = block.pending;
    block.pending = "";
    if (pending !== "") this.delta(block, pending);
    if (block.ended) this.stop();
  }

  private delta(block: Block, text: string): void {
    const delta =
      block.kind === "text" ? { type: "text_delta", text } : { type: "input_json_delta", partial_json: text };
    this.out.push(event("content_block_delta", { index: block.index, delta }));
  }

  private stop(): void {
    const block = this.current;
    if (!block) return;
    block.ended = true;
    this.out.push(event("content_block_stop", { index: block.index }));
    this.current = null;
    const next = this.waiting.shift();
    if (next) this.start(next);
  }
}

/**
 * Provider parts → the Messages stream: message_start, then each content block's
 * content_block_start / content_block_delta (text_delta, input_json_delta) / content_block_stop
 * (a ping after the first start), then message_delta with stop_reason and usage, message_stop.
 * A failure after the stream began is an `error` event, as Anthropic sends it.
 */
export async function* messageEvents(
  parts: AsyncGenerator<LanguageModelV3StreamPart>,
  outcome: Promise<CallOutcome>,
  m: { id: string; model: string; inputTokensEstimate: number },
): AsyncGenerator<string> {
  const blocks = new BlockSequencer();
  let finishReason: LanguageModelV3FinishReason | undefined;
  let metadata: SharedV3ProviderMetadata | undefined;
  try {
    yield event("message_start", {
      message: {
        id: m.id,
        type: "message",
        role: "assistant",
        model: m.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        // The real counts are known at the end: message_delta carries them.
        usage: {
          input_tokens: m.inputTokensEstimate,
          output_tokens: 0,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      },
    });
    for await (const part of parts) {
      if (part.type === "text-delta") {
        if (part.delta !== "") blocks.text(part.delta);
      } else if (part.type === "tool-input-start") {
        if (!part.providerExecuted) blocks.toolStart(part.id, part.toolName);
      } else if (part.type === "tool-input-delta") blocks.toolDelta(part.id, part.delta);
      else if (part.type === "tool-input-end") blocks.toolEnd(part.id);
      else if (part.type === "tool-call") {
        if (!part.providerExecuted) blocks.toolCall(part.toolCallId, part.toolName, part.input);
      } else if (part.type === "finish") {
        finishReason = part.finishReason;
        metadata = part.providerMetadata;
      }
      if (blocks.out.length > 0) yield blocks.out.splice(0).join("");
    }
    const result = await outcome;
    if (result.status !== "success") {
      const { body } = anthropicErrorParts(upstreamError(result));
      yield event("error", { error: body.error });
      return;
    }
    blocks.finish();
    yield blocks.out.splice(0).join("");
    yield event("message_delta", {
      delta: stopOf(finishReason, blocks.toolCount > 0, metadata),
      usage: usageOf(result.usage),
    });
    yield event("message_stop", {});
  } finally {
    await parts.return(undefined);
  }
}
