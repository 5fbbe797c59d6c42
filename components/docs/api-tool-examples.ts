import type { CodeSample } from "./code-tabs";

/** Copyable examples of tool calling (OpenAI format) and of the Anthropic Messages endpoint. */
export function toolExamples(
  origin: string,
  model: string,
): Record<"tools" | "messages" | "messagesTools", CodeSample[]> {
  const base = `${origin}/api/v1`;
  const toolsBody = JSON.stringify({
    model,
    messages: [{ role: "user", content: "Weather in Paris?" }],
    tools: [
      {
        type: "function",
        function: {
          name: "weather",
          description: "The weather of a city",
          parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      },
    ],
  });
  const messagesBody = JSON.stringify({
    model,
    max_tokens: 1024,
    system: "Be brief.",
    messages: [{ role: "user", content: "Hello" }],
  });
  return {
    tools: [
      {
        label: "curl",
        code: `curl ${base}/chat/completions \\
  -H "Authorization: Bearer $PRISM_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '${toolsBody}'`,
      },
      {
        label: "Node (openai)",
        code: `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${base}", apiKey: process.env.PRISM_API_KEY });
const tools = [{
  type: "function",
  function: {
    name: "weather",
    description: "The weather of a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
}];
const messages = [{ role: "user", content: "Weather in Paris?" }];

for (;;) {
  const { choices } = await client.chat.completions.create({ model: "${model}", messages, tools });
  const message = choices[0].message;
  messages.push(message);
  if (!message.tool_calls) { console.log(message.content); break; }
  for (const call of message.tool_calls) {
    const { city } = JSON.parse(call.function.arguments);
    // Your code runs the tool; Prism never does.
    messages.push({ role: "tool", tool_call_id: call.id, content: \`Sunny in \${city}\` });
  }
}`,
      },
      {
        label: "Python (openai)",
        code: `import json, os
from openai import OpenAI

client = OpenAI(base_url="${base}", api_key=os.environ["PRISM_API_KEY"])
tools = [{"type": "function", "function": {
    "name": "weather", "description": "The weather of a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]
messages = [{"role": "user", "content": "Weather in Paris?"}]

while True:
    message = client.chat.completions.create(model="${model}", messages=messages, tools=tools).choices[0].message
    messages.append(message)
    if not message.tool_calls:
        print(message.content)
        break
    for call in message.tool_calls:
        city = json.loads(call.function.arguments)["city"]
        messages.append({"role": "tool", "tool_call_id": call.id, "content": f"Sunny in {city}"})`,
      },
    ],
    messages: [
      {
        label: "curl",
        code: `curl ${base}/messages \\
  -H "x-api-key: $PRISM_API_KEY" \\
  -H "anthropic-version: 2023-06-01" \\
  -H "Content-Type: application/json" \\
  -d '${messagesBody}'`,
      },
      {
        label: "Node (@anthropic-ai/sdk)",
        code: `import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic({ baseURL: "${origin}/api", apiKey: process.env.PRISM_API_KEY });

const message = await client.messages.create({
  model: "${model}",
  max_tokens: 1024,
  system: "Be brief.",
  messages: [{ role: "user", content: "Hello" }],
});
console.log(message.content, message.usage);

// Streaming: the same events as Anthropic's API.
const stream = client.messages.stream({ model: "${model}", max_tokens: 1024, messages: [{ role: "user", content: "Hello" }] });
stream.on("text", (text) => process.stdout.write(text));
console.log((await stream.finalMessage()).usage);`,
      },
      {
        label: "Python (anthropic)",
        code: `import os
from anthropic import Anthropic

client = Anthropic(base_url="${origin}/api", api_key=os.environ["PRISM_API_KEY"])

message = client.messages.create(
    model="${model}",
    max_tokens=1024,
    system="Be brief.",
    messages=[{"role": "user", "content": "Hello"}],
)
print(message.content, message.usage)

with client.messages.stream(model="${model}", max_tokens=1024,
                            messages=[{"role": "user", "content": "Hello"}]) as stream:
    for text in stream.text_stream:
        print(text, end="", flush=True)`,
      },
    ],
    messagesTools: [
      {
        label: "Node (@anthropic-ai/sdk)",
        code: `import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic({ baseURL: "${origin}/api", apiKey: process.env.PRISM_API_KEY });
const tools = [{
  name: "weather",
  description: "The weather of a city",
  input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
}];
const messages = [{ role: "user", content: "Weather in Paris?" }];

for (;;) {
  const message = await client.messages.create({ model: "${model}", max_tokens: 1024, tools, messages });
  messages.push({ role: "assistant", content: message.content });
  if (message.stop_reason !== "tool_use") break;
  const results = message.content
    .filter((block) => block.type === "tool_use")
    .map((use) => ({ type: "tool_result", tool_use_id: use.id, content: \`Sunny in \${use.input.city}\` }));
  messages.push({ role: "user", content: results });
}`,
      },
    ],
  };
}
