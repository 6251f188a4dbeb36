// The session's life: launch checks and bad input, progress and output events, stopOnEntry, restart,
// terminate and disconnect (the worker and the adapter process end), and the --server=PORT mode.
import type { DebugProtocol } from '@vscode/debugprotocol';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { describe, it } from 'node:test';
import { ADAPTER, AdapterClient, lineOf, program, PROGRAMS, startAdapterServer, withAdapter } from './adapterClient';

const TASKS = program('tasks_basic.py');
const BUSY = program('busy_loop.py');

async function launchError(launchArgs: Record<string, unknown>): Promise<string> {
  const client = new AdapterClient();
  await client.start();
  try {
    const error = await client.dc.launchRequest(launchArgs as never).then(
      () => assert.fail('launch should fail'),
      (failure: Error) => failure.message,
    );
    await client.next('terminated');
    const exited = once(client.process, 'exit');
    await client.dc.disconnectRequest({});
    await exited;
    return error;
  } finally {
    client.process.kill();
  }
}

describe('debug adapter: session', { concurrency: 3 }, () => {
  it('bad launch configurations get clear errors and the adapter exits', async () => {
    assert.match(await launchError({}), /"program" is missing/);
    assert.match(await launchError({ program: program('nope.py') }), /"program" does not exist: .*nope\.py/);
    assert.match(await launchError({ program: PROGRAMS }), /"program" is a folder/);
    assert.match(await launchError({ program: program('notes.txt') }), /not a Python file/);
    assert.match(await launchError({ program: TASKS, clock: 'fast' }), /"clock" must be "virtual" or "real"/);
    assert.match(await launchError({ program: TASKS, args: 'a b' }), /"args" must be an array of strings/);
    assert.match(await launchError({ program: TASKS, cwd: program('missing-folder') }), /"cwd" is not a folder/);
  });

  it('a syntax error is reported at its line and the session ends cleanly', async () => {
    await withAdapter(async (client) => {
      const file = program('syntax_error.py');
      await client.launch({ program: file });
      const exited = await client.next<DebugProtocol.ExitedEvent>('exited');
      assert.equal(exited.body.exitCode, 1);
      await client.next('terminated');
      const report = client.outputs.find((event) => /SyntaxError/.test(event.body.output))!;
      assert.equal(report.body.category, 'stderr');
      assert.equal(report.body.source?.path, file);
      assert.equal(report.body.line, 4);
      assert.match(report.body.output, /syntax_error\.py", line 4[\s\S]*SyntaxError: '\(' was never closed/);
    });
  });

  it('os._exit in a task ends the session with its status, the output before it kept and no internals shown', async () => {
    await withAdapter(async (client) => {
      const file = program('os_exit.py');
      await client.launch({ program: file }, { breakpoints: { [file]: [{ line: lineOf(file, 'exit') }] } });
      await client.nextStop();
      await client.dc.continueRequest({ threadId: 1 });
      assert.equal((await client.next<DebugProtocol.ExitedEvent>('exited')).body.exitCode, 3);
      await client.next('terminated');
      assert.equal(client.outputText('stdout'), 'exiting\n');
      assert.doesNotMatch(client.outputText(), /finally|runtime failed|pyodide|Traceback/);
    });
  });

  it('progress while the runtime loads, stopOnEntry, requests before configurationDone and for exited threads', async () => {
    await withAdapter(async (client) => {
      const launched = client.dc.launchRequest({ program: TASKS, stopOnEntry: true } as never);
      await client.next('initialized');
      const threads = await client.dc.threadsRequest();
      assert.deepEqual(threads.body.threads, [{ id: 1, name: 'event loop' }]);
      await assert.rejects(client.dc.stackTraceRequest({ threadId: 1 }), /has not started yet|not been launched/);
      await assert.rejects(client.dc.continueRequest({ threadId: 1 }), /has not started yet|not been launched/);
      await client.dc.configurationDoneRequest();
      await launched;
      const start = await client.next('progressStart');
      const end = await client.next('progressEnd');
      assert.equal(start.body.progressId, end.body.progressId);
      const entry = await client.nextStop();
      assert.equal(entry.body.reason, 'entry');
      assert.equal(await client.where(entry), '<module>:3');
      await client.dc.setBreakpointsRequest({ source: { path: TASKS }, breakpoints: [{ line: lineOf(TASKS, 'await-ticker') }] });
      await client.dc.continueRequest({ threadId: 1 });
      const late = await client.nextStop();
      // The grouped task has finished: its thread exited, and asking for it is a clear error.
      const grouped = (await client.dc.customRequest('loopscope/tasks')).body.tasks.find(
        (task: { name: string }) => task.name === 'grouped',
      );
      assert.equal(grouped.state, 'done');
      assert.equal(grouped.threadId, null);
      await assert.rejects(client.dc.stackTraceRequest({ threadId: grouped.id + 1 }), /has exited/);
      await assert.rejects(client.dc.nextRequest({ threadId: grouped.id + 1 }), /has exited/);
      await assert.rejects(client.dc.stackTraceRequest({ threadId: 999 }), /not a task/);
      await client.dc.continueRequest({ threadId: late.body.threadId! });
      await client.next('terminated');
      assert.match(client.outputText('stdout'), /main done/);
    });
  });

  it('restart runs the program again from the start; terminate ends it', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: TASKS }, { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'print') }] } });
      const first = await client.nextStop();
      await client.dc.restartRequest({ arguments: { program: TASKS } as never });
      const second = await client.nextStop();
      assert.equal(await client.where(second), `main:${lineOf(TASKS, 'print')}`);
      assert.equal(second.body.threadId, first.body.threadId);
      await client.dc.continueRequest({ threadId: second.body.threadId! });
      await client.next('terminated');
      assert.equal(client.outputText('stdout').match(/main done/g)?.length, 1);
    });
  });

  it('a client that disconnects while the program runs (mid-step) ends the worker and the adapter process', async () => {
    const client = new AdapterClient();
    await client.start();
    await client.launch({ program: BUSY });
    for (;;) if ((await client.next('output')).body.output.includes('spinning')) break;
    await client.dc.pauseRequest({ threadId: 1 });
    const stop = await client.nextStop();
    await client.dc.nextRequest({ threadId: stop.body.threadId! });
    await client.dc.nextRequest({ threadId: stop.body.threadId! }).catch(() => undefined);
    const exited = once(client.process, 'exit');
    await client.dc.disconnectRequest({ terminateDebuggee: true });
    const [code] = await exited;
    assert.equal(code, 0);
  });

  it('the adapter process exits when its client goes away without a disconnect', async () => {
    const client = new AdapterClient();
    await client.start();
    await client.launch({ program: BUSY });
    for (;;) if ((await client.next('output')).body.output.includes('spinning')) break;
    const exited = once(client.process, 'exit');
    client.process.stdin!.end();
    await exited;
  });

  it('--server=PORT serves DAP over TCP', async () => {
    const { process: server, port, token } = await startAdapterServer();
    try {
      assert.ok(port > 0);
      assert.match(token ?? '', /^[0-9a-f]{64}$/);
      const client = new AdapterClient();
      client.token = token;
      await client.start(port);
      await client.launch({ program: TASKS }, { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'print') }] } });
      const stop = await client.nextStop();
      assert.equal(await client.where(stop), `main:${lineOf(TASKS, 'print')}`);
      await client.dc.terminateRequest({});
      await client.next('terminated');
      await client.dc.disconnectRequest({});
      assert.equal(server.exitCode, null, 'the server keeps listening after a session');
    } finally {
      server.kill();
    }
  });

  it('--server refuses connections without the token: an error response, then the connection closes', async () => {
    const { process: server, port, token } = await startAdapterServer();
    try {
      const attempts: [string, Record<string, unknown>][] = [
        ['launch', { program: TASKS }],
        ['launch', { program: TASKS, token: 'not-the-token' }],
        ['launch', { program: TASKS, token: token!.slice(0, -1) }],
        ['attach', {}],
        ['evaluate', { expression: '__import__("os").system("id")' }],
        ['setBreakpoints', { source: { path: TASKS }, breakpoints: [{ line: 1 }] }],
        ['configurationDone', {}],
        ['loopscope/tasks', {}],
      ];
      for (const [command, args] of attempts) {
        const replies = await rawDap(port, [
          ['initialize', { adapterID: 'loopscope', pathFormat: 'path' }],
          [command, args],
          ['threads', {}],
        ]);
        // initialize is answered (capabilities only); the next request is refused, and nothing after it.
        assert.deepEqual(
          replies.messages.map((message) => [message.command, message.success]),
          [
            ['initialize', true],
            [command, false],
          ],
          command,
        );
        assert.match(replies.messages[1]!.message ?? '', /needs its token/);
        assert.ok(replies.closed, `${command}: the connection was closed`);
      }
      // The server still serves an authenticated client afterwards.
      const client = new AdapterClient();
      client.token = token;
      await client.start(port);
      await client.launch({ program: TASKS });
      await client.next('terminated');
      await client.dc.disconnectRequest({});
      assert.equal(server.exitCode, null);
    } finally {
      server.kill();
    }
  });

  it('--server takes its token from LOOPSCOPE_DEBUG_TOKEN (and then does not print it); a short one is refused', async () => {
    const chosen = 'a-token-chosen-by-the-client-0123456789';
    const { process: server, port, token } = await startAdapterServer({ ...process.env, LOOPSCOPE_DEBUG_TOKEN: chosen });
    try {
      assert.equal(token, undefined);
      const client = new AdapterClient();
      client.token = chosen;
      await client.start(port);
      await client.launch({ program: TASKS });
      await client.next('terminated');
      await client.dc.disconnectRequest({});
    } finally {
      server.kill();
    }
    const short = spawn(process.execPath, [ADAPTER, '--server=0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LOOPSCOPE_DEBUG_TOKEN: 'short' },
    });
    let stderr = '';
    short.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(short, 'exit')) as [number | null];
    assert.equal(code, 2);
    assert.match(stderr, /LOOPSCOPE_DEBUG_TOKEN must be at least 16 characters/);
  });
});

/** Sends DAP requests over a raw socket, one after another; collects responses until the server closes or stops answering. */
async function rawDap(
  port: number,
  requests: readonly [string, Record<string, unknown>][],
): Promise<{ messages: DebugProtocol.Response[]; closed: boolean }> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const messages: DebugProtocol.Response[] = [];
  let buffer = Buffer.alloc(0);
  let closed = false;
  let waiting: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const header = buffer.indexOf('\r\n\r\n');
      if (header < 0) break;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, header).toString())?.[1]);
      if (buffer.length < header + 4 + length) break;
      const message = JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString()) as DebugProtocol.ProtocolMessage;
      buffer = buffer.subarray(header + 4 + length);
      if (message.type === 'response') messages.push(message as DebugProtocol.Response);
    }
    waiting?.();
  });
  socket.on('close', () => {
    closed = true;
    waiting?.();
  });
  socket.on('error', () => undefined);
  let seq = 1;
  for (const [command, args] of requests) {
    if (closed) break;
    const body = JSON.stringify({ seq: seq++, type: 'request', command, arguments: args });
    socket.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    // Wait for this request's answer, or for the server to close the connection.
    const expected = messages.length + 1;
    while (!closed && messages.length < expected) await new Promise<void>((resolve) => (waiting = resolve));
  }
  socket.destroy();
  return { messages, closed };
}
