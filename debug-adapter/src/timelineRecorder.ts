// Records one run's timeline from the runtime's event stream: every step of every task (start, end, where it
// resumed and suspended, what it then awaited and whether that is I/O), loop blocks, and how each task ended. Hands it out as deltas
// (`loopscope/timelineChanged`) or whole (`loopscope/timeline`); see protocol/debugProtocol.ts.
import {
  encodeSlices,
  TIMELINE_SLICE_LIMIT,
  type TimelineBlock,
  type TimelineDelta,
  type TimelineLane,
  type TimelineLocation,
  type TimelineSlice,
} from '../../protocol/debugProtocol';
import type { AwaitTarget, ClockKind, RuntimeEvent, SourceLocation } from '../../protocol/runtimeEvents';
import { describeAwaitTarget } from '../../runtime/src/index';

let runsStarted = 0;

export class TimelineRecorder {
  /** Distinguishes this run's data from the previous run's (restart, step back) in the client. */
  readonly run = ++runsStarted;
  private clock: ClockKind = 'virtual';
  private time = 0;
  private seq = 0;
  private droppedSlices = 0;
  private readonly paths: string[] = [];
  private readonly pathIndex = new Map<string, number>();
  private readonly lanes = new Map<number, TimelineLane>();
  /** Where each task last suspended: the `from` of its next step. */
  private readonly resumeAt = new Map<number, TimelineLocation | null>();
  private readonly slices: TimelineSlice[] = [];
  private readonly blocks: TimelineBlock[] = [];
  // What the previous delta covered.
  private sentPaths = 0;
  private sentSlices = 0;
  private sentBlocks = 0;
  private readonly changedLanes = new Set<number>();
  private sentAny = false;

  constructor(private readonly sliceLimit = TIMELINE_SLICE_LIMIT) {}

  apply(event: RuntimeEvent): void {
    if (event.time > this.time) this.time = event.time;
    switch (event.type) {
      case 'runStarted':
        this.clock = event.clock;
        break;
      case 'taskCreated': {
        const site = this.location(event.site);
        this.lanes.set(event.taskId, {
          taskId: event.taskId,
          name: event.name,
          coroutine: event.coroutine,
          parentId: event.parentId,
          state: 'pending',
          createdAt: event.time,
          finishedAt: null,
          error: null,
          site,
          runningSince: null,
          runningSeq: null,
        });
        this.resumeAt.set(event.taskId, site);
        this.changedLanes.add(event.taskId);
        break;
      }
      case 'stepStarted': {
        const lane = this.lanes.get(event.taskId);
        if (!lane) break;
        lane.state = 'running';
        lane.runningSince = event.time;
        lane.runningSeq = ++this.seq;
        this.changedLanes.add(event.taskId);
        break;
      }
      case 'stepEnded': {
        const lane = this.lanes.get(event.taskId);
        if (!lane || lane.runningSince === null) break;
        const to = this.location(event.line);
        this.addSlice({
          taskId: event.taskId,
          seq: lane.runningSeq!,
          start: lane.runningSince,
          end: event.time,
          from: this.resumeAt.get(event.taskId) ?? null,
          to,
          awaiting: event.awaiting ? this.describe(event.awaiting) : null,
          io: event.awaiting?.kind === 'io',
        });
        if (to) this.resumeAt.set(event.taskId, to);
        lane.runningSince = null;
        lane.runningSeq = null;
        if (lane.state === 'running') lane.state = 'pending';
        this.changedLanes.add(event.taskId);
        break;
      }
      case 'taskFinished': {
        const lane = this.lanes.get(event.taskId);
        if (!lane) break;
        lane.state = event.state;
        lane.finishedAt = event.time;
        lane.error = event.error;
        lane.runningSince = null;
        lane.runningSeq = null;
        this.changedLanes.add(event.taskId);
        break;
      }
      case 'loopBlocked': {
        const lane = event.taskId === null ? undefined : this.lanes.get(event.taskId);
        this.blocks.push({
          time: event.time,
          duration: event.duration,
          taskId: event.taskId,
          seq: lane?.runningSeq ?? null,
          at: this.location(event.site),
        });
        if (event.time + event.duration > this.time) this.time = event.time + event.duration;
        break;
      }
      default:
        break;
    }
  }

  /** What changed since the previous delta (the first delta of a run has `reset` true and holds everything). */
  delta(): TimelineDelta {
    const reset = !this.sentAny;
    const lanes = reset ? [...this.lanes.values()] : [...this.changedLanes].map((id) => this.lanes.get(id)!).filter(Boolean);
    const result = this.build(reset, this.sentPaths, this.sentSlices, this.sentBlocks, lanes);
    this.sentAny = true;
    this.sentPaths = this.paths.length;
    this.sentSlices = this.slices.length;
    this.sentBlocks = this.blocks.length;
    this.changedLanes.clear();
    return result;
  }

  /** Everything so far, as one delta with `reset` true (does not change what the next delta holds). */
  snapshot(): TimelineDelta {
    return this.build(true, 0, 0, 0, [...this.lanes.values()]);
  }

  private build(reset: boolean, paths: number, slices: number, blocks: number, lanes: TimelineLane[]): TimelineDelta {
    return {
      run: this.run,
      reset,
      time: this.time,
      clock: this.clock,
      pathsStart: paths,
      paths: this.paths.slice(paths),
      // Copies: the lanes keep changing after they are sent (inline adapters hand objects over as they are).
      lanes: lanes.map((lane) => ({ ...lane })),
      slicesStart: slices,
      slices: encodeSlices(this.slices.slice(slices)),
      blocksStart: blocks,
      blocks: this.blocks.slice(blocks),
      droppedSlices: this.droppedSlices,
    };
  }

  private addSlice(slice: TimelineSlice): void {
    if (this.slices.length >= this.sliceLimit) this.droppedSlices++;
    else this.slices.push(slice);
  }

  private location(source: SourceLocation | null): TimelineLocation | null {
    if (!source) return null;
    let index = this.pathIndex.get(source.path);
    if (index === undefined) {
      index = this.paths.length;
      this.paths.push(source.path);
      this.pathIndex.set(source.path, index);
    }
    return [index, source.line];
  }

  private describe(target: AwaitTarget): string {
    return describeAwaitTarget(target, (taskId) => {
      const other = this.lanes.get(taskId);
      return other && `task ${other.name} (${other.coroutine}())`;
    });
  }
}
