// Threads are tasks: thread 1 is the event loop, every live asyncio Task is one more thread with a stable id.
// Announces threads as tasks start and finish, lists tasks for `loopscope/tasks`, and sends the throttled
// `loopscope/tasksChanged` event.
import { ThreadEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RuntimeEvent, TaskState } from '../../protocol/runtimeEvents';
import type { DebugStop } from '../../protocol/runtimeDebug';
import type { TaskRecord, TaskRegistry } from '../../runtime/src/index';
import {
  EVENT_LOOP_THREAD_ID,
  TASKS_CHANGED_EVENT,
  TASKS_CHANGED_INTERVAL_MS,
  TASKS_CHANGED_LIMIT,
  type LoopscopeTask,
  type TasksChangedBody,
} from '../../protocol/debugProtocol';
import { customEvent } from './customEvents';

export function threadIdOf(taskId: number): number {
  return taskId + EVENT_LOOP_THREAD_ID;
}

/** The task a thread shows; null for the event-loop thread. */
export function taskIdOf(threadId: number): number | null {
  return threadId === EVENT_LOOP_THREAD_ID ? null : threadId - EVENT_LOOP_THREAD_ID;
}

function threadName(task: TaskRecord): string {
  return `${task.name} ${task.coroutine}()`;
}

const LIVE: ReadonlySet<TaskState> = new Set(['pending', 'running']);

export class TaskThreads {
  private readonly shown = new Set<number>();
  private readonly changed = new Set<number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly send: (event: DebugProtocol.Event) => void) {}

  /** A runtime event of the current run; `announce` is false during a silent re-run. */
  onTaskEvent(registry: TaskRegistry, event: RuntimeEvent, announce: boolean): void {
    if (!('taskId' in event) || event.taskId === null) return;
    if (event.type !== 'taskCreated' && event.type !== 'taskFinished' && event.type !== 'stepStarted' && event.type !== 'stepEnded') return;
    this.changed.add(event.taskId);
    if (!announce) return;
    if (event.type === 'taskCreated') this.announce(threadIdOf(event.taskId), 'started');
    else if (event.type === 'taskFinished') this.announce(threadIdOf(event.taskId), 'exited');
    this.schedule(registry);
  }

  /** Every task of `registry` counts as changed (a run becomes the session's after running unseen). */
  markChanged(registry: TaskRegistry): void {
    for (const id of registry.tasks.keys()) this.changed.add(id);
  }

  /** Makes the announced threads match the registry (after a silent re-run, at a stop). */
  sync(registry: TaskRegistry): void {
    const live = new Set<number>();
    for (const task of registry.tasks.values()) if (LIVE.has(task.state)) live.add(threadIdOf(task.id));
    for (const id of this.shown) if (!live.has(id)) this.announce(id, 'exited');
    for (const id of live) if (!this.shown.has(id)) this.announce(id, 'started');
  }

  /** Every thread exits (a restart: the session goes on). */
  clear(): void {
    for (const id of [...this.shown]) this.announce(id, 'exited');
    this.forget();
  }

  /**
   * Forgets every thread without announcing it: the session ends, and a client drops its threads with the
   * `terminated` event. (One `exited` event per live task held a terminate with 100,000 tasks up for seconds.)
   */
  forget(): void {
    this.shown.clear();
    this.changed.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  list(registry: TaskRegistry | undefined): DebugProtocol.Thread[] {
    const threads: DebugProtocol.Thread[] = [{ id: EVENT_LOOP_THREAD_ID, name: 'event loop' }];
    if (!registry) return threads;
    for (const task of registry.tasks.values()) if (LIVE.has(task.state)) threads.push({ id: threadIdOf(task.id), name: threadName(task) });
    return threads;
  }

  /** `loopscope/tasks` items; the stopped task's source is where it stopped. */
  tasks(registry: TaskRegistry, stop: DebugStop | null, includeFinished = true): LoopscopeTask[] {
    const result: LoopscopeTask[] = [];
    for (const task of registry.tasks.values()) {
      if (!includeFinished && !LIVE.has(task.state)) continue;
      result.push(this.describe(registry, task, stop));
    }
    return result;
  }

  /** Sends `loopscope/tasksChanged` now if anything changed (or `force`). */
  flush(registry: TaskRegistry, stop: DebugStop | null, running: boolean, force = false): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!force && this.changed.size === 0) return;
    const counts: Record<TaskState, number> = { pending: 0, running: 0, done: 0, cancelled: 0, failed: 0 };
    for (const task of registry.tasks.values()) counts[task.state]++;
    const changed: LoopscopeTask[] = [];
    for (const id of this.changed) {
      if (changed.length >= TASKS_CHANGED_LIMIT) break;
      const task = registry.tasks.get(id);
      if (task) changed.push(this.describe(registry, task, stop));
    }
    const body: TasksChangedBody = {
      time: stop?.time ?? registry.time,
      running,
      live: counts.pending + counts.running,
      counts,
      changed,
      truncated: this.changed.size > changed.length,
    };
    this.changed.clear();
    this.send(customEvent(TASKS_CHANGED_EVENT, body));
  }

  private schedule(registry: TaskRegistry): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush(registry, null, true);
    }, TASKS_CHANGED_INTERVAL_MS);
    this.timer.unref();
  }

  private describe(registry: TaskRegistry, task: TaskRecord, stop: DebugStop | null): LoopscopeTask {
    const info = registry.info(task);
    const live = LIVE.has(task.state);
    const stoppedHere = stop !== null && stop.taskId === task.id && stop.path !== null && stop.line !== null;
    return {
      id: info.id,
      name: info.name,
      state: info.state,
      parentId: info.parentId,
      coroutine: info.coroutine,
      source: stoppedHere ? { path: stop.path!, line: stop.line! } : info.source,
      awaiting: info.awaiting,
      ioWait: task.state === 'pending' && task.awaiting?.kind === 'io',
      threadId: live ? threadIdOf(task.id) : null,
      createdAt: info.createdAt,
      finishedAt: info.finishedAt,
      site: task.site,
      error: task.error,
    };
  }

  private announce(threadId: number, reason: 'started' | 'exited'): void {
    if (reason === 'started') {
      if (this.shown.has(threadId)) return;
      this.shown.add(threadId);
    } else {
      if (!this.shown.delete(threadId)) return;
    }
    this.send(new ThreadEvent(reason, threadId));
  }
}
