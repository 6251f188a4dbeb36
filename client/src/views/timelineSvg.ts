// "Export to SVG": the timeline drawn as a standalone SVG file by the same layout as the canvas (timelineLayout.ts),
// built in the extension from its own copy of the data, every text escaped. Free of `vscode`.
import type { TimelineAxis } from '../../../protocol/webviewMessages';
import { escapeMarkup } from './markupEscape';
import {
  axisTicks,
  baseName,
  describeSlice,
  LANE_HEIGHT,
  laneIoWaits,
  laneSegments,
  laneSpan,
  tickLabel,
  toPixel,
  type Viewport,
} from './timelineLayout';
import type { TimelineStore } from './timelineStore';
import { counted } from './counted';

interface SvgOptions {
  axis: TimelineAxis;
  start: number;
  end: number;
  /** Plot width in pixels (labels come on top of it). */
  width?: number;
  /** Lanes beyond this are left out, with a note. */
  maxLanes?: number;
}

const LABEL_WIDTH = 240;
const AXIS_HEIGHT = 28;
const COLORS = {
  background: '#ffffff',
  text: '#1f2328',
  muted: '#6e7781',
  grid: '#d0d7de',
  waiting: '#8c959f',
  io: '#1a7f37',
  running: '#0969da',
  blocked: '#cf222e',
  failed: '#cf222e',
  cancelled: '#bf8700',
};

export function timelineSvg(store: TimelineStore, options: SvgOptions): string {
  const width = options.width ?? 1200;
  const view: Viewport = { axis: options.axis, start: options.start, end: options.end, width };
  const lanes = store.laneOrder.slice(0, options.maxLanes ?? 2000);
  const height = AXIS_HEIGHT + lanes.length * LANE_HEIGHT + (lanes.length < store.laneOrder.length ? LANE_HEIGHT : 0) + 8;
  const totalWidth = LABEL_WIDTH + width + 16;
  const x = (value: number) => (LABEL_WIDTH + toPixel(value, view)).toFixed(1);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${totalWidth}" height="${height}" viewBox="0 0 ${totalWidth} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="${COLORS.background}"/>`,
    `<clipPath id="plot"><rect x="${LABEL_WIDTH}" y="0" width="${width}" height="${height}"/></clipPath>`,
  );
  for (const tick of axisTicks(view)) {
    out.push(
      `<line x1="${x(tick)}" x2="${x(tick)}" y1="${AXIS_HEIGHT - 6}" y2="${height}" stroke="${COLORS.grid}" stroke-width="1"/>`,
      `<text x="${x(tick)}" y="${AXIS_HEIGHT - 10}" fill="${COLORS.muted}" text-anchor="middle">${escapeMarkup(tickLabel(tick, options.axis))}</text>`,
    );
  }
  lanes.forEach((taskId, row) => {
    const lane = store.lanes.get(taskId)!;
    const top = AXIS_HEIGHT + row * LANE_HEIGHT;
    const middle = top + LANE_HEIGHT / 2;
    const label = `${lane.name} ${lane.coroutine}()`;
    out.push(`<g><title>${escapeMarkup(`${label} — ${lane.state}${lane.error ? `: ${lane.error}` : ''}`)}</title>`);
    out.push(`<text x="6" y="${middle + 4}" fill="${COLORS.text}">${escapeMarkup(clip(label, 36))}</text></g>`);
    out.push('<g clip-path="url(#plot)">');
    const [from, to] = laneSpan(store, lane, options.axis);
    out.push(`<line x1="${x(from)}" x2="${x(to)}" y1="${middle}" y2="${middle}" stroke="${COLORS.waiting}" stroke-width="1"/>`);
    for (const wait of laneIoWaits(store, lane, view)) {
      const waited = store.slices[wait.slice]!;
      const title = wait.count === 1 ? `waiting on I/O: ${waited.awaiting ?? '?'}` : `${wait.count} waits on I/O`;
      out.push(
        `<rect x="${(LABEL_WIDTH + wait.x).toFixed(1)}" y="${middle - 2}" width="${wait.width}" height="5" fill="${COLORS.io}"><title>${escapeMarkup(title)}</title></rect>`,
      );
    }
    for (const segment of laneSegments(store, taskId, view)) {
      const title = segment.count === 1 ? describeSlice(store, segment.slice) : `${segment.count} steps of ${label}`;
      out.push(
        `<rect x="${(LABEL_WIDTH + segment.x).toFixed(1)}" y="${top + 4}" width="${segment.width}" height="${LANE_HEIGHT - 8}" fill="${COLORS.running}"><title>${escapeMarkup(title)}</title></rect>`,
      );
    }
    for (const block of store.blocks) {
      if (block.taskId !== taskId) continue;
      const [start, end] = options.axis === 'steps' ? [(block.seq ?? 1) - 1, block.seq ?? 1] : [block.time, block.time + block.duration];
      const where = store.location(block.at);
      out.push(
        `<rect x="${x(start)}" y="${top + 2}" width="${Math.max(2, toPixel(end, view) - toPixel(start, view)).toFixed(1)}" height="${LANE_HEIGHT - 4}" fill="${COLORS.blocked}" fill-opacity="0.75"><title>${escapeMarkup(`loop blocked for ${Number(block.duration.toFixed(6))} s${where ? ` at ${baseName(where.path)}:${where.line}` : ''}`)}</title></rect>`,
      );
    }
    if (lane.finishedAt !== null && (lane.state === 'failed' || lane.state === 'cancelled')) {
      const color = lane.state === 'failed' ? COLORS.failed : COLORS.cancelled;
      const at = x(to);
      out.push(
        `<path d="M${at} ${top + 4} l8 ${LANE_HEIGHT - 8} m0 -${LANE_HEIGHT - 8} l-8 ${LANE_HEIGHT - 8}" transform="translate(-4 0)" stroke="${color}" stroke-width="2"><title>${escapeMarkup(lane.state + (lane.error ? `: ${lane.error}` : ''))}</title></path>`,
      );
    }
    out.push('</g>');
  });
  if (lanes.length < store.laneOrder.length) {
    const top = AXIS_HEIGHT + lanes.length * LANE_HEIGHT;
    out.push(
      `<text x="6" y="${top + 14}" fill="${COLORS.muted}">… and ${counted(store.laneOrder.length - lanes.length, 'more task')}</text>`,
    );
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
