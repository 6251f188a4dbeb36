// The tasks of one debug session as the extension knows them, kept up to date from `loopscope/tasksChanged`
// (applied in place) and `loopscope/tasks` (replacing all). Indexed by id and by parent for the task tree.
// Free of `vscode` so tests and benchmarks can drive it.
import type { LoopscopeTask, TasksChangedBody, TasksResult } from '../../../protocol/debugProtocol';
import type { TaskState } from '../../../protocol/runtimeEvents';

export type TaskCounts = Record<TaskState, number>;

const LIVE_STATES: ReadonlySet<TaskState> = new Set(['pending', 'running']);

export function isLive(task: LoopscopeTask): boolean {
  return LIVE_STATES.has(task.state);
}

export class TaskStore {
  /** Loop time of the latest news. */
  time = 0;
  /** False while stopped: then the data is exact, not a throttled sample. */
  running = true;
  /** Bumped by every change, so views can tell whether to redraw. */
  version = 0;
  /** How many times the program stopped: what a view captured at one stop (frames, lines) is stale at the next. */
  stops = 0;
  private readonly tasks = new Map<number, LoopscopeTask>();
  /** Children by parent id (null: roots), in creation order. */
  private readonly children = new Map<number | null, number[]>();
  /** Roots whose parent is not known yet, by that parent's id. */
  private readonly orphans = new Map<number, number[]>();
  private countsCache: TaskCounts | undefined;

  /** The program stopped (a breakpoint, a step, a pause): a new snapshot, even where no task changed. */
  stopped(): void {
    this.stops++;
    this.running = false;
  }

  /** Names what the program looked like: the same only at the same stop with the same task news. */
  get snapshot(): string {
    return `${this.stops}.${this.version}`;
  }

  get size(): number {
    return this.tasks.size;
  }

  get(id: number): LoopscopeTask | undefined {
    return this.tasks.get(id);
  }

  all(): IterableIterator<LoopscopeTask> {
    return this.tasks.values();
  }

  /** Applies an event; returns false when it is truncated, so the caller should ask for every task instead. */
  applyChanged(body: TasksChangedBody): boolean {
    this.time = body.time;
    this.running = body.running;
    for (const task of body.changed) this.upsert(task);
    this.countsCache = body.truncated ? undefined : { ...body.counts };
    this.version++;
    return !body.truncated;
  }

  replace(result: TasksResult, running: boolean): void {
    this.tasks.clear();
    this.children.clear();
    this.orphans.clear();
    this.time = result.time;
    this.running = running;
    for (const task of result.tasks) this.upsert(task);
    this.countsCache = undefined;
    this.version++;
  }

  clear(): void {
    this.tasks.clear();
    this.children.clear();
    this.orphans.clear();
    this.countsCache = undefined;
    this.time = 0;
    this.version++;
  }

  counts(): TaskCounts {
    if (!this.countsCache) {
      const counts: TaskCounts = { pending: 0, running: 0, done: 0, cancelled: 0, failed: 0 };
      for (const task of this.tasks.values()) counts[task.state]++;
      this.countsCache = counts;
    }
    return this.countsCache;
  }

  /** Ids of the tasks whose parent is `parentId` (null: the roots, including tasks whose parent is unknown). */
  childIds(parentId: number | null): readonly number[] {
    return this.children.get(parentId) ?? [];
  }

  hasChildren(id: number): boolean {
    return (this.children.get(id)?.length ?? 0) > 0;
  }

  /** The id under which a task is listed: its parent, or null when the parent is not known. */
  listedUnder(task: LoopscopeTask): number | null {
    return task.parentId !== null && this.tasks.has(task.parentId) ? task.parentId : null;
  }

  private upsert(task: LoopscopeTask): void {
    const known = this.tasks.get(task.id);
    this.tasks.set(task.id, task);
    if (known) return;
    // A parent that arrives after its children (a truncated event) adopts them from the roots.
    const waiting = this.orphans.get(task.id);
    if (waiting) {
      this.orphans.delete(task.id);
      const adopted = new Set(waiting);
      this.children.set(
        null,
        (this.children.get(null) ?? []).filter((id) => !adopted.has(id)),
      );
      this.children.set(task.id, waiting);
    }
    const parent = this.listedUnder(task);
    if (parent === null && task.parentId !== null) {
      const list = this.orphans.get(task.parentId);
      if (list) list.push(task.id);
      else this.orphans.set(task.parentId, [task.id]);
    }
    const siblings = this.children.get(parent);
    if (siblings) siblings.push(task.id);
    else this.children.set(parent, [task.id]);
  }
}
