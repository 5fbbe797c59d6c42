/**
 * The built-in model catalog: providers and their list prices in USD per million tokens
 * (per second for video), as published by each provider. Admins edit prices in the app;
 * the seed only inserts what is missing, so an edited price is never overwritten.
 */
export const PRICES_AS_OF = "2026-11-01";

export type CatalogPricing = { input?: number; output?: number; cachedInput?: number; perSecond?: number };

export type CatalogModel = {
  name: string;
  displayName: string;
  type: "chat" | "completion" | "embedding" | "video";
  contextWindow?: number;
  maxOutputTokens?: number;
  pricing: CatalogPricing;
  capabilities?: string[];
};

export type CatalogProvider = {
  slug: "openai" | "anthropic" | "google" | "xai" | "cohere" | "perplexity" | "ollama" | "openai-compatible";
  name: string;
  type: "llm" | "video" | "image";
  capabilities: string[];
  defaultBaseUrl: string | null;
  /** How the provider reports cached prompt tokens: inside input tokens (OpenAI) or beside them (Anthropic). */
  cachedTokens: "included-in-input" | "separate";
  /** A local server may need no key. */
  keyOptional?: boolean;
  /** No public endpoint: the integration must give its base URL. */
  needsBaseUrl?: boolean;
  models: CatalogModel[];
};

const chat = (
  name: string,
  displayName: string,
  contextWindow: number,
  maxOutputTokens: number,
  input: number,
  output: number,
  cachedInput?: number,
): CatalogModel => ({
  name,
  displayName,
  type: "chat",
  contextWindow,
  maxOutputTokens,
  pricing: cachedInput === undefined ? { input, output } : { input, output, cachedInput },
});

const embedding = (
  name: string,
  displayName: string,
  contextWindow: number,
  input: number,
): CatalogModel => ({
  name,
  displayName,
  type: "embedding",
  contextWindow,
  pricing: { input, output: 0 },
});

export const CATALOG: CatalogProvider[] = [
  {
    slug: "openai",
    name: "OpenAI",
    type: "llm",
    capabilities: ["chat", "completion", "embedding", "video"],
    defaultBaseUrl: "https://api.openai.com/v1",
    cachedTokens: "included-in-input",
    models: [
      chat("gpt-5", "GPT-5", 400_000, 128_000, 1.25, 10, 0.125),
      chat("gpt-5-mini", "GPT-5 mini", 400_000, 128_000, 0.25, 2, 0.025),
      chat("gpt-5-nano", "GPT-5 nano", 400_000, 128_000, 0.05, 0.4, 0.005),
      chat("gpt-4.1", "GPT-4.1", 1_047_576, 32_768, 2, 8, 0.5),
      chat("gpt-4.1-mini", "GPT-4.1 mini", 1_047_576, 32_768, 0.4, 1.6, 0.1),
      chat("gpt-4.1-nano", "GPT-4.1 nano", 1_047_576, 32_768, 0.1, 0.4, 0.025),
      chat("gpt-4o", "GPT-4o", 128_000, 16_384, 2.5, 10, 1.25),
      chat("gpt-4o-mini", "GPT-4o mini", 128_000, 16_384, 0.15, 0.6, 0.075),
      chat("o3", "o3", 200_000, 100_000, 2, 8, 0.5),
      chat("o4-mini", "o4-mini", 200_000, 100_000, 1.1, 4.4, 0.275),
      embedding("text-embedding-3-small", "Embedding 3 small", 8_191, 0.02),
      embedding("text-embedding-3-large", "Embedding 3 large", 8_191, 0.13),
      { name: "sora-2", displayName: "Sora 2", type: "video", pricing: { perSecond: 0.1 } },
      { name: "sora-2-pro", displayName: "Sora 2 Pro", type: "video", pricing: { perSecond: 0.3 } },
    ],
  },
  {
    slug: "anthropic",
    name: "Anthropic",
    type: "llm",
    capabilities: ["chat", "completion"],
    defaultBaseUrl: "https://api.anthropic.com/v1",
    cachedTokens: "separate",
    models: [
      chat("claude-opus-4-5", "Claude Opus 4.5", 200_000, 64_000, 5, 25, 0.5),
      chat("claude-opus-4-1", "Claude Opus 4.1", 200_000, 32_000, 15, 75, 1.5),
      chat("claude-sonnet-4-5", "Claude Sonnet 4.5", 200_000, 64_000, 3, 15, 0.3),
      chat("claude-haiku-4-5", "Claude Haiku 4.5", 200_000, 64_000, 1, 5, 0.1),
      chat("claude-3-5-haiku-latest", "Claude Haiku 3.5", 200_000, 8_192, 0.8, 4, 0.08),
    ],
  },
  {
    slug: "google",
    name: "Google",
    type: "llm",
    capabilities: ["chat", "completion", "embedding"],
    defaultBaseUrl: "https://generativelanguage.googleapis.com/v1beta",
    cachedTokens: "included-in-input",
    models: [
      chat("gemini-2.5-pro", "Gemini 2.5 Pro", 1_048_576, 65_536, 1.25, 10, 0.125),
      chat("gemini-2.5-flash", "Gemini 2.5 Flash", 1_048_576, 65_536, 0.3, 2.5, 0.03),
      chat("gemini-2.5-flash-lite", "Gemini 2.5 Flash-Lite", 1_048_576, 65_536, 0.1, 0.4, 0.01),
      embedding("gemini-embedding-001", "Gemini Embedding", 2_048, 0.15),
    ],
  },
  {
    slug: "xai",
    name: "xAI",
    type: "llm",
    capabilities: ["chat", "completion"],
    defaultBaseUrl: "https://api.x.ai/v1",
    cachedTokens: "included-in-input",
    models: [
      chat("grok-4", "Grok 4", 256_000, 64_000, 3, 15, 0.75),
      chat("grok-4-fast-non-reasoning", "Grok 4 Fast", 2_000_000, 30_000, 0.2, 0.5, 0.05),
      chat("grok-3-mini", "Grok 3 mini", 131_072, 32_000, 0.3, 0.5, 0.075),
    ],
  },
  {
    slug: "cohere",
    name: "Cohere",
    type: "llm",
    capabilities: ["chat", "completion", "embedding"],
    defaultBaseUrl: "https://api.cohere.com/v2",
    cachedTokens: "included-in-input",
    models: [
      chat("command-a-03-2025", "Command A", 256_000, 8_000, 2.5, 10),
      chat("command-r-plus-08-2024", "Command R+", 128_000, 4_000, 2.5, 10),
      chat("command-r-08-2024", "Command R", 128_000, 4_000, 0.15, 0.6),
      chat("command-r7b-12-2024", "Command R7B", 128_000, 4_000, 0.0375, 0.15),
      embedding("embed-v4.0", "Embed v4", 128_000, 0.12),
    ],
  },
  {
    slug: "perplexity",
    name: "Perplexity",
    type: "llm",
    capabilities: ["chat", "completion"],
    defaultBaseUrl: "https://api.perplexity.ai",
    cachedTokens: "included-in-input",
    models: [
      chat("sonar", "Sonar", 128_000, 8_000, 1, 1),
      chat("sonar-pro", "Sonar Pro", 200_000, 8_000, 3, 15),
      chat("sonar-reasoning-pro", "Sonar Reasoning Pro", 128_000, 8_000, 2, 8),
      chat("sonar-deep-research", "Sonar Deep Research", 128_000, 8_000, 2, 8),
    ],
  },
  {
    slug: "ollama",
    name: "Ollama",
    type: "llm",
    capabilities: ["chat", "completion", "embedding"],
    defaultBaseUrl: "http://127.0.0.1:11434/v1",
    cachedTokens: "included-in-input",
    keyOptional: true,
    models: [],
  },
  {
    slug: "openai-compatible",
    name: "OpenAI-compatible",
    type: "llm",
    capabilities: ["chat", "completion", "embedding"],
    defaultBaseUrl: null,
    cachedTokens: "included-in-input",
    keyOptional: true,
    needsBaseUrl: true,
    models: [],
  },
];
