// The text printed when the runtime stops a program: a deadlock (every waiting task and what it waits on),
// --max-time, or --max-wall (with the line the program was executing).
import path from 'node:path';
import type { ClockKind, HaltReason, SourceLocation } from '../../protocol/runtimeEvents';

interface WaitingTask {
  id: number;
  name: string;
  coroutine: string;
  state: 'pending' | 'running';
  awaiting: string;
  source: SourceLocation | null;
}

/** What Python reports when it halts: its unfinished tasks, and where it was executing (signal halts). */
export interface HaltDetails {
  tasks: WaitingTask[];
  /** `blocking`: the blocking call it was held in (time.sleep), when it was not running Python code. */
  where: { path: string; line: number; function: string | null; blocking?: string } | null;
}

interface HaltContext {
  time: number;
  clock: ClockKind;
  cwd: string;
  maxTime: number | null;
  /** A replay that diverged from its recording: where and how (see recording/tape.ts). */
  divergence?: string | null;
}

export function formatHaltReport(reason: HaltReason | 'terminate', details: HaltDetails, context: HaltContext): string {
  const at = `t=${formatSeconds(context.time)}${context.clock === 'virtual' ? ' (virtual)' : ''}`;
  const where = (location: SourceLocation | null): string =>
    location ? ` at ${displayPath(location.path, context.cwd)}:${location.line}` : '';
  const taskLines = details.tasks.map(
    (task) =>
      `  ${task.name} ${task.coroutine}()${where(task.source)}: ${task.state === 'running' ? 'running' : `awaits ${task.awaiting}`}`,
  );
  const count = details.tasks.length;
  const plural = count === 1 ? '' : 's';
  let head: string;
  switch (reason) {
    case 'deadlock':
      head =
        count === 0
          ? `loopscope: deadlock at ${at}: the event loop has nothing scheduled and nothing can wake it (no timers, no ready callbacks, no I/O)`
          : `loopscope: deadlock at ${at}: no task can ever run again, and ${count} task${plural} ${count === 1 ? 'is' : 'are'} waiting:`;
      break;
    case 'maxTime':
      head = `loopscope: stopped at ${at}: --max-time ${context.maxTime ?? ''} reached${count ? `; ${count} unfinished task${plural}:` : ''}`;
      break;
    case 'maxWall': {
      const at_ = details.where;
      const location = !at_
        ? ' between event-loop iterations'
        : at_.blocking
          ? ` while blocked in ${at_.blocking}() in ${at_.function ?? '<module>'}${where(at_)}`
          : ` while running ${at_.function ?? '<module>'}${where(at_)} (a loop that never awaits?)`;
      head = `loopscope: stopped at ${at}: the --max-wall time limit was reached${location}${count ? `; ${count} unfinished task${plural}:` : ''}`;
      break;
    }
    case 'replayDiverged': {
      const at_ = details.where;
      const location = at_ ? ` in ${at_.function ?? '<module>'}${where(at_)}` : '';
      head =
        `loopscope: the replay went another way than the recording at ${at}${location}: ${context.divergence ?? 'the program changed'}.\n` +
        'The program (or something it reads that is not recorded, such as a file) is not what it was when the run was recorded' +
        `${count ? `; ${count} unfinished task${plural}:` : '.'}`;
      break;
    }
    default:
      head = `loopscope: stopped at ${at} (${reason})`;
  }
  return [head, ...taskLines].join('\n') + '\n';
}

export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function formatSeconds(seconds: number): string {
  return `${Number(seconds.toFixed(6))}s`;
}
