// Record and replay (issue 14): `loopscope run --record FILE` writes what entered the program from outside, and
// `loopscope run --replay FILE` runs it again offline with the same output and exit status — after the test's
// server is gone, with no stdin, without starting a process. A changed program is stopped where it diverges.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const PROGRAMS = path.join(__dirname, 'recording');

interface Outcome {
  stdout: string;
  stderr: string;
  status: number | null;
  signal: NodeJS.Signals | null;
}

/** `loopscope run ARGS` in `cwd`, with `input` on stdin; `during` sees the process (to signal it). */
function loopscope(
  args: string[],
  cwd: string,
  input = '',
  during?: (child: ReturnType<typeof spawn>, stdout: () => string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'run', ...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status, signal) =>
      resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), status, signal }),
    );
    child.stdin!.end(input);
    during?.(child, () => Buffer.concat(stdout).toString('utf8'));
  });
}

/** A copy of the test program in a folder of its own (a recording names its program by path). */
function copyProgram(name: string): { folder: string; program: string } {
  const folder = mkdtempSync(path.join(tmpdir(), 'loopscope-replay-'));
  const program = path.join(folder, name);
  copyFileSync(path.join(PROGRAMS, name), program);
  return { folder, program };
}

/** A server whose every answer is new: `answer <n> <uuid>` (a run repeated against it cannot print the same). */
async function changingServer(): Promise<{ server: Server; port: number; connections: () => number }> {
  let count = 0;
  const server = createServer((socket) => {
    count++;
    socket.once('data', () => socket.end(`answer ${count} ${randomUUID()}\n`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, connections: () => count };
}

describe('record and replay', () => {
  it('replays a client of a server that is gone: answers, name lookup, uuid4, random, time, pid', async () => {
    const { folder, program } = copyProgram('client.py');
    const recording = path.join(folder, 'client.rec');
    const { server, port, connections } = await changingServer();
    const recorded = await loopscope([program, String(port), '--record', recording], folder);
    await new Promise((resolve) => server.close(resolve));
    assert.equal(recorded.status, 0, recorded.stderr);
    assert.equal(connections(), 3);
    assert.match(recorded.stdout, /^answer \d [0-9a-f-]{36}\n/);

    const replayed = await loopscope(['--replay', recording], folder);
    assert.equal(replayed.stderr, '');
    assert.equal(replayed.status, 0);
    assert.equal(replayed.stdout, recorded.stdout);
    assert.equal(connections(), 3, 'the replay connected to nobody');

    // Not a coincidence: without the recording the same program prints other values (and here fails to connect).
    const rerun = await loopscope([program, String(port)], folder);
    assert.notEqual(rerun.stdout, recorded.stdout);
  });

  it('stops a changed program where it goes another way, with both sides of the difference', async () => {
    const { folder, program } = copyProgram('client.py');
    const recording = path.join(folder, 'client.rec');
    const { server, port } = await changingServer();
    const recorded = await loopscope([program, String(port), '--record', recording], folder);
    await new Promise((resolve) => server.close(resolve));
    assert.equal(recorded.status, 0, recorded.stderr);

    writeFileSync(program, readFileSync(program, 'utf8').replace("f'question {n}'", "f'query {n}'"));
    const replayed = await loopscope(['--replay', recording], folder);
    assert.equal(replayed.status, 3);
    assert.match(
      replayed.stderr,
      /^loopscope: the replay went another way than the recording at t=[\d.]+s \(virtual\) in ask at client\.py:14: /,
    );
    assert.match(replayed.stderr, /the program sent 8 bytes b'query 0\\n' where the recorded run sent 11 bytes starting b'question'/);
    assert.match(replayed.stderr, /\(call \d+ of the recording, event-loop iteration \d+\)/);
  });

  it('refuses a recording of another program, a file that is not a recording, and --clock with --replay', async () => {
    const { folder, program } = copyProgram('client.py');
    const recording = path.join(folder, 'client.rec');
    const { server, port } = await changingServer();
    await loopscope([program, String(port), '--record', recording], folder);
    await new Promise((resolve) => server.close(resolve));
    const other = copyProgram('server.py');

    const wrongProgram = await loopscope([other.program, '--replay', recording], folder);
    assert.equal(wrongProgram.status, 2);
    assert.equal(wrongProgram.stderr, `loopscope: --replay ${recording}: this is a recording of ${program}, not of ${other.program}\n`);

    writeFileSync(path.join(folder, 'notes.txt'), 'not a recording');
    const notRecording = await loopscope(['--replay', 'notes.txt'], folder);
    assert.equal(notRecording.status, 2);
    assert.equal(notRecording.stderr, 'loopscope: --replay notes.txt: this file is not a Loopscope recording\n');

    const bytes = readFileSync(recording);
    bytes.writeUInt32LE(99, 8);
    writeFileSync(path.join(folder, 'future.rec'), bytes);
    const future = await loopscope(['--replay', 'future.rec'], folder);
    assert.equal(future.status, 2);
    assert.match(future.stderr, /format version 99; this Loopscope reads version 1/);

    const clock = await loopscope(['--replay', recording, '--clock', 'virtual'], folder);
    assert.equal(clock.status, 2);
    assert.match(clock.stderr, /--replay takes --clock from the recording/);
  });

  it('under --clock real: timers, loop.time(), time.time(), datetime.now() and a blocking sleep read the same in the replay', async () => {
    const { folder, program } = copyProgram('real_clock.py');
    const recording = path.join(folder, 'real.rec');
    const recorded = await loopscope([program, '--clock', 'real', '--record', recording], folder);
    assert.equal(recorded.stderr, '');
    assert.match(
      recorded.stdout,
      /^\['a@[\d.]+', 'a@[\d.]+', 'a@[\d.]+'\] \['b@[\d.]+', 'b@[\d.]+'\]\nelapsed 0\.\d+ \d+ \d+\ntoday \S+ [\d:]+\ntimed out at [\d.]+\n$/,
    );
    const replayed = await loopscope(['--replay', recording], folder);
    assert.equal(replayed.stderr, '');
    assert.deepEqual([replayed.stdout, replayed.status], [recorded.stdout, recorded.status]);
    // Not a coincidence: run again, the same program reads other times.
    const rerun = await loopscope([program, '--clock', 'real'], folder);
    assert.notEqual(rerun.stdout, recorded.stdout);
  });

  it('under --clock real: a client of a server that is gone replays', async () => {
    const { folder, program } = copyProgram('client.py');
    const recording = path.join(folder, 'client.rec');
    const { server, port, connections } = await changingServer();
    const recorded = await loopscope([program, String(port), '--clock', 'real', '--record', recording], folder);
    await new Promise((resolve) => server.close(resolve));
    assert.equal(recorded.status, 0, recorded.stderr);
    const replayed = await loopscope(['--replay', recording], folder);
    assert.equal(replayed.stderr, '');
    assert.deepEqual([replayed.stdout, replayed.status], [recorded.stdout, 0]);
    assert.equal(connections(), 3, 'the replay connected to nobody');
  });

  it('replays stdin, a pipeline of child processes and a child writing to the output, starting no process', async () => {
    const { folder, program } = copyProgram('pipeline.py');
    const recording = path.join(folder, 'pipeline.rec');
    const marker = path.join(folder, 'children.txt');
    const recorded = await loopscope([program, marker, '--record', recording], folder, 'b a c a b a\n');
    assert.equal(recorded.status, 0, recorded.stderr);
    assert.equal(
      recorded.stdout,
      'read 6 words\n3 a\n2 b\n1 c\nsort exited with 0 and has a pid: True\na child writes here too\nos.system returned 3\n',
    );
    const children = readFileSync(marker, 'utf8');

    const replayed = await loopscope(['--replay', recording], folder, '');
    assert.equal(replayed.stderr, '');
    assert.equal(replayed.status, 0);
    assert.equal(replayed.stdout, recorded.stdout);
    assert.equal(readFileSync(marker, 'utf8'), children, 'the replay started no process');
  });

  it('replays on another install: its runtime iterates sets of strings in the same order', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'loopscope-replay-'));
    const program = path.join(folder, 'names.py');
    writeFileSync(program, "import os\nnames = {f'name-{n}' for n in range(20)}\nprint(list(names), os.urandom(4).hex())\n");
    const recording = path.join(folder, 'names.rec');
    const here = { ...process.env, LOOPSCOPE_SNAPSHOT_DIR: mkdtempSync(path.join(tmpdir(), 'loopscope-install-a-')) };
    const elsewhere = { ...process.env, LOOPSCOPE_SNAPSHOT_DIR: mkdtempSync(path.join(tmpdir(), 'loopscope-install-b-')) };
    const recorded = await loopscope([program, '--record', recording], folder, '', undefined, here);
    assert.equal(recorded.status, 0, recorded.stderr);
    const replayed = await loopscope(['--replay', recording], folder, '', undefined, elsewhere);
    assert.equal(replayed.stderr, '');
    assert.equal(replayed.stdout, recorded.stdout);
  });

  it('replays a Ctrl+C where it reached the recorded server', async () => {
    const { folder, program } = copyProgram('server.py');
    const recording = path.join(folder, 'server.rec');
    const recorded = await loopscope([program, '--record', recording], folder, '', (child, stdout) => {
      const poll = setInterval(() => {
        const port = /serving on (\d+)/.exec(stdout())?.[1];
        if (!port) return;
        clearInterval(poll);
        const client = createConnection(Number(port), '127.0.0.1', () => client.write('tester\n'));
        client.on('data', () => undefined);
        client.on('close', () => setTimeout(() => child.kill('SIGINT'), 200));
      }, 20);
    });
    assert.equal(recorded.signal, 'SIGINT', recorded.stderr);
    assert.match(recorded.stdout, /^serving on \d+\ngreeting tester\nserver closed\n$/);
    assert.match(recorded.stderr, /KeyboardInterrupt\n$/);

    const replayed = await loopscope(['--replay', recording], folder);
    assert.equal(replayed.signal, 'SIGINT');
    assert.equal(replayed.stdout, recorded.stdout);
    assert.equal(replayed.stderr, recorded.stderr);
  });
});
