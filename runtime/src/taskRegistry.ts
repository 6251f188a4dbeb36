// Every task of a run and its history, rebuilt from the event stream: the task tree at any moment, what each
// task awaits, when it stepped and waited on I/O (for the timeline), loop blocks, executor jobs, and when the
// run first reached outside the runtime.
import { describeAwaitTarget } from './awaitTargetText';
import type {
  AwaitTarget,
  ClockKind,
  RuntimeEvent,
  RuntimeEventOf,
  SourceLocation,
  TaskInfo,
  TaskState,
} from '../../protocol/runtimeEvents';

export interface TaskRecord {
  id: number;
  name: string;
  coroutine: string;
  parentId: number | null;
  children: number[];
  site: SourceLocation | null;
  state: TaskState;
  createdAt: number;
  finishedAt: number | null;
  error: string | null;
  awaiting: AwaitTarget | null;
  /** Where the task is suspended (its innermost user-code line). */
  line: SourceLocation | null;
  /** Loop times of its steps (consecutive duplicates collapsed). */
  steps: number[];
  /** Spans of loop time it waited on I/O (a socket, a name lookup, a process); `end` null while it still waits. */
  ioWaits: IoWaitSpan[];
}

interface IoWaitSpan {
  start: number;
  end: number | null;
  description: string;
}

interface BlockRecord {
  time: number;
  duration: number;
  taskId: number | null;
  site: SourceLocation | null;
}

interface JobRecord {
  jobId: number;
  worker: number;
  function: string;
  start: number;
  end: number | null;
}

export class TaskRegistry {
  readonly tasks = new Map<number, TaskRecord>();
  readonly blocks: BlockRecord[] = [];
  readonly jobs = new Map<number, JobRecord>();
  time = 0;
  clock: ClockKind | null = null;
  /** The run's first I/O outside the runtime (its `ioStarted` event), or null. */
  ioStarted: RuntimeEventOf<'ioStarted'> | null = null;

  apply(event: RuntimeEvent): void {
    this.time = Math.max(this.time, event.time);
    switch (event.type) {
      case 'taskCreated': {
        this.tasks.set(event.taskId, {
          id: event.taskId,
          name: event.name,
          coroutine: event.coroutine,
          parentId: event.parentId,
          children: [],
          site: event.site,
          state: 'pending',
          createdAt: event.time,
          finishedAt: null,
          error: null,
          awaiting: null,
          line: event.site,
          steps: [],
          ioWaits: [],
        });
        if (event.parentId !== null) this.tasks.get(event.parentId)?.children.push(event.taskId);
        break;
      }
      case 'stepStarted': {
        const task = this.tasks.get(event.taskId);
        if (!task) break;
        task.state = 'running';
        if (task.steps[task.steps.length - 1] !== event.time) task.steps.push(event.time);
        endIoWait(task, event.time);
        break;
      }
      case 'stepEnded': {
        const task = this.tasks.get(event.taskId);
        if (!task) break;
        if (task.state === 'running') task.state = 'pending';
        task.awaiting = event.awaiting;
        if (event.line) task.line = event.line;
        if (event.awaiting?.kind === 'io') task.ioWaits.push({ start: event.time, end: null, description: event.awaiting.description });
        break;
      }
      case 'taskFinished': {
        const task = this.tasks.get(event.taskId);
        if (!task) break;
        task.state = event.state;
        task.finishedAt = event.time;
        task.error = event.error;
        task.awaiting = null;
        endIoWait(task, event.time);
        break;
      }
      case 'runStarted':
        this.clock = event.clock;
        break;
      case 'ioStarted':
        this.ioStarted ??= event;
        break;
      case 'loopBlocked':
        this.blocks.push({ time: event.time, duration: event.duration, taskId: event.taskId, site: event.site });
        this.time = Math.max(this.time, event.time + event.duration);
        break;
      case 'executorJobStarted':
        this.jobs.set(event.jobId, { jobId: event.jobId, worker: event.worker, function: event.function, start: event.time, end: null });
        break;
      case 'executorJobFinished': {
        const job = this.jobs.get(event.jobId);
        if (job) job.end = event.time;
        break;
      }
      default:
        break;
    }
  }

  /** Tasks without a (known) parent, in creation order. */
  roots(): TaskRecord[] {
    return [...this.tasks.values()].filter((task) => task.parentId === null || !this.tasks.has(task.parentId));
  }

  children(task: TaskRecord): TaskRecord[] {
    return task.children.map((id) => this.tasks.get(id)).filter((child): child is TaskRecord => child !== undefined);
  }

  describeAwaiting(task: TaskRecord): string {
    if (task.state === 'running') return 'running';
    if (task.finishedAt !== null) return '';
    const target = task.awaiting;
    if (!target) return 'ready';
    return describeAwaitTarget(target, (taskId) => {
      const other = this.tasks.get(taskId);
      return other && `task ${other.name} (${other.coroutine}())`;
    });
  }

  /** The debugger's `loopscope/tasks` view of one task. */
  info(task: TaskRecord): TaskInfo {
    return {
      id: task.id,
      name: task.name,
      state: task.state,
      parentId: task.parentId,
      coroutine: task.coroutine,
      source: task.line,
      awaiting: this.describeAwaiting(task),
      createdAt: task.createdAt,
      finishedAt: task.finishedAt,
    };
  }
}

function endIoWait(task: TaskRecord, time: number): void {
  const last = task.ioWaits[task.ioWaits.length - 1];
  if (last && last.end === null) last.end = time;
}
