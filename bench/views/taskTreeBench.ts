// Task tree figures: from a loopscope/tasksChanged event to the tree's rows (what VS Code asks the provider for
// after a refresh: the children of every expanded node and a TreeItem's look for each), with 10,000 tasks.
// Measured on the extension's own code (TaskStore + taskTreeModel), synthetic and with the real adapter.
import { TASKS_CHANGED_EVENT, TASKS_REQUEST, type TasksChangedBody, type TasksResult } from '../../protocol/debugProtocol';
import { TaskStore } from '../../client/src/sessions/taskStore';
import { childNodes, describeNode, type TaskTreeNode } from '../../client/src/views/taskTreeModel';
import { AdapterClient, lineOf } from '../../test/debugAdapter/adapterClient';
import path from 'node:path';
import { tasksChanged, workerTasks } from './syntheticData';

/** What VS Code fetches after onDidChangeTreeData(undefined): expanded nodes' children and each row's look. */
export function renderTree(store: TaskStore): number {
  let rows = 0;
  const visit = (node: TaskTreeNode | undefined): void => {
    for (const child of childNodes(store, node)) {
      const look = describeNode(store, child);
      rows++;
      if (look.collapsible === 'expanded') visit(child);
    }
  };
  visit(undefined);
  return rows;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export interface TreeFigures {
  /** 500 tasks changed on a store of 10,000: apply + render, ms. */
  eventToRender: number;
  /** A truncated event: replace all 10,000 from loopscope/tasks + render, ms (no transport). */
  replaceToRender: number;
  /** Real adapter: tasksChanged (10,001 tasks, truncated) → loopscope/tasks over DAP → replace → render, ms. */
  adapterEventToRender: number;
  rows: number;
}

export async function taskTreeFigures(repeat = 15): Promise<TreeFigures> {
  const all = workerTasks(10_000);
  const eventTimes: number[] = [];
  const replaceTimes: number[] = [];
  let rows = 0;
  for (let run = 0; run < repeat; run++) {
    const store = new TaskStore();
    store.replace({ time: 1, tasks: all }, true);
    renderTree(store);
    const changed = all.slice(2000, 2500).map((task) => ({ ...task, state: 'running' as const, awaiting: 'running' }));
    const body: TasksChangedBody = JSON.parse(JSON.stringify(tasksChanged(all, changed))) as TasksChangedBody;
    let started = performance.now();
    store.applyChanged(body);
    rows = renderTree(store);
    eventTimes.push(performance.now() - started);

    const result = JSON.parse(JSON.stringify({ time: 2, tasks: all })) as TasksResult;
    started = performance.now();
    store.replace(result, false);
    renderTree(store);
    replaceTimes.push(performance.now() - started);
  }
  return { eventToRender: median(eventTimes), replaceToRender: median(replaceTimes), adapterEventToRender: await adapterFigure(), rows };
}

/** bench/debug's 10,000-task program, stopped at its breakpoint: the event that comes with the stop, then the tree. */
async function adapterFigure(repeat = 3): Promise<number> {
  const program = path.join(__dirname, '..', 'debug', 'programs', 'many_tasks.py');
  const times: number[] = [];
  for (let run = 0; run < repeat; run++) {
    const client = new AdapterClient();
    await client.start();
    try {
      const store = new TaskStore();
      const arrived = new Promise<number>((resolve) => {
        client.dc.on(TASKS_CHANGED_EVENT, (event: { body: TasksChangedBody }) => {
          if (event.body.running) return;
          const started = performance.now();
          void (async () => {
            if (!store.applyChanged(event.body)) {
              const response = await client.dc.customRequest(TASKS_REQUEST, { includeFinished: true });
              store.replace(response.body as TasksResult, false);
            }
            renderTree(store);
            resolve(performance.now() - started);
          })();
        });
      });
      await client.launch({ program }, { breakpoints: { [program]: [{ line: lineOf(program, 'ready') }] } });
      times.push(await arrived);
      if (store.size < 10_000) throw new Error(`expected 10,001 tasks, the store has ${store.size}`);
    } finally {
      await client.close();
    }
  }
  return median(times);
}
