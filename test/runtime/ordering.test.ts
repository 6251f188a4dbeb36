// Scheduling order under the virtual clock, against CPython's own policy. Each program under ordering/ prints
// the order its callbacks ran in and the clock each one read (edge cases of timers: what a timer callback
// schedules, cancellations, loop.stop(), time.sleep() in a callback, an exception in the middle of an
// iteration, long chains and bursts of deadlines). The runtime must print exactly what
//   - CPython's BaseEventLoop prints on a virtual clock (reference/virtual_loop.py, run by python3), and
//   - the runtime itself prints with deadline-batch lending off (one iteration per crossing),
// and its event stream must not change with lending either (same events, same times).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runFile } from './runProgram';

const ORDERING = path.join(__dirname, 'ordering');
const REFERENCE = path.join(__dirname, 'reference', 'virtual_loop.py');
/** Programs whose order depends on the standard library's version (python3 may be older than the runtime's 3.14). */
const STDLIB_DEPENDENT = new Set(['tasks_and_timers.py']);

const python = findPython();
const programs = readdirSync(ORDERING)
  .filter((name) => name.endsWith('.py'))
  .sort();

function findPython(): string | undefined {
  for (const candidate of ['python3', 'python']) {
    const probe = spawnSync(candidate, ['-c', 'import sys; print(sys.version_info >= (3, 11))'], { encoding: 'utf8' });
    if (probe.status === 0 && probe.stdout.trim() === 'True') return candidate;
  }
  return undefined;
}

function reference(file: string): Promise<{ stdout: string; stderr: string; status: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python!, [REFERENCE, file], { cwd: ORDERING, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, status: code ?? 1 }));
  });
}

describe('scheduling order: the runtime against CPython on a virtual clock', { concurrency: 2 }, () => {
  it('has programs', () => assert.ok(programs.length >= 6));
  for (const name of programs) {
    const file = path.join(ORDERING, name);
    it(name, async () => {
      // 'always' lends every batch it can (so every edge case happens inside lent batches), the default adapts.
      const [single, eager] = await Promise.all([
        runFile(file, { instrument: true, lendDeadlineBatches: false }),
        runFile(file, { instrument: true, lendDeadlineBatches: 'always' }),
      ]);
      assert.equal(single.status, 0, single.stderr);
      assert.equal(eager.stdout, single.stdout, 'lending deadline batches changed the output');
      assert.deepEqual(eager.events, single.events, 'lending deadline batches changed the event stream');
      const [lent, plain] = await Promise.all([runFile(file, { instrument: true }), runFile(file)]);
      assert.equal(lent.stdout, single.stdout, 'adaptive lending changed the output');
      assert.deepEqual(lent.events, single.events, 'adaptive lending changed the event stream');
      assert.equal(plain.stdout, lent.stdout, 'instrumentation changed the output');
      if (python && !STDLIB_DEPENDENT.has(name)) {
        const expected = await reference(file);
        assert.equal(expected.status, 0, expected.stderr);
        assert.equal(lent.stdout, expected.stdout, `differs from CPython's order\n--- runtime stderr:\n${lent.stderr}`);
      }
    });
  }
});
