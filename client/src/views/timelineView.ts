// The timeline view (a webview in the Loopscope panel): forwards the current session's timeline to the webview as
// deltas from the extension's copy (timelineStore.ts), at most every POST_MS while the program runs, and writes
// the SVG export. The webview draws; this side only moves data and checks what the webview asks for.
import path from 'node:path';
import {
  commands,
  Uri,
  window,
  workspace,
  type CancellationToken,
  type Disposable,
  type ExtensionContext,
  type WebviewView,
  type WebviewViewProvider,
  type WebviewViewResolveContext,
} from 'vscode';
import { parseTimelineViewMessage, type FromTimelineView, type TimelineAxis, type ToTimelineView } from '../../../protocol/webviewMessages';
import { ViewIds } from '../commandIds';
import type { LoopscopeSessions, TrackedSession } from '../sessions/loopscopeSessions';
import { showSourceLine } from './taskCommands';
import { axisExtent } from './timelineLayout';
import type { TimelineCursor } from './timelineStore';
import { timelineSvg } from './timelineSvg';
import type { TaskTreeProvider } from './taskTreeProvider';
import { noSessionNotice } from './viewNotices';
import { configureWebview } from './webviewResources';

const POST_MS = 100;

export class TimelineView implements WebviewViewProvider, Disposable {
  private view: WebviewView | undefined;
  private ready = false;
  /** What the webview holds: the session it shows and how far. */
  private shown: { session: TrackedSession; cursor: TimelineCursor; ended: boolean } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: Disposable[] = [];

  constructor(
    private readonly context: ExtensionContext,
    private readonly sessions: LoopscopeSessions,
    private readonly tree: TaskTreeProvider,
  ) {
    this.disposables.push(
      window.registerWebviewViewProvider(ViewIds.timeline, this),
      sessions.onDidChange((change) => {
        if (change.timeline || change.state) this.schedulePost();
      }),
    );
  }

  resolveWebviewView(view: WebviewView, _context: WebviewViewResolveContext, _token: CancellationToken): void {
    this.view = view;
    this.ready = false;
    this.shown = undefined;
    configureWebview(view.webview, this.context.extensionUri, 'timeline', 'Loopscope Timeline');
    view.webview.onDidReceiveMessage((message: unknown) => this.received(message), undefined, this.disposables);
    view.onDidChangeVisibility(() => {
      if (view.visible) this.schedulePost();
    });
    view.onDidDispose(() => {
      this.view = undefined;
      this.ready = false;
    });
  }

  /** Focuses the view (and opens the panel). */
  async reveal(): Promise<void> {
    await commands.executeCommand(`${ViewIds.timeline}.focus`);
  }

  /** "Export Timeline as SVG" from the Command Palette: the whole run on the time axis. */
  async exportSvg(axis: TimelineAxis = 'time', range?: { start: number; end: number }): Promise<void> {
    const session = this.sessions.current;
    if (!session || session.timeline.isEmpty) {
      void window.showInformationMessage('Loopscope: there is no timeline to export; debug a program first.');
      return;
    }
    const { start, end } = range ?? axisExtent(session.timeline, axis);
    const svg = timelineSvg(session.timeline, { axis, start, end });
    const folder = workspace.workspaceFolders?.[0]?.uri;
    const program = session.session.configuration.program;
    const name = `${typeof program === 'string' ? path.basename(program, '.py') : 'loopscope'}-timeline.svg`;
    const target = await window.showSaveDialog({
      defaultUri: folder ? Uri.joinPath(folder, name) : undefined,
      filters: { SVG: ['svg'] },
      saveLabel: 'Export Timeline',
    });
    if (!target) return;
    await workspace.fs.writeFile(target, Buffer.from(svg, 'utf8'));
    void window.showInformationMessage(`Loopscope: timeline saved to ${target.fsPath}`);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  private async received(raw: unknown): Promise<void> {
    const message: FromTimelineView | undefined = parseTimelineViewMessage(raw);
    if (!message) return;
    const session = this.sessions.current;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.shown = undefined;
        this.post();
        break;
      case 'openSource':
        // Only files the timeline came with.
        if (session?.timeline.knowsPath(message.path)) await showSourceLine(message.path, message.line);
        break;
      case 'selectTask':
        if (session?.timeline.lanes.has(message.taskId)) await this.tree.reveal(message.taskId);
        break;
      case 'exportSvg':
        await this.exportSvg(message.axis, { start: message.start, end: message.end });
        break;
    }
  }

  private schedulePost(): void {
    if (!this.view || !this.ready) return;
    const running = this.sessions.current?.state === 'running';
    if (!running) return this.post();
    this.timer ??= setTimeout(() => this.post(), POST_MS);
  }

  private post(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const view = this.view;
    if (!view || !this.ready || !view.visible) return;
    const session = this.sessions.current;
    let message: ToTimelineView;
    if (!session || session.timeline.isEmpty) {
      message = {
        type: 'notice',
        notice: session ? { kind: 'loading', text: 'The program is starting…' } : noSessionNotice(),
      };
      this.shown = undefined;
    } else {
      const ended = session.state === 'ended';
      const cursor = this.shown?.session === session ? this.shown.cursor : undefined;
      if (cursor && cursor.version === session.timeline.version && this.shown?.ended === ended) return;
      message = { type: 'timeline', delta: session.timeline.deltaSince(cursor), sessionName: session.name, ended };
      this.shown = { session, cursor: session.timeline.cursor(), ended };
    }
    void view.webview.postMessage(message);
  }
}
