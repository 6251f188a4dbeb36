// `npm run bench:views`: the figures of issue #5 for the views, each next to its target —
//   task tree: tasksChanged → rows with 10,000 tasks (≤ 100 ms), synthetic and through the real adapter;
//   timeline: 1,000 lanes × 10,000 steps, postMessage → first frame in Chromium (≤ 500 ms), plus bigger runs up
//   to the adapter's cap of 250,000 steps per run and past it;
//   activation: VS Code's own figure in code-server (≤ 200 ms).
//   call graph: ~2,000 nodes summarised, and the most the view lays out, built and laid out by dagre.
// Usage: npm run bench:views [-- --only tree|callgraph|timeline|activation] [--repeat N]
import { e2eSuite } from '../../test/e2e/harness/e2eSuite';
import { activationFigure } from './activationBench';
import { callGraphFigures } from './callGraphBench';
import { taskTreeFigures } from './taskTreeBench';
import { timelineFigures } from './timelineBench';

const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
const repeat = argv.includes('--repeat') ? Number(argv[argv.indexOf('--repeat') + 1]) : 5;
const wanted = (name: string) => only === undefined || only === name;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const verdict = (value: number, target: number) => (value <= target ? 'ok' : 'OVER');

async function main(): Promise<void> {
  const lines: string[] = [];
  if (wanted('tree')) {
    const tree = await taskTreeFigures();
    lines.push(
      `task tree, 10,000 tasks: tasksChanged (500 changed) → rows      ${ms(tree.eventToRender).padStart(10)}   target ≤ 100 ms  ${verdict(tree.eventToRender, 100)}  (${tree.rows} rows asked for)`,
      `task tree, 10,000 tasks: loopscope/tasks result → rows          ${ms(tree.replaceToRender).padStart(10)}   target ≤ 100 ms  ${verdict(tree.replaceToRender, 100)}`,
      `task tree, real adapter: stop event → loopscope/tasks → rows    ${ms(tree.adapterEventToRender).padStart(10)}   target ≤ 100 ms  ${verdict(tree.adapterEventToRender, 100)}`,
    );
  }
  if (wanted('callgraph')) {
    const graph = callGraphFigures();
    lines.push(
      `call graph, ${graph.workers.nodes.toLocaleString('en-US')} nodes (500 workers) → ${graph.workers.shown} shown, built + laid out ${ms(graph.workers.ms).padStart(10)}`,
      `call graph, ${graph.chain.nodes} nodes that cannot be grouped, built + laid out          ${ms(graph.chain.ms).padStart(10)}`,
    );
  }
  if (wanted('timeline')) {
    for (const figure of await timelineFigures(
      [
        [1000, 10_000],
        [1000, 100_000],
        // The most steps the adapter keeps per run (TIMELINE_SLICE_LIMIT), and beyond.
        [1000, 250_000],
        [1000, 1_000_000],
      ],
      repeat,
    )) {
      const size = `${figure.lanes.toLocaleString('en-US')} lanes × ${figure.slices.toLocaleString('en-US')} steps`;
      lines.push(
        `timeline, ${size.padEnd(30)}: first frame ${ms(figure.firstRender).padStart(10)} (handler ${ms(figure.handler)}, JSON ${ms(figure.serialize)}), redraw ${ms(figure.redraw)}   target ≤ 500 ms  ${verdict(figure.firstRender, 500)}`,
      );
    }
  }
  if (wanted('activation')) {
    const activation = await activationFigure(e2eSuite(), Math.max(1, Math.min(repeat, 3)));
    lines.push(
      `activation in code-server (Running Extensions)                   ${ms(activation.median).padStart(10)}   target ≤ 200 ms  ${verdict(activation.median, 200)}  (runs: ${activation.runs.join(', ')})`,
    );
  }
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
