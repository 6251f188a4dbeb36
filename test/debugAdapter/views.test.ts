// What the extension's views ask of the adapter: task creation sites and errors, the timeline (deltas after each
// tasksChanged, and whole on request), the call graphs of all live tasks at once, and focusing a task's thread.
import type { DebugProtocol } from '@vscode/debugprotocol';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CALL_GRAPHS_REQUEST,
  decodeSlices,
  FOCUS_TASK_REQUEST,
  TASKS_REQUEST,
  TIMELINE_CHANGED_EVENT,
  TIMELINE_REQUEST,
  type CallGraphsResult,
  type FocusTaskResult,
  type TasksResult,
  type TimelineDelta,
  type TimelineLane,
  type TimelineSlice,
} from '../../protocol/debugProtocol';
import { lineOf, program, withAdapter } from './adapterClient';

const VIEWS = program('views.py');
const XSS_NAME = '<img src=x onerror=alert(1)>';

/** What a receiver keeps from a series of deltas (the extension's timeline store does the same). */
function assemble(deltas: readonly TimelineDelta[]) {
  let paths: string[] = [];
  let slices: TimelineSlice[] = [];
  let blocks: TimelineDelta['blocks'] = [];
  let lanes = new Map<number, TimelineLane>();
  let run = 0;
  for (const delta of deltas) {
    if (delta.reset || delta.run !== run) {
      paths = [];
      slices = [];
      blocks = [];
      lanes = new Map();
      run = delta.run;
    }
    paths.push(...delta.paths.slice(paths.length - delta.pathsStart));
    slices.push(...decodeSlices(delta.slices, slices.length - delta.slicesStart));
    blocks.push(...delta.blocks.slice(blocks.length - delta.blocksStart));
    for (const lane of delta.lanes) lanes.set(lane.taskId, lane);
  }
  return { paths, slices, blocks, lanes };
}

describe('debug adapter: data for the views', { concurrency: 2 }, () => {
  it('tasks carry their creation site and error; the timeline arrives in deltas and whole', async () => {
    await withAdapter(async (client) => {
      const deltas: TimelineDelta[] = [];
      client.dc.on(TIMELINE_CHANGED_EVENT, (event: DebugProtocol.Event) => deltas.push(event.body as TimelineDelta));
      await client.launch({ program: VIEWS }, { breakpoints: { [VIEWS]: [{ line: lineOf(VIEWS, 'done') }] } });
      await client.nextStop();
      await client.next(TIMELINE_CHANGED_EVENT as never);

      const { tasks } = (await client.dc.customRequest(TASKS_REQUEST)).body as TasksResult;
      const byName = new Map(tasks.map((task) => [task.name, task]));
      assert.equal(byName.get('first')?.site?.line, lineOf(VIEWS, 'create-first'));
      assert.equal(byName.get('broken')?.state, 'failed');
      assert.match(byName.get('broken')?.error ?? '', /ValueError: broken on purpose/);
      assert.equal(byName.get('sleeper')?.state, 'cancelled');
      assert.equal(byName.get(XSS_NAME)?.state, 'done');

      const kept = assemble(deltas);
      assert.equal(kept.lanes.size, 5);
      const lane = (name: string) => [...kept.lanes.values()].find((candidate) => candidate.name === name)!;
      assert.equal(lane('broken').state, 'failed');
      assert.match(lane('broken').error ?? '', /ValueError/);
      assert.equal(lane('sleeper').state, 'cancelled');
      assert.equal(lane('Task-1').runningSince, 0.55, 'main is in a step at the breakpoint');
      const at = (location: [number, number] | null) => (location ? `${kept.paths[location[0]]}:${location[1]}` : null);
      // The blocking time.sleep(0.05) in main's first step, in red on the timeline.
      assert.equal(kept.blocks.length, 1);
      assert.deepEqual(
        { time: kept.blocks[0]!.time, duration: kept.blocks[0]!.duration, at: at(kept.blocks[0]!.at) },
        { time: 0, duration: 0.05, at: `${VIEWS}:${lineOf(VIEWS, 'blocking')}` },
      );
      const mainSteps = kept.slices.filter((slice) => slice.taskId === lane('Task-1').taskId);
      assert.deepEqual(
        mainSteps.map((slice) => [slice.start, slice.end, at(slice.to), slice.awaiting]),
        [
          [0, 0.05, `${VIEWS}:${lineOf(VIEWS, 'main-sleep')}`, 'sleep until t=0.25'],
          [0.25, 0.25, `${VIEWS}:${lineOf(VIEWS, 'gather')}`, 'gather(first)'],
        ],
      );
      const waiterSteps = kept.slices.filter((slice) => slice.taskId === lane(XSS_NAME).taskId);
      assert.equal(waiterSteps[0]!.awaiting, 'task first (leaf())');
      assert.equal(
        at(waiterSteps[0]!.from),
        `${VIEWS}:${lineOf(VIEWS, 'create-first') + 1}`,
        'the first step resumes at the creation site',
      );
      assert.ok(
        kept.slices.every((slice, index) => index === 0 || slice.seq > kept.slices[index - 1]!.seq),
        'steps in order',
      );

      const whole = (await client.dc.customRequest(TIMELINE_REQUEST)).body as TimelineDelta;
      assert.equal(whole.reset, true);
      assert.deepEqual(assemble([whole]), kept);
      await client.dc.continueRequest({ threadId: 2 });
      await client.next('terminated');
      // The editor may still ask where breakpoints can go: after the end there is simply no answer to give.
      const locations = await client.dc.customRequest('breakpointLocations', { source: { path: VIEWS }, line: 1, endLine: 30 });
      assert.deepEqual(locations.body, { breakpoints: [] });
    });
  });

  it('loopscope/callGraphs describes every live task; loopscope/focusTask repeats the stop for a task', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: VIEWS }, { breakpoints: { [VIEWS]: [{ line: lineOf(VIEWS, 'gather') }] } });
      const stop = await client.nextStop();
      const all = (await client.dc.customRequest(CALL_GRAPHS_REQUEST)).body as CallGraphsResult;
      const { tasks } = (await client.dc.customRequest(TASKS_REQUEST)).body as TasksResult;
      const live = tasks.filter((task) => task.state === 'pending' || task.state === 'running');
      assert.equal(all.liveTasks, live.length);
      assert.equal(all.truncated, false);
      assert.deepEqual(all.graphs.map((graph) => graph.taskId).sort(), live.map((task) => task.id).sort());
      const first = live.find((task) => task.name === 'first')!;
      const waiter = live.find((task) => task.name === XSS_NAME)!;
      const firstGraph = all.graphs.find((graph) => graph.taskId === first.id)!;
      assert.deepEqual(
        firstGraph.awaitedBy.map((node) => node.taskId),
        [waiter.id],
      );
      // The waiter is printed inside first's "awaited by" section, not again on its own.
      assert.equal(all.text.split(`name='${XSS_NAME}'`).length - 1, 1);
      assert.match(all.text, /name='first'/);
      // The running task's stack holds no frame of the debugger that captured it.
      assert.doesNotMatch(all.text, /\/lib\/loopscope\//);
      const main = all.graphs.find((graph) => graph.future === 'Task-1')!;
      assert.deepEqual(
        main.frames.map((frame) => `${frame.function}:${frame.line}`),
        [`main:${lineOf(VIEWS, 'gather')}`],
      );
      const limited = (await client.dc.customRequest(CALL_GRAPHS_REQUEST, { limit: 1 })).body as CallGraphsResult;
      assert.equal(limited.graphs.length, 1);
      assert.equal(limited.truncated, true);
      await assert.rejects(client.dc.customRequest(CALL_GRAPHS_REQUEST, { limit: 'all' }), /limit/);

      const focused = client.nextStop();
      const answer = (await client.dc.customRequest(FOCUS_TASK_REQUEST, { taskId: first.id })).body as FocusTaskResult;
      assert.equal(answer.focused, true);
      const again = await focused;
      assert.equal(again.body.threadId, first.threadId);
      assert.equal(again.body.preserveFocusHint, false);
      const broken = tasks.find((task) => task.name === 'broken')!;
      const refused = (await client.dc.customRequest(FOCUS_TASK_REQUEST, { taskId: broken.id })).body as FocusTaskResult;
      assert.equal(refused.focused, false, 'a finished task has no thread');
      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      await client.next('terminated');
    });
  });
});
