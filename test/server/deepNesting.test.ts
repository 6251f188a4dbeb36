// Hostile nesting: 1,000 levels of `await (...)`, calls, parentheses, brackets, lambdas and
// comprehensions are linted with the right findings. Walking up from each of n nested nodes once
// cost n² `parent` steps, each crossing into the parser and descending from the root: 1,000 levels
// of top-level `await` took over a minute. The test timeout is the only bound on time.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { Linter, type LintDiagnostic } from '../../server/engine/src/linter/linter';
import { RULES } from '../../server/engine/src/rules/registry';
import { makeProject, runCli } from '../cli/runCli';

const LEVELS = 1000;
/** Generous: these lint in about a second; before the fix the first took 77 s. */
const TIMEOUT_MS = 120_000;

let linter: Linter;
before(async () => {
  linter = await Linter.create(RULES);
});

function nested(open: string, inner: string, close: string, levels = LEVELS): string {
  return open.repeat(levels) + inner + close.repeat(levels);
}

function lint(text: string): readonly LintDiagnostic[] {
  const result = linter.lintText(text, {});
  assert.deepEqual(result.internalErrors, []);
  return result.diagnostics;
}

function codes(diagnostics: readonly LintDiagnostic[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { code } of diagnostics) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

describe(`${LEVELS} levels of nesting`, { timeout: TIMEOUT_MS }, () => {
  test('top-level `await (await (...))`: one LOOP406 per await', () => {
    const diagnostics = lint(`x = ${nested('await (', 'y', ')')}\n`);
    assert.deepEqual(codes(diagnostics), { LOOP406: LEVELS });
    // Each at its own `await`: 7 characters apart, the outermost at column 4.
    assert.deepEqual(
      diagnostics.slice(0, 3).map((d) => d.start.column),
      [4, 11, 18],
    );
  });

  test('`await await ...` and `await (...)` inside a coroutine: nothing to report', () => {
    assert.deepEqual(lint(`async def f(y):\n    x = ${nested('await (', 'y', ')')}\n    z = ${'await '.repeat(LEVELS)}y\n`), []);
  });

  test('nested `time.sleep(time.sleep(...))` in a coroutine: one LOOP101 each, with its fix', () => {
    const diagnostics = lint(`import time\n\nasync def f(y):\n    ${nested('time.sleep(', 'y', ')')}\n`);
    assert.deepEqual(codes(diagnostics), { LOOP101: LEVELS });
    for (const diagnostic of diagnostics) {
      assert.ok(
        diagnostic.fix?.edits.some((edit) => edit.newText.startsWith('await asyncio.sleep(')),
        `no fix at column ${diagnostic.start.column}`,
      );
    }
  });

  test('nested blocking calls of other kinds, in and out of coroutines', () => {
    const inCoroutine = (call: string, head = ''): string => `${head}async def f(y):\n    x = ${nested(call, 'y', ')')}\n`;
    assert.deepEqual(codes(lint(inCoroutine('requests.get(', 'import requests\n'))), { LOOP102: LEVELS });
    assert.deepEqual(codes(lint(inCoroutine('input('))), { LOOP105: LEVELS });
    assert.deepEqual(codes(lint(inCoroutine('socket.gethostbyname(', 'import socket\n'))), { LOOP106: LEVELS });
    // At module level a blocking call is fine.
    assert.deepEqual(lint(`import time\n${nested('time.sleep(', 'y', ')')}\n`), []);
  });

  test('nested calls, parentheses, brackets, subscripts and lambdas', () => {
    assert.deepEqual(lint(`x = ${nested('f(', 'y', ')')}\n`), []);
    assert.deepEqual(lint(`async def f(y):\n    x = ${nested('(', 'await y', ')')}\n`), []);
    assert.deepEqual(lint(`async def f(y):\n    x = ${nested('[', 'await y', ']')}\n`), []);
    assert.deepEqual(lint(`async def f(y):\n    x = y${'[await y]'.repeat(LEVELS)}\n`), []);
    assert.deepEqual(codes(lint(`x = ${'lambda: '.repeat(LEVELS)}await y\n`)), { LOOP406: 1 });
    // A dangling task built of tasks: only the outer one is dropped.
    assert.deepEqual(codes(lint(`import asyncio\n\nasync def f(y):\n    ${nested('asyncio.create_task(', 'y', ')')}\n`)), { LOOP301: 1 });
  });

  test('the CLI lints the issue’s 1,000-level file and the file beside it', () => {
    const root = makeProject({
      'nested.py': `x = ${nested('await (', 'y', ')')}\n`,
      'other.py': 'import time\n\nasync def main():\n    time.sleep(1)\n',
    });
    const result = runCli(['lint', '--format', 'json', 'nested.py', 'other.py'], root);
    assert.equal(result.status, 1, result.stderr);
    const items = JSON.parse(result.stdout) as { file: string; code: string }[];
    assert.equal(items.filter((item) => item.file === 'nested.py' && item.code === 'LOOP406').length, LEVELS);
    assert.deepEqual(
      items.filter((item) => item.file === 'other.py').map((item) => item.code),
      ['LOOP101'],
    );
  });
});
