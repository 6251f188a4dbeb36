// Drives the VS Code workbench in the browser the way a person would — keyboard, quick open, command
// palette, the Problems panel — and reads what it shows. Waits on UI state, never on fixed delays.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';

/** One row of the Problems panel. */
export interface ShownProblem {
  file: string;
  line: number;
  column: number;
  code: string;
  source: string;
  severity: string;
  message: string;
}

export const UI_TIMEOUT_MS = 60_000;

export class Workbench {
  private constructor(
    readonly page: Page,
    private readonly artifactsDir: string,
  ) {}

  static async open(browser: Browser, url: string, artifactsDir: string): Promise<Workbench> {
    mkdirSync(artifactsDir, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(url);
    const workbench = new Workbench(page, artifactsDir);
    await page.locator('.monaco-workbench .part.statusbar').waitFor();
    // The explorer lists the workspace once the remote file system is connected.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
    return workbench;
  }

  restrictedModeIndicator() {
    return this.page.locator('.statusbar-item', { hasText: 'Restricted Mode' });
  }

  /** Trusts the folder through the Restricted Mode banner's "Manage" link and the Workspace Trust editor. */
  async trustWorkspace(): Promise<void> {
    await this.restrictedModeIndicator().waitFor();
    await this.page.locator('.part.banner a', { hasText: 'Manage' }).click();
    await this.page
      .locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ })
      .first()
      .click();
    await this.restrictedModeIndicator().waitFor({ state: 'detached' });
    // Close the Workspace Trust editor if it stayed open.
    const trustEditor = this.page.locator('.workspace-trust-editor');
    if (await trustEditor.isVisible()) await this.page.keyboard.press('Escape');
  }

  /** Opens a workspace file through Quick Open and waits until its editor has focus. */
  async openFile(name: string): Promise<void> {
    await this.quickInput('Control+P', name, name);
    // The file may be open in another editor group too (a webview beside it): look at the active group.
    const tab = this.page.locator(`.editor-group-container.active .tab.active[data-resource-name="${name}"]`);
    await tab.waitFor();
    // Something may take the focus right after Quick Open closes (CI saw it once after a debug session ended: the
    // tab was active, its editor never focused). Clicking the tab gives the focus to its editor, as for a person.
    const focusedEditor = this.page.locator('.editor-group-container.active .monaco-editor.focused');
    const editorTookFocus = (): Promise<boolean> =>
      focusedEditor.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      );
    const focusTakers: string[] = [];
    while (!(await editorTookFocus())) {
      focusTakers.push(await this.focusedElement());
      if (focusTakers.length === 3) {
        throw new Error(`the editor of ${name} opened but did not take the focus; the focus went to: ${focusTakers.join('; ')}`);
      }
      await tab.click();
    }
  }

  /** Runs a command from the Command Palette by its full title, e.g. "Loopscope: Restart Language Server". */
  async runCommand(title: string): Promise<void> {
    await this.quickInput('F1', title, title);
  }

  async showProblemsPanel(): Promise<void> {
    const panel = this.page.locator('.markers-panel');
    if (await panel.isVisible()) return;
    await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor();
  }

  /** Every problem the Problems panel shows (files expanded; the fixture is small enough for no scrolling). */
  async problems(): Promise<ShownProblem[]> {
    // Runs in the page; the repository's TypeScript has no DOM types, hence the structural cast.
    const rows: { aria: string; text: string }[] = await this.page.locator('.markers-panel .monaco-list-row').evaluateAll((elements) =>
      elements.map((element) => ({
        aria: element.getAttribute('aria-label') ?? '',
        text: (element as unknown as { innerText: string }).innerText,
      })),
    );
    const problems: ShownProblem[] = [];
    let file = '';
    for (const row of rows) {
      const fileHeader = /problems? in file (.+?) of folder/.exec(row.aria);
      if (fileHeader) {
        file = fileHeader[1]!;
        continue;
      }
      // A marker row reads: message, source, code, "[Ln L, Col C]" — one per line.
      const lines = row.text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      const position = /^\[Ln (\d+), Col (\d+)\]$/.exec(lines.at(-1) ?? '');
      if (!position || lines.length < 4) continue;
      problems.push({
        file,
        line: Number(position[1]),
        column: Number(position[2]),
        code: lines.at(-2)!,
        source: lines.at(-3)!,
        severity: /^(\w+):/.exec(row.aria)?.[1] ?? '',
        message: lines.slice(0, -3).join(' '),
      });
    }
    return problems;
  }

  /** Polls the Problems panel until `accept` holds; on timeout the error shows what the panel last listed. */
  async waitForProblems(
    description: string,
    accept: (problems: ShownProblem[]) => boolean,
    timeoutMs = UI_TIMEOUT_MS,
  ): Promise<ShownProblem[]> {
    await this.showProblemsPanel();
    const deadline = Date.now() + timeoutMs;
    let last: ShownProblem[] = [];
    while (Date.now() < deadline) {
      last = await this.problems();
      if (accept(last)) return last;
      await this.page.waitForTimeout(250);
    }
    await this.screenshot(`timeout-${description.replace(/\W+/g, '-')}`);
    throw new Error(`Problems panel never showed ${description}; it listed:\n${formatProblems(last) || '(nothing)'}`);
  }

  /** Types at the end of the focused editor's document. `text` may contain newlines (typed as Enter). */
  async typeAtEndOfDocument(text: string): Promise<void> {
    await this.page.keyboard.press('Control+End');
    await this.page.keyboard.type(text);
  }

  /** Moves the cursor of the focused editor to a line. */
  async goToLine(line: number): Promise<void> {
    await this.quickInput('Control+G', String(line));
  }

  /** Replaces the text of one line (from its first non-blank character) in the focused editor. */
  async replaceLine(line: number, text: string): Promise<void> {
    await this.goToLine(line);
    await this.page.keyboard.press('Home');
    await this.page.keyboard.press('Shift+End');
    await this.page.keyboard.type(text);
  }

  /** The channel the Output panel shows, by its name in the channel picker. */
  async shownOutputChannel(): Promise<string> {
    return this.page
      .locator('.part.panel select.monaco-select-box')
      .first()
      .evaluate((select) => {
        const picker = select as unknown as { selectedIndex: number; options: { text: string }[] };
        return picker.options[picker.selectedIndex]?.text ?? '';
      });
  }

  /** The notification toast whose text contains `text`. */
  notification(text: string | RegExp) {
    return this.page.locator('.notification-toast', { hasText: text });
  }

  async screenshot(name: string): Promise<string> {
    const file = path.join(this.artifactsDir, `${name}.png`);
    // Finish entrance animations (a notification sliding in) before the picture is taken.
    await this.page.screenshot({ path: file, animations: 'disabled' });
    return file;
  }

  /** Drags the side bar's edge so it is `width` pixels wide. */
  async resizeSideBar(width: number): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box) throw new Error('the side bar is not shown');
    const edge = box.x + box.width;
    await this.page.mouse.move(edge + 1, box.y + box.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, box.y + box.height / 2, { steps: 8 });
    await this.page.mouse.up();
  }

  /** A picture of one part of the workbench (a view, the panel, an editor). */
  async screenshotOf(locator: Locator, name: string): Promise<string> {
    const file = path.join(this.artifactsDir, `${name}.png`);
    await locator.screenshot({ path: file, animations: 'disabled' });
    return file;
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }

  /**
   * Opens a quick input with `shortcut`, types `value`, waits for a matching entry when given, and accepts.
   * A quick input closes when it loses the focus: if something takes the focus before the entry is offered
   * (seen once on a loaded CI machine, right after a debug session ended), it is opened again, up to three
   * times, and the error names what held the focus each time. Likewise when the shortcut opens nothing: a webview
   * that kept the focus (the call graph's, once the text editor opened from it closes) takes the key itself, so
   * the focus is given back to the workbench first.
   */
  private async quickInput(shortcut: string, value: string, expectedEntry?: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const focusTakers: string[] = [];
    const tooMany = (what: string): Error =>
      new Error(`the quick input for "${value}" ${what} three times; the focus went to: ${focusTakers.join('; ')}`);
    for (;;) {
      await this.page.keyboard.press(shortcut);
      const opened = await widget
        .locator('input')
        .waitFor({ timeout: 10_000 })
        .then(
          () => true,
          () => false,
        );
      if (!opened) {
        focusTakers.push(await this.focusedElement());
        if (focusTakers.length === 3) throw tooMany(`did not open on ${shortcut}`);
        await this.focusWorkbench();
        continue;
      }
      await this.page.keyboard.type(value);
      if (!expectedEntry) break;
      const entry = widget.locator('.monaco-list-row.focused', { hasText: expectedEntry });
      // Quick Open's file search may also leave the list without the entry (seen on a loaded machine): after 20 s the
      // input is closed and opened again.
      const offered = await Promise.race([
        entry.waitFor({ timeout: 20_000 }).then(
          () => true,
          () => false,
        ),
        widget.waitFor({ state: 'hidden', timeout: 20_000 }).then(
          () => false,
          () => false,
        ),
      ]);
      if (offered) break;
      if (await widget.isVisible()) await this.page.keyboard.press('Escape');
      focusTakers.push(await this.focusedElement());
      if (focusTakers.length === 3) throw tooMany(`closed, or did not offer "${expectedEntry}" within 20 s,`);
    }
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
  }

  /**
   * Takes the keyboard focus back from a webview's frame: a click on the status bar's empty middle, which holds no
   * item (they sit at its two ends), focuses the workbench's own document and does nothing else.
   */
  private async focusWorkbench(): Promise<void> {
    const bar = this.page.locator('.part.statusbar');
    const box = await bar.boundingBox();
    if (box) await bar.click({ position: { x: box.width / 2, y: box.height / 2 } });
  }

  /** The element that has the focus, as its tag and classes (with the same of its parent). */
  private async focusedElement(): Promise<string> {
    // Evaluated in the page, as text: the repository's TypeScript has no DOM types.
    const describe = `(() => {
      const name = (element) => element ? element.tagName.toLowerCase() + (element.className && typeof element.className === 'string' ? '.' + element.className.trim().split(/\\s+/).join('.') : '') : 'nothing';
      const element = document.activeElement;
      return name(element) + ' in ' + name(element && element.parentElement);
    })()`;
    return String(await this.page.evaluate(describe));
  }
}

export function formatProblems(problems: readonly ShownProblem[]): string {
  return problems
    .map((problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.code} (${problem.source}, ${problem.severity})`)
    .join('\n');
}
