// Where things go on the timeline, for the canvas in the webview and the SVG export alike: lane rows, the x of
// each step on either axis (loop time, or step order — under the virtual clock most steps take no time), and
// a lane's steps and I/O waits within a window merged per pixel, so drawing costs what is visible, not what was
// recorded.
import type { TimelineAxis } from '../../../protocol/webviewMessages';
import type { TimelineLane, TimelineSlice } from '../../../protocol/debugProtocol';
import type { TimelineStore } from './timelineStore';

export const LANE_HEIGHT = 20;
/** A step that takes no time on the time axis is still drawn this wide. */
const MIN_STEP_WIDTH = 2;

/** The part of an axis on show, and how many pixels it spans. */
export interface Viewport {
  axis: TimelineAxis;
  start: number;
  end: number;
  width: number;
}

/** The whole extent of an axis: [0, now] in loop time, or [0, last step] in steps. */
export function axisExtent(store: TimelineStore, axis: TimelineAxis): { start: number; end: number } {
  if (axis === 'steps') return { start: 0, end: Math.max(1, store.lastSeq) };
  return { start: 0, end: store.time > 0 ? store.time : 1 };
}

/** A step's [start, end) on an axis: its loop times, or one unit ending at its number. */
function sliceSpan(slice: TimelineSlice, axis: TimelineAxis): [number, number] {
  return axis === 'steps' ? [slice.seq - 1, slice.seq] : [slice.start, slice.end];
}

export function toPixel(value: number, view: Viewport): number {
  return ((value - view.start) / (view.end - view.start)) * view.width;
}

export function fromPixel(x: number, view: Viewport): number {
  return view.start + (x / view.width) * (view.end - view.start);
}

/** A run of adjacent steps drawn as one rectangle: pixels [x, x + width), the first step's index and how many. */
interface Segment {
  x: number;
  width: number;
  slice: number;
  count: number;
}

/** The first position in `indices` whose step ends at or after `value` on the axis (steps are in order). */
function firstEndingAfter(store: TimelineStore, indices: readonly number[], value: number, axis: TimelineAxis): number {
  let low = 0;
  let high = indices.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sliceSpan(store.slices[indices[middle]!]!, axis)[1] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A lane's steps inside the viewport, merged where they touch at this zoom. */
export function laneSegments(store: TimelineStore, taskId: number, view: Viewport): Segment[] {
  const indices = store.sliceIndices(taskId);
  const segments: Segment[] = [];
  let current: Segment | undefined;
  for (let position = firstEndingAfter(store, indices, view.start, view.axis); position < indices.length; position++) {
    const index = indices[position]!;
    const [start, end] = sliceSpan(store.slices[index]!, view.axis);
    if (start > view.end) break;
    const x = Math.floor(toPixel(start, view));
    const right = Math.max(x + MIN_STEP_WIDTH, Math.ceil(toPixel(end, view)));
    if (current && x <= current.x + current.width) {
      current.width = Math.max(current.width, right - current.x);
      current.count++;
    } else {
      current = { x, width: right - x, slice: index, count: 1 };
      segments.push(current);
    }
  }
  return segments;
}

/**
 * The lane's waits on I/O inside the viewport: from the end of a step whose task then waited on I/O to the
 * task's next step (or its end, or now), merged where they touch at this zoom. `slice` is the step before the wait.
 */
export function laneIoWaits(store: TimelineStore, lane: TimelineLane, view: Viewport): Segment[] {
  const indices = store.sliceIndices(lane.taskId);
  const segments: Segment[] = [];
  let current: Segment | undefined;
  // A wait that began before the window may reach into it: start one step earlier.
  const first = Math.max(0, firstEndingAfter(store, indices, view.start, view.axis) - 1);
  for (let position = first; position < indices.length; position++) {
    const index = indices[position]!;
    const slice = store.slices[index]!;
    const from = sliceSpan(slice, view.axis)[1];
    if (from > view.end) break;
    if (!slice.io) continue;
    const following = indices[position + 1];
    const to = following === undefined ? laneSpan(store, lane, view.axis)[1] : sliceSpan(store.slices[following]!, view.axis)[0];
    if (to < view.start) continue;
    const x = Math.floor(toPixel(Math.max(from, view.start), view));
    const right = Math.max(x + 1, Math.ceil(toPixel(Math.min(to, view.end), view)));
    if (current && x <= current.x + current.width) {
      current.width = Math.max(current.width, right - current.x);
      current.count++;
    } else {
      current = { x, width: right - x, slice: index, count: 1 };
      segments.push(current);
    }
  }
  return segments;
}

/** The step after which the lane's task was waiting at `value` on the axis (what it awaited is that step's), if any. */
export function waitingAfter(store: TimelineStore, taskId: number, value: number, axis: TimelineAxis): number | undefined {
  const indices = store.sliceIndices(taskId);
  const position = firstEndingAfter(store, indices, value, axis) - 1;
  if (position < 0) return undefined;
  const index = indices[position]!;
  const following = indices[position + 1];
  if (following !== undefined && sliceSpan(store.slices[following]!, axis)[0] < value) return undefined;
  return index;
}

/** The loop-time → step-number mapping, for placing creation and end times on the steps axis. */
export function stepAt(store: TimelineStore, time: number): number {
  const slices = store.slices;
  let low = 0;
  let high = slices.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (slices[middle]!.start < time) low = middle + 1;
    else high = middle;
  }
  return low < slices.length ? slices[low]!.seq - 1 : store.lastSeq;
}

/** Where a lane's line runs: from its creation to its end (or now). */
export function laneSpan(store: TimelineStore, lane: TimelineLane, axis: TimelineAxis): [number, number] {
  if (axis === 'time') return [lane.createdAt, lane.finishedAt ?? store.time];
  const indices = store.sliceIndices(lane.taskId);
  const first = indices.length ? store.slices[indices[0]!]!.seq - 1 : stepAt(store, lane.createdAt);
  const created = Math.min(first, stepAt(store, lane.createdAt));
  if (lane.finishedAt !== null) {
    const last = indices.length ? store.slices[indices[indices.length - 1]!]!.seq : created;
    return [created, last];
  }
  return [created, store.lastSeq];
}

/** The step (index into store.slices) under pixel x in a lane, allowing a few pixels either side. */
export function sliceAtPixel(store: TimelineStore, taskId: number, x: number, view: Viewport, tolerance = 3): number | undefined {
  const indices = store.sliceIndices(taskId);
  const value = fromPixel(x - tolerance, view);
  let best: number | undefined;
  let bestDistance = Infinity;
  for (let position = firstEndingAfter(store, indices, value, view.axis); position < indices.length; position++) {
    const index = indices[position]!;
    const [start, end] = sliceSpan(store.slices[index]!, view.axis);
    const left = toPixel(start, view);
    const right = Math.max(left + MIN_STEP_WIDTH, toPixel(end, view));
    if (left > x + tolerance) break;
    const distance = x < left ? left - x : x > right ? x - right : 0;
    if (distance <= tolerance && distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  }
  return best;
}

/** Lane rows on show for a vertical scroll offset and height (virtualised: only these are drawn). */
export function visibleRows(laneCount: number, scrollTop: number, height: number): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / LANE_HEIGHT));
  const last = Math.min(laneCount - 1, Math.ceil((scrollTop + height) / LANE_HEIGHT));
  return { first, last };
}

/** Ticks for an axis window: round values about `spacing` pixels apart. */
export function axisTicks(view: Viewport, spacing = 90): number[] {
  const span = view.end - view.start;
  if (!(span > 0) || view.width <= 0) return [];
  const rough = (span / view.width) * spacing;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  const unit = view.axis === 'steps' ? Math.max(1, Math.round(step)) : step;
  for (let value = Math.ceil(view.start / unit) * unit; value <= view.end + 1e-12; value += unit) ticks.push(Number(value.toFixed(9)));
  return ticks;
}

export function tickLabel(value: number, axis: TimelineAxis): string {
  return axis === 'steps' ? `#${Math.round(value)}` : `${Number(value.toFixed(6))} s`;
}

/** One line describing a step, for hovers and the SVG's titles. */
export function describeSlice(store: TimelineStore, index: number): string {
  const slice = store.slices[index]!;
  const lane = store.lanes.get(slice.taskId);
  const where = (location: ReturnType<TimelineStore['location']>) => (location ? `${baseName(location.path)}:${location.line}` : '?');
  const parts = [
    `${lane ? `${lane.name} ${lane.coroutine}()` : `task #${slice.taskId}`} — step #${slice.seq}`,
    slice.start === slice.end ? `t=${formatSeconds(slice.start)}` : `t=${formatSeconds(slice.start)}–${formatSeconds(slice.end)}`,
    // A task's first step starts its coroutine: where it comes from is the line that created the task.
    store.sliceIndices(slice.taskId)[0] === index
      ? `started (created at ${where(store.location(slice.from))})`
      : `resumed at ${where(store.location(slice.from))}`,
  ];
  const to = store.location(slice.to);
  if (to) parts.push(`suspended at ${where(to)}${slice.awaiting ? `, awaiting ${slice.awaiting}` : ''}`);
  else parts.push(lane && lane.finishedAt !== null ? `then ${lane.state}` : 'then ready');
  return parts.join(' · ');
}

export function formatSeconds(value: number): string {
  return `${Number(value.toFixed(6))} s`;
}

export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut >= 0 ? path.slice(cut + 1) : path;
}
