// `loopscope lint` stops V8's young generation from growing (lintHeap.ts): the factor it sets must still be one V8
// reads at each growth. The largest young generation of a whole run is measured from a preloaded script.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CLI, makeProject } from './runCli';

const MEGABYTE = 1024 * 1024;

/** The largest young generation (bytes) of `node args`, and what it printed. */
function largestYoungGeneration(args: readonly string[], cwd: string): { bytes: number; stdout: string } {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'loopscope-heap-'));
  try {
    const report = path.join(folder, 'young');
    const preload = path.join(__dirname, 'youngGeneration.cjs');
    const result = spawnSync(process.execPath, ['--require', preload, ...args], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, YOUNG_GENERATION_REPORT: report, LOOPSCOPE_NO_CACHE: '1' },
    });
    return { bytes: Number(readFileSync(report, 'utf8')), stdout: result.stdout };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function module(index: number): string {
  const block = (n: number): string =>
    [`async def worker_${index}_${n}(queue):`, `    await queue.get()`, `    time.sleep(0.1)`, ``].join('\n');
  return ['import asyncio', 'import time', '', ...Array.from({ length: 400 }, (_, n) => block(n))].join('\n');
}

test('a lint run does not let the young generation grow', () => {
  const project = makeProject(Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`module_${index}.py`, module(index)])));
  const lint = largestYoungGeneration([CLI, 'lint', '--output-format', 'concise', '.'], project);
  assert.equal(lint.stdout.match(/LOOP101/g)?.length, 8 * 400, 'every blocking call found');
  // Without the factor, V8 doubles the young generation of a process allocating like this one, up to 16 MB per
  // semi-space: as the same measurement of a plain allocating loop shows (so this test can fail).
  const allocating = largestYoungGeneration(
    ['-e', 'let kept = []; for (let i = 0; i < 3e6; i++) { kept.push({ i }); if (kept.length > 1e5) kept = []; }'],
    project,
  );
  assert.ok(allocating.bytes > 8 * MEGABYTE, `a plain allocating loop left the young generation at ${allocating.bytes} bytes`);
  assert.ok(lint.bytes <= 4 * MEGABYTE, `the young generation of the lint run grew to ${lint.bytes} bytes`);
});
