// A text timeline: one lane per task over loop time (█ steps, ─ alive and waiting, ═ waiting on I/O), plus
// loop blocks and executor workers, so a learner sees what ran when.
import type { TaskRegistry } from './taskRegistry';
import { externalIoDone } from '../../protocol/runtimeEvents';

interface TimelineOptions {
  width?: number;
  maxLanes?: number;
}

export function formatTimeline(registry: TaskRegistry, options: TimelineOptions = {}): string {
  const width = options.width ?? 60;
  const maxLanes = options.maxLanes ?? 40;
  const end = Math.max(registry.time, 0);
  const column = (time: number): number => (end <= 0 ? 0 : Math.min(width - 1, Math.floor((time / end) * (width - 1) + 1e-9)));
  const lanes: [string, string][] = [];
  let ioWaits = false;

  const tasks = [...registry.tasks.values()];
  const stepsByTask = registry.stepsByTask();
  for (const task of tasks.slice(0, maxLanes)) {
    const steps = stepsByTask.get(task.id) ?? [];
    const cells = Array.from({ length: width }, () => ' ');
    const from = column(task.createdAt);
    const to = column(task.finishedAt ?? end);
    for (let index = from; index <= to; index++) cells[index] = '─';
    for (const wait of registry.ioWaits(task, steps)) {
      ioWaits = true;
      for (let index = column(wait.start); index <= column(wait.end ?? end); index++) cells[index] = '═';
    }
    for (const step of steps) cells[column(step.start)] = '█';
    if (task.runningSince !== null) cells[column(task.runningSince)] = '█';
    const state = task.finishedAt === null ? task.state : task.state === 'failed' ? 'failed' : task.state;
    lanes.push([`${task.name} ${task.coroutine}()`, `${cells.join('')}  ${state}`]);
  }
  if (registry.blocks.length > 0) {
    const cells = Array.from({ length: width }, () => ' ');
    for (const block of registry.blocks)
      for (let index = column(block.time); index <= column(block.time + block.duration); index++) cells[index] = '▓';
    lanes.push(['loop blocked', cells.join('')]);
  }
  const workers = new Map<number, string[]>();
  for (const job of registry.jobs.values()) {
    const cells = workers.get(job.worker) ?? Array.from({ length: width }, () => ' ');
    for (let index = column(job.start); index <= column(job.end ?? end); index++) cells[index] = '▒';
    workers.set(job.worker, cells);
  }
  for (const [worker, cells] of [...workers.entries()].sort((a, b) => a[0] - b[0]))
    lanes.push([`executor worker ${worker}`, cells.join('')]);

  const labelWidth = Math.min(32, Math.max(12, ...lanes.map(([label]) => label.length)));
  const clip = (label: string): string => (label.length > labelWidth ? `${label.slice(0, labelWidth - 1)}…` : label.padEnd(labelWidth));
  const endLabel = `${Number(end.toFixed(6))}s`;
  const axis = `${'0'.padEnd(width - endLabel.length)}${endLabel}`;
  const lines = [
    `Timeline (loop time):`,
    `${' '.repeat(labelWidth)} ${axis}`,
    ...lanes.map(([label, cells]) => `${clip(label)} ${cells}`.trimEnd()),
  ];
  if (tasks.length > maxLanes) lines.push(`… and ${tasks.length - maxLanes} more task${tasks.length - maxLanes === 1 ? '' : 's'}`);
  lines.push(
    `${' '.repeat(labelWidth)} █ step  ─ waiting${ioWaits ? '  ═ waiting on I/O' : ''}${registry.blocks.length ? '  ▓ loop blocked (a blocking call)' : ''}${workers.size ? '  ▒ executor job' : ''}`,
  );
  const io = registry.ioStarted;
  if (io && registry.clock === 'virtual')
    lines.push(
      `At t=${Number(io.time.toFixed(6))} the program ${externalIoDone(io.resource)} (${io.description}): ` +
        'from then on loop time followed the wall clock while I/O was in flight, so this run will not repeat exactly.',
    );
  return `${lines.join('\n')}\n`;
}
