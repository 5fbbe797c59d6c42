import { z } from "zod";

/**
 * The Anthropic Messages request (POST /v1/messages) as Prism honours it: text, image, tool_use and
 * tool_result blocks, client tools, tool_choice and the sampling settings. Unknown fields are
 * ignored (as Anthropic's own API tolerates new ones); blocks Prism cannot pass on are refused.
 */
const cacheControl = z.object({ type: z.string() }).passthrough().nullable().optional();

const textBlock = z.object({
  type: z.literal("text"),
  text: z.string({ error: "a text block needs its text" }),
  cache_control: cacheControl,
});

const imageSource = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("base64"), media_type: z.string().min(1), data: z.string().min(1) }),
    z.object({ type: z.literal("url"), url: z.url({ error: "the image url is not a URL" }) }),
  ],
  { error: 'an image source is {"type":"base64",…} or {"type":"url",…}' },
);

const imageBlock = z.object({ type: z.literal("image"), source: imageSource, cache_control: cacheControl });

const toolUseBlock = z.object({
  type: z.literal("tool_use"),
  id: z.string({ error: "a tool_use block needs its id" }).min(1).max(500),
  name: z.string({ error: "a tool_use block needs its name" }).min(1).max(200),
  input: z.record(z.string(), z.unknown(), { error: "a tool_use block's input must be an object" }),
  cache_control: cacheControl,
});

const toolResultBlock = z.object({
  type: z.literal("tool_result"),
  tool_use_id: z.string({ error: "a tool_result block needs its tool_use_id" }).min(1).max(500),
  content: z
    .union([z.string(), z.array(z.discriminatedUnion("type", [textBlock, imageBlock]))], {
      error: "a tool_result's content is a string or text and image blocks",
    })
    .optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});

/** Extended-thinking blocks a client sends back with its history; not passed on to other models. */
const thinkingBlock = z.object({ type: z.literal("thinking") }).passthrough();
const redactedThinkingBlock = z.object({ type: z.literal("redacted_thinking") }).passthrough();

const contentBlock = z.discriminatedUnion(
  "type",
  [textBlock, imageBlock, toolUseBlock, toolResultBlock, thinkingBlock, redactedThinkingBlock],
  { error: "a content block's type must be text, image, tool_use or tool_result" },
);
export type ContentBlock = z.infer<typeof contentBlock>;

const toolName = z
  .string({ error: "a tool needs its name" })
  .regex(/^[a-zA-Z0-9_-]{1,128}$/, "a tool name is 1 to 128 letters, digits, underscores or dashes");

const tool = z.object({
  type: z
    .literal("custom", { error: 'Prism supports client tools only (type "custom" or no type)' })
    .nullable()
    .optional(),
  name: toolName,
  description: z.string().max(100_000).optional(),
  input_schema: z
    .object(
      { type: z.literal("object", { error: 'input_schema.type must be "object"' }) },
      {
        error: "input_schema is required (a JSON Schema object)",
      },
    )
    .passthrough(),
  cache_control: cacheControl,
});

const parallel = { disable_parallel_tool_use: z.boolean().optional() };
const toolChoice = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("auto"), ...parallel }),
    z.object({ type: z.literal("any"), ...parallel }),
    z.object({ type: z.literal("tool"), name: toolName, ...parallel }),
    z.object({ type: z.literal("none") }),
  ],
  { error: "tool_choice.type must be auto, any, tool or none" },
);

export const messagesRequest = z
  .object({
    model: z.string({ error: "model is required" }).min(1, "model is required").max(300),
    max_tokens: z
      .number({ error: "max_tokens is required (a positive integer)" })
      .int("max_tokens must be an integer")
      .positive("max_tokens must be at least 1"),
    messages: z
      .array(
        z.object({
          role: z.enum(["user", "assistant"], { error: "role must be user or assistant" }),
          // A string is one text block; as an array, a bad block is named by its index.
          content: z.preprocess(
            (v) => (typeof v === "string" ? [{ type: "text", text: v }] : v),
            z.array(contentBlock, { error: "content must be a string or an array of content blocks" }),
          ),
        }),
        { error: "messages must be an array" },
      )
      .min(1, "messages must contain at least one message")
      .max(2000),
    system: z
      .union([z.string(), z.array(textBlock)], { error: "system must be a string or text blocks" })
      .optional(),
    tools: z.array(tool).max(128).optional(),
    tool_choice: toolChoice.optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().nonnegative().optional(),
    stop_sequences: z.array(z.string().min(1)).max(16).optional(),
    stream: z.boolean().optional(),
    metadata: z.object({ user_id: z.string().max(256).nullable().optional() }).optional(),
  })
  .superRefine((req, ctx) => {
    const choice = req.tool_choice;
    if (choice?.type === "any" && !req.tools?.length) {
      ctx.addIssue({ code: "custom", path: ["tool_choice"], message: 'type "any" needs tools' });
    } else if (choice?.type === "tool" && !req.tools?.some((t) => t.name === choice.name)) {
      ctx.addIssue({
        code: "custom",
        path: ["tool_choice", "name"],
        message: `names no tool in tools: "${choice.name}"`,
      });
    }
  });
export type MessagesRequest = z.infer<typeof messagesRequest>;
