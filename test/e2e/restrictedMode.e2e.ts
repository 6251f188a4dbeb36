// The installed .vsix in a workspace left untrusted (Restricted Mode): linting reads files, never runs
// them, so the Problems panel must list the same problems as in a trusted workspace.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { CodeServer } from './harness/codeServer';
import { ARTIFACTS_DIR, e2eSuite, expectedProblems, launchChromium, problemKey, WORKSPACE_FIXTURE } from './harness/e2eSuite';
import { Workbench } from './harness/workbench';

const FILES = ['blocking_calls.py', 'task_mistakes.py'];
const TEST_TIMEOUT_MS = 180_000;

describe('Loopscope in Restricted Mode', { timeout: 10 * 60_000 }, () => {
  let server: CodeServer;
  let browser: Browser;
  let workbench: Workbench;

  before(async () => {
    const suite = e2eSuite();
    server = await CodeServer.start({ environment: suite.environment, vsixPath: suite.vsixPath, workspaceFixture: WORKSPACE_FIXTURE });
    browser = await launchChromium(suite.environment);
    workbench = await Workbench.open(browser, server.workspaceUrl, ARTIFACTS_DIR);
  });

  after(async () => {
    await workbench?.close();
    await browser?.close().catch(() => undefined);
    await server?.stop(path.join(ARTIFACTS_DIR, 'restricted-mode-logs'));
  });

  it('lints an untrusted folder', { timeout: TEST_TIMEOUT_MS }, async () => {
    await workbench.restrictedModeIndicator().waitFor();
    const expected = expectedProblems(server.workspace, FILES).map(problemKey).sort();
    assert.ok(expected.length >= 4, `the fixture should have problems, the CLI found: ${expected.join(', ')}`);
    for (const file of FILES) await workbench.openFile(file);
    await workbench.waitForProblems(`the ${expected.length} expected problems`, (problems) => {
      const shown = problems.map(problemKey).sort();
      return shown.length === expected.length && shown.every((key, index) => key === expected[index]);
    });
    assert.equal(await workbench.restrictedModeIndicator().count(), 1, 'still in Restricted Mode');
    await workbench.screenshot('restricted-mode-problems');
  });
});
