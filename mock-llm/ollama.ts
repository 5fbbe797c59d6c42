/**
 * Ollama's native model listing (`GET /api/tags`), so a probe for a local Ollama finds the mock
 * server. Chat goes through Ollama's OpenAI-compatible `/v1` endpoints, which the mock already speaks.
 */
import { MOCK_MODELS } from "./openai";
import type { ResponsePlan } from "./respond";

const MODIFIED_AT = "2025-01-01T00:00:00Z";

export function tagsPlan(): ResponsePlan {
  const body = {
    models: MOCK_MODELS.filter((m) => m !== "mock-embed").map((name) => ({
      name,
      model: name,
      modified_at: MODIFIED_AT,
      size: 1_000_000,
      digest: `sha256:${name.padEnd(64, "0").slice(0, 64)}`,
      details: { format: "gguf", family: "mock", parameter_size: "1B", quantization_level: "Q4_0" },
    })),
  };
  return { stream: null, tokenCount: 0, json: () => body, model: "" };
}
