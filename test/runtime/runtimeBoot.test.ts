// Workers booted ahead of their program (bootRuntime): the program runs on them exactly as on a worker started for
// it (a debugging session mixes both: the launch on a pre-started worker, step back on fresh ones), a worker that
// does not fit the run is replaced, and one nobody claims ends when disposed of and, once loaded, keeps no process
// alive.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { bootRuntime, type RuntimeSession } from '../../runtime/src/index';
import { runFile, writeProgram } from './runProgram';

/** Output that depends on the interpreter's memory layout (ids) and on scheduling. */
const PROGRAM = `
import asyncio, random

async def worker(i, out):
    await asyncio.sleep(0.01 * (i % 3))
    out.append((i, random.random()))

async def main():
    out = []
    objects = [object() for _ in range(5)]
    print([hex(id(o)) for o in objects])
    async with asyncio.TaskGroup() as group:
        for i in range(6):
            group.create_task(worker(i, out))
    print(out)

asyncio.run(main())
`;

describe('runtime workers booted ahead of their program', { concurrency: 1 }, () => {
  const file = writeProgram(PROGRAM, 'booted.py');

  it('run a program exactly as a worker started for it does, and say they were booted ahead', async () => {
    let freshSession: RuntimeSession | undefined;
    const fresh = await runFile(file, { instrument: true, seed: 7 }, (session) => (freshSession = session));
    assert.equal(fresh.status, 0, fresh.stderr);
    assert.equal(freshSession!.startup?.bootedAhead, false);

    const booted = bootRuntime({ cacheEnv: process.env });
    const report = await booted.whenBooted();
    assert.ok(report.bootMs > 0);
    assert.equal(booted.usable, true);
    let aheadSession: RuntimeSession | undefined;
    const ahead = await runFile(file, { instrument: true, seed: 7, booted }, (session) => (aheadSession = session));
    assert.equal(ahead.status, 0, ahead.stderr);
    assert.equal(ahead.stdout, fresh.stdout);
    assert.deepEqual(ahead.events, fresh.events);
    const startup = aheadSession!.startup!;
    assert.equal(startup.bootedAhead, true);
    assert.equal(startup.loadedAhead, true, 'Python was loaded before the hand-over');
    assert.equal(startup.bootMs, report.bootMs);
    assert.equal(startup.snapshot, report.snapshot);
    assert.equal(booted.usable, false, 'a claimed worker is not offered again');
    assert.throws(() => booted.claim(() => undefined), /already claimed/);
    await booted.whenExited();
  });

  it('a program handed over while the worker still loads Python waits for it', async () => {
    const booted = bootRuntime({ cacheEnv: process.env });
    let session: RuntimeSession | undefined;
    const run = await runFile(file, { seed: 7, booted }, (started) => (session = started));
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^\['0x/);
    assert.equal(session!.startup?.bootedAhead, true);
    assert.equal(session!.startup?.loadedAhead, false);
  });

  it('a worker booted with other options is disposed of, and the run starts its own', async () => {
    const booted = bootRuntime({ snapshotDir: null, cacheEnv: process.env });
    assert.equal(booted.fits({ cacheEnv: process.env }), false);
    let session: RuntimeSession | undefined;
    const run = await runFile(file, { seed: 7, booted }, (started) => (session = started));
    assert.equal(run.status, 0, run.stderr);
    assert.equal(session!.startup?.bootedAhead, false);
    await booted.whenExited();
    assert.equal(booted.usable, false);
  });

  it('one nobody claims ends with dispose() and cannot be claimed afterwards', async () => {
    const booted = bootRuntime({ cacheEnv: process.env });
    await booted.dispose();
    await booted.whenExited();
    assert.equal(booted.usable, false);
    assert.throws(() => booted.claim(() => undefined), /already disposed/);
    await assert.rejects(booted.whenBooted());
  });

  it('keeps its process alive while it loads Python, not once it waits for a program', () => {
    const runtime = path.join(__dirname, '..', '..', 'runtime', 'src', 'index.ts');
    for (const wait of ['false', 'true']) {
      // Either way the process has nothing left to do but the worker, and ends once it has loaded Python.
      const script =
        `const { bootRuntime } = require(${JSON.stringify(runtime)});` +
        `const booted = bootRuntime({ cacheEnv: process.env });` +
        `if (${wait}) booted.whenBooted().then((report) => console.log('booted', report.snapshot));`;
      const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(child.status, 0, child.stderr);
      if (wait === 'true') assert.match(child.stdout, /^booted (loaded|created|none)/);
    }
  });
});
