// `npm run asyncio-suite -- --baseline`: the baseline host really runs CPython's own selector loop on the bundled
// CPython, and the comparison judges each module against the 1.5× target.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { ModuleResult } from './suiteRunner';
import { comparisonFooter, comparisonRow } from './wallTimeComparison';

const HOST = path.join(__dirname, 'baselineHost.ts');

function result(module: string, run: number, testSeconds: number): ModuleResult {
  return { module, tests: {}, passed: run, run, wallSeconds: testSeconds + 2, testSeconds, hangs: [], crashes: [] };
}

describe('the asyncio suite baseline', () => {
  it("runs a script on the bundled CPython with asyncio's own selector loop, self-pipe off", () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'loopscope-baseline-'));
    try {
      const script = path.join(scratch, 'which_loop.py');
      writeFileSync(
        script,
        [
          'import asyncio, sys',
          'async def main():',
          '    loop = asyncio.get_running_loop()',
          '    loop.call_soon_threadsafe(lambda: None)',
          '    await asyncio.sleep(0.01)',
          '    return type(loop).__name__, loop._ssock, sys.argv[1:]',
          'print(asyncio.run(main()))',
          'with asyncio.Runner(loop_factory=asyncio.EventLoop) as runner:',
          '    print(type(runner.get_loop()).__name__)',
        ].join('\n'),
      );
      const run = spawnSync(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, HOST, script, 'a', 'b'], {
        cwd: scratch,
        encoding: 'utf8',
      });
      assert.equal(run.stderr, '');
      assert.equal(run.stdout, "('_UnixSelectorEventLoop', None, ['a', 'b'])\n_UnixSelectorEventLoop\n");
      assert.equal(run.status, 0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('judges each module by its wall time against 1.5× the baseline', () => {
    assert.match(comparisonRow(result('test_locks', 75, 1.5), result('test_locks', 75, 1)), /1\.50 {2}ok$/);
    assert.match(comparisonRow(result('test_queues', 59, 1.6), result('test_queues', 59, 1)), /1\.60 {2}OVER 1\.5×$/);
    assert.match(
      comparisonRow(result('test_sock_lowlevel', 0, 0), result('test_sock_lowlevel', 24, 20)),
      /not compared: the runtime ran no test$/,
    );
  });

  it('totals only the modules compared and names those over the target', () => {
    const runtime = [result('test_a', 1, 3), result('test_b', 1, 1), result('test_c', 0, 0)];
    const baseline = [result('test_a', 1, 1), result('test_b', 1, 1), result('test_c', 5, 10)];
    const footer = comparisonFooter(runtime, baseline);
    assert.match(footer.split('\n')[0]!, / 4\.00 +2\.00 +2\.00 {2}over 1\.5×: test_a$/);
  });
});
