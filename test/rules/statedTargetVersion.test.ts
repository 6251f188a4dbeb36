// Advice that needs a newer Python (asyncio.timeout, TaskGroup, the builtin TimeoutError as what asyncio raises) is
// given only where a setting or the project states such a version: the default target is a guess, and a project that
// states none may run on 3.8–3.10, where the advice breaks it. Advice that holds on older Pythons too stays.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Linter } from '../../server/engine/src/linter/linter';
import type { PythonVersion } from '../../server/engine/src/linter/pythonVersion';
import { RULES } from '../../server/engine/src/rules/registry';

const SOURCE = [
  'import asyncio',
  '',
  'async def fetch(queue):',
  '    return await queue.get()',
  '',
  'async def poll(queue):',
  '    await asyncio.gather(fetch(queue), fetch(queue))',
  '    try:',
  '        await asyncio.wait_for(queue.get(), 5)',
  '    except asyncio.TimeoutError:',
  '        return asyncio.Task.all_tasks()',
  '',
].join('\n');

let linter: Linter;
before(async () => {
  linter = await Linter.create(RULES);
});

const codes = (targetVersion?: PythonVersion): string[] =>
  linter
    .lintText(SOURCE, { select: ['LOOP204', 'LOOP207', 'LOOP209'], ...(targetVersion ? { targetVersion } : {}) })
    .diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.message}`);

test('with no target version stated, only the advice that holds on older Pythons too', () => {
  // asyncio.all_tasks() exists since 3.7; asyncio.timeout, TaskGroup and TimeoutError as the alias need 3.11.
  assert.deepEqual(codes(), ['LOOP207 `asyncio.Task.all_tasks` was removed in Python 3.9; use `asyncio.all_tasks()`']);
});

test('with a stated target version of 3.11, all of it, without any note on the version', () => {
  const messages = codes({ major: 3, minor: 11 });
  assert.deepEqual(
    messages.map((message) => message.slice(0, 7)),
    ['LOOP209', 'LOOP204', 'LOOP207', 'LOOP207'],
  );
  for (const message of messages) assert.ok(!message.includes('assumed'), message);
});

test('with a stated target version before 3.11, none of the 3.11 advice', () => {
  assert.deepEqual(codes({ major: 3, minor: 10 }), codes());
});
