// The task tree without VS Code: the store kept from tasksChanged/tasks, nesting by parent, pages and folded
// finished tasks for big programs, parents for reveal, and what each task's row says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoopscopeTask, TasksChangedBody } from '../../protocol/debugProtocol';
import type { TaskState } from '../../protocol/runtimeEvents';
import { TaskStore } from '../../client/src/sessions/taskStore';
import {
  childNodes,
  describeNode,
  describeTask,
  PAGE_SIZE,
  parentNode,
  taskNode,
  type TaskTreeNode,
} from '../../client/src/views/taskTreeModel';

function task(id: number, parentId: number | null, state: TaskState = 'pending', extra: Partial<LoopscopeTask> = {}): LoopscopeTask {
  return {
    id,
    name: `Task-${id}`,
    state,
    parentId,
    coroutine: id === 1 ? 'main' : 'worker',
    source: { path: '/w/app.py', line: 10 + id },
    awaiting: state === 'pending' ? 'sleep until t=1.5' : state === 'running' ? 'running' : '',
    ioWait: false,
    threadId: state === 'pending' || state === 'running' ? id + 1 : null,
    createdAt: 0,
    finishedAt: state === 'pending' || state === 'running' ? null : 2,
    site: { path: '/w/app.py', line: 5 },
    error: state === 'failed' ? 'ValueError: boom' : null,
    ...extra,
  };
}

function changed(tasks: LoopscopeTask[], running = false, truncated = false): TasksChangedBody {
  const counts = { pending: 0, running: 0, done: 0, cancelled: 0, failed: 0 };
  for (const one of tasks) counts[one.state]++;
  return { time: 1, running, live: counts.pending + counts.running, counts, changed: tasks, truncated };
}

const labels = (store: TaskStore, node?: TaskTreeNode) => childNodes(store, node).map((child) => describeNode(store, child).label);

describe('task store', () => {
  it('applies changes in place and indexes children by parent, in creation order', () => {
    const store = new TaskStore();
    assert.equal(store.applyChanged(changed([task(1, null, 'running'), task(2, 1), task(3, 1)])), true);
    store.applyChanged(changed([task(2, 1, 'done'), task(4, 2)]));
    assert.deepEqual(store.childIds(null), [1]);
    assert.deepEqual(store.childIds(1), [2, 3]);
    assert.deepEqual(store.childIds(2), [4]);
    assert.equal(store.get(2)?.state, 'done');
    assert.equal(store.running, false);
    assert.equal(store.size, 4);
  });

  it('each stop is a new snapshot even when no task changed (a step inside one task: the call graph recaptures)', () => {
    const store = new TaskStore();
    store.applyChanged(changed([task(1, null, 'running')]));
    store.stopped();
    const atFirstStop = store.snapshot;
    assert.equal(store.snapshot, atFirstStop, 'nothing happened');
    // A `next` runs and stops again at the following line: the same task, the same state, no tasksChanged news.
    store.running = true;
    store.stopped();
    assert.notEqual(store.snapshot, atFirstStop);
    assert.equal(store.running, false);
  });

  it('a truncated event asks the caller for every task; a late parent adopts its children from the roots', () => {
    const store = new TaskStore();
    assert.equal(store.applyChanged(changed([task(5, 3), task(6, 3)], true, true)), false);
    assert.deepEqual(store.childIds(null), [5, 6]);
    // Counted here while the adapter's counts are unknown (after a truncated event)…
    assert.deepEqual(store.counts(), { pending: 2, running: 0, done: 0, cancelled: 0, failed: 0 });
    store.applyChanged(changed([task(3, null)]));
    assert.deepEqual(store.childIds(null), [3]);
    assert.deepEqual(store.childIds(3), [5, 6]);
    // …and taken from the event, which counts every task of the run, otherwise.
    assert.deepEqual(store.counts(), { pending: 1, running: 0, done: 0, cancelled: 0, failed: 0 });
    store.replace({ time: 4, tasks: [task(1, null, 'done')] }, false);
    assert.equal(store.size, 1);
    assert.equal(store.time, 4);
  });
});

describe('task tree model', () => {
  it('nests tasks by parent; rows say the state, what each awaits, and how it ended', () => {
    const store = new TaskStore();
    store.applyChanged(
      changed([
        task(1, null, 'running'),
        task(2, 1),
        task(3, 1, 'failed'),
        task(4, 1, 'cancelled'),
        task(5, 1, 'done', { finishedAt: 0.25 }),
      ]),
    );
    assert.deepEqual(labels(store), ['Task-1 main()']);
    const [main] = childNodes(store, undefined);
    assert.deepEqual(
      childNodes(store, main).map((node) => describeNode(store, node).ariaLabel),
      [
        'Task-2 worker(), pending, sleep until t=1.5',
        'Task-3 worker(), failed, failed: ValueError: boom',
        'Task-4 worker(), cancelled',
        'Task-5 worker(), done, done at t=0.25',
      ],
    );
    const look = describeNode(store, main!);
    assert.equal(look.collapsible, 'expanded');
    assert.equal(look.icon?.id, 'play-circle');
    assert.equal(look.contextValue, 'loopscope.task.live');
    assert.equal(describeNode(store, taskNode(3)).contextValue, 'loopscope.task.finished');
    assert.deepEqual(describeNode(store, taskNode(2)).source, { path: '/w/app.py', line: 12 });
  });

  it('the tooltip gives the creation site, where the task is and what it awaits', () => {
    const tooltip = describeTask(task(2, 1), false).tooltip;
    assert.equal(tooltip, 'Task-2 — worker() — pending\nCreated at /w/app.py:5 (t=0)\nNow at /w/app.py:12\nAwaiting: sleep until t=1.5');
    assert.match(describeTask(task(3, 1, 'failed'), false).tooltip, /Finished at t=2 with ValueError: boom/);
  });

  it('10,000 children: live ones in pages, finished ones folded; every node knows its parent', () => {
    const store = new TaskStore();
    const tasks = [task(1, null, 'running')];
    for (let id = 2; id <= 10_001; id++) tasks.push(task(id, 1, id % 4 === 0 ? 'done' : 'pending'));
    store.replace({ time: 1, tasks }, false);
    const [main] = childNodes(store, undefined);
    const underMain = childNodes(store, main);
    const live = 10_000 - 2500;
    assert.equal(underMain.length, Math.ceil(live / PAGE_SIZE) + 1);
    assert.deepEqual(describeNode(store, underMain[0]!).label, `Tasks 1–100 of ${live.toLocaleString('en-US')}`);
    const folded = underMain.at(-1)!;
    assert.equal(describeNode(store, folded).label, '2,500 finished');
    assert.equal(describeNode(store, folded).ariaLabel, '2,500 finished tasks');
    const finishedPages = childNodes(store, folded);
    assert.equal(finishedPages.length, 25);
    const firstFinished = childNodes(store, finishedPages[0]);
    assert.equal(firstFinished.length, PAGE_SIZE);
    assert.equal(describeNode(store, firstFinished[0]!).label, 'Task-4 worker()');
    // Reveal walks up: task → page → folded group → main → root.
    for (const node of [childNodes(store, underMain[3])[7]!, firstFinished[42]!]) {
      let current: TaskTreeNode | undefined = node;
      const path: string[] = [];
      while (current) {
        path.push(current.id);
        const parent: TaskTreeNode | undefined = parentNode(store, current);
        if (parent)
          assert.ok(
            childNodes(store, parent).some((child) => child.id === current!.id),
            `${current.id} is under ${parent.id}`,
          );
        current = parent;
      }
      assert.equal(path.at(-1), 'task:1');
    }
  });
});
