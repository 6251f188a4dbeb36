// The installed .vsix in a workspace left untrusted (Restricted Mode): linting reads files, never runs
// them, so the Problems panel must list the same problems as in a trusted workspace; running and debugging a
// program ask for trust, and without it nothing runs.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator } from 'playwright-core';
import { CodeServer } from './harness/codeServer';
import { ARTIFACTS_DIR, e2eSuite, expectedProblems, launchChromium, problemKey, WORKSPACE_FIXTURE } from './harness/e2eSuite';
import { DebugWorkbench } from './harness/debugWorkbench';
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

  it('running and debugging ask for trust; declined, nothing runs', { timeout: TEST_TIMEOUT_MS }, async () => {
    const debugging = new DebugWorkbench(workbench);
    await workbench.openFile('debug_tasks.py');
    const trustDialog = debugging.dialog(/Restricted Mode/);

    await workbench.runCommand('Loopscope: Run File');
    await trustDialog.waitFor();
    await workbench.screenshot('restricted-mode-run-asks-for-trust');
    await workbench.page.keyboard.press('Escape');
    await trustDialog.waitFor({ state: 'detached' });

    // F5 and the "Debug with Loopscope" lens: VS Code's own prompt holds every debug session; declined, none starts.
    const debugTrustDialog = debugging.dialog(/Do you trust the authors/);
    await workbench.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await workbench.page.keyboard.press('F5');
    await debugTrustDialog.waitFor();
    await workbench.screenshot('restricted-mode-debug-asks-for-trust');
    await workbench.page.keyboard.press('Escape');
    await debugTrustDialog.waitFor({ state: 'detached' });
    await workbench.goToLine(39); // the asyncio.run(main()) line, where the lens is
    await clickUntilShown(workbench.page.locator('.codelens-decoration a', { hasText: 'Debug with Loopscope' }), debugTrustDialog);
    await workbench.page.keyboard.press('Escape');
    await debugTrustDialog.waitFor({ state: 'detached' });
    // The "Run" lens asks Loopscope's way, as Run File does.
    await clickUntilShown(workbench.page.locator('.codelens-decoration a', { hasText: /^Run$/ }), trustDialog);
    await workbench.page.keyboard.press('Escape');
    await trustDialog.waitFor({ state: 'detached' });

    assert.equal(await workbench.page.locator('.xterm').count(), 0, 'no terminal was started');
    assert.equal(await debugging.debugToolbar().isVisible(), false, 'no debug session was started');
    assert.equal(await workbench.page.locator('.statusbar-item', { hasText: /t=.* running/ }).count(), 0);
    assert.equal(await workbench.restrictedModeIndicator().count(), 1, 'still in Restricted Mode');
  });
});

/**
 * Clicks a code lens until `dialog` shows, up to three times. Going to a line scrolls the editor, and a lens clicked
 * while the lenses are laid out again can miss (seen once here, on a loaded machine: the dialog never came).
 */
async function clickUntilShown(lens: Locator, dialog: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await lens.click();
    const shown = await dialog.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (shown) return;
    if (attempt === 3) throw new Error(`three clicks on the lens showed no dialog`);
  }
}
