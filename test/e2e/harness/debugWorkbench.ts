// Drives the debugging side of the workbench: breakpoints, F5, the Call Stack, the Loopscope Tasks view, the
// Loopscope webviews (found by their content, whichever iframe holds them), dialogs and the terminal. Waits on
// UI state, never on fixed delays.
import type { Frame, Locator, Page } from 'playwright-core';
import { UI_TIMEOUT_MS, type Workbench } from './workbench';

export class DebugWorkbench {
  readonly page: Page;

  constructor(readonly workbench: Workbench) {
    this.page = workbench.page;
  }

  /** Toggles a breakpoint on a line of the focused editor and waits for its glyph. */
  async toggleBreakpoint(line: number): Promise<void> {
    await this.workbench.goToLine(line);
    const glyphs = this.page.locator('.editor-group-container.active .monaco-editor .cgmr.codicon-debug-breakpoint');
    const before = await glyphs.count();
    await this.page.keyboard.press('F9');
    await waitUntil(async () => (await glyphs.count()) > before, 'the breakpoint glyph');
  }

  /** The Call Stack's thread rows, as their accessible labels ("Thread Task-1 main() Paused on breakpoint"). */
  callStackThreads(): Promise<string[]> {
    return this.page
      .locator('.debug-pane .monaco-list-row[aria-label^="Thread "]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
  }

  /** Waits until a thread is paused (on a breakpoint, a step…). */
  async waitForPausedThread(name: string): Promise<void> {
    await this.page.locator(`.monaco-list-row[aria-label^="Thread ${name} Paused"]`).first().waitFor();
  }

  debugToolbar(): Locator {
    return this.page.locator('.debug-toolbar');
  }

  /** The header of a view in the side bar or panel, e.g. "Loopscope Tasks". */
  viewHeader(title: string): Locator {
    return this.page.locator(`.pane-header[aria-label^="${title}"]`);
  }

  async expandView(title: string): Promise<void> {
    const header = this.viewHeader(title);
    await header.waitFor();
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    await this.page.locator(`.pane-header[aria-label^="${title}"][aria-expanded="true"]`).waitFor();
  }

  async collapseView(title: string): Promise<void> {
    const header = this.viewHeader(title);
    if ((await header.count()) === 0) return;
    if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
  }

  /** The rows of a tree view, as accessible labels. */
  viewRows(title: string): Promise<string[]> {
    return this.page
      .locator('.pane', { has: this.viewHeader(title) })
      .locator('.pane-body .monaco-list-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
  }

  /** Polls a tree view until its rows satisfy `accept`; the error lists what it last showed. */
  async waitForViewRows(title: string, description: string, accept: (rows: string[]) => boolean): Promise<string[]> {
    let last: string[] = [];
    await waitUntil(
      async () => accept((last = await this.viewRows(title))),
      () => `${title} to show ${description}; it showed:\n${last.join('\n') || '(nothing)'}`,
    );
    return last;
  }

  /** The frame of a Loopscope webview, found by an element only it has (e.g. "#root.timeline"). */
  async webviewFrame(selector: string): Promise<Frame> {
    let found: Frame | undefined;
    await waitUntil(async () => {
      for (const frame of this.page.frames()) {
        if (frame.isDetached()) continue;
        const count = await frame
          .locator(selector)
          .count()
          .catch(() => 0);
        if (count > 0) {
          found = frame;
          return true;
        }
      }
      return false;
    }, `a webview with ${selector}`);
    return found!;
  }

  /** A modal dialog whose text matches. */
  dialog(text: string | RegExp): Locator {
    return this.page.locator('.monaco-dialog-box', { hasText: text });
  }

  /** The text the integrated terminal shows (DOM renderer: the e2e settings turn GPU rendering off). */
  terminalText(): Promise<string> {
    return this.page
      .locator('.terminal-wrapper.active .xterm-rows')
      .first()
      .evaluate((rows) => (rows as unknown as { innerText: string }).innerText)
      .catch(() => '');
  }
}

/** Polls `condition` every 200 ms until it holds or UI_TIMEOUT_MS pass. */
export async function waitUntil(
  condition: () => Promise<boolean>,
  what: string | (() => string),
  timeoutMs = UI_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
}
