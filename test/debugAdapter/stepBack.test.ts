// Step back and reverse continue by deterministic re-run: across task switches, timers, an executor job and
// stdin (recorded and replayed); output already shown is not shown again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STEP_TO_NEXT_TASK_REQUEST } from '../../protocol/debugProtocol';
import { lineOf, program, withAdapter, type AdapterClient } from './adapterClient';

const TASKS = program('tasks_basic.py');
const REPLAY = program('replay.py');
const LINES = program('lines_loop.py');
const LONG = program('long_tasks.py');
const DEBUGGER = "__import__('_loopscope.debugger').debugger";

async function stepBack(client: AdapterClient, threadId: number): Promise<{ threadId: number; where: string; frameId: number }> {
  await client.dc.stepBackRequest({ threadId });
  const stop = await client.nextStop();
  const frame = await client.top(stop.body.threadId!);
  return { threadId: stop.body.threadId!, where: `${frame.name}:${frame.line}`, frameId: frame.id };
}

describe('debug adapter: step back', { concurrency: 3 }, () => {
  it('steps back across timers, an executor job and recorded stdin, and forward again to the same values', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: REPLAY }, { breakpoints: { [REPLAY]: [{ line: lineOf(REPLAY, 'result') }] } });
      await client.next('loopscope/inputRequested');
      assert.equal(await client.evaluate('Ada'), '');
      const stop = await client.nextStop();
      const main = stop.body.threadId!;
      const frame = await client.top(main);
      const values = await client.evaluate('(job, first, second, stamp)', frame.id);
      assert.match(values, /^\(\d+, 'a@0.7', 'b@0.6', 0\.\d+\)$/);

      const back = await stepBack(client, main);
      assert.deepEqual([back.threadId, back.where], [main, `main:${lineOf(REPLAY, 'after-gather')}`]);
      assert.equal(await client.evaluate('(job, first, second)', back.frameId), values.replace(/, 0\.\d+\)$/, ')'));
      await assert.rejects(client.evaluate('stamp', back.frameId), /NameError/);

      const beforeGather = await stepBack(client, main);
      assert.equal(beforeGather.where, `main:${lineOf(REPLAY, 'after-gather') - 1}`);
      const beforeJob = await stepBack(client, main);
      assert.equal(beforeJob.where, `main:${lineOf(REPLAY, 'to-thread')}`);
      await assert.rejects(client.evaluate('job', beforeJob.frameId), /NameError/);
      assert.equal(await client.evaluate('name', beforeJob.frameId), "'Ada'");

      for (let i = 0; i < 3; i++) {
        await client.dc.nextRequest({ threadId: main });
        await client.nextStop();
      }
      const again = await client.top(main);
      assert.equal(again.line, lineOf(REPLAY, 'result'));
      assert.equal(await client.evaluate('(job, first, second, stamp)', again.id), values);
      await client.dc.continueRequest({ threadId: main });
      await client.next('terminated');
      // The re-runs replayed the input and printed nothing the user had already seen.
      assert.equal(client.outputText('stdout').match(/hello Ada/g)?.length, 1);
      assert.equal(client.outputText('stdout').match(/result /g)?.length, 1);
    });
  });

  it('steps back across a task switch', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: TASKS }, { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'before-await') }] } });
      const stop = await client.nextStop();
      const main = stop.body.threadId!;
      await client.dc.customRequest(STEP_TO_NEXT_TASK_REQUEST, { threadId: main });
      const inTicker = await client.nextStop();
      assert.equal(await client.where(inTicker), `ticker:${lineOf(TASKS, 'ticker-first')}`);
      const back = await stepBack(client, inTicker.body.threadId!);
      assert.deepEqual([back.threadId, back.where], [main, `main:${lineOf(TASKS, 'await-sleep')}`]);
      assert.equal(await client.evaluate('value', back.frameId), '1');
      assert.equal(await client.threadName(inTicker.body.threadId!), 'ticker ticker()');
      const first = await stepBack(client, main);
      assert.equal(first.where, `main:${lineOf(TASKS, 'before-await')}`);
    });
  });

  it('reverse continue goes to earlier breakpoint hits, also ones set after they passed, then to the start', async () => {
    await withAdapter(async (client) => {
      const body = lineOf(TASKS, 'ticker-body');
      await client.launch({ program: TASKS }, { breakpoints: { [TASKS]: [{ line: body, condition: 'i == 2' }] } });
      const stop = await client.nextStop();
      const ticker = stop.body.threadId!;
      await client.dc.setBreakpointsRequest({
        source: { path: TASKS },
        breakpoints: [{ line: body }, { line: lineOf(TASKS, 'create-ticker') }],
      });
      const expectations = [`ticker:${body}:1`, `ticker:${body}:0`, `main:${lineOf(TASKS, 'create-ticker')}`];
      for (const expected of expectations) {
        await client.dc.reverseContinueRequest({ threadId: ticker });
        const back = await client.nextStop();
        assert.equal(back.body.reason, 'breakpoint');
        const frame = await client.top(back.body.threadId!);
        const where =
          frame.name === 'ticker' ? `ticker:${frame.line}:${await client.evaluate('i', frame.id)}` : `${frame.name}:${frame.line}`;
        assert.equal(where, expected);
      }
      await client.dc.reverseContinueRequest({ threadId: 1 });
      const start = await client.nextStop();
      assert.equal(start.body.reason, 'entry');
      assert.equal(await client.where(start), '<module>:3');
    });
  });

  it('steps back out of a function into its last loop iteration, under either clock (the run is recorded)', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: LINES, args: ['2000'] }, { breakpoints: { [LINES]: [{ line: lineOf(LINES, 'return') }] } });
      const stop = await client.nextStop();
      // The line before `return` is the `for` line that found the range exhausted, then the last body line.
      const back = await stepBack(client, stop.body.threadId!);
      assert.equal(back.where, `work:${lineOf(LINES, 'body') - 1}`);
      assert.equal(await client.evaluate('i', back.frameId), '1999');
      const body = await stepBack(client, stop.body.threadId!);
      assert.equal(body.where, `work:${lineOf(LINES, 'body')}`);
      assert.equal(await client.evaluate('(i, total)', body.frameId), '(1999, 1997001)');
    });
    await withAdapter(async (client) => {
      await client.launch(
        { program: LINES, args: ['2000'], clock: 'real' },
        { breakpoints: { [LINES]: [{ line: lineOf(LINES, 'return') }] } },
      );
      const stop = await client.nextStop();
      const back = await stepBack(client, stop.body.threadId!);
      assert.equal(back.where, `work:${lineOf(LINES, 'body') - 1}`);
      assert.equal(await client.evaluate('i', back.frameId), '1999');
    });
  });

  it('a long run: re-runs start from a checkpoint and stop where re-runs watching every line stop', async () => {
    // A breakpoint with a condition makes every re-run watch every line (its hits must all be seen): the
    // reference. Plain breakpoints let a re-run go unwatched to the last checkpoint before its target.
    const journey = async (condition: string | undefined): Promise<{ stops: string[]; watchedFrom: number; parked: string }> => {
      let watchedFrom = 0;
      let parked = '';
      const stops: string[] = [];
      await withAdapter(async (client) => {
        const breakpoints = ['worker-done', 'sleeper-return'].map((marker) => ({
          line: lineOf(LONG, marker),
          ...(condition ? { condition } : {}),
        }));
        await client.launch({ program: LONG }, { breakpoints: { [LONG]: breakpoints } });
        const describe = async (threadId: number): Promise<string> => {
          const frame = await client.top(threadId);
          return `${frame.name}:${frame.line} ${await client.evaluate('(name, i, total)', frame.id)}`;
        };
        const first = await client.nextStop();
        await client.dc.continueRequest({ threadId: first.body.threadId! });
        let threadId = (await client.nextStop()).body.threadId!;
        stops.push(await describe(threadId));
        for (let i = 0; i < 2; i++) {
          const back = await stepBack(client, threadId);
          threadId = back.threadId;
          stops.push(await describe(threadId));
          // The first line the re-run watched: where its checkpoint was, or the first checkpoint of a whole run.
          if (i === 0) watchedFrom = Number(await client.evaluate(`${DEBUGGER}._checkpoints[0][1]`, back.frameId));
        }
        // Looked at long enough, the stop gets a re-run made ahead, waiting at a checkpoint: the step back goes on from it.
        await new Promise((resolve) => setTimeout(resolve, 3000));
        const ahead = await stepBack(client, threadId);
        threadId = ahead.threadId;
        stops.push(await describe(threadId));
        parked = await client.evaluate(`${DEBUGGER}._park`, ahead.frameId);
        await client.dc.reverseContinueRequest({ threadId });
        const hit = await client.nextStop();
        assert.equal(hit.body.reason, 'breakpoint');
        threadId = hit.body.threadId!;
        stops.push(await describe(threadId));
        threadId = (await stepBack(client, threadId)).threadId;
        stops.push(await describe(threadId));
        await client.dc.nextRequest({ threadId });
        stops.push(await describe((await client.nextStop()).body.threadId!));
        // A task asleep through thousands of lines: going back from after it woke to before it slept.
        for (let i = 0; i < 2; i++) {
          await client.dc.continueRequest({ threadId });
          threadId = (await client.nextStop()).body.threadId!;
        }
        for (let i = 0; i < 3; i++) {
          const frame = await client.top(threadId);
          stops.push(`${frame.name}:${frame.line}`);
          if (i < 2) threadId = (await stepBack(client, threadId)).threadId;
        }
      });
      return { stops, watchedFrom, parked };
    };
    const fast = await journey(undefined);
    const whole = await journey('True');
    const [done, body] = [lineOf(LONG, 'worker-done'), lineOf(LONG, 'body')];
    assert.deepEqual(fast.stops, [
      `worker:${done} ('b', 1599, 1279200)`,
      `worker:${body - 1} ('b', 1599, 1279200)`,
      `worker:${body + 1} ('b', 1599, 1279200)`,
      `worker:${body} ('b', 1599, 1277601)`,
      `worker:${done} ('a', 1499, 1124250)`,
      `worker:${body - 1} ('a', 1499, 1124250)`,
      `worker:${done} ('a', 1499, 1124250)`,
      `sleeper:${lineOf(LONG, 'sleeper-return')}`,
      `sleeper:${lineOf(LONG, 'sleeper-woke')}`,
      `sleeper:${lineOf(LONG, 'sleeper-wait')}`,
    ]);
    assert.deepEqual(whole.stops, fast.stops);
    assert.ok(whole.watchedFrom < 2100, `a re-run watching every line notes its first checkpoint at 2000 lines, not ${whole.watchedFrom}`);
    assert.deepEqual([fast.parked, whole.parked], ["'waited'", 'None']);
    assert.ok(fast.watchedFrom > 6000, `the step back re-run started watching at ${fast.watchedFrom}, not near its target`);
  });
});
