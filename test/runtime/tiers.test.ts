// How CPython's WebAssembly is compiled and shared must not show in what a program does: every wasm tier, a
// worker that waited for the optimized eval loop or did not, and a session that reuses this process's compiled
// code all run a program from the same interpreter state, so the same program prints the same output (object
// addresses, set orders and task names included) and produces the same events.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runFile, writeProgram } from './runProgram';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

/** Output that depends on the memory layout (ids, hashes of objects) and on scheduling. */
const PROGRAM = `
import asyncio, gc

class Node:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return f'Node({self.name})'

async def worker(i, out):
    for step in range(3):
        await asyncio.sleep(0.01 * ((i * 7 + step) % 4))
        out.append((i, step, asyncio.get_running_loop().time()))

async def main():
    out = []
    tasks = [asyncio.create_task(worker(i, out)) for i in range(8)]
    nodes = {Node(i) for i in range(20)}
    print([hex(id(node)) for node in list(nodes)[:5]])
    print(sorted(task.get_name() for task in asyncio.all_tasks()))
    print([task.get_name() for task in asyncio.all_tasks()])
    await asyncio.gather(*tasks)
    print(out)
    print(gc.get_count())

asyncio.run(main())
`;

describe('wasm tiers and shared compiled code leave programs deterministic', { concurrency: 1 }, () => {
  const file = writeProgram(PROGRAM, 'layout.py');

  it('library sessions: cold and warm, every tier, instrumented or not', async () => {
    const cold = await runFile(file, { keepCompiledCode: false, instrument: true });
    assert.equal(cold.status, 0, cold.stderr);
    assert.ok(cold.result.interpreterWaitMs >= 0);
    // Warm: this process keeps the compiled module, so the next workers start with optimized code and
    // skip the wait; the Python they run before the program is the same.
    const warm = await runFile(file, { instrument: true });
    const again = await runFile(file, { instrument: true });
    assert.equal(warm.stdout, cold.stdout);
    assert.equal(again.stdout, cold.stdout);
    assert.deepEqual(warm.events, cold.events);
    assert.deepEqual(again.events, cold.events);
    // Instrumentation itself runs Python (and so moves objects): plain runs are compared with plain runs.
    const [plainCold, plainWarm] = [await runFile(file, { keepCompiledCode: false }), await runFile(file)];
    assert.equal(plainWarm.stdout, plainCold.stdout);
    // Another tier runs other start-up Python (no warm-up): the same within the tier; across tiers only
    // what does not depend on the memory layout (task names, the schedule) must agree.
    const layoutFree = (stdout: string): string[] => [stdout.split('\n')[1]!, stdout.split('\n')[3]!];
    for (const wasmTier of ['startup', 'throughput'] as const) {
      const [first, second] = [await runFile(file, { wasmTier }), await runFile(file, { wasmTier })];
      assert.equal(first.status, 0, first.stderr);
      assert.equal(second.stdout, first.stdout, `${wasmTier}: two runs differ`);
      assert.deepEqual(layoutFree(first.stdout), layoutFree(cold.stdout));
    }
  });

  it('loopscope run: two processes print the same', () => {
    const runs = [0, 1].map(() => spawnSync(process.execPath, [CLI, 'run', file], { encoding: 'utf8' }));
    for (const run of runs) assert.equal(run.status, 0, run.stderr);
    assert.equal(runs[1]!.stdout, runs[0]!.stdout);
  });
});
