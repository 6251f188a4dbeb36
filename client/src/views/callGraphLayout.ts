// Places the call graph's nodes and routes its edges with dagre (@dagrejs/dagre, bundled into the webview): a
// layered drawing, awaiters above what they await. Text widths are estimated from character counts so the same
// layout runs in the webview and in benchmarks. Free of `vscode` and of the DOM.
import dagre from '@dagrejs/dagre';
import type { GraphEdge, GraphNode } from '../../../protocol/webviewMessages';

const NODE_HEIGHT = 38;
const CHAR_WIDTH = 7;
const MAX_NODE_WIDTH = 280;

interface PlacedNode {
  node: GraphNode;
  /** Top-left corner and size. */
  x: number;
  y: number;
  width: number;
  height: number;
}

interface PlacedEdge {
  edge: GraphEdge;
  points: { x: number; y: number }[];
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

function nodeWidth(node: GraphNode): number {
  return Math.min(MAX_NODE_WIDTH, Math.max(80, Math.max(node.label.length, node.detail.length) * CHAR_WIDTH + 24));
}

export function layoutGraph(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): GraphLayout {
  const graph = new dagre.graphlib.Graph({ multigraph: false });
  graph.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 36, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: nodeWidth(node), height: NODE_HEIGHT });
  for (const edge of edges) if (graph.hasNode(edge.from) && graph.hasNode(edge.to)) graph.setEdge(edge.from, edge.to);
  dagre.layout(graph);
  const label = graph.graph() as { width?: number; height?: number };
  return {
    width: label.width ?? 0,
    height: label.height ?? 0,
    nodes: nodes.map((node) => {
      const placed = graph.node(node.id) as { x: number; y: number; width: number; height: number };
      return { node, x: placed.x - placed.width / 2, y: placed.y - placed.height / 2, width: placed.width, height: placed.height };
    }),
    edges: edges
      .filter((edge) => graph.hasEdge(edge.from, edge.to))
      .map((edge) => ({
        edge,
        points: ((graph.edge(edge.from, edge.to) as { points?: { x: number; y: number }[] }).points ?? []).map(({ x, y }) => ({ x, y })),
      })),
  };
}
