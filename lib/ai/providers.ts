import { createAnthropic } from "@ai-sdk/anthropic";
import { createCohere } from "@ai-sdk/cohere";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { createPerplexity } from "@ai-sdk/perplexity";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { createXai } from "@ai-sdk/xai";
import type { EmbeddingModel } from "ai";
import type { ProviderSlug } from "@/db/schema";
import type { OutboundRequest } from "@/lib/net/outbound";
import { CATALOG, type CatalogProvider } from "./catalog";

/** Everything needed to talk to one provider endpoint. */
export type ProviderConnection = {
  slug: ProviderSlug;
  /** null = the provider's public endpoint. */
  baseUrl: string | null;
  apiKey: string | null;
  fetch: typeof fetch;
  /** The same guarded client as a Node-stream request (the OpenAI-wire relay). */
  request: OutboundRequest;
  /** Extra headers (e.g. an OpenAI-compatible gateway's own header). */
  headers?: Record<string, string>;
};

export function catalogProvider(slug: string): CatalogProvider | undefined {
  return CATALOG.find((p) => p.slug === slug);
}

/** The base URL a connection really uses. */
export function effectiveBaseUrl(conn: Pick<ProviderConnection, "slug" | "baseUrl">): string {
  const url = conn.baseUrl ?? catalogProvider(conn.slug)?.defaultBaseUrl;
  if (!url) throw new Error(`${conn.slug} needs a base URL`);
  return url.replace(/\/+$/, "");
}

// Providers that have no key (a local Ollama) still need a non-empty string for some SDKs.
const keyOrPlaceholder = (key: string | null) => key ?? "not-needed";

/**
 * The AI SDK language model for a connection. Every provider goes through its official AI SDK
 * package with our base URL and our guarded fetch, so the same code serves real keys and the
 * local mock server. OpenAI models use the Chat Completions API, which every OpenAI-compatible
 * server (vLLM, LM Studio, OpenRouter, llama.cpp) also speaks.
 */
export function languageModel(conn: ProviderConnection, modelName: string): LanguageModelV3 {
  const common = { baseURL: effectiveBaseUrl(conn), fetch: conn.fetch, headers: conn.headers };
  switch (conn.slug) {
    case "openai":
      return createOpenAI({ ...common, apiKey: keyOrPlaceholder(conn.apiKey) }).chat(modelName);
    case "anthropic":
      return createAnthropic({ ...common, apiKey: keyOrPlaceholder(conn.apiKey) })(modelName);
    case "google":
      return createGoogleGenerativeAI({ ...common, apiKey: keyOrPlaceholder(conn.apiKey) })(modelName);
    case "xai":
      return createXai({ ...common, apiKey: keyOrPlaceholder(conn.apiKey) }).chat(modelName);
    case "cohere":
      return createCohere({ ...common, apiKey: keyOrPlaceholder(conn.apiKey) })(modelName);
    case "perplexity":
      return createPerplexity({ ...common, apiKey: keyOrPlaceholder(conn.apiKey) })(modelName);
    case "ollama":
    case "openai-compatible":
      return createOpenAICompatible({
        ...common,
        name: conn.slug,
        apiKey: conn.apiKey ?? undefined,
        includeUsage: true,
      }).chatModel(modelName);
    default:
      throw new Error(`unknown provider ${conn.slug satisfies never}`);
  }
}

export function embeddingModel(conn: ProviderConnection, modelName: string): EmbeddingModel {
  const common = { baseURL: effectiveBaseUrl(conn), fetch: conn.fetch, headers: conn.headers };
  switch (conn.slug) {
    case "openai":
      return createOpenAI({ ...common, apiKey: keyOrPlaceholder(conn.apiKey) }).embeddingModel(modelName);
    case "google":
      return createGoogleGenerativeAI({ ...common, apiKey: keyOrPlaceholder(conn.apiKey) }).embeddingModel(
        modelName,
      );
    case "cohere":
      return createCohere({ ...common, apiKey: keyOrPlaceholder(conn.apiKey) }).embeddingModel(modelName);
    case "ollama":
    case "openai-compatible":
      return createOpenAICompatible({
        ...common,
        name: conn.slug,
        apiKey: conn.apiKey ?? undefined,
      }).embeddingModel(modelName);
    default:
      throw new Error(`${conn.slug} does not offer embeddings through Prism`);
  }
}

/**
 * Lists the models an endpoint reports, using each provider's own listing API.
 * Returns null when the provider has no listing endpoint (Perplexity).
 */
export async function listRemoteModels(
  conn: ProviderConnection,
  signal: AbortSignal,
): Promise<string[] | null> {
  const base = effectiveBaseUrl(conn);
  const headers: Record<string, string> = { ...conn.headers };
  let url: string;
  switch (conn.slug) {
    case "perplexity":
      return null;
    case "anthropic":
      url = `${base}/models?limit=1000`;
      if (conn.apiKey) headers["x-api-key"] = conn.apiKey;
      headers["anthropic-version"] = "2023-06-01";
      break;
    case "google":
      url = `${base}/models?pageSize=1000`;
      if (conn.apiKey) headers["x-goog-api-key"] = conn.apiKey;
      break;
    case "cohere":
      url = `${base.replace(/\/v2$/, "/v1")}/models?page_size=1000`;
      if (conn.apiKey) headers.authorization = `Bearer ${conn.apiKey}`;
      break;
    default:
      url = `${base}/models`;
      if (conn.apiKey) headers.authorization = `Bearer ${conn.apiKey}`;
  }
  const res = await conn.fetch(url, { headers, signal });
  if (!res.ok)
    throw new ProviderHttpError(res.status, await res.text().catch(() => ""), res.headers.get("retry-after"));
  const body = (await res.json()) as { data?: { id?: string }[]; models?: { name?: string; id?: string }[] };
  const ids =
    body.data?.map((m) => m.id) ?? body.models?.map((m) => m.id ?? m.name?.replace(/^models\//, "")) ?? [];
  return ids.filter((id): id is string => typeof id === "string" && id.length > 0).sort();
}

export class ProviderHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly retryAfter: string | null,
  ) {
    super(`HTTP ${status}`);
    this.name = "ProviderHttpError";
  }
}
