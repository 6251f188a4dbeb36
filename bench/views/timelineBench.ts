// Timeline figures in a real browser engine (Debian's Chromium via playwright-core): the built webview bundle
// (dist/webview/timeline.js) in a page of the panel's size receives a whole run by postMessage and draws it; then
// a zoom redraws. Times are taken inside the page (performance.now), from posting the message to the end of the
// first draw, and include the structured clone of the data.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from '../../test/e2e/harness/e2eEnvironment';

const DIST = path.join(__dirname, '..', '..', 'dist', 'webview');

export interface TimelineFigure {
  lanes: number;
  slices: number;
  /** postMessage → data applied and first frame drawn, ms (median). */
  firstRender: number;
  /** Of which the webview's handler (apply + draw), ms. */
  handler: number;
  /** JSON round trip of the message, as VS Code's channel to a webview does, ms. */
  serialize: number;
  /** Zoom in: one redraw, ms. */
  redraw: number;
}

const PAGE = (css: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${css}</style></head>
<body><div id="root"></div></body></html>`;

export async function timelineFigures(sizes: [number, number][], repeat = 5): Promise<TimelineFigure[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const figures: TimelineFigure[] = [];
  try {
    for (const [lanes, slices] of sizes) {
      const runs: Omit<TimelineFigure, 'lanes' | 'slices'>[] = [];
      for (let run = 0; run < repeat; run++) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 420 } });
        await page.setContent(
          PAGE(['webview.css', 'timeline.css'].map((sheet) => readFileSync(path.join(DIST, sheet), 'utf8')).join('\n')),
        );
        // A stand-in for VS Code's webview API; `__name` is the helper tsx puts into functions run in the page.
        await page.evaluate(
          'window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} }); window.__name = (fn) => fn;',
        );
        await page.addScriptTag({ content: readFileSync(path.join(DIST, 'timeline.js'), 'utf8') });
        runs.push(
          await page.evaluate(
            async ([laneCount, sliceCount]) => {
              // The same run as bench/views/syntheticData.ts timelineRun, built in the page (too big to pass in).
              const lanesData = [];
              for (let id = 1; id <= laneCount; id++) {
                const finished = id % 3 === 0;
                lanesData.push({
                  taskId: id,
                  name: `Task-${id}`,
                  coroutine: id === 1 ? 'main' : 'worker',
                  parentId: id === 1 ? null : 1,
                  state: finished ? (id % 9 === 0 ? 'failed' : 'done') : 'pending',
                  createdAt: (id / laneCount) * 0.5,
                  finishedAt: finished ? 9 + id / laneCount : null,
                  error: id % 9 === 0 ? 'ValueError: bench' : null,
                  site: [0, 12],
                  runningSince: null,
                  runningSeq: null,
                });
              }
              const slicesData = {
                taskId: [] as number[],
                seq: [] as number[],
                start: [] as number[],
                end: [] as number[],
                fromPath: [] as number[],
                fromLine: [] as number[],
                toPath: [] as number[],
                toLine: [] as number[],
                awaiting: [] as string[],
              };
              for (let seq = 1; seq <= sliceCount; seq++) {
                const start = (seq / sliceCount) * 10;
                slicesData.taskId.push(((seq * 7919) % laneCount) + 1);
                slicesData.seq.push(seq);
                slicesData.start.push(start);
                slicesData.end.push(start + (seq % 5 === 0 ? 0.0004 : 0));
                slicesData.fromPath.push(0);
                slicesData.fromLine.push(40 + (seq % 50));
                slicesData.toPath.push(0);
                slicesData.toLine.push(41 + (seq % 50));
                slicesData.awaiting.push('sleep until t=9.5');
              }
              const message = {
                type: 'timeline',
                sessionName: 'bench',
                ended: false,
                delta: {
                  run: 1,
                  reset: true,
                  time: 10,
                  clock: 'virtual',
                  pathsStart: 0,
                  paths: ['/work/project/service.py'],
                  lanes: lanesData,
                  slicesStart: 0,
                  slices: slicesData,
                  blocksStart: 0,
                  blocks: [1, 4, 7].map((time) => ({ time, duration: 0.2, taskId: 2, seq: null, at: [0, 77] })),
                  droppedSlices: 0,
                },
              };
              // The repository's TypeScript has no DOM types: what this page code uses, structurally.
              const web = globalThis as unknown as {
                document: {
                  getElementById(id: string): { dataset: Record<string, string | undefined> };
                  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null; click(): void }>;
                };
                postMessage(message: unknown, origin: string): void;
              };
              const serializeStart = performance.now();
              JSON.parse(JSON.stringify(message));
              const serialize = performance.now() - serializeStart;
              const root = web.document.getElementById('root');
              delete root.dataset.renderMs;
              const posted = performance.now();
              web.postMessage(message, '*');
              await new Promise<void>((resolve) => {
                const check = () => (root.dataset.renderMs ? resolve() : setTimeout(check, 0));
                check();
              });
              const firstRender = performance.now() - posted;
              const zoom = Array.from(web.document.querySelectorAll('button')).find((button) => button.textContent === '+')!;
              const zoomStart = performance.now();
              zoom.click();
              const redraw = performance.now() - zoomStart;
              if (root.dataset.lanes !== String(laneCount)) throw new Error(`drew ${root.dataset.lanes} lanes`);
              return { firstRender, handler: Number(root.dataset.renderMs), serialize, redraw };
            },
            [lanes, slices] as [number, number],
          ),
        );
        await page.close();
      }
      const median = (key: keyof (typeof runs)[number]) =>
        [...runs.map((one) => one[key])].sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
      figures.push({
        lanes,
        slices,
        firstRender: median('firstRender'),
        handler: median('handler'),
        serialize: median('serialize'),
        redraw: median('redraw'),
      });
    }
  } finally {
    await browser.close();
  }
  return figures;
}
