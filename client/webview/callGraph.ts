// The call graph webview: tasks and coroutine frames as boxes, awaits as arrows, laid out by dagre and drawn as
// SVG built node by node (names set as text, never parsed as markup). Wheel zooms, drag pans, click opens a
// frame's source or selects a task; the toolbar switches between the selected task and all tasks, and hands the
// format_call_graph text to the extension (copy, open in an editor).
import type { CallGraphViewData, FromCallGraphView, GraphNode, ToCallGraphView, ViewNotice } from '../../protocol/webviewMessages';
import { layoutGraph, type GraphLayout } from '../src/views/callGraphLayout';
import { button, element, onMessage, svgElement, vscodeApi } from './webviewApi';

const api = vscodeApi<FromCallGraphView>();
let data: CallGraphViewData | undefined;
let layout: GraphLayout | undefined;
let notice: ViewNotice | null = { kind: 'loading', text: 'Waiting for the extension…' };
let viewBox = { x: 0, y: 0, width: 100, height: 100 };

const root = document.getElementById('root')!;
root.className = 'callgraph';
const toolbar = element('div', 'toolbar');
const taskScope = button('Selected task', 'The await graph of the task selected in Loopscope Tasks', () =>
  api.postMessage({ type: 'setScope', scope: 'task' }),
);
const allScope = button('All tasks', 'The await graph of every live task', () => api.postMessage({ type: 'setScope', scope: 'all' }));
const refresh = button('Refresh', 'Capture the graph again', () => api.postMessage({ type: 'refresh' }));
const fitButton = button('Fit', 'Show the whole graph', () => fit());
const copyText = button('Copy as text', "Copy Python's asyncio.format_call_graph text", () => api.postMessage({ type: 'copyText' }));
const openText = button('Open as text', 'Open the text in an editor', () => api.postMessage({ type: 'openText' }));
const status = element('span', 'status');
status.id = 'status';
toolbar.append(taskScope, allScope, refresh, fitButton, copyText, openText, status);
const summary = element('div', 'summary');
const noticeBox = element('div', 'notice');
const canvas = svgElement('svg', { class: 'graph', role: 'img' });
const arrow = svgElement('marker', {
  id: 'arrow',
  viewBox: '0 0 10 10',
  refX: '9',
  refY: '5',
  markerWidth: '7',
  markerHeight: '7',
  orient: 'auto',
});
arrow.append(svgElement('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }));
const defs = svgElement('defs');
defs.append(arrow);
const scene = svgElement('g');
canvas.append(defs, scene);
root.append(toolbar, summary, noticeBox, canvas);

onMessage<ToCallGraphView>((message) => {
  const started = performance.now();
  if (message.type === 'graph') {
    data = message.graph;
    notice = null;
    layout = layoutGraph(data.nodes, data.edges);
    render();
    fit();
  } else if (message.type === 'notice') {
    notice = message.notice;
    render();
  }
  root.dataset.renderMs = (performance.now() - started).toFixed(1);
});

function render(): void {
  noticeBox.hidden = notice === null;
  noticeBox.textContent = notice?.text ?? '';
  root.dataset.notice = notice?.kind ?? '';
  taskScope.classList.toggle('active', data?.scope === 'task');
  allScope.classList.toggle('active', data?.scope === 'all');
  const hasGraph = !notice && data !== undefined;
  canvas.classList.toggle('hidden', !hasGraph);
  copyText.disabled = !hasGraph || !data?.text;
  openText.disabled = copyText.disabled;
  summary.hidden = !hasGraph || !data?.summary;
  summary.textContent = data?.summary ?? '';
  scene.replaceChildren();
  if (!hasGraph || !layout || !data) {
    status.textContent = '';
    root.dataset.nodes = '0';
    return;
  }
  status.textContent = `${data.title} · t=${Number(data.time.toFixed(6))} s · ${data.nodes.length} nodes`;
  root.dataset.nodes = String(data.nodes.length);
  const edges = svgElement('g', { class: 'edges' });
  for (const placed of layout.edges) {
    if (placed.points.length < 2) continue;
    const d = placed.points.map((point, index) => `${index ? 'L' : 'M'}${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(' ');
    const path = svgElement('path', { d, class: 'edge', 'marker-end': 'url(#arrow)' });
    const title = svgElement('title');
    title.textContent = 'awaits';
    path.append(title);
    edges.append(path);
  }
  const nodes = svgElement('g', { class: 'nodes' });
  for (const placed of layout.nodes) nodes.append(nodeElement(placed.node, placed.x, placed.y, placed.width, placed.height));
  scene.append(edges, nodes);
}

function nodeElement(node: GraphNode, x: number, y: number, width: number, height: number): SVGGElement {
  const classes = ['node', node.kind];
  if (node.library) classes.push('library');
  if (node.focus) classes.push('focus');
  if (node.source || node.taskId !== null) classes.push('clickable');
  const group = svgElement('g', { class: classes.join(' '), transform: `translate(${x.toFixed(1)},${y.toFixed(1)})`, tabindex: '0' });
  group.dataset.id = node.id;
  group.append(svgElement('rect', { width: width.toFixed(1), height: height.toFixed(1), rx: node.kind === 'frame' ? 3 : 8 }));
  const label = svgElement('text', { x: 10, y: 15, class: 'label' });
  label.textContent = clip(node.label, width);
  const detail = svgElement('text', { x: 10, y: 30, class: 'detail' });
  detail.textContent = clip(node.detail, width);
  const title = svgElement('title');
  title.textContent = [node.label, node.detail, node.source ? `${node.source.path}:${node.source.line}` : ''].filter(Boolean).join('\n');
  group.append(title, label, detail);
  const activate = () => {
    if (node.taskId !== null && node.kind !== 'frame') api.postMessage({ type: 'selectTask', taskId: node.taskId });
    if (node.source) api.postMessage({ type: 'openSource', path: node.source.path, line: node.source.line });
  };
  group.addEventListener('click', (event) => {
    if (!panned) activate();
    event.stopPropagation();
  });
  group.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') activate();
  });
  return group;
}

function clip(text: string, width: number): string {
  const fits = Math.max(4, Math.floor((width - 16) / 7));
  return text.length > fits ? `${text.slice(0, fits - 1)}…` : text;
}

// -- pan and zoom ---------------------------------------------------------------------------------------

function applyViewBox(): void {
  canvas.setAttribute('viewBox', `${viewBox.x} ${viewBox.y} ${viewBox.width} ${viewBox.height}`);
}

function fit(): void {
  if (!layout) return;
  const bounds = canvas.getBoundingClientRect();
  const aspect = bounds.width > 0 && bounds.height > 0 ? bounds.width / bounds.height : 1.5;
  let width = Math.max(layout.width, 200);
  let height = Math.max(layout.height, 120);
  if (width / height > aspect) height = width / aspect;
  else width = height * aspect;
  // Small graphs are not blown up beyond their natural size.
  const scale = Math.max(1, bounds.width > 0 ? bounds.width / width : 1);
  width *= scale;
  height *= scale;
  viewBox = { x: (layout.width - width) / 2, y: (layout.height - height) / 2, width, height };
  applyViewBox();
}

let drag: { x: number; y: number } | undefined;
let panned = false;
canvas.addEventListener('mousedown', (event) => {
  drag = { x: event.clientX, y: event.clientY };
  panned = false;
});
window.addEventListener('mouseup', () => (drag = undefined));
canvas.addEventListener('mousemove', (event) => {
  if (!drag || event.buttons !== 1) return;
  const bounds = canvas.getBoundingClientRect();
  const scale = viewBox.width / Math.max(1, bounds.width);
  const dx = event.clientX - drag.x;
  const dy = event.clientY - drag.y;
  if (Math.abs(dx) + Math.abs(dy) > 2) panned = true;
  viewBox.x -= dx * scale;
  viewBox.y -= dy * scale;
  drag = { x: event.clientX, y: event.clientY };
  applyViewBox();
});
canvas.addEventListener(
  'wheel',
  (event) => {
    event.preventDefault();
    const bounds = canvas.getBoundingClientRect();
    const factor = event.deltaY > 0 ? 1.2 : 1 / 1.2;
    const px = (event.clientX - bounds.left) / Math.max(1, bounds.width);
    const py = (event.clientY - bounds.top) / Math.max(1, bounds.height);
    const width = viewBox.width * factor;
    const height = viewBox.height * factor;
    viewBox = { x: viewBox.x + (viewBox.width - width) * px, y: viewBox.y + (viewBox.height - height) * py, width, height };
    applyViewBox();
  },
  { passive: false },
);
new ResizeObserver(() => fit()).observe(canvas);

api.postMessage({ type: 'ready' });
render();
