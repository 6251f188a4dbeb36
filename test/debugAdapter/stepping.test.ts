// Stepping that understands await: next over an await (other tasks run and hit breakpoints meanwhile), stepIn
// into a new task, stepOut to the awaiter, loopscope/stepToNextTask, and pause of a loop that never awaits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STEP_TO_NEXT_TASK_REQUEST } from '../../protocol/debugProtocol';
import { lineOf, program, withAdapter, type AdapterClient } from './adapterClient';

const TASKS = program('tasks_basic.py');
const BUSY = program('busy_loop.py');
const GROUP_LAST = program('taskgroup_last.py');

async function loopTime(client: AdapterClient, frameId: number): Promise<string> {
  return client.evaluate('__import__("asyncio").get_running_loop().time()', frameId);
}

describe('debug adapter: stepping', { concurrency: 3 }, () => {
  it("next over an await stops at the same task's next line after it resumes; other tasks ran meanwhile", async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: TASKS }, { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'await-sleep') }] } });
      const stop = await client.nextStop();
      const main = stop.body.threadId!;
      assert.equal(await client.threadName(main), 'Task-1 main()');
      await client.dc.nextRequest({ threadId: main });
      const after = await client.nextStop();
      assert.equal(after.body.reason, 'step');
      assert.equal(after.body.threadId, main);
      const frame = await client.top(main);
      assert.equal(frame.line, lineOf(TASKS, 'await-child'));
      assert.equal(await loopTime(client, frame.id), '0.25');
      // The ticker ran three times while main slept.
      assert.equal(await client.evaluate('counter.hits', frame.id), '3');
    });
  });

  it('next over an await lets another task hit its breakpoint first', async () => {
    await withAdapter(async (client) => {
      await client.launch(
        { program: TASKS },
        { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'await-sleep') }, { line: lineOf(TASKS, 'ticker-body'), condition: 'i == 1' }] } },
      );
      const stop = await client.nextStop();
      const main = stop.body.threadId!;
      await client.dc.nextRequest({ threadId: main });
      const meanwhile = await client.nextStop();
      assert.equal(meanwhile.body.reason, 'breakpoint');
      assert.notEqual(meanwhile.body.threadId, main);
      assert.equal(await client.threadName(meanwhile.body.threadId!), 'ticker ticker()');
      const frame = await client.top(meanwhile.body.threadId!);
      assert.equal(frame.line, lineOf(TASKS, 'ticker-body'));
      assert.equal(await loopTime(client, frame.id), '0.1');
    });
  });

  it('stepIn on create_task() lands at the first line of the new task; on tg.create_task() too', async () => {
    await withAdapter(async (client) => {
      await client.launch(
        { program: TASKS },
        { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'create-ticker') }, { line: lineOf(TASKS, 'tg-create') }] } },
      );
      const stop = await client.nextStop();
      await client.dc.stepInRequest({ threadId: stop.body.threadId! });
      const inTask = await client.nextStop();
      assert.equal(inTask.body.reason, 'step');
      assert.equal(await client.threadName(inTask.body.threadId!), 'ticker ticker()');
      assert.equal(await client.where(inTask), `ticker:${lineOf(TASKS, 'ticker-first')}`);
      await client.dc.continueRequest({ threadId: inTask.body.threadId! });
      const group = await client.nextStop();
      assert.equal(await client.where(group), `main:${lineOf(TASKS, 'tg-create')}`);
      await client.dc.stepInRequest({ threadId: group.body.threadId! });
      const grouped = await client.nextStop();
      assert.equal(await client.threadName(grouped.body.threadId!), 'grouped child()');
      assert.equal(await client.where(grouped), `child:${lineOf(TASKS, 'child-first')}`);
    });
  });

  it('stepIn into an awaited coroutine, stepOut back to the awaiter', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: TASKS }, { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'await-child') }] } });
      const stop = await client.nextStop();
      const main = stop.body.threadId!;
      await client.dc.stepInRequest({ threadId: main });
      const inChild = await client.nextStop();
      assert.equal(inChild.body.threadId, main);
      assert.equal(await client.where(inChild), `child:${lineOf(TASKS, 'child-first')}`);
      const trace = await client.dc.stackTraceRequest({ threadId: main });
      assert.deepEqual(
        trace.body.stackFrames.map((frame) => frame.name),
        ['child', 'main'],
      );
      await client.dc.stepOutRequest({ threadId: main });
      const back = await client.nextStop();
      assert.equal(back.body.threadId, main);
      assert.equal(await client.where(back), `main:${lineOf(TASKS, 'await-child')}`);
      const frame = await client.top(main);
      assert.equal(await loopTime(client, frame.id), '0.3');
      await client.dc.nextRequest({ threadId: main });
      const next = await client.nextStop();
      assert.equal(await client.where(next), `main:${lineOf(TASKS, 'taskgroup')}`);
      assert.equal(await client.evaluate('value', (await client.top(main)).id), '2');
    });
  });

  it("next off the end of a TaskGroup's last child stops in the task that awaits the group, at its exit", async () => {
    await withAdapter(async (client) => {
      const breakpoint = { line: lineOf(GROUP_LAST, 'child-return'), condition: 'n == 2' };
      await client.launch({ program: GROUP_LAST }, { breakpoints: { [GROUP_LAST]: [breakpoint] } });
      const stop = await client.nextStop();
      assert.equal(await client.threadName(stop.body.threadId!), 'second child()');
      await client.dc.nextRequest({ threadId: stop.body.threadId! });
      const after = await client.nextStop();
      assert.equal(after.body.reason, 'step');
      assert.equal(await client.threadName(after.body.threadId!), 'Task-1 main()');
      assert.equal(await client.where(after), `main:${lineOf(GROUP_LAST, 'group')}`);
      await client.dc.continueRequest({ threadId: after.body.threadId! });
      await client.next('terminated');
      assert.match(client.outputText('stdout'), /program done/);
    });
  });

  it('loopscope/stepToNextTask stops at the first line of whatever task runs next', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: TASKS }, { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'before-await') }] } });
      const stop = await client.nextStop();
      await client.dc.customRequest(STEP_TO_NEXT_TASK_REQUEST, { threadId: stop.body.threadId });
      const next = await client.nextStop();
      assert.equal(next.body.reason, 'step');
      assert.equal(await client.threadName(next.body.threadId!), 'ticker ticker()');
      assert.equal(await client.where(next), `ticker:${lineOf(TASKS, 'ticker-first')}`);
      await client.dc.customRequest(STEP_TO_NEXT_TASK_REQUEST, { threadId: next.body.threadId });
      const back = await client.nextStop();
      assert.equal(await client.threadName(back.body.threadId!), 'Task-1 main()');
      assert.equal(await client.where(back), `main:${lineOf(TASKS, 'await-child')}`);
    });
  });

  it('pause stops a task stuck in `while True:` that never awaits', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: BUSY });
      for (;;) {
        const output = await client.next('output');
        if (output.body.output.includes('spinning')) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      await client.dc.pauseRequest({ threadId: 1 });
      const stop = await client.nextStop(10_000);
      assert.equal(stop.body.reason, 'pause');
      assert.equal(await client.threadName(stop.body.threadId!), 'spinner spin()');
      const frame = await client.top(stop.body.threadId!);
      assert.equal(frame.name, 'spin');
      assert.ok(Number(await client.evaluate('n', frame.id)) > 0);
      await client.dc.nextRequest({ threadId: stop.body.threadId! });
      const stepped = await client.nextStop();
      assert.equal(stepped.body.threadId, stop.body.threadId);
      // A breakpoint set while the loop spins takes effect at once (the loop never reaches an iteration).
      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      const set = await client.dc.setBreakpointsRequest({
        source: { path: BUSY },
        breakpoints: [{ line: lineOf(BUSY, 'spin'), condition: 'n % 1000 == 0' }],
      });
      assert.equal(set.body.breakpoints[0]!.verified, true);
      const hit = await client.nextStop(10_000);
      assert.equal(hit.body.reason, 'breakpoint');
      assert.equal(Number(await client.evaluate('n', (await client.top(hit.body.threadId!)).id)) % 1000, 0);
      await client.dc.terminateRequest({});
      await client.next('terminated');
    });
  });
});
