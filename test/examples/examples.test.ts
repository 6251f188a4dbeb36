// The bundled examples run the same under python3 and `loopscope run`, and `npm start`'s lint of them
// reports what each mistake example is about.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { assertSameOutput } from '../runtime/sameOutput';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXAMPLES = path.join(ROOT, 'examples');
/** Hangs under python3 by design: the runtime must report it instead. */
const DEADLOCK = 'deadlock.py';

async function output(command: string, args: string[]): Promise<{ stdout: string; status: number }> {
  try {
    const { stdout } = await run(command, args, { cwd: ROOT, timeout: 60_000 });
    return { stdout, status: 0 };
  } catch (error) {
    const failure = error as { stdout?: string; code?: number };
    return { stdout: failure.stdout ?? '', status: failure.code ?? -1 };
  }
}

const programs = [
  ...readdirSync(EXAMPLES).filter((name) => name.endsWith('.py') && name !== DEADLOCK),
  ...readdirSync(path.join(EXAMPLES, 'mistakes')).map((name) => `mistakes/${name}`),
];

test('every example prints the same under python3 and loopscope run', { concurrency: 2 }, async (t) => {
  for (const program of programs) {
    await t.test(program, async () => {
      const file = path.join('examples', program);
      const [expected, actual] = await Promise.all([output('python3', [file]), output(process.execPath, [CLI, 'run', file])]);
      assertSameOutput(actual.stdout, expected.stdout);
      assert.equal(actual.status, expected.status);
    });
  }
});

test('the deadlock example is reported with every waiting task', async () => {
  const result = await run(process.execPath, [CLI, 'run', path.join('examples', DEADLOCK)], { cwd: ROOT }).catch(
    (error: { stderr: string; code: number }) => error,
  );
  assert.equal((result as { code?: number }).code, 1);
  const stderr = (result as { stderr: string }).stderr;
  assert.match(stderr, /deadlock/);
  assert.match(stderr, /cook cook\(\) .*Event\.wait\(\)/);
  assert.match(stderr, /shopper shopper\(\) .*Event\.wait\(\)/);
});

test('each mistake example is flagged for the rule its docstring names', async () => {
  const { stdout } = await output(process.execPath, [CLI, 'lint', '--format', 'json', 'examples/mistakes']);
  const found = new Set((JSON.parse(stdout) as { file: string; code: string }[]).map((item) => `${path.basename(item.file)}:${item.code}`));
  for (const [file, codes] of Object.entries({
    'blocking_sleep.py': ['LOOP101'],
    'blocking_helper.py': ['LOOP108'],
    'dangling_task.py': ['LOOP301'],
    'unawaited_coroutine.py': ['LOOP302', 'LOOP303'],
    'event_loop_api.py': ['LOOP201', 'LOOP203'],
    'swallowed_cancellation.py': ['LOOP305'],
    'async_iterator.py': ['LOOP401'],
    'timeouts.py': ['LOOP204', 'LOOP307'],
  })) {
    for (const code of codes) assert.ok(found.has(`${file}:${code}`), `${file} should show ${code}`);
  }
});
