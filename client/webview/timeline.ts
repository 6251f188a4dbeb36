// The timeline webview: one lane per task over loop time (or step order), drawn on a canvas: steps as bars,
// waits as a thin line, waits on I/O (sockets, name lookups, processes) as a thicker green one. Only the lanes in
// view are drawn and each lane's steps are merged per pixel (timelineLayout.ts), so a thousand lanes and tens of
// thousands of steps redraw in milliseconds. Hover shows a step's lines, click opens them, the view follows the
// session while it runs, "Export SVG" asks the extension to write the same picture as a file.
import type { FromTimelineView, TimelineAxis, ToTimelineView, ViewNotice } from '../../protocol/webviewMessages';
import {
  axisExtent,
  axisTicks,
  baseName,
  describeSlice,
  formatSeconds,
  fromPixel,
  LANE_HEIGHT,
  laneIoWaits,
  laneSegments,
  laneSpan,
  sliceAtPixel,
  tickLabel,
  toPixel,
  visibleRows,
  waitingAfter,
  type Viewport,
} from '../src/views/timelineLayout';
import { TimelineStore } from '../src/views/timelineStore';
import type { TimelineBlock, TimelineLane } from '../../protocol/debugProtocol';
import { button, element, onMessage, themeColor, vscodeApi } from './webviewApi';
import { counted } from '../src/views/counted';

const LABEL_WIDTH = 220;
const AXIS_HEIGHT = 24;

const api = vscodeApi<FromTimelineView>();
const store = new TimelineStore();
let axis: TimelineAxis = 'time';
let range = { start: 0, end: 1 };
let follow = true;
let notice: ViewNotice | null = { kind: 'loading', text: 'Waiting for the extension…' };
let sessionLabel = '';
let ended = false;
let blocksByTask = new Map<number, TimelineBlock[]>();
let blocksVersion = -1;

// -- page -----------------------------------------------------------------------------------------------

const root = document.getElementById('root')!;
root.className = 'timeline';
const toolbar = element('div', 'toolbar');
const followButton = button('Follow', 'Follow the session: show the whole run as it grows', () => {
  follow = true;
  fit();
});
const axisButton = button('Axis: time', 'Switch between loop time and step order (under the virtual clock most steps take no time)', () => {
  axis = axis === 'time' ? 'steps' : 'time';
  axisButton.textContent = `Axis: ${axis === 'time' ? 'time' : 'steps'}`;
  fit();
});
const zoomIn = button('+', 'Zoom in (Ctrl+wheel)', () => zoom(0.5, plotWidth() / 2));
const zoomOut = button('−', 'Zoom out (Ctrl+wheel)', () => zoom(2, plotWidth() / 2));
const exportButton = button('Export SVG', 'Save what is shown as an SVG file', () =>
  api.postMessage({ type: 'exportSvg', axis, start: range.start, end: range.end }),
);
const status = element('span', 'status');
status.id = 'status';
toolbar.append(followButton, axisButton, zoomOut, zoomIn, exportButton, status);
const noticeBox = element('div', 'notice');
const chart = element('div', 'chart');
const canvas = element('canvas', 'plot');
const scroller = element('div', 'scroller');
const spacer = element('div', 'spacer');
scroller.append(spacer);
const tooltip = element('div', 'tooltip');
tooltip.hidden = true;
chart.append(canvas, scroller, tooltip);
root.append(toolbar, noticeBox, chart);
const context = canvas.getContext('2d')!;

// -- data -----------------------------------------------------------------------------------------------

onMessage<ToTimelineView>((message) => {
  const started = performance.now();
  if (message.type === 'timeline') {
    store.apply(message.delta);
    sessionLabel = message.sessionName;
    ended = message.ended;
    notice = null;
    if (follow) fitRange();
  } else if (message.type === 'notice') {
    notice = message.notice;
    if (notice.kind === 'noSession') store.clear();
  }
  draw();
  root.dataset.renderMs = (performance.now() - started).toFixed(1);
});

function fitRange(): void {
  range = axisExtent(store, axis);
}

function fit(): void {
  fitRange();
  draw();
}

function zoom(factor: number, pixel: number): void {
  const anchor = fromPixel(pixel, viewport());
  const extent = axisExtent(store, axis);
  const span = Math.min(extent.end - extent.start, Math.max((range.end - range.start) * factor, axis === 'steps' ? 4 : 1e-6));
  let start = anchor - (anchor - range.start) * (span / (range.end - range.start));
  start = Math.max(extent.start, Math.min(start, extent.end - span));
  range = { start, end: start + span };
  follow = false;
  draw();
}

function pan(pixels: number): void {
  const extent = axisExtent(store, axis);
  const span = range.end - range.start;
  const shift = (pixels / plotWidth()) * span;
  const start = Math.max(extent.start, Math.min(range.start + shift, extent.end - span));
  range = { start, end: start + span };
  follow = false;
  draw();
}

// -- drawing --------------------------------------------------------------------------------------------

function plotWidth(): number {
  return Math.max(50, chart.clientWidth - LABEL_WIDTH - 12);
}

function viewport(): Viewport {
  return { axis, start: range.start, end: range.end, width: plotWidth() };
}

interface Palette {
  background: string;
  text: string;
  muted: string;
  grid: string;
  running: string;
  waiting: string;
  io: string;
  blocked: string;
  failed: string;
  cancelled: string;
}

function palette(): Palette {
  return {
    background: themeColor('--vscode-editor-background', '#1e1e1e'),
    text: themeColor('--vscode-foreground', '#cccccc'),
    muted: themeColor('--vscode-descriptionForeground', '#9d9d9d'),
    grid: themeColor('--vscode-editorIndentGuide-background1', '#404040'),
    running: themeColor('--vscode-charts-blue', '#3794ff'),
    waiting: themeColor('--vscode-descriptionForeground', '#808080'),
    io: themeColor('--vscode-charts-green', '#89d185'),
    blocked: themeColor('--vscode-charts-red', '#f14c4c'),
    failed: themeColor('--vscode-errorForeground', '#f14c4c'),
    cancelled: themeColor('--vscode-charts-yellow', '#cca700'),
  };
}

function indexBlocks(): void {
  if (blocksVersion === store.version) return;
  blocksByTask = new Map();
  for (const block of store.blocks) {
    if (block.taskId === null) continue;
    const list = blocksByTask.get(block.taskId) ?? [];
    list.push(block);
    blocksByTask.set(block.taskId, list);
  }
  blocksVersion = store.version;
}

function blockSpan(block: TimelineBlock): [number, number] {
  return axis === 'steps' ? [(block.seq ?? 1) - 1, block.seq ?? 1] : [block.time, block.time + block.duration];
}

function draw(): void {
  const width = chart.clientWidth;
  const height = chart.clientHeight;
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  spacer.style.height = `${AXIS_HEIGHT + store.laneOrder.length * LANE_HEIGHT}px`;
  updateStatus();
  const colors = palette();
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.fillStyle = colors.background;
  context.fillRect(0, 0, width, height);
  if (notice || store.isEmpty) return;
  indexBlocks();
  const view = viewport();
  const px = (value: number) => LABEL_WIDTH + toPixel(value, view);
  const scrollTop = scroller.scrollTop;
  const rows = visibleRows(store.laneOrder.length, scrollTop, height - AXIS_HEIGHT);
  context.font = '12px var(--vscode-font-family, sans-serif)';
  context.textBaseline = 'middle';

  // The whole loop was held while a blocking call ran: a red band across every lane.
  context.save();
  context.beginPath();
  context.rect(LABEL_WIDTH, AXIS_HEIGHT, view.width, height - AXIS_HEIGHT);
  context.clip();
  context.globalAlpha = 0.12;
  context.fillStyle = colors.blocked;
  for (const block of store.blocks) {
    const [start, end] = blockSpan(block);
    if (end < view.start || start > view.end) continue;
    context.fillRect(px(start), AXIS_HEIGHT, Math.max(2, px(end) - px(start)), height - AXIS_HEIGHT);
  }
  context.restore();

  for (let row = rows.first; row <= rows.last; row++) {
    const lane = store.lanes.get(store.laneOrder[row]!)!;
    const top = AXIS_HEIGHT + row * LANE_HEIGHT - scrollTop;
    if (top + LANE_HEIGHT < AXIS_HEIGHT) continue;
    drawLane(lane, top, view, colors, px);
  }

  // Axis on top of everything, so lanes scroll under it.
  context.fillStyle = colors.background;
  context.fillRect(0, 0, width, AXIS_HEIGHT);
  context.fillStyle = colors.muted;
  context.textAlign = 'center';
  for (const tick of axisTicks(view)) {
    const x = px(tick);
    context.fillRect(x, AXIS_HEIGHT - 5, 1, 5);
    context.fillText(tickLabel(tick, axis), x, AXIS_HEIGHT / 2);
  }
  context.textAlign = 'left';
  context.fillText(axis === 'time' ? `loop time (${store.clock})` : 'step order', 6, AXIS_HEIGHT / 2);
}

function drawLane(lane: TimelineLane, top: number, view: Viewport, colors: Palette, px: (value: number) => number): void {
  const middle = top + LANE_HEIGHT / 2;
  context.fillStyle = lane.state === 'failed' ? colors.failed : lane.state === 'cancelled' ? colors.cancelled : colors.text;
  context.save();
  context.beginPath();
  context.rect(0, top, LABEL_WIDTH - 8, LANE_HEIGHT);
  context.clip();
  context.fillText(`${lane.name} ${lane.coroutine}()`, 6, middle);
  context.restore();

  context.save();
  context.beginPath();
  // A little past the axis end, so an end marker at "now" is not cut in half.
  context.rect(LABEL_WIDTH, top, view.width + 8, LANE_HEIGHT);
  context.clip();
  const [from, to] = laneSpan(store, lane, axis);
  context.fillStyle = colors.waiting;
  context.fillRect(px(from), middle, Math.max(1, px(to) - px(from)), 1);
  context.fillStyle = colors.io;
  for (const wait of laneIoWaits(store, lane, view)) context.fillRect(LABEL_WIDTH + wait.x, middle - 2, wait.width, 5);
  context.fillStyle = colors.running;
  for (const segment of laneSegments(store, lane.taskId, view))
    context.fillRect(LABEL_WIDTH + segment.x, top + 4, segment.width, LANE_HEIGHT - 8);
  if (lane.runningSince !== null) {
    const start = axis === 'steps' ? (lane.runningSeq ?? 1) - 1 : lane.runningSince;
    const end = axis === 'steps' ? (lane.runningSeq ?? 1) : store.time;
    context.globalAlpha = 0.6;
    context.fillRect(px(start), top + 3, Math.max(3, px(end) - px(start)), LANE_HEIGHT - 6);
    context.globalAlpha = 1;
  }
  context.fillStyle = colors.blocked;
  for (const block of blocksByTask.get(lane.taskId) ?? []) {
    const [start, end] = blockSpan(block);
    context.fillRect(px(start), top + 2, Math.max(2, px(end) - px(start)), LANE_HEIGHT - 4);
  }
  if (lane.finishedAt !== null && (lane.state === 'failed' || lane.state === 'cancelled')) {
    const x = px(to);
    context.strokeStyle = lane.state === 'failed' ? colors.failed : colors.cancelled;
    context.lineWidth = 2;
    context.beginPath();
    context.moveTo(x - 4, top + 5);
    context.lineTo(x + 4, top + LANE_HEIGHT - 5);
    context.moveTo(x + 4, top + 5);
    context.lineTo(x - 4, top + LANE_HEIGHT - 5);
    context.stroke();
  }
  context.restore();
}

function updateStatus(): void {
  noticeBox.hidden = notice === null;
  noticeBox.textContent = notice?.text ?? '';
  root.dataset.notice = notice?.kind ?? '';
  root.dataset.lanes = String(store.laneOrder.length);
  root.dataset.slices = String(store.slices.length);
  root.dataset.blocks = String(store.blocks.length);
  if (notice || store.isEmpty) {
    status.textContent = '';
    return;
  }
  const parts = [sessionLabel, counted(store.laneOrder.length, 'task'), counted(store.slices.length, 'step')];
  if (store.blocks.length) parts.push(counted(store.blocks.length, 'loop block'));
  if (store.droppedSlices) parts.push(`${counted(store.droppedSlices, 'later step')} not kept`);
  parts.push(`t=${formatSeconds(store.time)}`);
  if (ended) parts.push('session ended');
  status.textContent = parts.filter(Boolean).join(' · ');
  followButton.classList.toggle('active', follow);
}

// -- interaction ----------------------------------------------------------------------------------------

interface Hit {
  lane: TimelineLane;
  text: string;
  source: { path: string; line: number } | null;
}

function hitAt(x: number, y: number): Hit | undefined {
  if (y < AXIS_HEIGHT) return undefined;
  const row = Math.floor((y - AXIS_HEIGHT + scroller.scrollTop) / LANE_HEIGHT);
  const taskId = store.laneOrder[row];
  const lane = taskId === undefined ? undefined : store.lanes.get(taskId);
  if (!lane) return undefined;
  const laneText = `${lane.name} ${lane.coroutine}() — ${lane.state}${lane.error ? `: ${lane.error}` : ''}`;
  if (x < LABEL_WIDTH) {
    const site = store.location(lane.site);
    return { lane, text: site ? `${laneText} · created at ${baseName(site.path)}:${site.line}` : laneText, source: site };
  }
  const view = viewport();
  const plotX = x - LABEL_WIDTH;
  const value = fromPixel(plotX, view);
  for (const block of blocksByTask.get(lane.taskId) ?? []) {
    const [start, end] = blockSpan(block);
    if (toPixel(start, view) - 2 <= plotX && plotX <= Math.max(toPixel(end, view), toPixel(start, view) + 2) + 2) {
      const at = store.location(block.at);
      return {
        lane,
        text: `Loop blocked for ${formatSeconds(block.duration)}${at ? ` at ${baseName(at.path)}:${at.line}` : ''} (no other task could run)`,
        source: at,
      };
    }
  }
  const index = sliceAtPixel(store, lane.taskId, plotX, view);
  if (index !== undefined) {
    const slice = store.slices[index]!;
    return { lane, text: describeSlice(store, index), source: store.location(slice.to) ?? store.location(slice.from) };
  }
  const [from, to] = laneSpan(store, lane, axis);
  if (value < from || value > to) return undefined;
  const before = waitingAfter(store, lane.taskId, value, axis);
  const waitedOn = before === undefined ? null : store.slices[before]!;
  if (waitedOn?.awaiting)
    return {
      lane,
      text: `${laneText} · ${waitedOn.io ? 'waiting on I/O' : 'waiting'}: ${waitedOn.awaiting}`,
      source: store.location(waitedOn.to),
    };
  return { lane, text: `${laneText} · waiting`, source: null };
}

let dragging: { x: number; moved: boolean } | undefined;

scroller.addEventListener('scroll', () => draw());
scroller.addEventListener('mousedown', (event) => {
  dragging = { x: event.clientX, moved: false };
});
window.addEventListener('mouseup', () => {
  setTimeout(() => (dragging = undefined));
});
scroller.addEventListener('mousemove', (event) => {
  const bounds = chart.getBoundingClientRect();
  if (dragging && event.buttons === 1) {
    const dx = event.clientX - dragging.x;
    if (Math.abs(dx) > 2) {
      dragging.moved = true;
      dragging.x = event.clientX;
      pan(-dx);
    }
    return;
  }
  const hit = hitAt(event.clientX - bounds.left, event.clientY - bounds.top);
  if (!hit) {
    tooltip.hidden = true;
    scroller.style.cursor = 'default';
    return;
  }
  tooltip.textContent = hit.text;
  tooltip.hidden = false;
  const left = Math.min(event.clientX - bounds.left + 12, bounds.width - tooltip.offsetWidth - 4);
  tooltip.style.left = `${Math.max(0, left)}px`;
  tooltip.style.top = `${event.clientY - bounds.top + 14}px`;
  scroller.style.cursor = hit.source ? 'pointer' : 'default';
});
scroller.addEventListener('mouseleave', () => (tooltip.hidden = true));
scroller.addEventListener('click', (event) => {
  if (dragging?.moved) return;
  const bounds = chart.getBoundingClientRect();
  const hit = hitAt(event.clientX - bounds.left, event.clientY - bounds.top);
  if (!hit) return;
  if (hit.source) api.postMessage({ type: 'openSource', path: hit.source.path, line: hit.source.line });
  api.postMessage({ type: 'selectTask', taskId: hit.lane.taskId });
});
scroller.addEventListener(
  'wheel',
  (event) => {
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      const bounds = chart.getBoundingClientRect();
      zoom(event.deltaY > 0 ? 1.25 : 0.8, Math.max(0, event.clientX - bounds.left - LABEL_WIDTH));
    } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
      event.preventDefault();
      pan(event.shiftKey ? event.deltaY : event.deltaX);
    }
  },
  { passive: false },
);
new ResizeObserver(() => draw()).observe(chart);

api.postMessage({ type: 'ready' });
draw();
