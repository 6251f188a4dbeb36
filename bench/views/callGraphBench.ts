// Call graph figures: building the view from the adapter's graphs and laying it out with dagre, as the webview
// does, for ~2,000 nodes of workers in a TaskGroup (summarised) and for the worst case the view accepts:
// MAX_NODES nodes that cannot be grouped (one long await chain).
import type { CallGraphNode } from '../../protocol/runtimeEvents';
import { buildCallGraphView, MAX_NODES } from '../../client/src/views/callGraphModel';
import { layoutGraph } from '../../client/src/views/callGraphLayout';

const frame = (fn: string, line: number, path = '/work/project/service.py') => ({ function: fn, path, line });

function time(body: () => unknown, repeat: number): number {
  const runs: number[] = [];
  for (let run = 0; run < repeat; run++) {
    const started = performance.now();
    body();
    runs.push(performance.now() - started);
  }
  return runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
}

export function callGraphFigures(repeat = 5): {
  workers: { nodes: number; shown: number; ms: number };
  chain: { nodes: number; ms: number };
} {
  const main: CallGraphNode = { future: 'Task-1', taskId: 1, frames: [frame('main', 30)], awaitedBy: [] };
  const workers: CallGraphNode[] = [];
  for (let id = 2; id < 502; id++)
    workers.push({
      future: `worker-${id}`,
      taskId: id,
      frames: [frame('sleep', 702, '/lib/python314.zip/asyncio/tasks.py'), frame(`fetch_${id % 3}`, 12), frame('worker', 8)],
      awaitedBy: [main],
    });
  let shown = 0;
  let full = 0;
  const workersMs = time(() => {
    const view = buildCallGraphView({ scope: 'all', title: 'All', time: 1, text: '', graphs: workers, focusTaskId: null });
    layoutGraph(view.nodes, view.edges);
    shown = view.nodes.length;
    full = view.fullNodeCount;
  }, repeat);
  let chain: CallGraphNode | undefined;
  for (let id = 1; id <= MAX_NODES; id++)
    chain = { future: `t${id}`, taskId: id, frames: [frame(`step_${id}`, id)], awaitedBy: chain ? [chain] : [] };
  let chainNodes = 0;
  const chainMs = time(() => {
    const view = buildCallGraphView({ scope: 'all', title: 'All', time: 1, text: '', graphs: [chain!], focusTaskId: null });
    layoutGraph(view.nodes, view.edges);
    chainNodes = view.nodes.length;
  }, repeat);
  return { workers: { nodes: full, shown, ms: workersMs }, chain: { nodes: chainNodes, ms: chainMs } };
}
