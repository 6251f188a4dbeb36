// Exception filters: raised (where your code raises or first sees an exception), uncaught (about to end the
// program), task exception never retrieved, cancellation; exceptionInfo carries the traceback.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineOf, program, withAdapter } from './adapterClient';

const EXCEPTIONS = program('exceptions.py');

describe('debug adapter: exception filters', { concurrency: 3 }, () => {
  it('raised: stops where the exception first reaches user code; off by default', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: EXCEPTIONS, args: ['raised'] }, { filters: ['raised'] });
      const stop = await client.nextStop();
      assert.equal(stop.body.reason, 'exception');
      assert.equal(await client.where(stop), `parse:${lineOf(EXCEPTIONS, 'parse')}`);
      const info = await client.dc.exceptionInfoRequest({ threadId: stop.body.threadId! });
      assert.equal(info.body.exceptionId, 'ValueError');
      assert.equal(info.body.breakMode, 'always');
      assert.match(info.body.description ?? '', /invalid literal/);
      assert.match(info.body.details?.stackTrace ?? '', /Traceback[\s\S]*ValueError: invalid literal/);
      // Once per exception: not again in main, where it is caught.
      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      await client.next('terminated');
      assert.match(client.outputText('stdout'), /caught ValueError/);
    });
    await withAdapter(async (client) => {
      await client.launch({ program: EXCEPTIONS, args: ['raised'] });
      await client.next('terminated');
      assert.match(client.outputText('stdout'), /caught ValueError/);
    });
  });

  it('uncaught (default): stops before the program ends, with the traceback as the stack', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: EXCEPTIONS, args: ['uncaught'] }, { filters: ['uncaught'] });
      const stop = await client.nextStop();
      assert.equal(stop.body.reason, 'exception');
      assert.equal(stop.body.threadId, 1);
      const trace = await client.dc.stackTraceRequest({ threadId: 1 });
      assert.deepEqual(trace.body.stackFrames.map((frame) => `${frame.name}:${frame.line}`).slice(0, 1), [
        `main:${lineOf(EXCEPTIONS, 'uncaught')}`,
      ]);
      const frame = trace.body.stackFrames[0]!;
      assert.equal(await client.evaluate('scenario', frame.id), "'uncaught'");
      const info = await client.dc.exceptionInfoRequest({ threadId: 1 });
      assert.equal(info.body.exceptionId, 'KeyError');
      assert.equal(info.body.breakMode, 'unhandled');
      await client.dc.continueRequest({ threadId: 1 });
      const exited = await client.next('exited');
      assert.equal(exited.body.exitCode, 1);
      assert.match(client.outputText('stderr'), /KeyError: 'missing'/);
    });
  });

  it('Stop (terminate or disconnect) while paused on an uncaught exception ends the session without internals', async () => {
    for (const stopWith of ['terminate', 'disconnect'] as const) {
      await withAdapter(async (client) => {
        await client.launch({ program: EXCEPTIONS, args: ['uncaught'] }, { filters: ['uncaught'] });
        assert.equal((await client.nextStop()).body.reason, 'exception');
        if (stopWith === 'terminate') {
          await client.dc.terminateRequest({});
          await client.next('terminated');
        } else {
          await client.dc.disconnectRequest({ terminateDebuggee: true });
        }
        assert.doesNotMatch(client.outputText(), /LoopscopeHalt|pyodide|runtimeWorker|runtime failed|Traceback/, stopWith);
      });
    }
  });

  it('task exception never retrieved: stops when asyncio reports it', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: EXCEPTIONS, args: ['never'] }, { filters: ['taskNeverRetrieved'] });
      const stop = await client.nextStop();
      assert.equal(stop.body.reason, 'exception');
      assert.equal((stop.body as { description?: string }).description, 'Task exception was never retrieved');
      const info = await client.dc.exceptionInfoRequest({ threadId: stop.body.threadId! });
      assert.equal(info.body.exceptionId, 'RuntimeError');
      assert.match(info.body.description ?? '', /task failed.*failing failing\(\)/);
      const trace = await client.dc.stackTraceRequest({ threadId: stop.body.threadId! });
      assert.equal(`${trace.body.stackFrames[0]!.name}:${trace.body.stackFrames[0]!.line}`, `failing:${lineOf(EXCEPTIONS, 'failing')}`);
      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      await client.next('terminated');
      assert.match(client.outputText('stdout'), /after never retrieved/);
    });
  });

  it('cancellation: stops where CancelledError arrives in the cancelled task', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: EXCEPTIONS, args: ['cancel'] }, { filters: ['cancellation'] });
      const stop = await client.nextStop();
      assert.equal(stop.body.reason, 'exception');
      assert.equal(await client.threadName(stop.body.threadId!), 'sleeper sleeper()');
      assert.equal(await client.where(stop), `sleeper:${lineOf(EXCEPTIONS, 'sleeper-await')}`);
      const info = await client.dc.exceptionInfoRequest({ threadId: stop.body.threadId! });
      assert.equal(info.body.exceptionId, 'asyncio.exceptions.CancelledError');
      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      await client.next('terminated');
      assert.match(client.outputText('stdout'), /sleeper cancelled\ngathered CancelledError/);
    });
  });
});
