// What the adapter shows while stopped: threads = tasks, await-chain stack traces (justMyCode), scopes,
// structured variables, setVariable, evaluate (await in the console, errors, time limit), completions,
// loopscope/tasks, loopscope/callGraph, loopscope/tasksChanged, cancelling tasks.
import type { DebugProtocol } from '@vscode/debugprotocol';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CALL_GRAPH_REQUEST,
  CANCEL_TASK_REQUEST,
  TASKS_CHANGED_EVENT,
  TASKS_REQUEST,
  type CancelTaskResult,
  type TasksChangedBody,
  type TasksResult,
} from '../../protocol/debugProtocol';
import type { CallGraph } from '../../protocol/runtimeEvents';
import { lineOf, program, withAdapter } from './adapterClient';

const TASKS = program('tasks_basic.py');
const EXCEPTIONS = program('exceptions.py');

describe('debug adapter: inspection', { concurrency: 3 }, () => {
  it('threads are the event loop and one per live task; stacks are await chains, innermost first', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: TASKS }, { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'child-first') }] } });
      const stop = await client.nextStop();
      const threads = (await client.dc.threadsRequest()).body.threads;
      assert.deepEqual(
        threads.map((thread) => thread.name),
        ['event loop', 'Task-1 main()', 'ticker ticker()'],
      );
      assert.deepEqual(
        threads.map((thread) => thread.id),
        [1, 2, 3],
      );
      const main = threads[1]!.id;
      assert.equal(stop.body.threadId, main);
      const trace = await client.dc.stackTraceRequest({ threadId: main });
      assert.deepEqual(
        trace.body.stackFrames.map((frame) => `${frame.name}:${frame.line}`),
        [`child:${lineOf(TASKS, 'child-first')}`, `main:${lineOf(TASKS, 'await-child')}`],
      );
      // A suspended task's stack is its coroutine chain; library frames are hidden with justMyCode.
      const ticker = await client.dc.stackTraceRequest({ threadId: threads[2]!.id });
      assert.deepEqual(
        ticker.body.stackFrames.map((frame) => `${frame.name}:${frame.line}`),
        [`ticker:${lineOf(TASKS, 'ticker-sleep')}`],
      );
      // Stopped in a task, the event-loop thread is only running it: one label, no source (no second
      // "current line" at asyncio.run() in the editor).
      const loop = await client.dc.stackTraceRequest({ threadId: 1 });
      assert.deepEqual(
        loop.body.stackFrames.map((frame) => [frame.name, frame.presentationHint, frame.source]),
        [['running Task-1 main()', 'label', undefined]],
      );
      assert.deepEqual((await client.dc.scopesRequest({ frameId: loop.body.stackFrames[0]!.id })).body.scopes, []);
      const tasksChanged = client.next<DebugProtocol.Event>(TASKS_CHANGED_EVENT as never);
      const changed = (await tasksChanged).body as TasksChangedBody;
      assert.equal(changed.running, false);
      assert.equal(changed.live, 2);
    });
  });

  it('with justMyCode false, library frames are shown (subtle) and their source comes from the runtime', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: TASKS, justMyCode: false }, { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'child-first') }] } });
      await client.nextStop();
      const ticker = await client.dc.stackTraceRequest({ threadId: 3 });
      const names = ticker.body.stackFrames.map((frame) => frame.name);
      assert.deepEqual(names, ['sleep', 'ticker']);
      const library = ticker.body.stackFrames[0]!;
      assert.equal(library.presentationHint, 'subtle');
      const source = await client.dc.sourceRequest({ sourceReference: library.source!.sourceReference!, source: library.source! });
      assert.match(source.body.content, /async def sleep\(/);
      const loop = await client.dc.stackTraceRequest({ threadId: 1 });
      const loopNames = loop.body.stackFrames.map((frame) => frame.name);
      assert.ok(loopNames.includes('BaseEventLoop.run_until_complete') && loopNames.at(-1) === '<module>', loopNames.join(' < '));
    });
  });

  it('scopes Locals/Globals/Task, structured variables and setVariable', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: TASKS }, { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'before-await') }] } });
      const stop = await client.nextStop();
      const frame = await client.top(stop.body.threadId!);
      const scopes = (await client.dc.scopesRequest({ frameId: frame.id })).body.scopes;
      assert.deepEqual(
        scopes.map((scope) => scope.name),
        ['Locals', 'Globals', 'Task'],
      );
      const locals = (await client.dc.variablesRequest({ variablesReference: scopes[0]!.variablesReference })).body.variables;
      assert.deepEqual(
        locals.map((variable) => variable.name),
        ['counter', 'data', 't'],
      );
      // The stopped task is running: it awaits nothing, so its Task scope does not say "awaiting running".
      const taskScope = (await client.dc.variablesRequest({ variablesReference: scopes[2]!.variablesReference })).body.variables;
      assert.deepEqual(
        taskScope.slice(0, 4).map((variable) => `${variable.name}=${variable.value}`),
        ["name='Task-1'", 'id=1', "state='running'", "coroutine='main()'"],
      );
      assert.ok(!taskScope.some((variable) => variable.name === 'awaiting'));
      const data = locals.find((variable) => variable.name === 'data')!;
      assert.equal(data.namedVariables, 2);
      const entries = (await client.dc.variablesRequest({ variablesReference: data.variablesReference })).body.variables;
      assert.deepEqual(
        entries.map((variable) => `${variable.name}=${variable.value}`),
        ["'k'=[1, 2, 3]", "'n'=None"],
      );
      const list = entries[0]!;
      assert.equal(list.indexedVariables, 3);
      assert.equal(list.evaluateName, "data['k']");
      const items = (
        await client.dc.variablesRequest({ variablesReference: list.variablesReference, filter: 'indexed', start: 1, count: 2 })
      ).body.variables;
      assert.deepEqual(
        items.map((variable) => `${variable.name}=${variable.value}`),
        ['1=2', '2=3'],
      );
      const counter = locals.find((variable) => variable.name === 'counter')!;
      const fields = (await client.dc.variablesRequest({ variablesReference: counter.variablesReference })).body.variables;
      assert.deepEqual(
        fields.map((variable) => variable.name),
        ['hits', 'names'],
      );
      const task = (await client.dc.variablesRequest({ variablesReference: scopes[2]!.variablesReference })).body.variables;
      const taskFields = Object.fromEntries(task.map((variable) => [variable.name, variable.value]));
      assert.equal(taskFields.name, "'Task-1'");
      assert.equal(taskFields.state, "'running'");
      assert.equal(taskFields.coroutine, "'main()'");
      const set = await client.dc.setVariableRequest({ variablesReference: list.variablesReference, name: '0', value: '40 + 2' });
      assert.equal(set.body.value, '42');
      const global = await client.dc.setVariableRequest({
        variablesReference: scopes[0]!.variablesReference,
        name: 'data',
        value: "{'n': 'changed'}",
      });
      assert.equal(global.body.value, "{'n': 'changed'}");
      await client.dc.setBreakpointsRequest({ source: { path: TASKS }, breakpoints: [] });
      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      await client.next('terminated');
      assert.match(client.outputText('stdout'), /main done 2 3 changed/);
    });
  });

  it('evaluate: hover/watch/repl, await in the console without disturbing the loop, errors, a time limit, completions', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: TASKS }, { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'await-sleep') }] } });
      const stop = await client.nextStop();
      const frame = await client.top(stop.body.threadId!);
      assert.equal(await client.evaluate('counter.names', frame.id, 'hover'), "['a', 'b']");
      await assert.rejects(client.evaluate('counter.names.pop()', frame.id, 'hover'), /hover/);
      assert.equal(await client.evaluate('len(data["k"]) * value', frame.id, 'watch'), '3');
      const time = '__import__("asyncio").get_running_loop().time()';
      assert.equal(await client.evaluate(time, frame.id), '0.0');
      assert.equal(await client.evaluate('await child(21)', frame.id), '42');
      assert.equal(await client.evaluate('await asyncio.sleep(30, result="slept")', frame.id), "'slept'");
      assert.equal(await client.evaluate(time, frame.id), '0.0');
      // Console awaits do not use up asyncio's Task-N names: the program's next unnamed task is still Task-2.
      assert.equal(await client.evaluate('asyncio.create_task(asyncio.sleep(0)).get_name()', frame.id), "'Task-2'");
      assert.equal(await client.evaluate('extra = value + 1', frame.id), '');
      assert.equal(await client.evaluate('extra', frame.id), '2');
      await assert.rejects(client.evaluate('1 / 0', frame.id), /ZeroDivisionError/);
      await assert.rejects(client.evaluate('await asyncio.Event().wait()', frame.id), /can never finish/);
      const started = Date.now();
      await assert.rejects(client.evaluate('while True: pass', frame.id), /took too long/);
      assert.ok(Date.now() - started < 10_000);
      const completions = await client.dc.completionsRequest({ text: 'coun', column: 5, frameId: frame.id });
      assert.ok(completions.body.targets.some((target) => target.label === 'counter'));
      const attributes = await client.dc.completionsRequest({ text: 'counter.hi', column: 11, frameId: frame.id });
      assert.deepEqual(
        attributes.body.targets.map((target) => target.label),
        ['hits'],
      );
      // The program goes on as if nothing had been evaluated.
      await client.dc.setBreakpointsRequest({ source: { path: TASKS }, breakpoints: [] });
      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      await client.next('terminated');
      assert.match(client.outputText('stdout'), /main done 2 3 None/);
    });
  });

  it('an evaluation stuck in native code leaves the program paused: later requests are told why, and it goes on after', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: TASKS }, { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'await-sleep') }] } });
      const stop = await client.nextStop();
      const frame = await client.top(stop.body.threadId!);
      // sum() over a range is one native loop (no Python runs inside it to take the interrupt). Sized from this
      // machine's speed so that it outlasts the time limit and its interrupt, yet ends within the test.
      // (Timed here: the program's clocks are virtual.)
      const started = performance.now();
      await client.evaluate('sum(range(10**6))', frame.id);
      const perTenMillion = Math.max(((performance.now() - started) * 10) / 1000, 1e-3);
      let size = Math.ceil((6 / perTenMillion) * 1e7);
      const stillRunning = /still running in code that cannot be interrupted/;
      let refusal = '';
      // A busy machine makes the sample slow and the estimate small: a sum that returns before the interrupt is
      // answered (a result, or "took too long" when it ended between the interrupt and the give-up) is tried bigger.
      for (let tries = 0; tries < 5 && !stillRunning.test(refusal); tries++, size *= 3) {
        refusal = await client.evaluate(`sum(range(${size}))`, frame.id).then(
          () => '',
          (error: Error) => error.message,
        );
      }
      assert.match(refusal, stillRunning);
      await assert.rejects(client.evaluate('value', frame.id), /still running/);
      assert.doesNotMatch(client.outputText(), /program was ended/);
      // Once the native loop returns, the program is where it was, with its state.
      let answer = '';
      for (let tries = 0; tries < 240 && answer === ''; tries++) {
        answer = await client.evaluate('value', frame.id).catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 500));
          return '';
        });
      }
      assert.equal(answer, '1');
      await client.dc.setBreakpointsRequest({ source: { path: TASKS }, breakpoints: [] });
      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      await client.next('terminated');
      assert.match(client.outputText('stdout'), /main done 2 3 None/);
    });
  });

  it('loopscope/tasks and loopscope/callGraph describe the tasks; tasks can be cancelled', async () => {
    await withAdapter(async (client) => {
      await client.launch(
        { program: EXCEPTIONS, args: ['cancel'] },
        { breakpoints: { [EXCEPTIONS]: [{ line: lineOf(EXCEPTIONS, 'cancel-call') }] } },
      );
      const stop = await client.nextStop();
      const tasks = (await client.dc.customRequest(TASKS_REQUEST)).body as TasksResult;
      assert.equal(tasks.time, 0.1);
      const [main, sleeper] = tasks.tasks;
      assert.deepEqual(
        { name: main!.name, state: main!.state, coroutine: main!.coroutine, threadId: main!.threadId, line: main!.source?.line },
        { name: 'Task-1', state: 'running', coroutine: 'main', threadId: stop.body.threadId, line: lineOf(EXCEPTIONS, 'cancel-call') },
      );
      assert.deepEqual(
        {
          name: sleeper!.name,
          state: sleeper!.state,
          parentId: sleeper!.parentId,
          awaiting: sleeper!.awaiting,
          line: sleeper!.source?.line,
        },
        { name: 'sleeper', state: 'pending', parentId: main!.id, awaiting: 'sleep until t=10', line: lineOf(EXCEPTIONS, 'sleeper-await') },
      );
      const graph = (await client.dc.customRequest(CALL_GRAPH_REQUEST, { taskId: sleeper!.id })).body as CallGraph;
      assert.match(graph.text, /Task\(name='sleeper'.*\n.*Call stack:\n.*sleep\(\)\n.*in async sleeper\(\)/);
      assert.equal(graph.graph.taskId, sleeper!.id);
      const cancelled = (await client.dc.customRequest(CANCEL_TASK_REQUEST, { taskId: sleeper!.id })).body as CancelTaskResult;
      assert.equal(cancelled.cancelled, true);
      await assert.rejects(client.dc.customRequest(CALL_GRAPH_REQUEST, {}), /taskId/);
      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      await client.next('terminated');
      assert.match(client.outputText('stdout'), /sleeper cancelled\ngathered CancelledError/);
      const after = (await client.dc.customRequest(TASKS_REQUEST)).body as TasksResult;
      assert.equal(after.tasks.find((task) => task.name === 'sleeper')?.state, 'cancelled');
    });
  });

  it('announces threads as tasks start and finish, and sends loopscope/tasksChanged while running', async () => {
    await withAdapter(async (client) => {
      const threadEvents: string[] = [];
      const changes: TasksChangedBody[] = [];
      client.dc.on('thread', (event: DebugProtocol.ThreadEvent) => threadEvents.push(`${event.body.reason} ${event.body.threadId}`));
      client.dc.on(TASKS_CHANGED_EVENT, (event: DebugProtocol.Event) => changes.push(event.body as TasksChangedBody));
      // Under the real clock the program takes ~0.3 s of wall time: long enough for throttled updates.
      await client.launch({ program: TASKS, clock: 'real' });
      await client.next('terminated');
      assert.deepEqual(threadEvents.filter((event) => event.startsWith('started')).sort(), ['started 2', 'started 3', 'started 4']);
      assert.deepEqual(threadEvents.filter((event) => event.startsWith('exited')).sort(), ['exited 2', 'exited 3', 'exited 4']);
      assert.ok(
        changes.some((change) => change.running && change.changed.length > 0),
        'an update while running',
      );
      const last = changes.at(-1)!;
      assert.equal(last.live, 0);
      assert.deepEqual(last.counts, { pending: 0, running: 0, done: 3, cancelled: 0, failed: 0 });
    });
  });

  it('terminateThreads cancels the task shown by a thread', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: TASKS }, { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'before-await') }] } });
      const stop = await client.nextStop();
      const threads = (await client.dc.threadsRequest()).body.threads;
      const ticker = threads.find((thread) => thread.name === 'ticker ticker()')!;
      await client.dc.customRequest('terminateThreads', { threadIds: [ticker.id] });
      await assert.rejects(client.dc.customRequest('terminateThreads', { threadIds: [1] }), /event loop/);
      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      // main awaits the cancelled ticker, so CancelledError ends the program: the uncaught filter stops there.
      const uncaught = await client.nextStop();
      assert.equal(uncaught.body.reason, 'exception');
      const info = await client.dc.exceptionInfoRequest({ threadId: uncaught.body.threadId! });
      assert.equal(info.body.exceptionId, 'asyncio.exceptions.CancelledError');
      await client.dc.continueRequest({ threadId: uncaught.body.threadId! });
      await client.next('terminated');
      assert.match(client.outputText('stderr'), /CancelledError/);
    });
  });
});
