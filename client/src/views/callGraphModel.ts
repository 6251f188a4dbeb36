// Turns the adapter's call graphs (one per task: its coroutine frames and who awaits it) into the nodes and edges
// the call graph view lays out: tasks and coroutine frames as nodes, awaits as edges (awaiter → awaited), and
// what a task waiting on I/O waits for ("reading 127.0.0.1:8080") as a node after its innermost frame. Large
// graphs are summarised — frames folded into their task, then similar tasks grouped — so a few thousand nodes
// still lay out and draw quickly. Free of `vscode` and of the DOM.
import type { CallGraphNode } from '../../../protocol/runtimeEvents';
import type { CallGraphScope, CallGraphViewData, GraphEdge, GraphNode } from '../../../protocol/webviewMessages';
import { counted } from './counted';

/** Above this many nodes, frames are folded into their tasks. */
const FOLD_FRAMES_ABOVE = 300;
/** Above this many nodes (after folding), similar tasks are grouped. */
const GROUP_TASKS_ABOVE = 300;
/** Never more nodes than this are sent to be laid out. */
export const MAX_NODES = 600;

interface CallGraphInput {
  scope: CallGraphScope;
  title: string;
  time: number;
  text: string;
  graphs: readonly CallGraphNode[];
  /** The task asked for (drawn highlighted). */
  focusTaskId: number | null;
  /** Decides which frames are the user's (others are drawn subdued). */
  isUserCode?: (path: string) => boolean;
}

interface Builder {
  nodes: Map<string, GraphNode>;
  edges: Map<string, GraphEdge>;
  futures: number;
}

export function buildCallGraphView(input: CallGraphInput): CallGraphViewData {
  const builder: Builder = { nodes: new Map(), edges: new Map(), futures: 0 };
  const isUser = input.isUserCode ?? defaultIsUserCode;
  for (const graph of input.graphs) addGraph(builder, graph, input.focusTaskId, isUser);
  let nodes = [...builder.nodes.values()];
  let edges = [...builder.edges.values()];
  const fullNodeCount = nodes.length;
  const notes: string[] = [];
  if (nodes.length > FOLD_FRAMES_ABOVE) {
    ({ nodes, edges } = foldFrames(nodes, edges));
    notes.push('coroutine frames folded into their tasks');
  }
  if (nodes.length > GROUP_TASKS_ABOVE) {
    const before = nodes.length;
    ({ nodes, edges } = groupSimilarTasks(nodes, edges));
    if (nodes.length < before) notes.push('similar tasks awaited by the same task grouped');
  }
  if (nodes.length > MAX_NODES) {
    const kept = new Set(nodes.slice(0, MAX_NODES).map((node) => node.id));
    notes.push(`only the first ${MAX_NODES} nodes shown`);
    nodes = nodes.filter((node) => kept.has(node.id));
    edges = edges.filter((edge) => kept.has(edge.from) && kept.has(edge.to));
  }
  return {
    scope: input.scope,
    title: input.title,
    time: input.time,
    nodes,
    edges,
    summary: notes.length
      ? `${fullNodeCount.toLocaleString('en-US')} nodes shown as ${nodes.length.toLocaleString('en-US')}: ${notes.join('; ')}.`
      : null,
    fullNodeCount,
    text: input.text,
  };
}

const IO_NODE_SUFFIX = '/io';

function defaultIsUserCode(path: string): boolean {
  return !/[\\/](python3\d*\.zip|lib[\\/]python3[^\\/]*|site-packages)[\\/]/.test(path) && !path.startsWith('<');
}

function taskNodeId(node: CallGraphNode, builder: Builder): string {
  if (node.taskId !== null) return `task:${node.taskId}`;
  return `future:${node.future}:${builder.futures++}`;
}

/** Adds a task (or future), its frames, and recursively who awaits it; returns the task node's id. */
function addGraph(builder: Builder, graph: CallGraphNode, focusTaskId: number | null, isUser: (path: string) => boolean): string {
  const id = taskNodeId(graph, builder);
  if (!builder.nodes.has(id)) {
    const frames = graph.frames;
    const coroutine = [...frames].reverse().find((frame) => isUser(frame.path)) ?? frames.at(-1);
    builder.nodes.set(id, {
      id,
      kind: graph.taskId === null ? 'future' : 'task',
      label: graph.future,
      detail: graph.taskId === null ? 'future' : frames.length ? `${frames.at(-1)!.function}()` : `task #${graph.taskId}`,
      source: coroutine ? { path: coroutine.path, line: coroutine.line } : null,
      taskId: graph.taskId,
      library: false,
      focus: graph.taskId !== null && graph.taskId === focusTaskId,
    });
    // Frames are innermost first: the task runs its outermost coroutine, which awaits the next, down to the innermost.
    let previous = id;
    for (let depth = frames.length - 1, level = 0; depth >= 0; depth--, level++) {
      const frame = frames[depth]!;
      const frameId = `${id}/frame:${level}`;
      builder.nodes.set(frameId, {
        id: frameId,
        kind: 'frame',
        label: `${frame.function}()`,
        detail: `${baseName(frame.path)}:${frame.line}`,
        source: { path: frame.path, line: frame.line },
        taskId: graph.taskId,
        library: !isUser(frame.path),
        focus: false,
      });
      addEdge(builder, previous, frameId);
      previous = frameId;
    }
  }
  const ioId = `${id}${IO_NODE_SUFFIX}`;
  if (graph.awaiting?.io && !builder.nodes.has(ioId)) {
    builder.nodes.set(ioId, {
      id: ioId,
      kind: 'io',
      label: graph.awaiting.text,
      detail: 'waiting on I/O',
      source: null,
      taskId: graph.taskId,
      library: false,
      focus: false,
    });
    addEdge(builder, innermost(builder, id), ioId);
  }
  for (const awaiter of graph.awaitedBy) {
    const awaiterId = addGraph(builder, awaiter, focusTaskId, isUser);
    // The awaiter's innermost frame is the one suspended on this task.
    addEdge(builder, innermost(builder, awaiterId), id);
  }
  return id;
}

function innermost(builder: Builder, taskId: string): string {
  let last = taskId;
  for (let level = 0; builder.nodes.has(`${taskId}/frame:${level}`); level++) last = `${taskId}/frame:${level}`;
  return last;
}

function addEdge(builder: Builder, from: string, to: string): void {
  builder.edges.set(`${from}->${to}`, { from, to });
}

/**
 * Frames disappear into their task node (whose detail becomes the chain), and I/O waits with them (the Tasks view
 * still says them); awaits then go task to task, and similar tasks can be grouped.
 */
function foldFrames(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const ownerOf = (id: string) =>
    id.includes('/frame:') ? id.slice(0, id.indexOf('/frame:')) : id.endsWith(IO_NODE_SUFFIX) ? id.slice(0, -IO_NODE_SUFFIX.length) : id;
  const chains = new Map<string, string[]>();
  for (const node of nodes) {
    if (node.kind !== 'frame') continue;
    const owner = ownerOf(node.id);
    const chain = chains.get(owner) ?? [];
    chain.push(node.label);
    chains.set(owner, chain);
  }
  const kept = nodes
    .filter((node) => node.kind !== 'frame' && node.kind !== 'io')
    .map((node) => {
      const chain = chains.get(node.id);
      return chain?.length ? { ...node, detail: shortenChain(chain) } : node;
    });
  const folded = new Map<string, GraphEdge>();
  for (const edge of edges) {
    const from = ownerOf(edge.from);
    const to = ownerOf(edge.to);
    if (from !== to) folded.set(`${from}->${to}`, { from, to });
  }
  return { nodes: kept, edges: [...folded.values()] };
}

function shortenChain(chain: readonly string[]): string {
  return chain.length <= 3 ? chain.join(' › ') : `${chain[0]} › … › ${chain.at(-1)} (${chain.length} frames)`;
}

/**
 * Tasks that await nothing shown here and are awaited by the same tasks, with the same coroutine chain, become one
 * node "N × label" — the typical thousand workers in one TaskGroup.
 */
function groupSimilarTasks(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const outgoing = new Set(edges.map((edge) => edge.from));
  const awaitersOf = new Map<string, string[]>();
  for (const edge of edges) {
    const list = awaitersOf.get(edge.to) ?? [];
    list.push(edge.from);
    awaitersOf.set(edge.to, list);
  }
  const groups = new Map<string, GraphNode[]>();
  for (const node of nodes) {
    if (node.kind !== 'task' || outgoing.has(node.id) || node.focus) continue;
    const key = `${(awaitersOf.get(node.id) ?? []).sort().join(',')}|${node.detail}`;
    const list = groups.get(key) ?? [];
    list.push(node);
    groups.set(key, list);
  }
  const replaced = new Map<string, string>();
  const groupNodes: GraphNode[] = [];
  for (const [key, members] of groups) {
    if (members.length < 2) continue;
    const id = `group:${groupNodes.length}`;
    const first = members[0]!;
    groupNodes.push({
      id,
      kind: 'group',
      label: counted(members.length, 'task'),
      detail: first.detail,
      source: first.source,
      taskId: null,
      library: false,
      focus: false,
    });
    for (const member of members) replaced.set(member.id, id);
    void key;
  }
  if (!groupNodes.length) return { nodes: [...nodes], edges: [...edges] };
  const kept: GraphNode[] = [];
  for (const node of nodes) if (!replaced.has(node.id)) kept.push(node);
  const merged = new Map<string, GraphEdge>();
  for (const edge of edges) {
    const from = replaced.get(edge.from) ?? edge.from;
    const to = replaced.get(edge.to) ?? edge.to;
    merged.set(`${from}->${to}`, { from, to });
  }
  return { nodes: [...kept, ...groupNodes], edges: [...merged.values()] };
}

function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut >= 0 ? path.slice(cut + 1) : path;
}
