import "server-only";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { parseInput, runAction } from "@/lib/errors";
import { McpServerModel } from "@/lib/mcp/servers";
import type { ServerActionSet } from "./types";

const idInput = z.object({ id: z.uuid("id must be a server id") });
const withId = idInput.loose();

/** The MCP server actions of one page: a user's own servers, or (admin) the shared ones. */
export function serverActions(opts: { shared: boolean; revalidate: string[] }): ServerActionSet {
  const model = async () => new McpServerModel(await getDb(), await requireActor({ admin: opts.shared }));
  const refresh = () => {
    for (const path of opts.revalidate) revalidatePath(path);
  };
  return {
    create: (input) =>
      runAction(async () => {
        const v = await (await model()).create(input, { shared: opts.shared }, await currentRequestContext());
        refresh();
        return { id: v.id, status: v.status, lastError: v.lastError };
      }),
    update: (input) =>
      runAction(async () => {
        const { id, ...changes } = parseInput(withId, input);
        await (await model()).update(id, changes, await currentRequestContext());
        refresh();
        return undefined;
      }),
    refresh: (input) =>
      runAction(async () => {
        const { id } = parseInput(idInput, input);
        const v = await (await model()).refresh(id);
        refresh();
        return { status: v.status, lastError: v.lastError, tools: v.tools.length };
      }),
    remove: (input) =>
      runAction(async () => {
        const { id } = parseInput(idInput, input);
        await (await model()).remove(id, await currentRequestContext());
        refresh();
        return undefined;
      }),
  };
}
