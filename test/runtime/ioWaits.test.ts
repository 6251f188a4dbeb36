// How the runtime describes tasks waiting on I/O ("reading 127.0.0.1:8080", "connecting to …", "serving on …"),
// asyncio's own waits and a library's futures alike (ioWaits/wirelib.py, installed in a virtualenv beside the
// program so it is library code); the `ioStarted` event; and the text timeline's I/O waits and note.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { formatTimeline, TaskRegistry, type RuntimeEvent } from '../../runtime/src/index';
import { describeFirstCommand } from '../../runtime/src/worker/io/firstExternalIo';
import { runFile, type ProgramRun } from './runProgram';

const HERE = path.join(__dirname, 'ioWaits');

/** The program in a fresh folder with a `.venv` beside it whose site-packages hold wirelib.py. */
function programWithLibrary(): string | null {
  const folder = mkdtempSync(path.join(tmpdir(), 'loopscope-iowaits-'));
  const venv = path.join(folder, '.venv');
  const made = spawnSync('python3', ['-m', 'venv', '--without-pip', venv], { encoding: 'utf8' });
  if (made.status !== 0) return null;
  const lib = readdirSync(path.join(venv, 'lib')).find((entry) => entry.startsWith('python3'))!;
  const site = path.join(venv, 'lib', lib, 'site-packages');
  mkdirSync(site, { recursive: true });
  copyFileSync(path.join(HERE, 'wirelib.py'), path.join(site, 'wirelib.py'));
  copyFileSync(path.join(HERE, 'io_waits.py'), path.join(folder, 'io_waits.py'));
  return path.join(folder, 'io_waits.py');
}

/** Every (task name, I/O wait) the run's steps ended in. */
function ioWaits(events: readonly RuntimeEvent[]): Set<string> {
  const names = new Map<number, string>();
  const seen = new Set<string>();
  for (const event of events) {
    if (event.type === 'taskCreated') names.set(event.taskId, event.name);
    if (event.type === 'stepEnded' && event.awaiting?.kind === 'io')
      seen.add(`${names.get(event.taskId)}: ${event.awaiting.operation}: ${event.awaiting.description}`);
  }
  return seen;
}

describe('runtime: what tasks waiting on I/O wait for', () => {
  let run: ProgramRun;
  let skip: string | false = false;

  before(async () => {
    const program = programWithLibrary();
    if (!program) {
      skip = 'python3 -m venv is not available';
      return;
    }
    run = await runFile(program, { instrument: true, env: { PATH: process.env.PATH ?? '' } });
  });

  it('describes asyncio streams, servers, sockets and name lookups, and a library’s own futures', (t) => {
    if (skip) return t.skip(skip);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /library receive b'one\\n'\nlibrary generator b'two\\n'\ndone/);
    const seen = [...ioWaits(run.events)];
    const has = (pattern: RegExp, what: string) =>
      assert.ok(
        seen.some((entry) => pattern.test(entry)),
        `${what}; seen:\n${seen.join('\n')}`,
      );
    has(/^Task-1: resolve: resolving localhost$/, 'getaddrinfo');
    has(/^serving: serve: serving on 127\.0\.0\.1:\d+$/, 'Server.serve_forever');
    has(/^Task-\d+: read: reading 127\.0\.0\.1:\d+$/, "the server's StreamReader.readline");
    has(/^wirelib-attempt: connect: connecting to 127\.0\.0\.1:\d+$/, 'create_connection in a helper task');
    has(/^Task-1: connect: connecting to 127\.0\.0\.1:\d+$/, "the library's connect_tcp waiting on an Event");
    has(/^Task-1: write: writing to 127\.0\.0\.1:\d+$/, 'drain() held back by a peer that does not read');
    has(/^Task-1: close: closing the connection to 127\.0\.0\.1:\d+$/, 'StreamWriter.wait_closed');
    has(/^sock-acceptor: accept: accepting on 127\.0\.0\.1:\d+$/, 'loop.sock_accept');
    // The library's future (WireClient.receive) and its async generator (messages) on the same connection.
    const port = /serving on 127\.0\.0\.1:(\d+)/.exec(seen.join('\n'))?.[1];
    const libraryReads = run.events.filter(
      (event) =>
        event.type === 'stepEnded' &&
        event.taskId === 1 &&
        event.awaiting?.kind === 'io' &&
        event.awaiting.description === `reading 127.0.0.1:${port}`,
    );
    assert.equal(libraryReads.length, 2, `main read from the library's future and its generator; seen:\n${seen.join('\n')}`);
  });

  it('says once when the run first reached the network, and the text timeline draws I/O waits', (t) => {
    if (skip) return t.skip(skip);
    const started = run.events.filter((event) => event.type === 'ioStarted');
    assert.deepEqual(
      started.map((event) => event.type === 'ioStarted' && [event.resource, event.description, event.position]),
      [['network', 'resolving localhost', null]],
    );
    const registry = new TaskRegistry();
    for (const event of run.events) registry.apply(event);
    const timeline = formatTimeline(registry, { width: 40 });
    // Loop time follows the wall clock here: on a busy machine the task may wait a cell's worth (─) for its first step.
    assert.match(timeline, /^serving Server\.serve_forever\(\)\s+─?[█═]*═+[█═]*/m);
    assert.match(timeline, /═ waiting on I\/O/);
    assert.match(timeline, /the program used the network \(resolving localhost\): from then on loop time followed the wall clock/);
    const serving = [...registry.tasks.values()].find((task) => task.name === 'serving')!;
    assert.ok(
      registry.ioWaits(serving).length > 0 && registry.ioWaits(serving).every((wait) => wait.end !== null),
      'its waits ended when it was cancelled',
    );
  });
});

describe('runtime: the first I/O in words', () => {
  it('names what the first command to the I/O worker does', () => {
    const at = { host: '127.0.0.1', port: 8080, family: 4 as const };
    assert.equal(
      describeFirstCommand({ k: 'connect', h: 1, to: at, local: null, noDelay: true, keepAlive: false }).description,
      'connecting to 127.0.0.1:8080',
    );
    assert.equal(
      describeFirstCommand({ k: 'listen', h: 1, at: { host: '::1', port: 0, family: 6 }, backlog: 5, ipv6Only: false, exclusive: false })
        .description,
      'listening on ::1, any free port',
    );
    assert.equal(
      describeFirstCommand({ k: 'listen', h: 1, at: { path: '/tmp/s.sock' }, backlog: 5, ipv6Only: false, exclusive: false }).description,
      'listening on /tmp/s.sock',
    );
    assert.equal(describeFirstCommand({ k: 'lookup', q: 1, host: 'example.org', family: 0 }).description, 'resolving example.org');
    assert.equal(
      describeFirstCommand({ k: 'udpSend', h: 1, data: new Uint8Array(1), to: { host: '::1', port: 53, family: 6 } }).description,
      'sending a datagram to [::1]:53',
    );
  });
});
