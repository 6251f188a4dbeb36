// The call graph without a browser: tasks and frames become nodes, awaits become edges (awaiter → awaited), big
// graphs are folded and grouped to stay within what lays out quickly, and dagre places every node.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallGraphNode } from '../../protocol/runtimeEvents';
import { buildCallGraphView, MAX_NODES } from '../../client/src/views/callGraphModel';
import { layoutGraph } from '../../client/src/views/callGraphLayout';

const frame = (fn: string, line: number, path = '/w/app.py') => ({ function: fn, path, line });

/** A task awaited by `awaitedBy`, with frames innermost first. */
function graph(taskId: number, future: string, frames: CallGraphNode['frames'], awaitedBy: CallGraphNode[] = []): CallGraphNode {
  return { future, taskId, frames, awaitedBy };
}

describe('call graph model', () => {
  const main = graph(1, 'Task-1', [frame('main', 30)]);
  const waiter = graph(3, '<img src=x onerror=alert(1)>', [frame('waiter', 18)]);
  const slow = graph(
    2,
    'slow',
    [frame('sleep', 702, '/lib/python314.zip/asyncio/tasks.py'), frame('worker', 8)],
    [main, { ...waiter, awaitedBy: [main] }],
  );

  it('tasks and their frames are nodes; awaits are edges from the awaiting frame to the awaited task', () => {
    const view = buildCallGraphView({ scope: 'all', title: 'All', time: 0.25, text: 'T', graphs: [slow, main], focusTaskId: 2 });
    const byId = new Map(view.nodes.map((node) => [node.id, node]));
    assert.deepEqual(
      view.nodes.map((node) => `${node.kind}:${node.label}`),
      [
        'task:slow',
        'frame:worker()',
        'frame:sleep()',
        'task:Task-1',
        'frame:main()',
        'task:<img src=x onerror=alert(1)>',
        'frame:waiter()',
      ],
    );
    const edge = (from: string, to: string) =>
      view.edges.some((one) => byId.get(one.from)?.label === from && byId.get(one.to)?.label === to);
    assert.ok(edge('slow', 'worker()') && edge('worker()', 'sleep()'), 'a task runs its outermost coroutine, which awaits the next');
    assert.ok(
      edge('main()', 'slow') && edge('waiter()', 'slow') && edge('main()', '<img src=x onerror=alert(1)>'),
      'awaiters point at what they await',
    );
    assert.equal(view.edges.length, 7);
    assert.equal(byId.get('task:2')!.focus, true);
    assert.equal(byId.get('task:2/frame:1')!.library, true, 'the stdlib frame is drawn subdued');
    assert.deepEqual(byId.get('task:2')!.source, { path: '/w/app.py', line: 8 }, 'a task opens at its innermost user frame');
    assert.equal(view.summary, null);
  });

  it('a task waiting on I/O gets a node saying on what, after its innermost frame; folding drops it', () => {
    const reader = {
      ...graph(4, 'client', [frame('_wait_for_data', 540, '/lib/python314.zip/asyncio/streams.py'), frame('fetch', 20)], [main]),
      awaiting: { text: 'reading 127.0.0.1:8080', io: true },
    };
    const sleeper = { ...graph(5, 'sleeper', [frame('nap', 3)]), awaiting: { text: 'sleep until t=3', io: false } };
    const view = buildCallGraphView({ scope: 'all', title: 'All', time: 1, text: '', graphs: [reader, sleeper], focusTaskId: null });
    const io = view.nodes.filter((node) => node.kind === 'io');
    assert.deepEqual(
      io.map((node) => [node.id, node.label, node.taskId]),
      [['task:4/io', 'reading 127.0.0.1:8080', 4]],
    );
    assert.ok(
      view.edges.some((edge) => edge.from === 'task:4/frame:1' && edge.to === 'task:4/io'),
      'the innermost frame awaits the I/O',
    );
    const many: CallGraphNode[] = [];
    for (let id = 10; id < 410; id++)
      many.push({
        ...graph(id, `handler-${id}`, [frame('readline', 5), frame('handle', 9)], [main]),
        awaiting: { text: `reading 127.0.0.1:${id}`, io: true },
      });
    const folded = buildCallGraphView({ scope: 'all', title: 'All', time: 1, text: '', graphs: many, focusTaskId: null });
    assert.ok(!folded.nodes.some((node) => node.kind === 'io'));
    assert.equal(folded.nodes.find((node) => node.kind === 'group')?.label, '400 tasks', 'handlers reading sockets still group');
  });

  it('2,000 frames and tasks are summarised: frames folded, sibling workers grouped', () => {
    const parent = graph(1, 'Task-1', [frame('main', 30)]);
    const graphs: CallGraphNode[] = [];
    for (let id = 2; id < 700; id++)
      graphs.push(
        graph(
          id,
          `worker-${id}`,
          [frame('sleep', 702, '/lib/python314.zip/asyncio/tasks.py'), frame('fetch', 12), frame('worker', 8)],
          [parent],
        ),
      );
    const view = buildCallGraphView({ scope: 'all', title: 'All', time: 1, text: '', graphs, focusTaskId: null });
    assert.equal(view.fullNodeCount, 2 + 698 * 4);
    assert.ok(view.nodes.length <= 10, `${view.nodes.length} nodes`);
    const group = view.nodes.find((node) => node.kind === 'group')!;
    assert.equal(group.label, '698 tasks');
    assert.equal(group.detail, 'worker() › fetch() › sleep()');
    assert.match(
      view.summary!,
      /^2,794 nodes shown as \d+: coroutine frames folded into their tasks; similar tasks awaited by the same task grouped\.$/,
    );
  });

  it('never sends more than MAX_NODES to be laid out', () => {
    const graphs: CallGraphNode[] = [];
    // Distinct chains cannot be grouped: each awaits the previous.
    let previous: CallGraphNode | undefined;
    for (let id = 1; id <= 1500; id++) {
      const node = graph(id, `t${id}`, [frame(`f${id}`, id)], previous ? [previous] : []);
      graphs.push(node);
      previous = node;
    }
    const view = buildCallGraphView({ scope: 'all', title: 'All', time: 1, text: '', graphs: graphs.slice(-1), focusTaskId: null });
    assert.equal(view.nodes.length, MAX_NODES);
    assert.match(view.summary!, /only the first 600 nodes shown/);
    const ids = new Set(view.nodes.map((node) => node.id));
    assert.ok(view.edges.every((edge) => ids.has(edge.from) && ids.has(edge.to)));
  });

  it('dagre places every node apart, awaiters above what they await', () => {
    const view = buildCallGraphView({ scope: 'all', title: 'All', time: 0.25, text: '', graphs: [slow, main], focusTaskId: null });
    const layout = layoutGraph(view.nodes, view.edges);
    assert.equal(layout.nodes.length, view.nodes.length);
    assert.equal(layout.edges.length, view.edges.length);
    const at = new Map(layout.nodes.map((placed) => [placed.node.label, placed]));
    assert.ok(at.get('Task-1')!.y < at.get('slow')!.y);
    assert.ok(at.get('slow')!.y < at.get('sleep()')!.y);
    for (const a of layout.nodes)
      for (const b of layout.nodes)
        if (a !== b)
          assert.ok(
            a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y,
            `${a.node.id} overlaps ${b.node.id}`,
          );
  });
});
