// Extension activation in a real VS Code (code-server, from the e2e harness): open a Python file, then read
// Loopscope's activation time from "Developer: Show Running Extensions" — VS Code's own measure (loading the
// bundle + activate()). Each run is a fresh code-server with the packaged .vsix.
import path from 'node:path';
import { CodeServer } from '../../test/e2e/harness/codeServer';
import { launchChromium, WORKSPACE_FIXTURE, type E2eSuite } from '../../test/e2e/harness/e2eSuite';
import { Workbench } from '../../test/e2e/harness/workbench';

export async function activationFigure(suite: E2eSuite, repeat = 3): Promise<{ median: number; runs: number[] }> {
  const runs: number[] = [];
  const browser = await launchChromium(suite.environment);
  try {
    for (let run = 0; run < repeat; run++) {
      const server = await CodeServer.start({
        environment: suite.environment,
        vsixPath: suite.vsixPath,
        workspaceFixture: WORKSPACE_FIXTURE,
      });
      const workbench = await Workbench.open(browser, server.workspaceUrl, path.join(__dirname, '..', '..', 'test', 'e2e', 'artifacts'));
      try {
        await workbench.openFile('clean.py');
        await workbench.runCommand('Developer: Show Running Extensions');
        const row = workbench.page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Loopscope' });
        const time = row.locator('.activation-time');
        await time.waitFor();
        const text = (await time.innerText()).trim();
        const match = /([\d.]+)\s*ms/.exec(text);
        if (!match) throw new Error(`no activation time in "${text}"`);
        runs.push(Number(match[1]));
      } finally {
        await workbench.close();
        await server.stop();
      }
    }
  } finally {
    await browser.close();
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, runs };
}
