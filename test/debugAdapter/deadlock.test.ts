// A deadlock under the debugger stops the program instead of ending it: every stuck task can
// be inspected; continuing ends the run with the report, unless the user unblocked a task meanwhile.
import type { DebugProtocol } from '@vscode/debugprotocol';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TASKS_REQUEST, type TasksResult } from '../../protocol/debugProtocol';
import { lineOf, program, withAdapter, type AdapterClient } from './adapterClient';

const DEADLOCK = program('deadlock.py');

async function stuckTasks(client: AdapterClient): Promise<Map<string, string>> {
  const { tasks } = (await client.dc.customRequest(TASKS_REQUEST)).body as TasksResult;
  return new Map(tasks.filter((task) => task.state === 'pending').map((task) => [task.name, task.awaiting]));
}

describe('debug adapter: deadlock', { concurrency: 3 }, () => {
  it('a deadlock stops, naming who waits; the stuck tasks have stacks and locals; continue ends with the report', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: DEADLOCK });
      const stop = await client.nextStop();
      assert.equal(stop.body.reason, 'deadlock');
      assert.match(
        stop.body.description ?? '',
        /^Deadlock: no task can ever run again\. Task-1 main\(\) awaits TaskGroup.*cook cook\(\) awaits Event\.wait\(\)/,
      );
      const stuck = await stuckTasks(client);
      assert.deepEqual([...stuck.keys()].sort(), ['Task-1', 'cook', 'shopper']);
      const threads = (await client.dc.threadsRequest()).body.threads;
      const cook = threads.find((thread) => thread.name.startsWith('cook'))!;
      const frame = await client.top(cook.id);
      assert.equal(`${frame.name}:${frame.line}`, `cook:${lineOf(DEADLOCK, 'cook-wait')}`);
      assert.equal(await client.evaluate('ingredients.is_set()', frame.id), 'False');
      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      const exited = await client.next<DebugProtocol.ExitedEvent>('exited');
      assert.equal(exited.body.exitCode, 1);
      assert.match(client.outputText('stderr'), /deadlock/);
    });
  });

  it('setting the event from the console while stopped on the deadlock lets the program finish', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: DEADLOCK });
      const stop = await client.nextStop();
      assert.equal(stop.body.reason, 'deadlock');
      const threads = (await client.dc.threadsRequest()).body.threads;
      const cook = threads.find((thread) => thread.name.startsWith('cook'))!;
      const frame = await client.top(cook.id);
      assert.equal(await client.evaluate('ingredients.set()', frame.id), 'None');
      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      assert.equal((await client.next<DebugProtocol.ExitedEvent>('exited')).body.exitCode, 0);
      assert.match(client.outputText('stdout'), /done cooked shopped/);
      assert.doesNotMatch(client.outputText('stderr'), /deadlock/);
    });
  });
});
