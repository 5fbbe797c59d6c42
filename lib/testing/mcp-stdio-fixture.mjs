// A stdio MCP server for tests (the official SDK): `env_keys` answers with the names of the
// environment variables it was started with, so a test can prove Prism passes PATH only.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

const server = new McpServer({ name: "prism-stdio-test", version: "1.0.0" });
server.registerTool(
  "env_keys",
  { description: "Names of this process's environment variables" },
  async () => ({
    content: [{ type: "text", text: JSON.stringify(Object.keys(process.env).sort()) }],
  }),
);
await server.connect(new StdioServerTransport());
