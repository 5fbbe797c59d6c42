import type { CodeSample } from "./code-tabs";

/** The API docs' copyable examples, for this instance's origin and a model the reader can call. */
export function apiExamples(origin: string, model: string): Record<string, CodeSample[]> {
  const base = `${origin}/api/v1`;
  const body = JSON.stringify({ model, messages: [{ role: "user", content: "Hello" }] });
  const streamBody = JSON.stringify({
    model,
    messages: [{ role: "user", content: "Hello" }],
    stream: true,
    stream_options: { include_usage: true },
  });
  return {
    chat: [
      {
        label: "curl",
        code: `curl ${base}/chat/completions \\
  -H "Authorization: Bearer $PRISM_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '${body}'`,
      },
      {
        label: "Node (openai)",
        code: `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${base}", apiKey: process.env.PRISM_API_KEY });

const completion = await client.chat.completions.create({
  model: "${model}",
  messages: [{ role: "user", content: "Hello" }],
});
console.log(completion.choices[0].message.content, completion.usage);`,
      },
      {
        label: "Python (openai)",
        code: `import os
from openai import OpenAI

client = OpenAI(base_url="${base}", api_key=os.environ["PRISM_API_KEY"])

completion = client.chat.completions.create(
    model="${model}",
    messages=[{"role": "user", "content": "Hello"}],
)
print(completion.choices[0].message.content, completion.usage)`,
      },
    ],
    stream: [
      {
        label: "curl",
        code: `curl -N ${base}/chat/completions \\
  -H "Authorization: Bearer $PRISM_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '${streamBody}'`,
      },
      {
        label: "Node (openai)",
        code: `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${base}", apiKey: process.env.PRISM_API_KEY });

const stream = await client.chat.completions.create({
  model: "${model}",
  messages: [{ role: "user", content: "Hello" }],
  stream: true,
  stream_options: { include_usage: true },
});
for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
  if (chunk.usage) console.log("\\n", chunk.usage);
}`,
      },
      {
        label: "Python (openai)",
        code: `import os
from openai import OpenAI

client = OpenAI(base_url="${base}", api_key=os.environ["PRISM_API_KEY"])

stream = client.chat.completions.create(
    model="${model}",
    messages=[{"role": "user", "content": "Hello"}],
    stream=True,
    stream_options={"include_usage": True},
)
for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="", flush=True)
    if chunk.usage:
        print("\\n", chunk.usage)`,
      },
    ],
    models: [
      {
        label: "curl",
        code: `curl ${base}/models \\
  -H "Authorization: Bearer $PRISM_API_KEY"`,
      },
      {
        label: "Node (openai)",
        code: `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${base}", apiKey: process.env.PRISM_API_KEY });

for await (const model of client.models.list()) console.log(model.id);`,
      },
      {
        label: "Python (openai)",
        code: `import os
from openai import OpenAI

client = OpenAI(base_url="${base}", api_key=os.environ["PRISM_API_KEY"])

for model in client.models.list():
    print(model.id)`,
      },
    ],
    usage: [
      {
        label: "curl",
        code: `curl "${base}/usage?from=2026-01-01&granularity=day&group_by=model&timezone=Europe/Paris" \\
  -H "Authorization: Bearer $PRISM_API_KEY"`,
      },
      {
        label: "Node (fetch)",
        code: `const params = new URLSearchParams({ granularity: "day", group_by: "model" });
const res = await fetch(\`${base}/usage?\${params}\`, {
  headers: { Authorization: \`Bearer \${process.env.PRISM_API_KEY}\` },
});
const usage = await res.json();
console.log(usage.data);`,
      },
      {
        label: "Python (requests)",
        code: `import os
import requests

res = requests.get(
    "${base}/usage",
    params={"granularity": "day", "group_by": "model"},
    headers={"Authorization": f"Bearer {os.environ['PRISM_API_KEY']}"},
)
print(res.json()["data"])`,
      },
    ],
  };
}
