// Every test listed in mustPass.txt passes on the runtime, under the virtual and the real clock (CPython's own
// test_asyncio, ../shared). The list started as everything that passed when the runner was written and the
// baseline passes, and only grows: add a test once it passes, never remove one. Part of `npm test` (about
// 2 min of it); alone: `npm run test:asyncio-suite`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { defaultSuiteDir, runModule, suiteAvailable } from './suiteRunner';

const listed = readFileSync(path.join(__dirname, 'mustPass.txt'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const byModule = new Map<string, string[]>();
for (const id of listed) {
  const module = id.split('.')[2]!;
  byModule.set(module, [...(byModule.get(module) ?? []), id]);
}
const suiteDir = defaultSuiteDir();

describe("CPython's test_asyncio: the must-pass tests pass on the runtime", { concurrency: 2 }, () => {
  it('finds the suite', () => {
    assert.ok(suiteAvailable(suiteDir), `CPython's test_asyncio not found in ${suiteDir} (set LOOPSCOPE_ASYNCIO_TESTS)`);
  });
  for (const clock of ['virtual', 'real'] as const) {
    for (const [module, ids] of byModule) {
      it(`${module}, ${clock} clock: ${ids.length} tests`, async () => {
        const result = await runModule(module, { suiteDir, clock, hangSeconds: 120 });
        const failing = ids.filter((id) => result.tests[id] !== 'pass').map((id) => `${id}: ${result.tests[id] ?? 'not run'}`);
        assert.deepEqual(failing, [], `${failing.length} must-pass tests did not pass`);
      });
    }
  }
});
