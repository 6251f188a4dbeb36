// Messages between the extension (client/src/views) and its webviews (client/webview), declared once with the
// checks the extension applies to everything a webview sends: a webview is a web page, so what it posts is
// untrusted input — anything that is not exactly one of the shapes below is dropped.
import type { TimelineDelta } from './debugProtocol';

// -- shared -------------------------------------------------------------------------------------------

/** What a view shows instead of data: no session, a session that must pause first, an error. */
export interface ViewNotice {
  kind: 'noSession' | 'running' | 'ended' | 'error' | 'loading';
  text: string;
}

// -- call graph -----------------------------------------------------------------------------------------

/** `io`: what a task waiting on I/O waits for ("reading 127.0.0.1:8080"), after its innermost frame. */
type GraphNodeKind = 'task' | 'frame' | 'future' | 'group' | 'io';

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  label: string;
  /** Second line: a coroutine chain, a file:line, a count. */
  detail: string;
  /** Where a click takes the user. */
  source: { path: string; line: number } | null;
  taskId: number | null;
  /** Standard-library or other non-user code: drawn subdued. */
  library: boolean;
  /** The task the graph was asked for. */
  focus: boolean;
}

/** `from` awaits `to`. */
export interface GraphEdge {
  from: string;
  to: string;
}

export interface CallGraphViewData {
  scope: CallGraphScope;
  title: string;
  /** Loop time of the capture. */
  time: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** How the graph was shrunk to stay readable and quick, or null when shown in full. */
  summary: string | null;
  /** Nodes before summarising. */
  fullNodeCount: number;
  /** The format_call_graph text ("Copy as text"). */
  text: string;
}

export type CallGraphScope = 'task' | 'all';

/** Extension → call graph webview. */
export type ToCallGraphView = { type: 'graph'; graph: CallGraphViewData } | { type: 'notice'; notice: ViewNotice };

/** Call graph webview → extension. */
export type FromCallGraphView =
  | { type: 'ready' }
  | { type: 'openSource'; path: string; line: number }
  | { type: 'selectTask'; taskId: number }
  | { type: 'setScope'; scope: CallGraphScope }
  | { type: 'refresh' }
  | { type: 'copyText' }
  | { type: 'openText' };

// -- timeline -------------------------------------------------------------------------------------------

/** Extension → timeline webview: data to add (a delta with `reset` replaces everything), or a notice. */
export type ToTimelineView =
  { type: 'timeline'; delta: TimelineDelta; sessionName: string; ended: boolean } | { type: 'notice'; notice: ViewNotice };

export type TimelineAxis = 'time' | 'steps';

/** Timeline webview → extension. */
export type FromTimelineView =
  | { type: 'ready' }
  | { type: 'openSource'; path: string; line: number }
  | { type: 'selectTask'; taskId: number }
  | { type: 'exportSvg'; axis: TimelineAxis; start: number; end: number };

// -- validation -----------------------------------------------------------------------------------------

type FieldKind = 'string' | 'line' | 'id' | 'number' | readonly string[];
type Shapes = Record<string, Record<string, FieldKind>>;

const CALL_GRAPH_VIEW_MESSAGES: Shapes = {
  ready: {},
  openSource: { path: 'string', line: 'line' },
  selectTask: { taskId: 'id' },
  setScope: { scope: ['task', 'all'] },
  refresh: {},
  copyText: {},
  openText: {},
};

const TIMELINE_VIEW_MESSAGES: Shapes = {
  ready: {},
  openSource: { path: 'string', line: 'line' },
  selectTask: { taskId: 'id' },
  exportSvg: { axis: ['time', 'steps'], start: 'number', end: 'number' },
};

/** Longest path accepted from a webview (longer is not a path we sent). */
const MAX_PATH_LENGTH = 4096;

function parseMessage(value: unknown, shapes: Shapes): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const message = value as Record<string, unknown>;
  const type = message.type;
  if (typeof type !== 'string' || !Object.hasOwn(shapes, type)) return undefined;
  const fields = shapes[type]!;
  const keys = Object.keys(message);
  if (keys.length !== Object.keys(fields).length + 1) return undefined;
  for (const key of keys) {
    if (key === 'type') continue;
    if (!Object.hasOwn(fields, key) || !fieldMatches(message[key], fields[key]!)) return undefined;
  }
  return message;
}

function fieldMatches(value: unknown, kind: FieldKind): boolean {
  if (Array.isArray(kind)) return typeof value === 'string' && kind.includes(value);
  switch (kind) {
    case 'string':
      return typeof value === 'string' && value.length > 0 && value.length <= MAX_PATH_LENGTH;
    case 'line':
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 10_000_000;
    case 'id':
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= Number.MAX_SAFE_INTEGER;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return false;
  }
}

/** A message from the call graph webview, or undefined when it is not one of FromCallGraphView exactly. */
export function parseCallGraphViewMessage(value: unknown): FromCallGraphView | undefined {
  return parseMessage(value, CALL_GRAPH_VIEW_MESSAGES) as FromCallGraphView | undefined;
}

/** A message from the timeline webview, or undefined when it is not one of FromTimelineView exactly. */
export function parseTimelineViewMessage(value: unknown): FromTimelineView | undefined {
  const message = parseMessage(value, TIMELINE_VIEW_MESSAGES) as FromTimelineView | undefined;
  if (message?.type === 'exportSvg' && !(message.end > message.start)) return undefined;
  return message;
}
