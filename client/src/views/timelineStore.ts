// One run's timeline as the adapter sends it in deltas (protocol/debugProtocol.ts `TimelineDelta`), kept with an
// index of each lane's steps so a view can draw any window quickly. Used by the extension (to resend to a fresh
// webview, to export SVG) and by the timeline webview (to draw). Free of `vscode` and of the DOM.
import {
  decodeSlices,
  encodeSlices,
  type TimelineBlock,
  type TimelineDelta,
  type TimelineLane,
  type TimelineLocation,
  type TimelineSlice,
} from '../../../protocol/debugProtocol';
import type { ClockKind } from '../../../protocol/runtimeEvents';

/** How much of a store a receiver already has: see TimelineStore.deltaSince. */
export interface TimelineCursor {
  run: number;
  paths: number;
  slices: number;
  blocks: number;
  version: number;
}

export class TimelineStore {
  run = 0;
  time = 0;
  clock: ClockKind = 'virtual';
  droppedSlices = 0;
  /** Bumped by every applied delta. */
  version = 0;
  readonly paths: string[] = [];
  readonly lanes = new Map<number, TimelineLane>();
  /** Task ids in the order their lanes appeared (creation order): the rows, top to bottom. */
  readonly laneOrder: number[] = [];
  readonly slices: TimelineSlice[] = [];
  readonly blocks: TimelineBlock[] = [];
  /** Per task: indices into `slices`, in step order. */
  private readonly laneSlices = new Map<number, number[]>();
  /** Per task: the store version that last changed its lane. */
  private readonly laneVersions = new Map<number, number>();

  get isEmpty(): boolean {
    return this.run === 0;
  }

  /** Adds a delta; a delta of another run, or with `reset`, replaces everything first. */
  apply(delta: TimelineDelta): void {
    if (delta.reset || delta.run !== this.run) this.clear();
    this.run = delta.run;
    this.time = delta.time;
    this.clock = delta.clock;
    this.droppedSlices = delta.droppedSlices;
    this.version++;
    for (const path of delta.paths.slice(Math.max(0, this.paths.length - delta.pathsStart))) this.paths.push(path);
    for (const lane of delta.lanes) {
      if (!this.lanes.has(lane.taskId)) this.laneOrder.push(lane.taskId);
      this.lanes.set(lane.taskId, lane);
      this.laneVersions.set(lane.taskId, this.version);
    }
    for (const slice of decodeSlices(delta.slices, this.slices.length - delta.slicesStart)) {
      const index = this.slices.push(slice) - 1;
      const list = this.laneSlices.get(slice.taskId);
      if (list) list.push(index);
      else this.laneSlices.set(slice.taskId, [index]);
    }
    for (const block of delta.blocks.slice(Math.max(0, this.blocks.length - delta.blocksStart))) this.blocks.push(block);
  }

  clear(): void {
    this.run = 0;
    this.time = 0;
    this.droppedSlices = 0;
    this.paths.length = 0;
    this.lanes.clear();
    this.laneOrder.length = 0;
    this.slices.length = 0;
    this.blocks.length = 0;
    this.laneSlices.clear();
    this.laneVersions.clear();
    this.version++;
  }

  /** Everything as one delta with `reset`: what a webview that just opened is sent. */
  toDelta(): TimelineDelta {
    return {
      run: this.run,
      reset: true,
      time: this.time,
      clock: this.clock,
      pathsStart: 0,
      paths: [...this.paths],
      lanes: this.laneOrder.map((id) => this.lanes.get(id)!),
      slicesStart: 0,
      slices: encodeSlices(this.slices),
      blocksStart: 0,
      blocks: [...this.blocks],
      droppedSlices: this.droppedSlices,
    };
  }

  /** Where a receiver stands once it has everything so far. */
  cursor(): TimelineCursor {
    return { run: this.run, paths: this.paths.length, slices: this.slices.length, blocks: this.blocks.length, version: this.version };
  }

  /** What a receiver at `cursor` lacks, as one delta (everything, with `reset`, for another run or no cursor). */
  deltaSince(cursor: TimelineCursor | undefined): TimelineDelta {
    if (!cursor || cursor.run !== this.run) return this.toDelta();
    return {
      run: this.run,
      reset: false,
      time: this.time,
      clock: this.clock,
      pathsStart: cursor.paths,
      paths: this.paths.slice(cursor.paths),
      lanes: this.laneOrder.filter((id) => (this.laneVersions.get(id) ?? 0) > cursor.version).map((id) => this.lanes.get(id)!),
      slicesStart: cursor.slices,
      slices: encodeSlices(this.slices.slice(cursor.slices)),
      blocksStart: cursor.blocks,
      blocks: this.blocks.slice(cursor.blocks),
      droppedSlices: this.droppedSlices,
    };
  }

  /** Indices into `slices` of one task's steps. */
  sliceIndices(taskId: number): readonly number[] {
    return this.laneSlices.get(taskId) ?? [];
  }

  /** The highest step number so far (the right end of the "steps" axis). */
  get lastSeq(): number {
    let last = this.slices.at(-1)?.seq ?? 0;
    for (const lane of this.lanes.values()) if (lane.runningSeq !== null && lane.runningSeq > last) last = lane.runningSeq;
    return last;
  }

  location(location: TimelineLocation | null): { path: string; line: number } | null {
    if (!location) return null;
    const path = this.paths[location[0]];
    return path === undefined ? null : { path, line: location[1] };
  }

  /** Whether a path is one the adapter sent (a webview may only ask to open those). */
  knowsPath(path: string): boolean {
    return this.paths.includes(path);
  }
}
