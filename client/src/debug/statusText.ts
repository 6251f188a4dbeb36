// The status-bar text while a Loopscope session runs: virtual time and tasks running / waiting / done.
// Free of `vscode`.
import type { TaskCounts } from '../sessions/taskStore';
import { formatTime } from '../views/taskTreeModel';

export function statusText(time: number, counts: TaskCounts, state: 'starting' | 'running' | 'stopped' | 'ended'): string {
  const finished = counts.done + counts.cancelled + counts.failed;
  const icon = state === 'stopped' ? '$(debug-pause)' : state === 'running' ? '$(pulse)' : '$(loading~spin)';
  return `${icon} t=${formatTime(time)} s · ${counts.running} running · ${counts.pending} waiting · ${finished} done`;
}

export function statusTooltip(time: number, counts: TaskCounts, state: string): string {
  return [
    `Loopscope (${state}) at loop time ${formatTime(time)} s`,
    `${counts.running} running, ${counts.pending} waiting`,
    `${counts.done} done, ${counts.cancelled} cancelled, ${counts.failed} failed`,
    'Click to show the tasks.',
  ].join('\n');
}
