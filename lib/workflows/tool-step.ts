import { BUILTIN_TOOLS, type BuiltinTool } from "@/lib/mcp/builtin-names";
import { buildToolSet } from "@/lib/mcp/toolset";
import type { StepConfigs } from "./definition";
import type { StepContext, StepOutcome } from "./steps";
import { StepFailure } from "./steps";
import { maskSecrets, renderValue } from "./template";

/**
 * A `tool` step: one MCP tool (or a Prism built-in) called with templated arguments. The tool must
 * be enabled on a server the workflow's owner may use; the call has the chat's bounds (timeout,
 * result cap) and writes its mcp_usage row with the run id.
 */
export async function toolStep(ctx: StepContext, c: StepConfigs["tool"]): Promise<StepOutcome> {
  const args = Object.fromEntries(
    Object.entries(c.arguments).map(([k, v]) => [k, renderValue(v, ctx.scope)]),
  );
  const input = maskSecrets({ server: c.server, tool: c.tool, arguments: args }, ctx.scope.secrets);
  const builtin = c.server === "prism";
  if (builtin && !BUILTIN_TOOLS.includes(c.tool as BuiltinTool))
    throw new StepFailure(`Prism has no built-in tool named ${c.tool}.`, null, undefined, input);
  const set = await buildToolSet({
    db: ctx.db,
    actor: ctx.actor,
    gateway: ctx.gateway,
    selection: builtin
      ? { servers: [], builtins: [c.tool as BuiltinTool] }
      : { servers: [c.server], builtins: [] },
    context: { workflowRunId: ctx.run.id },
  });
  try {
    const name = [...set.index].find(
      ([, v]) => v.tool === c.tool && (builtin ? v.serverId === null : v.serverId === c.server),
    )?.[0];
    const def = name ? set.tools[name] : undefined;
    if (!def?.execute)
      throw new StepFailure(
        `The tool ${c.tool} is not available: the server is not yours or shared, is disabled, or the tool is not enabled.`,
        null,
        undefined,
        input,
      );
    const started = performance.now();
    let result: unknown;
    try {
      result = await def.execute(args, {
        toolCallId: `${ctx.stepRun.id}:${ctx.stepRun.attempt}`,
        messages: [],
        abortSignal: ctx.signal,
      });
    } catch (err) {
      const message = (err as Error).message;
      throw new StepFailure(message, message.startsWith("timeout:") ? "timeout" : null, undefined, input);
    }
    const text = String(result ?? "");
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return {
      kind: "done",
      input,
      output: { result: maskSecrets(parsed, ctx.scope.secrets), text: maskSecrets(text, ctx.scope.secrets) },
      tokensIn: 0,
      tokensOut: 0,
      costUsd: 0,
      detail: { latencyMs: Math.round(performance.now() - started), tool: name },
    };
  } finally {
    await set.close();
  }
}
