// Debugging programs that do network I/O: a breakpoint in a request handler with every task's I/O wait listed
// (loopscope/tasks, the call graph, the timeline), `next` over an `await reader.readline()` that completes when
// data arrives, pause while a read is pending, step back that refuses to repeat I/O, and no socket or server
// left behind once the session ends (disconnect, terminate, restart, program end).
import type { DebugProtocol } from '@vscode/debugprotocol';
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ChildProcess } from 'node:child_process';
import {
  CALL_GRAPH_REQUEST,
  decodeSlices,
  TASKS_REQUEST,
  TIMELINE_REQUEST,
  type CallGraphResult,
  type LoopscopeTask,
  type TasksResult,
  type TimelineResult,
} from '../../protocol/debugProtocol';
import { AdapterClient, lineOf, program, startAdapterServer, withAdapter } from './adapterClient';
import { accepting, freePort } from './localSockets';

const HTTP_SERVER = program('http_server.py');
const LINE_CLIENT = program('line_client.py');
const LISTENER = program('listener.py');

/** A line server run by the test: it counts connections and answers only when told to. */
class LineServer {
  private readonly server = net.createServer((socket) => this.accepted(socket));
  readonly sockets: net.Socket[] = [];
  private waiting: ((socket: net.Socket) => void)[] = [];
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  /** The n-th connection (1-based), once it has come (a failure after `timeoutMs`, not a hang). */
  connection(n = 1, timeoutMs = 20_000): Promise<net.Socket> {
    const found = this.sockets[n - 1];
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no connection #${n} within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.push((socket) => {
        if (this.sockets.length < n) return;
        clearTimeout(timer);
        resolve(socket);
      });
    });
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accepted(socket: net.Socket): void {
    socket.on('error', () => undefined);
    this.sockets.push(socket);
    for (const waiter of this.waiting) waiter(socket);
  }
}

/** The port can be bound again (nothing of the program holds it); binds and releases it. */
async function bindable(port: number): Promise<boolean> {
  const probe = net.createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function tasks(client: AdapterClient): Promise<Map<string, LoopscopeTask>> {
  const { tasks } = (await client.dc.customRequest(TASKS_REQUEST)).body as TasksResult;
  return new Map(tasks.map((task) => [task.name, task]));
}

async function waitForOutput(client: AdapterClient, text: string): Promise<void> {
  while (!client.outputText('stdout').includes(text)) await client.next('output');
}

/** The program's end; when it does not come, what its tasks were waiting on then (pausing it to ask). */
async function exitedOrWhy(client: AdapterClient, timeoutMs = 20_000): Promise<DebugProtocol.ExitedEvent> {
  try {
    return await client.next<DebugProtocol.ExitedEvent>('exited', timeoutMs);
  } catch (error) {
    await client.dc.pauseRequest({ threadId: 1 });
    const stop = await client.nextStop(5000).then(
      (event) => JSON.stringify(event.body),
      () => 'no stop',
    );
    const waiting = [...(await tasks(client)).values()].map((task) => `${task.name}: ${task.state} ${task.awaiting ?? ''}`);
    throw new Error(`${(error as Error).message}\npaused to look: ${stop}; tasks: ${waiting.join('; ')}`);
  }
}

/** Nothing reaches a stop or the end within `ms`. */
async function stillRunning(client: AdapterClient, ms: number): Promise<void> {
  const stop = client.nextStop(ms).then(
    () => 'stopped',
    () => 'running',
  );
  assert.equal(await stop, 'running', 'the step completed before any data arrived');
}

/** Runs `body` with a line server of its own (tests run side by side). */
async function withLineServer(body: (server: LineServer) => Promise<void>): Promise<void> {
  const server = new LineServer();
  await server.start();
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

describe('debug adapter: programs doing network I/O', { concurrency: 3 }, () => {
  it('a breakpoint in a request handler; every task says what it waits on, in tasks, call graph and timeline', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: HTTP_SERVER }, { breakpoints: { [HTTP_SERVER]: [{ line: lineOf(HTTP_SERVER, 'handler') }] } });
      const stop = await client.nextStop();
      assert.equal(stop.body.reason, 'breakpoint');
      assert.match(await client.threadName(stop.body.threadId!), /^Task-\d+ handle\(\)$/);
      assert.equal(await client.evaluate('path', (await client.top(stop.body.threadId!)).id), "'/tasks'");

      const byName = await tasks(client);
      const port = Number(/:(\d+)$/.exec(byName.get('server')?.awaiting ?? '')?.[1]);
      assert.ok(port > 0, `the server task says where it serves: ${byName.get('server')?.awaiting}`);
      assert.deepEqual(
        ['server', 'client', 'Task-1'].map((name) => [name, byName.get(name)?.awaiting, byName.get(name)?.ioWait]),
        [
          ['server', `serving on 127.0.0.1:${port}`, true],
          ['client', `reading 127.0.0.1:${port}`, true],
          ['Task-1', 'task client (fetch())', false],
        ],
      );
      assert.equal(byName.get('client')?.source?.line, lineOf(HTTP_SERVER, 'client-read'));

      const fetcher = byName.get('client')!;
      const graph = (await client.dc.customRequest(CALL_GRAPH_REQUEST, { taskId: fetcher.id })).body as CallGraphResult;
      assert.deepEqual(graph.graph.awaiting, { text: `reading 127.0.0.1:${port}`, io: true });

      const timeline = (await client.dc.customRequest(TIMELINE_REQUEST)).body as TimelineResult;
      const clientSteps = decodeSlices(timeline.slices).filter((slice) => slice.taskId === fetcher.id);
      assert.ok(
        clientSteps.some((slice) => slice.io && slice.awaiting === `connecting to 127.0.0.1:${port}`),
        'the timeline has the connect wait',
      );
      assert.ok(clientSteps.at(-1)?.io && clientSteps.at(-1)?.awaiting === `reading 127.0.0.1:${port}`, 'and the read wait, as I/O');
      assert.ok(!decodeSlices(timeline.slices).some((slice) => slice.awaiting === 'task client (fetch())' && slice.io));

      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      const exited = await client.next<DebugProtocol.ExitedEvent>('exited');
      assert.equal(exited.body.exitCode, 0);
      assert.match(client.outputText('stdout'), /HTTP\/1\.0 200 OK hello from \/tasks/);
      assert.match(client.outputText('console'), /reached the network \(listening on 127\.0\.0\.1, any free port\)/);
    });
  });

  it("next over `await reader.readline()` completes when the server's line arrives", async () => {
    await withLineServer(async (lineServer) => {
      await withAdapter(async (client) => {
        await client.launch(
          { program: LINE_CLIENT, args: [String(lineServer.port)] },
          { breakpoints: { [LINE_CLIENT]: [{ line: lineOf(LINE_CLIENT, 'read-line') }] } },
        );
        const stop = await client.nextStop();
        const main = stop.body.threadId!;
        assert.equal(await client.where(stop), `main:${lineOf(LINE_CLIENT, 'read-line')}`);
        const socket = await lineServer.connection(1);
        await client.dc.nextRequest({ threadId: main });
        await stillRunning(client, 400);
        const byName = await tasks(client);
        assert.equal(byName.get('Task-1')?.awaiting, `reading 127.0.0.1:${lineServer.port}`, 'tasks answer while the step waits');
        socket.write('world\n');
        const after = await client.nextStop();
        assert.equal(after.body.reason, 'step');
        assert.equal(after.body.threadId, main);
        const frame = await client.top(main);
        assert.equal(frame.line, lineOf(LINE_CLIENT, 'after-read'));
        assert.equal(await client.evaluate('line', frame.id), "b'world\\n'");
        await client.dc.continueRequest({ threadId: main });
        assert.equal((await client.next<DebugProtocol.ExitedEvent>('exited')).body.exitCode, 0);
        assert.match(client.outputText('stdout'), /got world/);
      });
    });
  });

  it('pause while a read is pending: threads, stacks and tasks answer; the program ends once the line comes', async () => {
    await withLineServer(async (lineServer) => {
      await withAdapter(async (client) => {
        await client.launch({ program: LINE_CLIENT, args: [String(lineServer.port)] });
        const socket = await lineServer.connection(1);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await client.dc.pauseRequest({ threadId: 1 });
        const stop = await client.nextStop(10_000);
        assert.equal(stop.body.reason, 'pause');
        const threads = (await client.dc.threadsRequest()).body.threads.map((thread) => thread.name);
        assert.ok(threads.includes('Task-1 main()'), `threads: ${threads.join(', ')}`);
        const main = (await tasks(client)).get('Task-1')!;
        assert.equal(main.awaiting, `reading 127.0.0.1:${lineServer.port}`);
        assert.equal(main.ioWait, true);
        const trace = await client.dc.stackTraceRequest({ threadId: main.threadId! });
        assert.equal(trace.body.stackFrames[0]?.name, 'main');
        assert.equal(trace.body.stackFrames[0]?.line, lineOf(LINE_CLIENT, 'read-line'));
        await client.dc.continueRequest({ threadId: stop.body.threadId! });
        await stillRunning(client, 200);
        socket.write('later\n');
        assert.equal((await exitedOrWhy(client)).body.exitCode, 0);
        assert.match(client.outputText('stdout'), /got later/);
      });
    });
  });

  it('step back past the connect replays the recording: the re-run connects to nobody, and says where the recording ends', async () => {
    await withLineServer(async (lineServer) => {
      await withAdapter(async (client) => {
        await client.launch(
          { program: LINE_CLIENT, args: [String(lineServer.port)] },
          { breakpoints: { [LINE_CLIENT]: [{ line: lineOf(LINE_CLIENT, 'after-connect') }] } },
        );
        const stop = await client.nextStop();
        await lineServer.connection(1);
        await client.dc.nextRequest({ threadId: stop.body.threadId! });
        const atRead = await client.nextStop();
        assert.equal(await client.where(atRead), `main:${lineOf(LINE_CLIENT, 'read-line')}`);

        // Back to the line after the connect (the breakpoint's hit), then to the start (no breakpoint hit before it).
        await client.dc.stepBackRequest({ threadId: atRead.body.threadId! });
        const back = await client.nextStop();
        assert.equal(await client.where(back), `main:${lineOf(LINE_CLIENT, 'after-connect')}`);
        await client.dc.reverseContinueRequest({ threadId: back.body.threadId! });
        const start = await client.nextStop();
        assert.equal(start.body.reason, 'entry');
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(lineServer.sockets.length, 1, 'nothing connected again');
        assert.match(client.outputText('console'), /reached the network \(connecting to 127\.0\.0\.1:\d+\)\. The run is recorded/);

        // Forward again: the replay connects from the recording, and stops where the recorded run was left (before
        // its read): the line the server would send now is not in the recording.
        await client.dc.continueRequest({ threadId: start.body.threadId! });
        const again = await client.nextStop();
        assert.equal(again.body.reason, 'breakpoint');
        await client.dc.continueRequest({ threadId: again.body.threadId! });
        const end = await client.nextStop();
        assert.match(end.body.description ?? '', /^The recording ends here/);
        // The read waits in the loop: the event-loop thread stopped, and the task is there to inspect.
        assert.equal(end.body.threadId, 1);
        assert.ok((await tasks(client)).has('Task-1'));
        assert.equal(lineServer.sockets.length, 1, 'the replay connected to nobody');
        await client.dc.continueRequest({ threadId: end.body.threadId! });
        assert.equal((await client.next<DebugProtocol.ExitedEvent>('exited')).body.exitCode, 3);
      });
    });
  });

  it('under the real clock the run is recorded too: step back replays it, connecting to nobody', async () => {
    await withLineServer(async (lineServer) => {
      await withAdapter(async (client) => {
        await client.launch(
          { program: LINE_CLIENT, args: [String(lineServer.port)], clock: 'real' },
          { breakpoints: { [LINE_CLIENT]: [{ line: lineOf(LINE_CLIENT, 'after-read') }] } },
        );
        await lineServer.connection(1);
        (await lineServer.connection(1)).write('hi there\n');
        const stop = await client.nextStop();
        const frame = await client.top(stop.body.threadId!);
        assert.equal(await client.evaluate('line', frame.id), "b'hi there\\n'");
        await client.dc.stepBackRequest({ threadId: stop.body.threadId! });
        const back = await client.nextStop();
        assert.equal(await client.where(back), `main:${lineOf(LINE_CLIENT, 'read-line')}`);
        await client.dc.nextRequest({ threadId: back.body.threadId! });
        const again = await client.nextStop();
        assert.equal(await client.where(again), `main:${lineOf(LINE_CLIENT, 'after-read')}`);
        assert.equal(await client.evaluate('line', (await client.top(again.body.threadId!)).id), "b'hi there\\n'");
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(lineServer.sockets.length, 1, 'nothing connected again');
        assert.match(client.outputText('console'), /reached the network \(connecting to 127\.0\.0\.1:\d+\)\. The run is recorded/);
      });
    });
  });
});

describe('debug adapter: nothing of the program outlives the session', { concurrency: 2 }, () => {
  // The adapter runs as a server (as inline in the extension host, its process outlives the session): what is
  // freed must be freed by the session's end, not by the adapter's process exiting.
  let adapter: ChildProcess;
  let adapterPort = 0;
  let adapterToken: string | undefined;
  before(async () => {
    const server = await startAdapterServer();
    adapter = server.process;
    adapterPort = server.port;
    adapterToken = server.token;
  });
  after(() => adapter.kill());

  async function session(body: (client: AdapterClient) => Promise<void>): Promise<void> {
    const client = new AdapterClient();
    client.token = adapterToken;
    await client.start(adapterPort);
    try {
      await body(client);
    } finally {
      await client.close();
    }
  }

  async function listening(client: AdapterClient, port: number): Promise<void> {
    await client.launch({ program: LISTENER, args: [String(port)] });
    await waitForOutput(client, 'listening');
    assert.ok(await accepting(port), 'the program serves on its port');
  }

  it('disconnect closes the server', async () => {
    const port = await freePort();
    await session(async (client) => {
      await listening(client, port);
      await client.dc.disconnectRequest({ terminateDebuggee: true });
      await eventually(async () => !(await accepting(port)), 'connections are refused');
      assert.ok(await bindable(port), 'the port can be bound again');
      assert.equal(adapter.exitCode, null, 'the adapter still runs');
    });
  });

  it('restart binds the same port again; terminate closes it', async () => {
    const port = await freePort();
    await session(async (client) => {
      await listening(client, port);
      await client.dc.restartRequest({ arguments: { program: LISTENER, args: [String(port)] } } as DebugProtocol.RestartArguments);
      const before = client.outputText('stdout').split('listening').length;
      while (client.outputText('stdout').split('listening').length === before) await client.next('output');
      assert.doesNotMatch(client.outputText('stderr'), /address already in use|Errno 98/i);
      assert.ok(await accepting(port), 'the restarted program serves on the same port');
      await client.dc.terminateRequest({});
      await client.next('terminated');
      await eventually(async () => !(await accepting(port)), 'connections are refused after terminate');
      assert.ok(await bindable(port));
    });
  });

  it('the end of the program closes what it left open', async () => {
    const port = await freePort();
    await session(async (client) => {
      await client.launch({ program: LISTENER, args: [String(port), 'leave'] });
      assert.equal((await client.next<DebugProtocol.ExitedEvent>('exited')).body.exitCode, 0);
      assert.match(client.outputText('stdout'), /left open ping/);
      await eventually(async () => !(await accepting(port)), 'connections are refused after the program ended');
      assert.ok(await bindable(port));
    });
  });
});
