import type { Db } from "@/db/client";
import type { McpToolInfo } from "@/db/schema";
import type { Gateway } from "@/lib/ai/gateway";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { clientsFor, outboundPolicy } from "@/lib/net/policy";
import { searchEntries } from "@/lib/terminology/search";
import type { BuiltinTool } from "./builtin-names";
import { htmlToText } from "./html-text";

/** The server name Prism's own tools are recorded under (mcp_usage.server_name). */
export const BUILTIN_SERVER = "prism";
/** A fetched page is read up to this many bytes. */
export const MAX_PAGE_BYTES = 2_000_000;

export { BUILTIN_TOOLS, type BuiltinTool } from "./builtin-names";

export const BUILTIN_INFO: Record<BuiltinTool, McpToolInfo> = {
  terminology_lookup: {
    name: "terminology_lookup",
    description:
      "Look up terms in the user's terminology dictionary (their preferred terms, definitions and forbidden variants).",
    inputSchema: {
      type: "object",
      properties: { query: { type: "string", description: "The term or words to look up." } },
      required: ["query"],
    },
    annotations: { readOnlyHint: true },
  },
  fetch_page: {
    name: "fetch_page",
    description: "Fetch a public web page and return its readable text (scripts, styles and markup removed).",
    inputSchema: {
      type: "object",
      properties: { url: { type: "string", description: "The http(s) address of the page." } },
      required: ["url"],
    },
    annotations: { readOnlyHint: true, openWorldHint: true },
  },
};

type Ctx = { db: Db; gateway: Gateway | null; actor: Actor; signal: AbortSignal };

/** Runs one built-in tool; the result is plain text for the model. */
export async function runBuiltin(tool: BuiltinTool, input: unknown, ctx: Ctx): Promise<string> {
  const args = (input ?? {}) as Record<string, unknown>;
  if (tool === "terminology_lookup") {
    const query = typeof args.query === "string" ? args.query : "";
    if (!query.trim()) throw new AppError("bad_request", "query: give the term to look up.");
    const { hits } = await searchEntries(ctx.db, ctx.gateway, ctx.actor, query, { limit: 8 });
    if (!hits.length) return `No entries in the dictionary match "${query}".`;
    return JSON.stringify(
      hits.map((h) => ({
        term: h.term,
        definition: h.definition,
        context: h.context || undefined,
        variants: h.variants.length ? h.variants : undefined,
        forbiddenVariants: h.forbiddenVariants.length ? h.forbiddenVariants : undefined,
      })),
    );
  }
  return fetchPage(typeof args.url === "string" ? args.url : "", ctx);
}

/** GET a page through the outbound guard (no private addresses), reading at most MAX_PAGE_BYTES. */
async function fetchPage(raw: string, ctx: Ctx): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("bad_request", "url: give an http:// or https:// address.");
  }
  const { fetch } = clientsFor(await outboundPolicy(ctx.db, { shared: false }));
  const res = await fetch(url, {
    headers: { accept: "text/html,text/plain;q=0.9,*/*;q=0.5", "user-agent": "Prism fetch_page" },
    signal: ctx.signal,
  });
  if (!res.ok) {
    await res.body?.cancel();
    throw new AppError("upstream_error", `${url.host} answered ${res.status}.`);
  }
  const type = res.headers.get("content-type") ?? "";
  if (!/text\/|json|xml/.test(type)) {
    await res.body?.cancel();
    throw new AppError("bad_request", `That address is not a text page (${type || "no content type"}).`);
  }
  const { text, cut } = await readCapped(res, MAX_PAGE_BYTES);
  const body = /html/.test(type) ? htmlToText(text) : text;
  return cut ? `${body}\n…[page cut at ${MAX_PAGE_BYTES} bytes]` : body;
}

async function readCapped(res: Response, max: number): Promise<{ text: string; cut: boolean }> {
  const reader = res.body?.getReader();
  if (!reader) return { text: "", cut: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > max) {
      chunks.push(value.subarray(0, max - size));
      cut = true;
      await reader.cancel();
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), cut };
}
