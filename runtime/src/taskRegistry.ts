// The run model: every task of a run and its history, rebuilt from the event stream: the task tree at any moment,
// what each task awaits, each step (when, from which line to which, what the task then awaited), loop blocks,
// executor jobs, and when the run first reached outside the runtime. The CLI's tree and timeline and the debug
// adapter's threads, task list and timeline all read this one model.
import { describeAwaitTarget } from './awaitTargetText';
import { SourcePaths, type LineRef } from './sourcePaths';
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
  /** The step running now: its start (loop time) and its number among the run's steps; null between steps. */
  runningSince: number | null;
  runningSeq: number | null;
}

/** One step of a task: it ran from `start` to `end` (loop time), the `seq`-th step of the run. */
interface StepRecord {
  taskId: number;
  seq: number;
  start: number;
  end: number;
  /** Where the step resumed the task (where it last suspended, or its creation site for the first step). */
  from: LineRef | null;
  /** Where the task suspended at the end of the step (null when it finished). */
  to: LineRef | null;
  /** What it waits for after the step, e.g. `sleep until t=1.5`; null when ready again or finished. */
  awaiting: string | null;
  /** What it waits for is I/O (a socket, a name lookup, a process). */
  io: boolean;
}

/** The loop was held for `duration` by a blocking call, during step `seq` of `taskId`. */
interface BlockRecord {
  time: number;
  duration: number;
  taskId: number | null;
  seq: number | null;
  at: LineRef | null;
}

interface JobRecord {
  jobId: number;
  worker: number;
  function: string;
  start: number;
  end: number | null;
}

/** A span of loop time a task waited on I/O; `end` null while it still waits. */
interface IoWaitSpan {
  start: number;
  end: number | null;
}

interface TaskRegistryOptions {
  /** Keep at most this many steps (later ones are only counted, in droppedSteps); default: every step. */
  stepLimit?: number;
}

export class TaskRegistry {
  readonly tasks = new Map<number, TaskRecord>();
  /** The run's steps in the order they ended (the first `stepLimit`). */
  readonly steps: StepRecord[] = [];
  /** Steps not kept, past `stepLimit`. */
  droppedSteps = 0;
  readonly blocks: BlockRecord[] = [];
  readonly jobs = new Map<number, JobRecord>();
  /** The source files steps and blocks name. */
  readonly sources = new SourcePaths();
  time = 0;
  clock: ClockKind | null = null;
  /** The run's first I/O outside the runtime (its `ioStarted` event), or null. */
  ioStarted: RuntimeEventOf<'ioStarted'> | null = null;
  private readonly stepLimit: number;
  /** Steps started so far. */
  private stepsStarted = 0;

  constructor(options: TaskRegistryOptions = {}) {
    this.stepLimit = options.stepLimit ?? Infinity;
  }

  /** Takes in one event; returns the task whose record it changed, if any. */
  apply(event: RuntimeEvent): TaskRecord | null {
    this.time = Math.max(this.time, event.time);
    switch (event.type) {
      case 'taskCreated': {
        this.sources.ref(event.site);
        const task: TaskRecord = {
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
          runningSince: null,
          runningSeq: null,
        };
        this.tasks.set(event.taskId, task);
        if (event.parentId !== null) this.tasks.get(event.parentId)?.children.push(event.taskId);
        return task;
      }
      case 'stepStarted': {
        const task = this.tasks.get(event.taskId);
        if (!task) return null;
        task.state = 'running';
        task.runningSince = event.time;
        task.runningSeq = ++this.stepsStarted;
        return task;
      }
      case 'stepEnded': {
        const task = this.tasks.get(event.taskId);
        if (!task) return null;
        if (task.runningSince !== null) this.endStep(task, event);
        if (task.state === 'running') task.state = 'pending';
        task.awaiting = event.awaiting;
        if (event.line) task.line = event.line;
        return task;
      }
      case 'taskFinished': {
        const task = this.tasks.get(event.taskId);
        if (!task) return null;
        task.state = event.state;
        task.finishedAt = event.time;
        task.error = event.error;
        task.awaiting = null;
        task.runningSince = null;
        task.runningSeq = null;
        return task;
      }
      case 'runStarted':
        this.clock = event.clock;
        return null;
      case 'ioStarted':
        this.ioStarted ??= event;
        return null;
      case 'loopBlocked': {
        const task = event.taskId === null ? undefined : this.tasks.get(event.taskId);
        const at = this.sources.ref(event.site);
        this.blocks.push({ time: event.time, duration: event.duration, taskId: event.taskId, seq: task?.runningSeq ?? null, at });
        this.time = Math.max(this.time, event.time + event.duration);
        return null;
      }
      case 'executorJobStarted':
        this.jobs.set(event.jobId, { jobId: event.jobId, worker: event.worker, function: event.function, start: event.time, end: null });
        return null;
      case 'executorJobFinished': {
        const job = this.jobs.get(event.jobId);
        if (job) job.end = event.time;
        return null;
      }
      default:
        return null;
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
    return this.describe(target);
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

  /** The kept steps of each task, in order (one pass over the run's steps). */
  stepsByTask(): Map<number, StepRecord[]> {
    const byTask = new Map<number, StepRecord[]>();
    for (const step of this.steps) {
      const steps = byTask.get(step.taskId);
      if (steps) steps.push(step);
      else byTask.set(step.taskId, [step]);
    }
    return byTask;
  }

  /** When the task waited on I/O: from the end of a step that left it waiting on I/O until its next step or its end. */
  ioWaits(task: TaskRecord, steps: readonly StepRecord[] = this.stepsByTask().get(task.id) ?? []): IoWaitSpan[] {
    const waits: IoWaitSpan[] = [];
    steps.forEach((step, index) => {
      if (!step.io) return;
      const end = steps[index + 1]?.start ?? task.runningSince ?? task.finishedAt;
      waits.push({ start: step.end, end });
    });
    return waits;
  }

  private endStep(task: TaskRecord, event: RuntimeEventOf<'stepEnded'>): void {
    if (this.steps.length >= this.stepLimit) {
      // Not kept (a run without a timeline keeps none): nothing of the step is worked out.
      this.droppedSteps++;
    } else {
      const to = this.sources.ref(event.line);
      this.steps.push({
        taskId: task.id,
        seq: task.runningSeq!,
        start: task.runningSince!,
        end: event.time,
        from: this.sources.ref(task.line),
        to,
        awaiting: event.awaiting ? this.describe(event.awaiting) : null,
        io: event.awaiting?.kind === 'io',
      });
    }
    task.runningSince = null;
    task.runningSeq = null;
  }

  private describe(target: AwaitTarget): string {
    return describeAwaitTarget(target, (taskId) => {
      const other = this.tasks.get(taskId);
      return other && `task ${other.name} (${other.coroutine}())`;
    });
  }
}
