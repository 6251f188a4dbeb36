// Start-up (issue 13): the adapter starts loading Python on `initialize`, so the launched program runs on a worker
// that was already booting (the `loopscope/runtimeStarted` event says so); a worker started for a launch that never
// comes, or fails, ends with the session. No timing is asserted: the figures are bench/debug's.
import type { DebugProtocol } from '@vscode/debugprotocol';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuntimeStartedBody } from '../../protocol/debugProtocol';
import { LoopscopeSession } from '../../debug-adapter/src/loopscopeSession';
import { bootRuntime, type BootedRuntime, type BootOptions } from '../../runtime/src/index';
import { AdapterClient, lineOf, program, startAdapterServer, withAdapter } from './adapterClient';

const TASKS = program('tasks_basic.py');
const INITIALIZE: DebugProtocol.InitializeRequestArguments = { adapterID: 'loopscope', pathFormat: 'path', linesStartAt1: true };

describe('debug adapter: start-up', { concurrency: 2 }, () => {
  it('a launch after initialize runs on the worker started on initialize; a restart on the one loaded while it was stopped', async () => {
    await withAdapter(async (client) => {
      await client.launch({ program: TASKS }, { breakpoints: { [TASKS]: [{ line: lineOf(TASKS, 'child-first') }] } });
      const started = (await client.next('loopscope/runtimeStarted')).body as RuntimeStartedBody;
      assert.equal(started.preStarted, true);
      assert.equal(typeof started.loadedBeforeLaunch, 'boolean');
      assert.ok(started.aheadMs >= 0 && started.bootMs > 0 && started.readyMs >= 0, JSON.stringify(started));
      assert.match(started.snapshot, /^(loaded|created|none)$/);
      const stop = await client.nextStop();
      assert.equal(await client.where(stop), 'child:20');

      await client.dc.customRequest('restart', { arguments: { program: TASKS } });
      // While the recorded run was stopped, the adapter loaded a worker for a step back's re-run: the restart
      // takes it (a worker of its own, booted after the first run's).
      const restarted = (await client.next('loopscope/runtimeStarted')).body as RuntimeStartedBody;
      assert.equal(restarted.preStarted, true, 'the restart runs on the worker loaded during the stop');
      assert.ok(restarted.aheadMs > 0 && restarted.bootMs > 0, JSON.stringify(restarted));
      assert.equal(await client.where(await client.nextStop()), 'child:20');
    });
  });

  it('a --server connection starts nothing before its launch has shown the token', async () => {
    const server = await startAdapterServer();
    const client = new AdapterClient();
    client.token = server.token;
    try {
      await client.start(server.port);
      await client.launch({ program: TASKS, stopOnEntry: true });
      const started = (await client.next('loopscope/runtimeStarted')).body as RuntimeStartedBody;
      assert.equal(started.preStarted, false);
      await client.nextStop();
    } finally {
      await client.close();
      server.process.kill();
    }
  });

  it("a launch that comes once the pre-started worker has loaded Python (the extension's spare) waits for none of it", async () => {
    const inline = new InlineSession();
    await inline.request('initialize', INITIALIZE);
    const [spare] = inline.prestarted;
    await spare!.whenBooted();
    const launch = await inline.request('launch', { program: TASKS, stopOnEntry: true });
    assert.equal(launch.success, true, launch.message);
    const started = inline.events.find((event) => event.event === 'loopscope/runtimeStarted')?.body as RuntimeStartedBody;
    assert.equal(started.preStarted, true);
    assert.equal(started.loadedBeforeLaunch, true);
    assert.equal(spare!.usable, false, 'the launch took it');
    await inline.request('disconnect', {});
    await within(spare!.whenExited(), "the program's worker ends with the session");
    assert.equal(inline.prestarted.length, 1);
  });

  it('a worker started for a launch that fails, or never comes, ends with the session', async () => {
    // The session in this process, handing out the workers it pre-starts so that the test can watch them.
    const failedLaunch = new InlineSession();
    const initialized = await failedLaunch.request('initialize', INITIALIZE);
    assert.equal(initialized.success, true, initialized.message);
    const [booting] = failedLaunch.prestarted;
    assert.ok(booting, 'initialize started a worker');
    const launch = await failedLaunch.request('launch', { program: program('nope.py') });
    assert.equal(launch.success, false);
    assert.match(launch.message ?? '', /"program" does not exist/);
    await within(booting.whenExited(), 'the worker of the failed launch ends');
    assert.equal(booting.usable, false);
    await failedLaunch.request('disconnect', {});
    assert.equal(failedLaunch.prestarted.length, 1, 'no other worker was started');

    // VS Code drops an inline session before launching (the user stopped it while it was starting).
    const dropped = new InlineSession();
    await dropped.request('initialize', INITIALIZE);
    const [unused] = dropped.prestarted;
    await unused!.whenBooted();
    dropped.session.dispose();
    await within(unused!.whenExited(), 'the worker of the dropped session ends');
  });
});

/** A LoopscopeSession driven in this process, as the extension runs it inline; it records the workers it pre-starts. */
class InlineSession {
  readonly prestarted: BootedRuntime[] = [];
  readonly events: DebugProtocol.Event[] = [];
  readonly session: LoopscopeSession;
  private readonly pending = new Map<number, (response: DebugProtocol.Response) => void>();
  private seq = 1;

  constructor() {
    this.session = new LoopscopeSession({
      prestart: (options: BootOptions) => {
        const booted = bootRuntime(options);
        this.prestarted.push(booted);
        return booted;
      },
    });
    this.session.onDidSendMessage((message) => {
      const sent = message as DebugProtocol.ProtocolMessage;
      if (sent.type === 'response') this.pending.get((sent as DebugProtocol.Response).request_seq)?.(sent as DebugProtocol.Response);
      else if (sent.type === 'event') this.events.push(sent as DebugProtocol.Event);
    });
  }

  request(command: string, args: object): Promise<DebugProtocol.Response> {
    const seq = this.seq++;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve);
      this.session.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request);
    });
  }
}

async function within(work: Promise<unknown>, what: string, timeoutMs = 20_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`not within ${timeoutMs} ms: ${what}`)), timeoutMs)),
  );
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
