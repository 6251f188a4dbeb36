// Breakpoints through the built adapter: line (verified, moved), conditional, hit count, logpoints, function
// breakpoints, breakpoint locations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineOf, program, withAdapter } from './adapterClient';

const TASKS = program('tasks_basic.py');

describe('debug adapter: breakpoints', { concurrency: 3 }, () => {
  it('verifies a line breakpoint, moves one on a blank line to the next line with code, and stops there', async () => {
    await withAdapter(async (client) => {
      const blank = lineOf(TASKS, 'await-child') + 1;
      const [response] = await client.launch(
        { program: TASKS },
        { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'child-first') }, { line: blank }, { line: 999 }] } },
      );
      const [first, moved, beyond] = response!.body.breakpoints;
      assert.deepEqual([first!.verified, first!.line], [true, lineOf(TASKS, 'child-first')]);
      assert.deepEqual([moved!.verified, moved!.line], [true, lineOf(TASKS, 'taskgroup')]);
      assert.equal(beyond!.verified, false);
      assert.match(beyond!.message ?? '', /no code/);
      const stop = await client.nextStop();
      assert.equal(stop.body.reason, 'breakpoint');
      assert.deepEqual(stop.body.hitBreakpointIds, [first!.id]);
      assert.equal(await client.where(stop), `child:${lineOf(TASKS, 'child-first')}`);
      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      const second = await client.nextStop();
      assert.equal(await client.where(second), `main:${lineOf(TASKS, 'taskgroup')}`);
      assert.deepEqual(second.body.hitBreakpointIds, [moved!.id]);
    });
  });

  it('conditional and hit-count breakpoints stop only when they hold', async () => {
    await withAdapter(async (client) => {
      await client.launch(
        { program: TASKS },
        {
          breakpoints: {
            [TASKS]: [
              { line: lineOf(TASKS, 'ticker-body'), condition: 'i == 1' },
              { line: lineOf(TASKS, 'child-first'), hitCondition: '2' },
            ],
          },
        },
      );
      const conditional = await client.nextStop();
      const frame = await client.top(conditional.body.threadId!);
      assert.equal(frame.line, lineOf(TASKS, 'ticker-body'));
      assert.equal(await client.evaluate('i', frame.id), '1');
      await client.dc.continueRequest({ threadId: conditional.body.threadId! });
      const counted = await client.nextStop();
      const childFrame = await client.top(counted.body.threadId!);
      assert.equal(childFrame.line, lineOf(TASKS, 'child-first'));
      // The second call of child() is the one in the TaskGroup, with x == 5.
      assert.equal(await client.evaluate('x', childFrame.id), '5');
      assert.equal(await client.threadName(counted.body.threadId!), 'grouped child()');
    });
  });

  it('logpoints print their message with {expressions} and do not stop', async () => {
    await withAdapter(async (client) => {
      await client.launch(
        { program: TASKS },
        { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'ticker-body'), logMessage: 'tick {i} hits={counter.hits} {{literal}}' }] } },
      );
      await client.next('terminated');
      const console = client.outputs.filter((event) => event.body.category === 'console' && event.body.output.startsWith('tick'));
      assert.deepEqual(
        console.map((event) => event.body.output),
        ['tick 0 hits=0 {literal}\n', 'tick 1 hits=1 {literal}\n', 'tick 2 hits=2 {literal}\n'],
      );
      assert.equal(console[0]!.body.line, lineOf(TASKS, 'ticker-body'));
      assert.match(client.outputText('stdout'), /main done 2 3 None/);
    });
  });

  it('function breakpoints stop at the first line of the function; bad hit counts are refused', async () => {
    await withAdapter(async (client) => {
      const launched = client.dc.launchRequest({ program: TASKS } as never);
      await client.next('initialized');
      const response = await client.dc.setBreakpointsRequest({
        source: { path: TASKS },
        breakpoints: [{ line: lineOf(TASKS, 'print'), hitCondition: 'often' }],
      });
      assert.equal(response.body.breakpoints[0]!.verified, false);
      assert.match(response.body.breakpoints[0]!.message ?? '', /invalid hit count/);
      const functions = await client.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'child' }] });
      assert.equal(functions.body.breakpoints[0]!.verified, true);
      await client.dc.configurationDoneRequest();
      await launched;
      const stop = await client.nextStop();
      assert.equal(stop.body.reason, 'function breakpoint');
      assert.equal(await client.where(stop), `child:${lineOf(TASKS, 'child-first')}`);
      const locations = await client.dc.customRequest('breakpointLocations', {
        source: { path: TASKS },
        line: lineOf(TASKS, 'child-first'),
        endLine: lineOf(TASKS, 'child-return'),
      });
      assert.deepEqual(
        (locations.body as { breakpoints: { line: number }[] }).breakpoints.map((location) => location.line),
        [lineOf(TASKS, 'child-first'), lineOf(TASKS, 'child-sleep'), lineOf(TASKS, 'child-return')],
      );
    });
  });
});
