/**
 * `npm run mock-llm`: runs the mock model server on MOCK_LLM_PORT (default 4010) until SIGINT/SIGTERM.
 */
import { startMockLlm } from "./server";

const port = Number(process.env.MOCK_LLM_PORT ?? 4010);
const host = process.env.MOCK_LLM_HOST ?? "127.0.0.1";

const mock = await startMockLlm({ port, host });

console.log(`Prism mock LLM listening on ${mock.url}`);
console.log(
  [
    `OpenAI-compatible API at ${mock.url}/v1 (GET /models, POST /chat/completions, POST /embeddings) and the`,
    `Anthropic Messages API at ${mock.url} (POST /v1/messages). Models: mock-fast, mock-slow, mock-gpt, mock-claude,`,
    "mock-embed (any name is accepted). Control behaviour with directives after '@' in the model name or with",
    "x-mock-<key> headers, e.g. mock-gpt@ttft=500,tps=40,tokens=100 or mock-claude@fail=429,fail_times=1;",
    "directives: ttft, tps, reply, tokens, fail (4xx/5xx|cut|hang), fail_times, retry_after, cut_after, hang_after,",
    "usage=none, cached, tag. API keys containing bad/wrong/invalid get a 401; no key is fine. Inspect with",
    `GET ${mock.url}/__mock/requests, clear with POST ${mock.url}/__mock/reset. Ctrl+C to stop.`,
  ].join("\n"),
);

let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal} received, stopping mock LLM…`);
  mock.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
