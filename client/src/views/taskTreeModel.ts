// What the task tree shows, decided without `vscode`: which nodes sit under which (tasks nested by parent; long
// child lists split into pages and finished tasks folded into a group, so 10,000 tasks stay quick to show), and
// each task's label, description, tooltip, icon and menu kind. taskTreeProvider.ts turns these into TreeItems.
import type { LoopscopeTask } from '../../../protocol/debugProtocol';
import type { TaskState } from '../../../protocol/runtimeEvents';
import { isLive, type TaskStore } from '../sessions/taskStore';
import { counted } from './counted';

/** Children listed directly under one node; more are split into pages of this many. */
export const PAGE_SIZE = 100;

export type TaskTreeNode =
  | { kind: 'task'; id: string; taskId: number }
  /** A slice [from, to) of the live (or finished) children of `parentId`. */
  | { kind: 'page'; id: string; parentId: number | null; finished: boolean; from: number; to: number; total: number }
  /** The finished children of `parentId`, folded. */
  | { kind: 'finished'; id: string; parentId: number | null; count: number };

export function taskNode(taskId: number): TaskTreeNode {
  return { kind: 'task', id: `task:${taskId}`, taskId };
}

/** The children of a node (undefined: the roots). */
export function childNodes(store: TaskStore, node: TaskTreeNode | undefined): TaskTreeNode[] {
  if (!node) return listChildren(store, null);
  switch (node.kind) {
    case 'task':
      return listChildren(store, node.taskId);
    case 'finished':
      return paged(node.parentId, finishedChildren(store, node.parentId), true);
    case 'page': {
      const ids = node.finished ? finishedChildren(store, node.parentId) : liveChildren(store, node.parentId);
      return ids.slice(node.from, node.to).map(taskNode);
    }
  }
}

/** Under a parent: all children in creation order when few; else the live ones (paged), then the finished folded. */
function listChildren(store: TaskStore, parentId: number | null): TaskTreeNode[] {
  const ids = store.childIds(parentId);
  if (ids.length <= PAGE_SIZE) return ids.map(taskNode);
  const live = liveChildren(store, parentId);
  const nodes = paged(parentId, live, false);
  const finished = ids.length - live.length;
  if (finished > 0) nodes.push({ kind: 'finished', id: `finished:${parentId ?? 'root'}`, parentId, count: finished });
  return nodes;
}

function paged(parentId: number | null, ids: readonly number[], finished: boolean): TaskTreeNode[] {
  if (ids.length <= PAGE_SIZE) return ids.map(taskNode);
  const pages: TaskTreeNode[] = [];
  for (let from = 0; from < ids.length; from += PAGE_SIZE) {
    const to = Math.min(ids.length, from + PAGE_SIZE);
    pages.push({
      kind: 'page',
      id: `page:${parentId ?? 'root'}:${finished ? 'f' : 'l'}:${from}`,
      parentId,
      finished,
      from,
      to,
      total: ids.length,
    });
  }
  return pages;
}

function liveChildren(store: TaskStore, parentId: number | null): number[] {
  return store.childIds(parentId).filter((id) => {
    const task = store.get(id);
    return task !== undefined && isLive(task);
  });
}

function finishedChildren(store: TaskStore, parentId: number | null): number[] {
  return store.childIds(parentId).filter((id) => {
    const task = store.get(id);
    return task !== undefined && !isLive(task);
  });
}

/**
 * The node a task is shown under, for TreeView.reveal: its parent's task node, or the page or folded group that
 * holds it there. Undefined for a root listed directly.
 */
export function parentNode(store: TaskStore, node: TaskTreeNode): TaskTreeNode | undefined {
  if (node.kind !== 'task') {
    if (node.kind === 'page' && node.finished) {
      const siblings = store.childIds(node.parentId);
      if (siblings.length > PAGE_SIZE)
        return {
          kind: 'finished',
          id: `finished:${node.parentId ?? 'root'}`,
          parentId: node.parentId,
          count: finishedChildren(store, node.parentId).length,
        };
    }
    return node.parentId === null ? undefined : taskNode(node.parentId);
  }
  const task = store.get(node.taskId);
  if (!task) return undefined;
  const parentId = store.listedUnder(task);
  const siblings = store.childIds(parentId);
  const parentTask = parentId === null ? undefined : taskNode(parentId);
  if (siblings.length <= PAGE_SIZE) return parentTask;
  const live = isLive(task);
  const group = live ? liveChildren(store, parentId) : finishedChildren(store, parentId);
  const folded: TaskTreeNode | undefined = live
    ? parentTask
    : { kind: 'finished', id: `finished:${parentId ?? 'root'}`, parentId, count: group.length };
  if (group.length <= PAGE_SIZE) return folded;
  const index = group.indexOf(node.taskId);
  const from = Math.floor(index / PAGE_SIZE) * PAGE_SIZE;
  return {
    kind: 'page',
    id: `page:${parentId ?? 'root'}:${live ? 'l' : 'f'}:${from}`,
    parentId,
    finished: !live,
    from,
    to: Math.min(group.length, from + PAGE_SIZE),
    total: group.length,
  };
}

// -- how a node looks ---------------------------------------------------------------------------------------

/** A codicon id and a theme color id for each state. */
const STATE_ICONS: Readonly<Record<TaskState, { icon: string; color: string }>> = {
  running: { icon: 'play-circle', color: 'debugIcon.startForeground' },
  pending: { icon: 'watch', color: 'debugIcon.pauseForeground' },
  done: { icon: 'pass', color: 'testing.iconPassed' },
  cancelled: { icon: 'circle-slash', color: 'disabledForeground' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
};

/** A pending task that waits on I/O (a socket, a name lookup, a process) shows this instead of the pending icon. */
const IO_WAIT_ICON = { icon: 'plug', color: 'charts.green' } as const;

interface NodeLook {
  label: string;
  description: string;
  /** What a screen reader says: the label, the state, the description. */
  ariaLabel: string;
  tooltip: string;
  icon: { id: string; color: string } | null;
  /** `contextValue`: which menu entries apply. */
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** Where a click goes, if anywhere. */
  source: { path: string; line: number } | null;
}

export function describeNode(store: TaskStore, node: TaskTreeNode): NodeLook {
  switch (node.kind) {
    case 'task': {
      const task = store.get(node.taskId);
      if (!task)
        return {
          label: `task #${node.taskId}`,
          description: '',
          ariaLabel: `task #${node.taskId}`,
          tooltip: '',
          icon: null,
          contextValue: '',
          collapsible: 'none',
          source: null,
        };
      return describeTask(task, store.hasChildren(task.id));
    }
    case 'page': {
      const label = `${node.finished ? 'Finished tasks' : 'Tasks'} ${format(node.from + 1)}–${format(node.to)} of ${format(node.total)}`;
      return {
        label,
        description: '',
        ariaLabel: label,
        tooltip: '',
        icon: null,
        contextValue: 'loopscope.taskPage',
        collapsible: 'collapsed',
        source: null,
      };
    }
    case 'finished':
      return {
        label: `${format(node.count)} finished`,
        description: '',
        ariaLabel: `${counted(node.count, 'finished task')}`,
        tooltip: 'Tasks that are done, cancelled or failed',
        icon: { id: 'archive', color: 'disabledForeground' },
        contextValue: 'loopscope.taskPage',
        collapsible: 'collapsed',
        source: null,
      };
  }
}

export function describeTask(task: LoopscopeTask, hasChildren: boolean): NodeLook {
  const live = isLive(task);
  const label = `${task.name} ${task.coroutine}()`;
  const description = taskDescription(task);
  return {
    label,
    description,
    ariaLabel: task.state === description ? `${label}, ${task.state}` : `${label}, ${task.state}, ${description}`,
    tooltip: taskTooltip(task),
    icon:
      task.state === 'pending' && task.ioWait
        ? { id: IO_WAIT_ICON.icon, color: IO_WAIT_ICON.color }
        : { id: STATE_ICONS[task.state].icon, color: STATE_ICONS[task.state].color },
    contextValue: live ? 'loopscope.task.live' : 'loopscope.task.finished',
    collapsible: hasChildren ? 'expanded' : 'none',
    source: task.source ?? task.site,
  };
}

/** What a task waits for ("sleep until t=1.5", "task first (leaf())", "get() on Queue…"), or how it ended. */
function taskDescription(task: LoopscopeTask): string {
  switch (task.state) {
    case 'running':
      return 'running';
    case 'pending':
      return task.awaiting || 'ready';
    case 'done':
      return task.finishedAt === null ? 'done' : `done at t=${formatTime(task.finishedAt)}`;
    case 'cancelled':
      return 'cancelled';
    case 'failed':
      return task.error ? `failed: ${task.error}` : 'failed';
  }
}

function taskTooltip(task: LoopscopeTask): string {
  const lines = [`${task.name} — ${task.coroutine}() — ${task.state}`];
  if (task.site) lines.push(`Created at ${task.site.path}:${task.site.line} (t=${formatTime(task.createdAt)})`);
  else lines.push(`Created at t=${formatTime(task.createdAt)}`);
  if (isLive(task)) {
    if (task.source) lines.push(`Now at ${task.source.path}:${task.source.line}`);
    if (task.state === 'pending')
      lines.push(`${task.ioWait ? 'Waiting on I/O' : 'Awaiting'}: ${task.awaiting || 'nothing (ready to run)'}`);
  } else if (task.finishedAt !== null) {
    lines.push(`Finished at t=${formatTime(task.finishedAt)}${task.error ? ` with ${task.error}` : ''}`);
  }
  return lines.join('\n');
}

/** Loop time for people: up to 6 decimals, no trailing zeros. */
export function formatTime(seconds: number): string {
  return String(Number(seconds.toFixed(6)));
}

function format(count: number): string {
  return count.toLocaleString('en-US');
}
