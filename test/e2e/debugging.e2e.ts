// The installed .vsix debugging a program in a trusted workspace: F5 without launch.json stops at a breakpoint, the
// Call Stack lists tasks as threads, the Loopscope Tasks view shows them with their states, the call graph and the
// timeline render (task names as text, never markup), Cancel Task and the end of the session reach the views, Run
// File runs the program in a terminal, and a quick fix applies. The README's screenshots come from here.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Frame } from 'playwright-core';
import { CodeServer } from './harness/codeServer';
import { DebugWorkbench, waitUntil } from './harness/debugWorkbench';
import { ARTIFACTS_DIR, e2eSuite, launchChromium, WORKSPACE_FIXTURE } from './harness/e2eSuite';
import { Workbench } from './harness/workbench';

const PROGRAM = 'debug_tasks.py';
const BREAKPOINT_LINE = 31; // print("checkpoint"), at t=0.25
const XSS_NAME = '<img src=x onerror=alert(1)>';
const TEST_TIMEOUT_MS = 180_000;

describe('Loopscope debugging in a trusted workspace', { timeout: 20 * 60_000 }, () => {
  let server: CodeServer;
  let browser: Browser;
  let workbench: Workbench;
  let debugging: DebugWorkbench;
  const cspViolations: string[] = [];

  before(async () => {
    const suite = e2eSuite();
    server = await CodeServer.start({ environment: suite.environment, vsixPath: suite.vsixPath, workspaceFixture: WORKSPACE_FIXTURE });
    browser = await launchChromium(suite.environment);
    workbench = await Workbench.open(browser, server.workspaceUrl, ARTIFACTS_DIR);
    debugging = new DebugWorkbench(workbench);
    currentWorkbench = workbench;
    // The webviews' Content-Security-Policy must never have to block anything of ours.
    workbench.page.on('console', (message) => {
      if (/Content Security Policy|Refused to (load|execute|apply)/i.test(message.text())) cspViolations.push(message.text());
    });
    await workbench.trustWorkspace();
  });

  after(async () => {
    await workbench?.close();
    await browser?.close().catch(() => undefined);
    await server?.stop(path.join(ARTIFACTS_DIR, 'debugging-logs'));
  });

  check('F5 without launch.json stops at a breakpoint; the Call Stack lists tasks as threads', async () => {
    await workbench.openFile(PROGRAM);
    await workbench.page.locator('.codelens-decoration a', { hasText: 'Debug with Loopscope' }).waitFor();
    await debugging.toggleBreakpoint(BREAKPOINT_LINE);
    const pressed = performance.now();
    await workbench.page.keyboard.press('F5');
    await debugging.waitForPausedThread('Task-1 main()');
    // Issue 13's figure (target ≤ 2 s on this machine): printed, not asserted (timing is the machine's).
    console.log(`F5 → paused at the breakpoint: ${Math.round(performance.now() - pressed)} ms`);
    // In a fresh profile too, Python starts from the snapshot the .vsix ships (made by Node 20 at package time; this
    // extension host runs code-server's Node 24), not from one made on first use (~3 s).
    const firstSession = (): string | undefined =>
      server
        .loopscopeLog()
        .split('\n')
        .find((line) => /Debug session .* runtime was ready/.test(line));
    await waitUntil(
      async () => firstSession() !== undefined,
      () => `the session's start in the Loopscope log:\n${server.loopscopeLog()}`,
    );
    assert.match(firstSession()!, /snapshot loaded/);
    const threads = await debugging.callStackThreads();
    assert.deepEqual(
      threads.map((label) => label.replace(/^Thread (.*?) Paused.*$/, '$1')),
      ['event loop', 'Task-1 main()', 'slow worker()', `${XSS_NAME} watcher()`],
    );
    assert.match(threads[1]!, /Paused on breakpoint/);
    await workbench.page.locator('.statusbar-item', { hasText: 't=0.25 s · 1 running · 2 waiting · 3 done' }).waitFor();
    await workbench.page.mouse.move(1000, 470); // no hover tooltip in the picture
    await workbench.screenshot('debug-paused');
  });

  check('the Loopscope Tasks view shows every task nested under its parent, with its state', async () => {
    for (const title of ['Variables', 'Watch', 'Breakpoints']) await debugging.collapseView(title);
    await debugging.expandView('Loopscope Tasks');
    const rows = await debugging.waitForViewRows('Loopscope Tasks', 'the six tasks', (shown) => shown.length === 6);
    assert.deepEqual(rows, [
      'Task-1 main(), running',
      'slow worker(), pending, sleep until t=0.55',
      'quick worker(), done, done at t=0.15',
      `${XSS_NAME} watcher(), pending, task slow (worker())`,
      'fragile fragile(), failed, failed: ValueError: fragile gave up',
      'sleeper worker(), cancelled',
    ]);
    // Select in Call Stack: the task's thread opens there, its top frame shown in the editor.
    await chooseFromContextMenu(workbench, 'slow worker()', 'Select in Call Stack');
    await workbench.page.locator('.monaco-list-row[aria-label^="Thread slow worker()"][aria-expanded="true"]').waitFor();
    await workbench.page.locator('.statusbar-item', { hasText: /^Ln 8, Col/ }).waitFor(); // worker(): await asyncio.sleep(seconds)

    // For the picture: the tasks alone, in a wider side bar.
    await debugging.collapseView('Call Stack');
    await debugging.viewHeader('Loopscope Tasks').click();
    await debugging.expandView('Loopscope Tasks');
    await workbench.resizeSideBar(520);
    await workbench.screenshotOf(workbench.page.locator('.part.sidebar'), 'task-tree');
    await workbench.resizeSideBar(300);
  });

  check('the call graph renders tasks and frames, names as text, and opens as text', async () => {
    await workbench.runCommand('Loopscope: Show Call Graph');
    const frame = await debugging.webviewFrame('#root.callgraph');
    await waitUntil(async () => Number(await frame.locator('#root').getAttribute('data-nodes')) > 0, 'call graph nodes');
    const labels = await frame.locator('.node .label').allTextContents();
    for (const expected of ['Task-1', 'slow', 'main()', 'worker()', 'watcher()'])
      assert.ok(labels.includes(expected), `${expected} in ${labels.join(', ')}`);
    // The task named like markup is drawn as that text, and no element came of it.
    assert.ok(
      labels.some((label) => label.startsWith('<img src=x')),
      labels.join(', '),
    );
    assert.equal(await frame.locator('img').count(), 0);
    assert.match((await frame.locator('#status').textContent()) ?? '', /All 3 live tasks · t=0\.25 s/);
    await workbench.screenshotOf(workbench.page.locator('.part.editor'), 'call-graph');

    await frame.locator('button', { hasText: 'Open as text' }).click();
    const opened = workbench.page.locator('.editor-group-container .view-lines', { hasText: "Task(name='slow'" }).first();
    await opened.waitFor();
    // The click in the webview may leave the focus there (a race in the workbench): focus the new editor, whose
    // language the status bar then shows.
    await opened.click();
    await workbench.page.locator('.statusbar-item', { hasText: 'asyncio call graph' }).waitFor();
    assert.match((await opened.innerText()).replace(/\u00a0/g, ' '), /\* Task\(name='slow'/);
    // An untitled editor with text: closing it would ask to save.
    await workbench.runCommand('View: Revert and Close Editor');
  });

  check('the timeline renders one lane per task, a blocked-loop span, and hovering a lane shows its line', async () => {
    await workbench.runCommand('Loopscope: Show Timeline');
    const frame = await debugging.webviewFrame('#root.timeline');
    const root = frame.locator('#root');
    await waitUntil(async () => (await root.getAttribute('data-lanes')) === '6', 'six timeline lanes');
    assert.equal(await root.getAttribute('data-blocks'), '1');
    assert.ok(Number(await root.getAttribute('data-slices')) >= 8);
    assert.match((await frame.locator('#status').textContent()) ?? '', /6 tasks · \d+ steps · 1 loop block · t=0\.25 s/);
    await hoverLane(frame, 1);
    assert.match(await frame.locator('.tooltip').innerText(), /^slow worker\(\) — pending · created at debug_tasks\.py:23$/);
    await workbench.page.mouse.move(0, 0);
    await workbench.screenshotOf(workbench.page.locator('.part.panel'), 'timeline');
    // Under the virtual clock most steps take no time: the step axis spreads them out.
    await frame.locator('button', { hasText: 'Axis: time' }).click();
    await frame.locator('button', { hasText: 'Axis: steps' }).waitFor();
    await workbench.screenshotOf(workbench.page.locator('.part.panel'), 'timeline-steps');
    await frame.locator('button', { hasText: 'Axis: steps' }).click();
    assert.deepEqual(cspViolations, [], 'the webviews load and run under their CSP');
  });

  check('Cancel Task and the end of the session reach the views', async () => {
    await chooseFromContextMenu(workbench, 'slow worker()', 'Cancel Task');
    await workbench.notification('slow worker() will be cancelled').waitFor();
    await workbench.page.keyboard.press('F5'); // continue
    await debugging.debugToolbar().waitFor({ state: 'hidden' });
    const rows = await debugging.waitForViewRows('Loopscope Tasks', 'the final states', (shown) =>
      shown.every((row) => !/pending|running/.test(row)),
    );
    assert.ok(rows.includes('slow worker(), cancelled'), rows.join('\n'));
    assert.ok(rows.includes(`${XSS_NAME} watcher(), cancelled`), rows.join('\n'));
    const frame = await debugging.webviewFrame('#root.timeline');
    await waitUntil(
      async () => /session ended/.test((await frame.locator('#status').textContent()) ?? ''),
      'the timeline to say the session ended',
    );
    await workbench.screenshotOf(workbench.page.locator('.part.panel'), 'timeline-ended');
  });

  check('F5 again starts on the Python runtime the extension loaded in the meantime', async () => {
    // The session that ended made the extension load the next runtime ahead (its warm spare), as it does while a
    // user reads and edits before debugging again.
    const sessionStarts = (): string[] =>
      server
        .loopscopeLog()
        .split('\n')
        .filter((line) => /Debug session .* runtime was ready/.test(line));
    const sinceFirstSession = (): string =>
      server
        .loopscopeLog()
        .split(sessionStarts()[0] ?? '\0')
        .slice(1)
        .join('');
    await waitUntil(
      async () => /A Python runtime is ready for the next debug session/.test(sinceFirstSession()),
      () => `the next runtime loaded ahead; the Loopscope log says:\n${server.loopscopeLog()}`,
    );
    await workbench.openFile(PROGRAM);
    const pressed = performance.now();
    await workbench.page.keyboard.press('F5');
    // The Call Stack shows once a session runs; the first scenario left it collapsed.
    await debugging.expandView('Call Stack');
    await debugging.waitForPausedThread('Task-1 main()');
    console.log(`F5 again → paused at the breakpoint, on the runtime loaded ahead: ${Math.round(performance.now() - pressed)} ms`);
    await waitUntil(
      async () => sessionStarts().length >= 2,
      () => `the second session's start in the Loopscope log:\n${server.loopscopeLog()}`,
    );
    assert.match(sessionStarts()[1]!, /Python already loaded/, 'the second session took the runtime loaded ahead');
    await workbench.page.keyboard.press('Shift+F5');
    await debugging.debugToolbar().waitFor({ state: 'hidden' });
  });

  check('a quick fix from the light bulb replaces the blocking call', async () => {
    await workbench.openFile('blocking_calls.py');
    await workbench.waitForProblems('LOOP101 at line 7', (problems) =>
      problems.some((problem) => problem.file === 'blocking_calls.py' && problem.code === 'LOOP101' && problem.line === 7),
    );
    await workbench.goToLine(7);
    await workbench.page.keyboard.press('Home'); // onto `time.sleep`, where the problem is
    await workbench.page.keyboard.press('Control+.');
    await workbench.page.locator('.action-widget .monaco-list-row', { hasText: 'Replace with `await asyncio.sleep(...)`' }).click();
    await workbench.page.locator('.editor-group-container.active .view-line', { hasText: 'await asyncio.sleep(0.5)' }).waitFor();
    await workbench.waitForProblems('no LOOP101 in blocking_calls.py', (problems) =>
      problems.every((problem) => !(problem.file === 'blocking_calls.py' && problem.code === 'LOOP101')),
    );
    await workbench.screenshot('quick-fix-applied');
  });
  check('Run File runs the program in a terminal with the bundled runtime', async () => {
    await workbench.openFile(PROGRAM);
    await workbench.runCommand('Loopscope: Run File');
    let shown = '';
    await waitUntil(
      async () => /caught: fragile gave up/.test((shown = await debugging.terminalText())),
      () => `the program's output in the terminal; it shows:\n${shown}`,
    );
    assert.match(shown, /checkpoint\s+caught: fragile gave up/);
  });
});

/** `it` with a screenshot of the workbench when the test fails. */
function check(name: string, body: () => Promise<void>): void {
  it(name, { timeout: TEST_TIMEOUT_MS }, async () => {
    try {
      await body();
    } catch (error) {
      await currentWorkbench?.screenshot(`failed-${name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
      throw error;
    }
  });
}

let currentWorkbench: Workbench | undefined;

/** Right-clicks a row of the Loopscope Tasks view and picks a context menu entry. */
async function chooseFromContextMenu(workbench: Workbench, row: string, entry: string): Promise<void> {
  await workbench.page.locator(`.pane-body .monaco-list-row[aria-label^="${row}"]`).click({ button: 'right' });
  // Menu items act on mouse up after a hover; the keyboard is the sure way.
  await workbench.page.locator('.context-view .action-label', { hasText: entry }).hover();
  await workbench.page.locator('.context-view .action-item.focused', { hasText: entry }).waitFor();
  await workbench.page.keyboard.press('Enter');
}

/** Moves the mouse over the label of a timeline lane (0-based row). */
async function hoverLane(frame: Frame, row: number): Promise<void> {
  const box = await frame.locator('.scroller').boundingBox();
  assert.ok(box, 'the timeline is laid out');
  await frame.locator('.scroller').hover({ position: { x: 40, y: 24 + row * 20 + 10 } });
  await frame.locator('.tooltip:not([hidden])').waitFor();
}
