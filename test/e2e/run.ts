// `npm run test:e2e`: prepares the end-to-end environment (cached outside the repository), builds and
// packages the .vsix once, then runs every test/e2e/*.e2e.ts scenario, one at a time, with node's test runner.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { prepareE2eEnvironment } from './harness/e2eEnvironment';
import { packageExtension } from './harness/e2eSuite';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

prepareE2eEnvironment((line) => console.log(`e2e: ${line}`));
console.log(`e2e: environment ready (${elapsed()})`);
const vsixPath = packageExtension();
console.log(`e2e: packaged ${path.relative(process.cwd(), vsixPath)} (${elapsed()})`);

const filter = process.argv.slice(2);
const scenarios = readdirSync(__dirname)
  .filter((name) => name.endsWith('.e2e.ts') && (filter.length === 0 || filter.some((word) => name.includes(word))))
  .map((name) => path.join(__dirname, name));
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...scenarios], {
  stdio: 'inherit',
  env: { ...process.env, LOOPSCOPE_E2E_VSIX: vsixPath },
});
console.log(`e2e: finished in ${elapsed()}`);
process.exit(result.status ?? 1);
