// The task tree as text, drawn like `python -m asyncio pstree`: who created whom, with state and where.
import { displayPath } from './deadlockReport';
import type { TaskRecord, TaskRegistry } from './taskRegistry';

export function formatTaskTree(registry: TaskRegistry, cwd: string): string {
  const roots = registry.roots();
  if (roots.length === 0) return 'Task tree: no tasks\n';
  const lines = [`Task tree at t=${Number(registry.time.toFixed(6))}:`];
  const visit = (task: TaskRecord, prefix: string, last: boolean): void => {
    lines.push(`${prefix}${last ? '└── ' : '├── '}(T) ${describe(registry, task, cwd)}`);
    const children = registry.children(task);
    children.forEach((child, index) => visit(child, prefix + (last ? '    ' : '│   '), index === children.length - 1));
  };
  roots.forEach((root, index) => visit(root, '', index === roots.length - 1));
  return `${lines.join('\n')}\n`;
}

function describe(registry: TaskRegistry, task: TaskRecord, cwd: string): string {
  const parts = [`${task.name} ${task.coroutine}()`];
  if (task.state === 'failed') parts.push(`failed: ${task.error ?? 'exception'}`);
  else if (task.state === 'done' || task.state === 'cancelled') parts.push(task.state);
  else parts.push(`${task.state}, awaiting ${registry.describeAwaiting(task)}`);
  const at = task.finishedAt !== null ? `t=${fmt(task.createdAt)}..${fmt(task.finishedAt)}` : `since t=${fmt(task.createdAt)}`;
  parts.push(at);
  if (task.site) parts.push(`created at ${displayPath(task.site.path, cwd)}:${task.site.line}`);
  return parts.join('  ');
}

function fmt(time: number): string {
  return String(Number(time.toFixed(6)));
}
