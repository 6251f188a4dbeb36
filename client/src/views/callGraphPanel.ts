// The call graph view: a webview panel beside the editor showing the await graph of one task (the one picked in
// the task tree) or of all live tasks, captured from the adapter whenever the program stops. It also answers
// "Copy as text" / "Open as text" with Python 3.14's format_call_graph text.
import { env, ViewColumn, window, workspace, type Disposable, type ExtensionContext, type WebviewPanel } from 'vscode';
import { CALL_GRAPH_REQUEST, CALL_GRAPHS_REQUEST } from '../../../protocol/debugProtocol';
import {
  parseCallGraphViewMessage,
  type CallGraphScope,
  type CallGraphViewData,
  type FromCallGraphView,
  type ToCallGraphView,
  type ViewNotice,
} from '../../../protocol/webviewMessages';
import { CALL_GRAPH_PANEL_TYPE } from '../commandIds';
import { customRequest } from '../sessions/customMessages';
import type { LoopscopeSessions, TrackedSession } from '../sessions/loopscopeSessions';
import { buildCallGraphView } from './callGraphModel';
import { showSourceLine } from './taskCommands';
import type { TaskTreeProvider } from './taskTreeProvider';
import { configureWebview } from './webviewResources';
import { noSessionNotice } from './viewNotices';
import { counted } from './counted';

export class CallGraphPanel implements Disposable {
  private panel: WebviewPanel | undefined;
  private scope: CallGraphScope = 'all';
  private taskId: number | null = null;
  private data: CallGraphViewData | undefined;
  /** The stop the shown graph was captured at (tasks version), to skip needless captures. */
  /** The task store's snapshot the graph on show was captured at ('' : none). */
  private capturedAt = '';
  private capturing: Promise<void> | undefined;
  private readonly disposables: Disposable[] = [];

  constructor(
    private readonly context: ExtensionContext,
    private readonly sessions: LoopscopeSessions,
    private readonly tree: TaskTreeProvider,
  ) {
    this.disposables.push(
      sessions.onDidChange((change) => {
        if (this.panel && (change.state || change.tasks)) void this.refresh(false);
      }),
      tree.view.onDidChangeSelection((event) => {
        const node = event.selection[0];
        if (this.panel && this.scope === 'task' && node?.kind === 'task' && node.taskId !== this.taskId) {
          this.taskId = node.taskId;
          void this.refresh(true);
        }
      }),
    );
  }

  /** Opens (or reveals) the panel on one task's graph, or on all tasks. */
  async show(taskId: number | undefined): Promise<void> {
    if (taskId !== undefined) {
      this.scope = 'task';
      this.taskId = taskId;
    } else {
      this.scope = 'all';
    }
    if (this.panel) this.panel.reveal(undefined, true);
    else this.createPanel();
    await this.refresh(true);
  }

  /** The text of the graph on show, or of all tasks captured now. */
  async text(): Promise<string | undefined> {
    if (this.data?.text) return this.data.text;
    const session = this.stoppedSession();
    if (!session) return undefined;
    const result = await customRequest(session.session, CALL_GRAPHS_REQUEST, {});
    return result.text;
  }

  async copyText(): Promise<void> {
    const text = await this.text();
    if (!text) return this.explainNoText();
    await env.clipboard.writeText(text);
    void window.setStatusBarMessage('Loopscope: call graph copied as text', 3000);
  }

  async openText(): Promise<void> {
    const text = await this.text();
    if (!text) return this.explainNoText();
    const document = await workspace.openTextDocument({ language: 'asyncio-callgraph', content: text });
    await window.showTextDocument(document, { viewColumn: ViewColumn.Active, preview: false });
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private createPanel(): void {
    const panel = window.createWebviewPanel(CALL_GRAPH_PANEL_TYPE, 'Call Graph', { viewColumn: ViewColumn.Beside, preserveFocus: true });
    configureWebview(panel.webview, this.context.extensionUri, 'callGraph', 'Loopscope Call Graph');
    panel.webview.onDidReceiveMessage((message: unknown) => this.received(message), undefined, this.disposables);
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.data = undefined;
      this.capturedAt = '';
    });
    this.panel = panel;
  }

  private post(message: ToCallGraphView): void {
    void this.panel?.webview.postMessage(message);
  }

  private async received(raw: unknown): Promise<void> {
    const message: FromCallGraphView | undefined = parseCallGraphViewMessage(raw);
    if (!message) return; // not one of ours: ignored
    switch (message.type) {
      case 'ready':
        if (this.data) this.post({ type: 'graph', graph: this.data });
        await this.refresh(false);
        break;
      case 'refresh':
        await this.refresh(true);
        break;
      case 'setScope':
        this.scope = message.scope;
        if (message.scope === 'task' && this.taskId === null) {
          const selected = this.tree.view.selection[0];
          this.taskId = selected?.kind === 'task' ? selected.taskId : null;
        }
        await this.refresh(true);
        break;
      case 'openSource':
        // Only places the graph itself pointed at.
        if (this.data?.nodes.some((node) => node.source?.path === message.path && node.source.line === message.line))
          await showSourceLine(message.path, message.line);
        break;
      case 'selectTask':
        if (this.data?.nodes.some((node) => node.taskId === message.taskId)) await this.tree.reveal(message.taskId);
        break;
      case 'copyText':
        await this.copyText();
        break;
      case 'openText':
        await this.openText();
        break;
    }
  }

  private stoppedSession(): TrackedSession | undefined {
    const session = this.sessions.current;
    return session && session.state === 'stopped' ? session : undefined;
  }

  private async refresh(force: boolean): Promise<void> {
    if (!this.panel) return;
    const session = this.sessions.current;
    const notice = this.noticeFor(session);
    if (notice) {
      this.capturedAt = '';
      this.post({ type: 'notice', notice });
      return;
    }
    if (!force && this.capturedAt === session!.tasks.snapshot) return;
    // One capture at a time; a newer stop captures again afterwards.
    await this.capturing;
    this.capturing = this.capture(session!);
    await this.capturing;
  }

  private noticeFor(session: TrackedSession | undefined): ViewNotice | null {
    if (!session) return noSessionNotice();
    if (session.state === 'ended')
      return { kind: 'ended', text: 'The Loopscope session has ended: the call graph exists only while a program is paused.' };
    if (session.state !== 'stopped')
      return {
        kind: 'running',
        text: 'The program is running. The call graph is captured when it pauses: stop at a breakpoint or press Pause (F6).',
      };
    return null;
  }

  private async capture(session: TrackedSession): Promise<void> {
    const snapshot = session.tasks.snapshot;
    try {
      let data: CallGraphViewData;
      const task = this.taskId === null ? undefined : session.tasks.get(this.taskId);
      if (this.scope === 'task' && task && (task.state === 'pending' || task.state === 'running')) {
        const result = await customRequest(session.session, CALL_GRAPH_REQUEST, { taskId: task.id });
        data = buildCallGraphView({
          scope: 'task',
          title: `${task.name} ${task.coroutine}()`,
          time: session.tasks.time,
          text: result.text,
          graphs: [result.graph],
          focusTaskId: task.id,
        });
      } else {
        const result = await customRequest(session.session, CALL_GRAPHS_REQUEST, {});
        data = buildCallGraphView({
          scope: 'all',
          title: result.truncated
            ? `All tasks (first ${result.graphs.length} of ${result.liveTasks})`
            : `All ${counted(result.liveTasks, 'live task')}`,
          time: result.time,
          text: result.text,
          graphs: result.graphs,
          focusTaskId: this.taskId,
        });
        if (this.scope === 'task')
          data.summary = [task ? `${task.name} has finished; showing all tasks.` : 'No task selected; showing all tasks.', data.summary]
            .filter(Boolean)
            .join(' ');
      }
      this.data = data;
      this.capturedAt = snapshot;
      this.post({ type: 'graph', graph: data });
    } catch (error) {
      // The program resumed or ended while capturing: the next stop captures again.
      if (this.sessions.current?.state === 'stopped')
        this.post({
          type: 'notice',
          notice: { kind: 'error', text: `Loopscope: the call graph could not be captured: ${(error as Error).message}` },
        });
    }
  }

  private explainNoText(): void {
    void window.showInformationMessage('Loopscope: the call graph is captured while a Loopscope debug session is paused.');
  }
}
