import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import type { JSONRPCMessage, MCPTransport } from "@ai-sdk/mcp";

/** A stdio server that has exchanged no message for this long is stopped. */
export const STDIO_IDLE_MS = 5 * 60_000;

/**
 * The MCP stdio transport (newline-delimited JSON-RPC over the child's stdin/stdout), written here
 * rather than taken from @ai-sdk/mcp/mcp-stdio because that one passes HOME, USER, SHELL and more
 * of Prism's environment on. This child gets PATH only — never Prism's database URL, keys or
 * secrets — runs without a shell (the command and arguments are fixed by an admin), and is killed
 * when closed or after STDIO_IDLE_MS without traffic.
 */
export class StdioTransport implements MCPTransport {
  private child: ChildProcessWithoutNullStreams | null = null;
  private buffer = "";
  private idle: NodeJS.Timeout | null = null;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  constructor(private readonly config: { command: string; args: readonly string[]; idleMs?: number }) {}

  async start(): Promise<void> {
    if (this.child) throw new Error("The stdio transport is already started.");
    await new Promise<void>((resolve, reject) => {
      const child = spawn(this.config.command, [...this.config.args], {
        shell: false,
        // Next's ProcessEnv type requires NODE_ENV; the child deliberately gets PATH alone.
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } as unknown as NodeJS.ProcessEnv,
        stdio: ["pipe", "pipe", "pipe"],
        windowsHide: true,
      });
      this.child = child;
      child.on("error", (err) => {
        reject(err);
        this.onerror?.(err);
      });
      child.on("spawn", () => resolve());
      child.on("close", () => {
        this.stopIdle();
        this.child = null;
        this.onclose?.();
      });
      child.stderr.resume();
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (chunk: string) => this.read(chunk));
    });
    this.touch();
  }

  private read(chunk: string) {
    this.touch();
    this.buffer += chunk;
    for (let nl = this.buffer.indexOf("\n"); nl >= 0; nl = this.buffer.indexOf("\n")) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, "");
      this.buffer = this.buffer.slice(nl + 1);
      if (!line.trim()) continue;
      try {
        this.onmessage?.(JSON.parse(line) as JSONRPCMessage);
      } catch (err) {
        this.onerror?.(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const child = this.child;
    if (!child) throw new Error("The stdio server is not running.");
    this.touch();
    await new Promise<void>((resolve, reject) =>
      child.stdin.write(`${JSON.stringify(message)}\n`, (err) => (err ? reject(err) : resolve())),
    );
  }

  async close(): Promise<void> {
    this.stopIdle();
    const child = this.child;
    if (!child) return;
    child.stdin.end();
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 2000);
    killer.unref();
  }

  private touch() {
    this.stopIdle();
    this.idle = setTimeout(() => void this.close(), this.config.idleMs ?? STDIO_IDLE_MS);
    this.idle.unref();
  }

  private stopIdle() {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
  }
}
