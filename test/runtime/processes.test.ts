// Child processes and signals on the runtime, beyond what the differential programs compare: output of children
// posted in order with the program's own, no child outliving the run however it ends, Ctrl+C / SIGTERM / SIGHUP
// sent to `loopscope run` against python3, signals through the session API, pauses and time while a child runs.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { environmentVariables, startRuntime, type RuntimeSession } from '../../runtime/src/index';
import { runFile, runSource, writeProgram } from './runProgram';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const PROGRAMS = path.join(__dirname, 'programs');
const python =
  spawnSync('python3', ['-c', 'import sys; print(sys.version_info >= (3, 11))'], { encoding: 'utf8' }).stdout?.trim() === 'True';
const linux = process.platform === 'linux';

/** A process that exists and has not ended (a zombie has ended: its parent just has not reaped it yet). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Live processes of process group `group`. */
function groupMembers(group: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === group && fields[0] !== 'Z' && fields[0] !== 'X') members.push(Number(entry));
    } catch {
      // Gone while listing.
    }
  }
  return members;
}

async function eventually(check: () => boolean, ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

/** Starts `sleep 1000` three ways (Popen, a shell with a background child, asyncio), prints the pids, then ends per argv[1]. */
const LEFTOVERS = `
import asyncio, subprocess, sys
mode = sys.argv[1]
direct = subprocess.Popen(['sleep', '1000'])
shell = subprocess.Popen('sleep 1000 & sleep 1000', shell=True)
async def main():
    child = await asyncio.create_subprocess_exec('sleep', '1000')
    print(direct.pid, shell.pid, child.pid, flush=True)
    if mode == 'raise':
        raise RuntimeError('the program fails')
    if mode == 'spin':
        while True:
            pass
    if mode == 'wait':
        await asyncio.sleep(3600)
asyncio.run(main())
`;

async function assertNothingLeft(pids: number[]): Promise<void> {
  assert.equal(pids.length, 3, 'the program printed its children');
  for (const pid of pids) {
    assert.ok(await eventually(() => !alive(pid)), `child ${pid} outlived the run`);
    assert.ok(
      await eventually(() => groupMembers(pid).length === 0),
      `process group ${pid} outlived the run: ${groupMembers(pid).join(' ')}`,
    );
  }
}

/** Runs LEFTOVERS in `mode`; `end` ends the session once the pids are printed. */
async function leftoverRun(
  mode: string,
  end?: (session: RuntimeSession) => Promise<unknown>,
  options = {},
): Promise<{ pids: number[]; status: number }> {
  const file = writeProgram(LEFTOVERS);
  let pids: number[] = [];
  const run = await runFile(file, { args: [mode], ...options }, (session) => {
    session.onOutput(({ stream, data }) => {
      if (stream !== 'stdout' || pids.length) return;
      pids = Buffer.from(data).toString().trim().split(/\s+/).map(Number);
      if (end) void end(session);
    });
  });
  return { pids, status: run.status };
}

interface CliOutcome {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Runs `command`, sends `signal` once stdout has shown `ready`, and collects what happened. */
/** Pauses the session `delayMs` after the program prints 'start', then resumes; afterMs: how long the pause took. */
function pauseAfterStart(delayMs: number): { during: (session: RuntimeSession) => void; afterMs: () => number } {
  let pausedAfterMs = -1;
  return {
    during: (session) =>
      session.onOutput(({ data }) => {
        if (!Buffer.from(data).toString().includes('start')) return;
        setTimeout(() => {
          const asked = Date.now();
          void session.pause().then(async () => {
            pausedAfterMs = Date.now() - asked;
            await session.resume();
          });
        }, delayMs);
      }),
    afterMs: () => pausedAfterMs,
  };
}

function signalWhenReady(command: string, args: string[], signal: NodeJS.Signals): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!sent && stdout.includes('ready')) {
        sent = true;
        setTimeout(() => child.kill(signal), 150);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, received) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, signal: received });
    });
  });
}

const SERVE_FOREVER = `
import asyncio
async def handle(reader, writer):
    writer.close()
async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    print('ready', flush=True)
    async with server:
        try:
            await server.serve_forever()
        finally:
            print('serve_forever ended', flush=True)
    print('server closed', flush=True)
asyncio.run(main())
`;

describe('child processes', { concurrency: 2 }, () => {
  it("children writing to the inherited stdout/stderr are posted in order with the program's own output", { skip: !python }, async () => {
    const file = path.join(PROGRAMS, 'proc_system_order.py');
    const expected = spawnSync('python3', [file], { cwd: PROGRAMS, encoding: 'utf8' });
    const run = await runFile(file);
    assert.equal(run.stdout, expected.stdout);
    assert.match(run.stderr, /to stderr, not stdout/);
    assert.match(run.stderr, /not on stdout/);
  });

  it('what the host cannot do fails with a clear error', async () => {
    const run = await runSource(`
import asyncio, os, subprocess
for name, call in [
    ('preexec_fn', lambda: subprocess.run(['true'], preexec_fn=print)),
    ('pass_fds', lambda: subprocess.run(['true'], pass_fds=[5])),
]:
    try:
        call()
    except ValueError as error:
        print(name, '->', error)
read_end, write_end = os.pipe()
try:
    subprocess.run(['echo', 'x'], stdout=write_end)
except ValueError as error:
    print('os.pipe fd ->', error)
async def main():
    try:
        await asyncio.get_running_loop().connect_read_pipe(asyncio.Protocol, os.fdopen(read_end, 'rb'))
    except ValueError as error:
        print('connect_read_pipe ->', error)
asyncio.run(main())
`);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0]!, /^preexec_fn -> loopscope: preexec_fn is not available on the runtime/);
    assert.match(lines[1]!, /^pass_fds -> loopscope: pass_fds is not available on the runtime/);
    assert.match(lines[2]!, /^os\.pipe fd -> loopscope: file descriptor \d+ .* cannot be given to a child process/);
    assert.match(lines[3]!, /^connect_read_pipe -> loopscope: connect_read_pipe\(\) takes the pipes of child processes/);
  });

  it("connect_read_pipe reads the program's stdin: the run's given text, or loopscope run's own stdin", { skip: !python }, async () => {
    const source = `
import asyncio, sys
async def main():
    reader = asyncio.StreamReader()
    await asyncio.get_running_loop().connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    print([line async for line in reader])
asyncio.run(main())
`;
    const given = await runSource(source, { stdin: 'first\nsecond\n' });
    assert.equal(given.stdout, "[b'first\\n', b'second\\n']\n", given.stderr);
    const file = writeProgram(source);
    const piped = (command: string, args: string[]): string =>
      spawnSync(command, args, { input: 'one\ntwo\n', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).stdout;
    assert.equal(piped(process.execPath, [CLI, 'run', file]), piped('python3', [file]));
  });

  it('loop time follows the wall clock while a child runs (virtual clock), and a blocking wait is reported', async () => {
    const run = await runSource(
      `
import asyncio, subprocess, time
async def main():
    loop = asyncio.get_running_loop()
    started = loop.time()
    child = await asyncio.create_subprocess_exec('sleep', '0.4')
    await child.wait()
    print(loop.time() - started)
    started = time.monotonic()
    subprocess.run(['sleep', '0.3'])
    print(time.monotonic() - started)
asyncio.run(main())
`,
      { instrument: true },
    );
    assert.equal(run.status, 0, run.stderr);
    const [asyncChild, blockingRun] = run.stdout.trim().split('\n').map(Number);
    // The wait is measured from when the program starts waiting, a moment after the child started sleeping: a
    // few milliseconds under the child's own time (0.2993 s for `sleep 0.3` was seen).
    assert.ok(asyncChild! >= 0.38 && asyncChild! < 1.5, `asyncio child: ${asyncChild}`);
    assert.ok(blockingRun! >= 0.28 && blockingRun! < 1.5, `blocking run: ${blockingRun}`);
    const blocked = run.events.filter((event) => event.type === 'loopBlocked');
    assert.ok(
      blocked.some((event) => event.type === 'loopBlocked' && event.duration >= 0.25 && event.site?.line === 10),
      JSON.stringify(blocked),
    );
  });

  it('a pause reaches a program blocked waiting for a child; the wait then goes on', async () => {
    const pause = pauseAfterStart(200);
    const run = await runSource(
      `
import subprocess
print('start', flush=True)
print('returncode', subprocess.run(['sleep', '1.2']).returncode)
`,
      {},
      pause.during,
    );
    assert.equal(run.stdout, 'start\nreturncode 0\n', run.stderr);
    assert.ok(pause.afterMs() >= 0 && pause.afterMs() < 800, `paused after ${pause.afterMs()} ms`);
  });
});

describe('a blocking time.sleep under the real clock', () => {
  it('a pause reaches it, and the sleep then goes on', async () => {
    const pause = pauseAfterStart(300);
    const run = await runSource(
      `
import time
print('start', flush=True)
started = time.monotonic()
time.sleep(3)
print('slept at least 3 s:', time.monotonic() - started >= 3)
`,
      { clock: 'real' },
      pause.during,
    );
    assert.equal(run.stdout, 'start\nslept at least 3 s: True\n', run.stderr);
    // Without the pause reaching the sleep, it would come only when the sleep ends (about 2.7 s later).
    assert.ok(pause.afterMs() >= 0 && pause.afterMs() < 1500, `paused after ${pause.afterMs()} ms`);
  });

  it('--max-wall ends a script held in it with status 124 and says where', async () => {
    const run = await runSource("import time\nprint('start', flush=True)\ntime.sleep(30)\n", { clock: 'real', maxWall: 1.5 });
    assert.equal(run.status, 124, run.stderr);
    assert.match(run.stderr, /--max-wall time limit was reached while blocked in time\.sleep\(\) in <module> at .*program\.py:3\n/);
    assert.doesNotMatch(run.stderr, /Traceback|PythonError/);
  });
});

describe('nothing outlives the run', { concurrency: 2, skip: linux ? false : 'reads /proc' }, () => {
  it('normal end', async () => {
    const { pids, status } = await leftoverRun('end');
    assert.equal(status, 0);
    await assertNothingLeft(pids);
  });

  it('uncaught exception', async () => {
    const { pids, status } = await leftoverRun('raise');
    assert.equal(status, 1);
    await assertNothingLeft(pids);
  });

  it('--max-wall halt of a loop that never awaits', async () => {
    // The limit counts from the start: generous, so it strikes in the spin, after the children started, even
    // on a loaded machine (at 1.5 s it once struck before the program had printed their pids).
    const { pids, status } = await leftoverRun('spin', undefined, { maxWall: 8 });
    assert.equal(status, 124);
    await assertNothingLeft(pids);
  });

  it('terminate()', async () => {
    const { pids, status } = await leftoverRun('wait', (session) => session.terminate());
    assert.equal(status, 143);
    await assertNothingLeft(pids);
  });

  it('kill()', async () => {
    const { pids } = await leftoverRun('wait', (session) => session.kill());
    await assertNothingLeft(pids);
  });

  it('a signal the program does not handle (SIGTERM)', async () => {
    let outcome = '';
    const { pids, status } = await leftoverRun('wait', async (session) => (outcome = session.deliverSignal('SIGTERM')));
    assert.equal(outcome, 'killed');
    assert.equal(status, 143);
    await assertNothingLeft(pids);
  });

  it('a debug session that is terminated', async () => {
    const session = startRuntime({
      program: writeProgram(LEFTOVERS),
      args: ['wait'],
      cwd: process.cwd(),
      env: environmentVariables(process.env),
      cacheEnv: process.env,
      debug: true,
      stdio: 'pipe',
      maxWall: 60,
    });
    let pids: number[] = [];
    const printed = new Promise<void>((resolve) =>
      session.onOutput(({ stream, data }) => {
        if (stream !== 'stdout') return;
        pids = Buffer.from(data).toString().trim().split(/\s+/).map(Number);
        resolve();
      }),
    );
    await session.whenConfiguring();
    await session.start({ stopOnEntry: false, stopAt: null, stdinReplay: '' });
    await printed;
    await session.terminate();
    await assertNothingLeft(pids);
  });

  it('loopscope run ended by SIGTERM', async () => {
    const file = writeProgram(
      LEFTOVERS.replace(
        'print(direct.pid, shell.pid, child.pid, flush=True)',
        "print(direct.pid, shell.pid, child.pid, 'ready', flush=True)",
      ),
    );
    const outcome = await signalWhenReady(process.execPath, [CLI, 'run', file, 'wait'], 'SIGTERM');
    assert.equal(outcome.signal, 'SIGTERM');
    await assertNothingLeft(outcome.stdout.trim().split(/\s+/).slice(0, 3).map(Number));
  });
});

describe('signals', { concurrency: 2 }, () => {
  it('Ctrl+C stops a serve_forever server as under python3', { skip: !python }, async () => {
    const file = writeProgram(SERVE_FOREVER);
    const [expected, actual] = await Promise.all([
      signalWhenReady('python3', [file], 'SIGINT'),
      signalWhenReady(process.execPath, [CLI, 'run', file], 'SIGINT'),
    ]);
    assert.equal(actual.stdout, expected.stdout);
    assert.equal(expected.stdout, 'ready\nserve_forever ended\n');
    assert.deepEqual([actual.code, actual.signal], [expected.code, expected.signal]);
    assert.match(actual.stderr, /\nKeyboardInterrupt\n$/);
  });

  it('Ctrl+C during a blocking subprocess.run: KeyboardInterrupt, and the child is killed', { skip: !python || !linux }, async () => {
    const source = `
import subprocess, sys
child = subprocess.Popen(['sleep', '30'])
print('ready', child.pid, flush=True)
try:
    child.wait()
except KeyboardInterrupt:
    child.kill()
    print('interrupted', child.wait(), flush=True)
    raise
`;
    const file = writeProgram(source);
    const [expected, actual] = await Promise.all([
      signalWhenReady('python3', [file], 'SIGINT'),
      signalWhenReady(process.execPath, [CLI, 'run', file], 'SIGINT'),
    ]);
    assert.equal(actual.stdout.replace(/\d+/g, 'N'), expected.stdout.replace(/\d+/g, 'N'));
    assert.deepEqual([actual.code, actual.signal], [expected.code, expected.signal]);
    assert.ok(!alive(Number(actual.stdout.split(/\s+/)[1])));
  });

  it('SIGTERM and SIGHUP end a program without handlers as they end python3; a handler gets SIGTERM', { skip: !python }, async () => {
    const plain = writeProgram("import time\nprint('ready', flush=True)\nwhile True:\n    time.sleep(0.05)\n");
    const handled = writeProgram(`
import asyncio, signal
async def main():
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    print('ready', flush=True)
    await stop.wait()
    print('stopped by SIGTERM', flush=True)
asyncio.run(main())
`);
    for (const [file, signal] of [
      [plain, 'SIGTERM'],
      [plain, 'SIGHUP'],
      [handled, 'SIGTERM'],
    ] as const) {
      const [expected, actual] = await Promise.all([
        signalWhenReady('python3', [file], signal),
        signalWhenReady(process.execPath, [CLI, 'run', file, '--clock', 'real'], signal),
      ]);
      assert.equal(actual.stdout, expected.stdout, `${signal} ${file}\n${actual.stderr}\n${expected.stderr}`);
      assert.deepEqual([actual.code, actual.signal], [expected.code, expected.signal], `${signal} ${file}\n${actual.stderr}`);
    }
  });

  it('the session delivers signals by what the program does with them', async () => {
    const outcomes: string[] = [];
    const run = await runSource(
      `
import asyncio, signal
async def main():
    loop = asyncio.get_running_loop()
    got = asyncio.Event()
    loop.add_signal_handler(signal.SIGUSR1, lambda: (print('SIGUSR1 handled'), got.set()))
    signal.signal(signal.SIGUSR2, signal.SIG_IGN)
    server = await asyncio.start_server(lambda r, w: None, '127.0.0.1', 0)
    print('ready', flush=True)
    await got.wait()
    print('waiting for the end', flush=True)
    await asyncio.sleep(3600)
asyncio.run(main())
`,
      {},
      (session) => {
        session.onOutput(({ data }) => {
          const text = Buffer.from(data).toString();
          if (text.includes('ready'))
            outcomes.push(session.deliverSignal('SIGUSR2'), session.deliverSignal('SIGWINCH'), session.deliverSignal('SIGUSR1'));
          if (text.includes('waiting for the end')) outcomes.push(session.deliverSignal('SIGTERM'));
        });
      },
    );
    assert.deepEqual(outcomes, ['ignored', 'ignored', 'handled', 'killed']);
    assert.equal(run.stdout, 'ready\nSIGUSR1 handled\nwaiting for the end\n');
    assert.equal(run.status, 143);
    assert.equal(run.result.signal, 'SIGTERM');
  });

  it('a signal that reaches an idle loop is never slept through (each of many, wherever the loop is)', async () => {
    // Python notes a loop's signal between any two bytecodes: also just after the loop looked for arrived
    // signals and before it calls in to wait. Many rounds put the note at many places of that stretch.
    const rounds = 40;
    const run = await runSource(
      `
import asyncio, signal
async def main():
    loop = asyncio.get_running_loop()
    got = asyncio.Event()
    loop.add_signal_handler(signal.SIGUSR1, got.set)
    for round_ in range(${rounds}):
        print('waiting', round_, flush=True)
        await got.wait()
        got.clear()
    print('all signals handled', flush=True)
asyncio.run(main())
`,
      { clock: 'real', maxWall: 20 },
      (session) => {
        session.onOutput(({ data }) => {
          const text = Buffer.from(data).toString();
          // A little later than the output, so the loop has gone back to waiting.
          for (const _ of text.matchAll(/waiting \d+/g)) setTimeout(() => session.deliverSignal('SIGUSR1'), 5);
        });
      },
    );
    assert.match(run.stdout, /all signals handled/, run.stderr);
    assert.equal(run.status, 0);
  });

  it('the runtime still halts a program that took over every signal it could', async () => {
    const run = await runSource(
      `
import signal
for number in signal.valid_signals():
    try:
        signal.signal(number, signal.SIG_IGN)
    except (OSError, ValueError):
        pass
print('all ignored', flush=True)
while True:
    pass
`,
      { maxWall: 1.5 },
    );
    assert.equal(run.stdout, 'all ignored\n');
    assert.equal(run.status, 124);
    assert.match(run.stderr, /--max-wall/);
  });

  it('time.sleep under the real clock: a handler runs and the sleep goes on; Ctrl+C ends it', { skip: !python }, async () => {
    const file = writeProgram(`
import signal, time
signal.signal(signal.SIGUSR1, lambda number, frame: print('handler ran', flush=True))
print('ready', flush=True)
started = time.monotonic()
time.sleep(1.0)
print('slept it all:', time.monotonic() - started >= 0.99, flush=True)
time.sleep(30)
`);
    const outcomes = await Promise.all(
      [
        ['python3', file],
        [process.execPath, CLI, 'run', file, '--clock', 'real'],
      ].map(
        ([command, ...args]) =>
          new Promise<CliOutcome>((resolve) => {
            const child = spawn(command!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (chunk: Buffer) => {
              stdout += chunk.toString();
              if (stdout === 'ready\n') setTimeout(() => child.kill('SIGUSR1'), 300);
              if (stdout.includes('slept it all')) setTimeout(() => child.kill('SIGINT'), 300);
            });
            child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
            child.on('close', (code, signal) => resolve({ stdout, stderr, code, signal }));
          }),
      ),
    );
    const [expected, actual] = outcomes as [CliOutcome, CliOutcome];
    assert.equal(expected.stdout, 'ready\nhandler ran\nslept it all: True\n');
    assert.equal(actual.stdout, expected.stdout);
    assert.deepEqual([actual.code, actual.signal], [expected.code, expected.signal]);
  });

  it('an uncaught KeyboardInterrupt ends the run as python3 ends: killed by SIGINT', async () => {
    const run = await runSource('raise KeyboardInterrupt\n');
    assert.equal(run.status, 130);
    assert.equal(run.result.signal, 'SIGINT');
  });
});
