// The "Loopscope Tasks" tree in the Run and Debug side bar: the current session's tasks nested by parent
// (taskTreeModel.ts decides the shape and looks), redrawn at most every REDRAW_MS while the program runs and at
// once when it stops. Empty (so the welcome text says there is no session) when no session is on show.
import {
  EventEmitter,
  ThemeColor,
  ThemeIcon,
  TreeItem,
  TreeItemCollapsibleState,
  window,
  type Disposable,
  type Event,
  type TreeDataProvider,
  type TreeView,
} from 'vscode';
import { CommandIds, ViewIds } from '../commandIds';
import type { LoopscopeSessions, TrackedSession } from '../sessions/loopscopeSessions';
import { childNodes, describeNode, formatTime, parentNode, taskNode, type TaskTreeNode } from './taskTreeModel';
import { counted } from './counted';

/** Redraws while running are throttled to this; a stop redraws at once. */
const REDRAW_MS = 200;

export class TaskTreeProvider implements TreeDataProvider<TaskTreeNode>, Disposable {
  private readonly changed = new EventEmitter<TaskTreeNode | undefined>();
  readonly onDidChangeTreeData: Event<TaskTreeNode | undefined> = this.changed.event;
  readonly view: TreeView<TaskTreeNode>;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: Disposable[] = [];

  constructor(private readonly sessions: LoopscopeSessions) {
    this.view = window.createTreeView(ViewIds.tasks, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.changed,
      this.view,
      sessions.onDidChange((change) => {
        if (change.tasks || change.state) this.scheduleRedraw(change.session);
      }),
    );
    this.updateHeader(sessions.current);
  }

  get session(): TrackedSession | undefined {
    return this.sessions.current;
  }

  getChildren(node?: TaskTreeNode): TaskTreeNode[] {
    const session = this.session;
    if (!session) return [];
    return childNodes(session.tasks, node);
  }

  getParent(node: TaskTreeNode): TaskTreeNode | undefined {
    const session = this.session;
    return session ? parentNode(session.tasks, node) : undefined;
  }

  getTreeItem(node: TaskTreeNode): TreeItem {
    const store = this.session?.tasks;
    const look = store ? describeNode(store, node) : undefined;
    const item = new TreeItem(look?.label ?? '', collapsibleState(look?.collapsible ?? 'none'));
    item.id = node.id;
    if (!look) return item;
    item.description = look.description;
    item.accessibilityInformation = { label: look.ariaLabel };
    item.tooltip = look.tooltip || undefined;
    item.contextValue = look.contextValue;
    if (look.icon) item.iconPath = new ThemeIcon(look.icon.id, new ThemeColor(look.icon.color));
    if (node.kind === 'task' && look.source) {
      item.command = { command: CommandIds.revealTask, title: 'Go to the Task’s Line', arguments: [node] };
    }
    return item;
  }

  /** Selects a task's node (from the call graph or timeline). */
  async reveal(taskId: number): Promise<void> {
    if (!this.session?.tasks.get(taskId)) return;
    await this.view.reveal(taskNode(taskId), { select: true, focus: false, expand: false });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  private scheduleRedraw(session: TrackedSession | undefined): void {
    if (session && session.state === 'running') {
      if (this.timer) return;
      this.timer = setTimeout(() => this.redraw(), REDRAW_MS);
      return;
    }
    this.redraw();
  }

  private redraw(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.updateHeader(this.session);
    this.changed.fire(undefined);
  }

  private updateHeader(session: TrackedSession | undefined): void {
    if (!session) {
      this.view.description = undefined;
      this.view.message = undefined;
      return;
    }
    const counts = session.tasks.counts();
    const live = counts.pending + counts.running;
    this.view.description = `t=${formatTime(session.tasks.time)} s`;
    this.view.message =
      session.state === 'ended'
        ? `Session ended: the last state of ${session.name} (${counted(session.tasks.size, 'task')}).`
        : session.state === 'running'
          ? `Running: ${live} live tasks (updated as it runs).`
          : undefined;
  }
}

function collapsibleState(kind: 'none' | 'collapsed' | 'expanded'): TreeItemCollapsibleState {
  return kind === 'expanded'
    ? TreeItemCollapsibleState.Expanded
    : kind === 'collapsed'
      ? TreeItemCollapsibleState.Collapsed
      : TreeItemCollapsibleState.None;
}
