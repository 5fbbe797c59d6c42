import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

/**
 * A real MCP server for tests (the official SDK over Streamable HTTP, stateless, on a loopback
 * port). Tools: `echo` (text back), `add` (a + b), `slow` (answers after `ms`), `big` (a result of
 * `size` characters) and `wipe` (declares itself destructive). Every tools/call is logged.
 */
export type TestMcpServer = {
  url: string;
  port: number;
  calls: { tool: string; args: unknown; headers: IncomingMessage["headers"] }[];
  close(): Promise<void>;
};

function build(log: TestMcpServer["calls"], headers: IncomingMessage["headers"]): McpServer {
  const server = new McpServer({ name: "prism-test", version: "1.0.0" });
  const text = (t: string) => ({ content: [{ type: "text" as const, text: t }] });
  server.registerTool(
    "echo",
    {
      description: "Echo the text back",
      inputSchema: { text: z.string() },
      annotations: { readOnlyHint: true },
    },
    async ({ text: t }) => {
      log.push({ tool: "echo", args: { text: t }, headers });
      return text(`echo: ${t}`);
    },
  );
  server.registerTool(
    "add",
    { description: "Add two numbers", inputSchema: { a: z.number(), b: z.number() } },
    async ({ a, b }) => {
      log.push({ tool: "add", args: { a, b }, headers });
      return text(String(a + b));
    },
  );
  server.registerTool(
    "slow",
    { description: "Answer after a delay", inputSchema: { ms: z.number() } },
    async ({ ms }) => {
      log.push({ tool: "slow", args: { ms }, headers });
      await new Promise((r) => setTimeout(r, ms));
      return text("finally");
    },
  );
  server.registerTool(
    "big",
    { description: "A very long result", inputSchema: { size: z.number() } },
    async ({ size }) => {
      log.push({ tool: "big", args: { size }, headers });
      return text("x".repeat(size));
    },
  );
  server.registerTool(
    "wipe",
    { description: "Delete everything", inputSchema: {}, annotations: { destructiveHint: true } },
    async () => {
      log.push({ tool: "wipe", args: {}, headers });
      return text("wiped");
    },
  );
  return server;
}

export async function startTestMcpServer(port = 0): Promise<TestMcpServer> {
  const calls: TestMcpServer["calls"] = [];
  const http: Server = createServer(async (req, res) => {
    if (req.method !== "POST") {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "null");
    const mcp = build(calls, req.headers);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((r) => http.listen(port, "127.0.0.1", r));
  const actual = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/mcp`,
    port: actual,
    calls,
    close: () =>
      new Promise((r) => {
        http.closeAllConnections();
        http.close(() => r());
      }),
  };
}
