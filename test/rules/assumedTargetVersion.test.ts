// Advice that needs a newer Python says so when the target version is only the default: the code may run on an older
// one (psycopg's tests, on 3.10); where a setting or the project states the version, the message is the plain advice.
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

const NOTE = ' (from Python 3.11: no target version is set, so 3.11 is assumed)';

let linter: Linter;
before(async () => {
  linter = await Linter.create(RULES);
});

const messages = (targetVersion?: PythonVersion): string[] =>
  linter
    .lintText(SOURCE, { select: ['LOOP204', 'LOOP207', 'LOOP209'], ...(targetVersion ? { targetVersion } : {}) })
    .diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.message}`);

test('asyncio.timeout, TaskGroup and the builtin TimeoutError are advised as from 3.11 on when no target version is set', () => {
  const [taskGroup, timeout, alias, removed] = messages();
  assert.ok(taskGroup?.startsWith('LOOP209 ') && taskGroup.endsWith(NOTE), taskGroup);
  assert.ok(timeout?.startsWith('LOOP204 ') && timeout.endsWith(NOTE), timeout);
  assert.ok(alias?.startsWith('LOOP207 `asyncio.TimeoutError`') && alias.endsWith(NOTE), alias);
  // asyncio.all_tasks() exists since 3.7: the advice holds on older Pythons too.
  assert.equal(removed, 'LOOP207 `asyncio.Task.all_tasks` was removed in Python 3.9; use `asyncio.all_tasks()`');
});

test('with a stated target version, the plain advice', () => {
  for (const message of messages({ major: 3, minor: 11 })) assert.ok(!message.includes('is assumed'), message);
  assert.equal(messages({ major: 3, minor: 11 }).length, 4);
});
