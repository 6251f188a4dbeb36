// The debugger's timeline of one run, read from the run's model (runtime/src/taskRegistry.ts): hands it out as
// deltas (`loopscope/timelineChanged`) or whole (`loopscope/timeline`); see protocol/debugProtocol.ts. It keeps only
// what the previous delta covered and which lanes changed since.
import { encodeSlices, type TimelineDelta, type TimelineLane } from '../../protocol/debugProtocol';
import type { TaskRecord, TaskRegistry } from '../../runtime/src/index';

let runsStarted = 0;

export class TimelineFeed {
  /** Distinguishes this run's data from the previous run's (restart, step back) in the client. */
  readonly run = ++runsStarted;
  // What the previous delta covered.
  private sentPaths = 0;
  private sentSlices = 0;
  private sentBlocks = 0;
  private readonly changedLanes = new Set<number>();
  private sentAny = false;

  constructor(private readonly registry: TaskRegistry) {}

  /** The task's lane changed (an event the registry applied returned it). */
  taskChanged(task: TaskRecord): void {
    this.changedLanes.add(task.id);
  }

  /** What changed since the previous delta (the first delta of a run has `reset` true and holds everything). */
  delta(): TimelineDelta {
    const reset = !this.sentAny;
    const tasks = reset
      ? [...this.registry.tasks.values()]
      : [...this.changedLanes].map((id) => this.registry.tasks.get(id)!).filter(Boolean);
    const result = this.build(reset, this.sentPaths, this.sentSlices, this.sentBlocks, tasks);
    this.sentAny = true;
    this.sentPaths = this.registry.sources.paths.length;
    this.sentSlices = this.registry.steps.length;
    this.sentBlocks = this.registry.blocks.length;
    this.changedLanes.clear();
    return result;
  }

  /** Everything so far, as one delta with `reset` true (does not change what the next delta holds). */
  snapshot(): TimelineDelta {
    return this.build(true, 0, 0, 0, [...this.registry.tasks.values()]);
  }

  private build(reset: boolean, paths: number, slices: number, blocks: number, tasks: TaskRecord[]): TimelineDelta {
    const registry = this.registry;
    return {
      run: this.run,
      reset,
      time: registry.time,
      clock: registry.clock ?? 'virtual',
      pathsStart: paths,
      paths: registry.sources.paths.slice(paths),
      lanes: tasks.map((task) => this.lane(task)),
      slicesStart: slices,
      slices: encodeSlices(registry.steps.slice(slices)),
      blocksStart: blocks,
      blocks: registry.blocks.slice(blocks),
      droppedSlices: registry.droppedSteps,
    };
  }

  private lane(task: TaskRecord): TimelineLane {
    return {
      taskId: task.id,
      name: task.name,
      coroutine: task.coroutine,
      parentId: task.parentId,
      state: task.state,
      createdAt: task.createdAt,
      finishedAt: task.finishedAt,
      error: task.error,
      site: this.registry.sources.ref(task.site),
      runningSince: task.runningSince,
      runningSeq: task.runningSeq,
    };
  }
}
