import dagre from "@dagrejs/dagre";
import type { Draft } from "./graph";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 76;

/** Top-to-bottom layered layout (dagre) of the draft's steps; returns new positions by step id. */
export function autoLayout(draft: Draft): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 60 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const s of draft.steps) g.setNode(s.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const e of draft.edges) if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to);
  dagre.layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const s of draft.steps) {
    const n = g.node(s.id);
    if (n) out.set(s.id, { x: Math.round(n.x - NODE_WIDTH / 2), y: Math.round(n.y - NODE_HEIGHT / 2) });
  }
  return out;
}
