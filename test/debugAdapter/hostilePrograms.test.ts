// Hostile programs under the debugger (issue 17): a loop that never awaits, unbounded memory, runaway
// recursion (with the default limit and after sys.setrecursionlimit), sys.exit in a task, 100,000 tasks,
// 100 MB of output, a read of stdin, a server with a child process. Each is stopped the way a user stops
// it (pause, then Stop) or ends by itself, with a clear message; afterwards nothing is left behind: no
// process under the adapter, no listening port, and an adapter serving one session after another
// (--server) holds no more threads than after the first. How long pause and Stop took is printed, not
// asserted (os._exit in a task: session.test.ts; children under every kind of end: runtime/processes.test.ts).
import type { DebugProtocol } from '@vscode/debugprotocol';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { AdapterClient, startAdapterServer, type AdapterServer } from './adapterClient';

const linux = process.platform === 'linux';

/** Pids of the live processes below `pid` (a zombie has ended: its parent just has not reaped it yet). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z' || state === 'X') continue;
      const list = children.get(Number(parent)) ?? [];
      list.push(Number(entry));
      children.set(Number(parent), list);
    } catch {
      // Gone while listing.
    }
  }
  const found: number[] = [];
  for (let pending = [pid]; pending.length > 0;) {
    const next = children.get(pending.pop()!) ?? [];
    found.push(...next);
    pending.push(...next);
  }
  return found;
}

function threadCount(pid: number): number {
  return readdirSync(`/proc/${pid}/task`).length;
}

async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('hostile programs under the debugger', { skip: linux ? false : 'reads /proc' }, () => {
  let server: AdapterServer;
  let folder: string;
  /** The adapter's threads after each session ended. */
  const threadsAfter: number[] = [];

  before(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'loopscope-hostile-'));
    server = await startAdapterServer();
  });

  after(() => {
    server.process.kill();
    rmSync(folder, { recursive: true, force: true });
  });

  /**
   * Runs `source` in a session of the --server adapter; `body` stops it. Then: the session has ended, no process
   * is left under the adapter, and its thread count is recorded.
   */
  async function session(t: TestContext, name: string, source: string, body: (client: AdapterClient) => Promise<void>): Promise<void> {
    const file = path.join(folder, `${name}.py`);
    writeFileSync(file, source);
    const client = new AdapterClient();
    client.token = server.token;
    await client.start(server.port);
    try {
      await client.launch({ program: file });
      await body(client);
    } finally {
      await client.dc.disconnectRequest({}).catch(() => undefined);
      await client.close();
    }
    const pid = server.process.pid!;
    assert.ok(await eventually(() => descendants(pid).length === 0), `left under the adapter: ${descendants(pid).join(', ')}`);
    // The worker's threads end with it; give them a moment.
    const before = threadsAfter[0];
    if (before !== undefined) await eventually(() => threadCount(pid) <= before, 3000);
    threadsAfter.push(threadCount(pid));
    t.diagnostic(`adapter threads after the session: ${threadsAfter.at(-1)}`);
  }

  /** Waits for a line of the program's stdout containing `marker`; returns it. */
  async function printed(client: AdapterClient, marker: string): Promise<string> {
    for (;;) {
      const output = (await client.next<DebugProtocol.OutputEvent>('output', 120_000)).body.output;
      if (output.includes(marker)) return output;
    }
  }

  /** Pause: the program stops where it is; returns the stop and its top frame as `function:line`. */
  async function pause(t: TestContext, client: AdapterClient): Promise<{ stop: DebugProtocol.StoppedEvent; where: string }> {
    const started = performance.now();
    await client.dc.pauseRequest({ threadId: 1 });
    const stop = await client.nextStop(30_000);
    t.diagnostic(`pause → stopped: ${Math.round(performance.now() - started)} ms`);
    assert.equal(stop.body.reason, 'pause');
    return { stop, where: await client.where(stop) };
  }

  /** Stop (terminate): the session ends. */
  async function terminate(t: TestContext, client: AdapterClient): Promise<void> {
    const started = performance.now();
    await client.dc.terminateRequest({});
    await client.next('terminated', 30_000);
    t.diagnostic(`terminate → terminated: ${Math.round(performance.now() - started)} ms`);
  }

  it('a loop that never awaits: pause stops in it, Stop ends it', async (t) => {
    // `ready` is printed from inside the loop, so the pause finds the program there.
    const source = 'n = 0\nwhile True:\n    n += 1\n    if n == 1000:\n        print("ready", flush=True)\n';
    await session(t, 'spin', source, async (client) => {
      await printed(client, 'ready');
      assert.match((await pause(t, client)).where, /^<module>:[2-5]$/);
      await terminate(t, client);
    });
  });

  it('unbounded memory: pause stops it while it allocates, Stop ends it', async (t) => {
    const source =
      'chunks = []\nwhile True:\n    chunks.append(bytearray(10**6))\n    if len(chunks) == 10:\n        print("ready", flush=True)\n';
    await session(t, 'memory', source, async (client) => {
      await printed(client, 'ready');
      const { stop, where } = await pause(t, client);
      assert.match(where, /^<module>:[2-5]$/);
      assert.ok(Number(await client.evaluate('len(chunks)', (await client.top(stop.body.threadId!)).id)) >= 0);
      await terminate(t, client);
    });
  });

  it('runaway recursion: the RecursionError stops the program with its message; it then ends with the traceback', async (t) => {
    await session(t, 'recursion', 'def f(n):\n    return f(n + 1)\n\nf(0)\n', async (client) => {
      const stop = await client.nextStop(60_000);
      assert.equal(stop.body.reason, 'exception');
      assert.match(stop.body.text ?? '', /^RecursionError: maximum recursion depth exceeded/);
      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      assert.equal((await client.next<DebugProtocol.ExitedEvent>('exited', 60_000)).body.exitCode, 1);
      assert.match(client.outputText('stderr'), /RecursionError: maximum recursion depth exceeded/);
    });
  });

  it('recursion a million frames deep (sys.setrecursionlimit): pause stops in it; its end is reported, not a silent hang', async (t) => {
    const source =
      'import sys\nsys.setrecursionlimit(1_000_000)\n\ndef f(n):\n    if n == 1000:\n        print("ready", flush=True)\n    return f(n + 1) + 1\n\nf(0)\n';
    await session(t, 'deep_recursion', source, async (client) => {
      await printed(client, 'ready');
      const { stop, where } = await pause(t, client);
      assert.match(where, /^f:[4-7]$/); // 4: paused as f is entered (its def line, as pdb shows a call)
      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      // The RecursionError at a million frames: a stop that says so (formatting its whole traceback took minutes).
      const started = performance.now();
      const uncaught = await client.nextStop(120_000);
      t.diagnostic(`RecursionError a million frames deep → stopped: ${Math.round(performance.now() - started)} ms`);
      assert.equal(uncaught.body.reason, 'exception');
      assert.match(uncaught.body.text ?? '', /^RecursionError/);
      const info = await client.dc.exceptionInfoRequest({ threadId: uncaught.body.threadId! });
      assert.match(info.body.details?.stackTrace ?? '', /\[\d+ outer frames not shown\]/);
      await client.dc.continueRequest({ threadId: uncaught.body.threadId! });
      assert.equal((await client.next<DebugProtocol.ExitedEvent>('exited', 120_000)).body.exitCode, 1);
      // Freeing a million frames may overflow the runtime's stack: if so, the message says what happened and why.
      assert.match(client.outputText('stderr'), /RecursionError|ran out of stack .*sys\.setrecursionlimit/);
    });
  });

  it('sys.exit in a task ends the session with its status, no traceback', async (t) => {
    const source =
      'import asyncio, sys\n\nasync def worker():\n    print("exiting", flush=True)\n    sys.exit(5)\n\n' +
      'async def main():\n    await asyncio.create_task(worker())\n\nasyncio.run(main())\n';
    await session(t, 'sys_exit', source, async (client) => {
      assert.equal((await client.next<DebugProtocol.ExitedEvent>('exited', 60_000)).body.exitCode, 5);
      await client.next('terminated');
      assert.equal(client.outputText('stdout'), 'exiting\n');
      assert.doesNotMatch(client.outputText(), /Traceback|SystemExit/);
    });
  });

  it('100,000 tasks: pause stops, every task is a thread, Stop ends it', async (t) => {
    const source =
      'import asyncio\n\nasync def wait(event):\n    await event.wait()\n\nasync def main():\n    event = asyncio.Event()\n' +
      '    tasks = [asyncio.create_task(wait(event)) for _ in range(100_000)]\n    await asyncio.sleep(0)\n    print("ready", flush=True)\n' +
      '    while True:\n        await asyncio.sleep(0)\n\nasyncio.run(main())\n';
    await session(t, 'tasks', source, async (client) => {
      await printed(client, 'ready');
      await pause(t, client);
      const started = performance.now();
      const threads = (await client.dc.threadsRequest()).body.threads;
      t.diagnostic(`threads request: ${threads.length} threads in ${Math.round(performance.now() - started)} ms`);
      assert.ok(threads.length >= 100_001, `${threads.length} threads`);
      await terminate(t, client);
    });
  });

  it('100 MB of output: pause stops it mid-stream, Stop ends it', async (t) => {
    const source = 'import sys\nline = "x" * 1023 + "\\n"\nfor _ in range(100 * 1024):\n    sys.stdout.write(line)\n';
    await session(t, 'output', source, async (client) => {
      await printed(client, 'xxxx');
      assert.match((await pause(t, client)).where, /^<module>:[34]$/);
      await terminate(t, client);
    });
  });

  it('a read of stdin: pause stops at the input() line; the program then takes what is typed', async (t) => {
    await session(t, 'stdin', 'print("ready", flush=True)\nname = input()\nprint("got", name)\n', async (client) => {
      await client.next('loopscope/inputRequested', 60_000);
      const { stop, where } = await pause(t, client);
      assert.equal(where, '<module>:2');
      await client.dc.continueRequest({ threadId: stop.body.threadId! });
      // While the program waits for input, the Debug Console hands what is typed to it.
      await client.evaluate('Ada');
      assert.equal((await client.next<DebugProtocol.ExitedEvent>('exited', 60_000)).body.exitCode, 0);
      assert.equal(client.outputText('stdout'), 'ready\ngot Ada\n');
    });
  });

  it('a server with a child process: Stop closes its port and ends the child', async (t) => {
    const source =
      'import asyncio, subprocess\n\nasync def main():\n    server = await asyncio.start_server(lambda reader, writer: None, "127.0.0.1", 0)\n' +
      '    child = subprocess.Popen(["sleep", "1000"])\n    print("ready", server.sockets[0].getsockname()[1], child.pid, flush=True)\n' +
      '    await server.serve_forever()\n\nasyncio.run(main())\n';
    let port = 0;
    let child = 0;
    await session(t, 'server', source, async (client) => {
      [port, child] = (await printed(client, 'ready')).trim().split(' ').slice(1).map(Number) as [number, number];
      assert.equal(await refused(port), false, 'the program serves');
      await pause(t, client);
      await terminate(t, client);
    });
    assert.ok(await refused(port), `port ${port} still open`);
    assert.ok(
      !readdirSync('/proc').includes(String(child)) || /\) [ZX] /.test(readFileSync(`/proc/${child}/stat`, 'utf8')),
      `child ${child} alive`,
    );
  });

  it('after all these sessions the adapter holds no more threads than after the first', (t) => {
    t.diagnostic(`adapter threads after each session: ${threadsAfter.join(', ')}`);
    assert.ok(threadsAfter.length >= 2);
    assert.ok(threadsAfter.at(-1)! <= threadsAfter[0]!, threadsAfter.join(', '));
  });
});
