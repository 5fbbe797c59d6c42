import { z } from "zod";

/** stdio servers run a command on Prism's host: only admins, only when the instance allows it. */
export const stdioEnabled = () => process.env.PRISM_MCP_STDIO === "1";

const name = z
  .string()
  .trim()
  .min(1, "Give the server a name.")
  .max(40, "Use at most 40 characters.")
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9 _-]*$/, "Use letters, digits, spaces, - and _ (tools are named after it).");
const url = z.url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL." }).max(500);
const headerName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,100}$/, "Header names use letters, digits and -.");
const headers = z
  .record(headerName, z.string().max(4000, "A header value is at most 4000 characters."))
  .refine((h) => Object.keys(h).length <= 20, "At most 20 headers.");

export const serverInput = z.discriminatedUnion("transport", [
  z.object({ transport: z.enum(["http", "sse"]), name, url, headers: headers.optional() }),
  z.object({
    transport: z.literal("stdio"),
    name,
    command: z
      .string()
      .trim()
      .min(1, "Enter the command to run.")
      .max(500)
      .regex(/^[^\s;&|`$<>]+$/, "One executable (a path or name), no shell syntax; put arguments below."),
    args: z.array(z.string().max(1000)).max(50).default([]),
  }),
]);

export const serverUpdate = z.object({
  name: name.optional(),
  url: url.optional(),
  /** Replaces every stored header when given; absent keeps them. */
  headers: headers.optional(),
  enabled: z.boolean().optional(),
  enabledTools: z.array(z.string().min(1).max(200)).max(500).optional(),
});
