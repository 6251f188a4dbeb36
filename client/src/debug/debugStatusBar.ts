// A status-bar item while a Loopscope debug session is live: virtual time and tasks running / waiting / done,
// from loopscope/tasksChanged. Clicking it shows the task tree.
import { StatusBarAlignment, window, type Disposable, type StatusBarItem } from 'vscode';
import { ViewIds } from '../commandIds';
import type { LoopscopeSessions } from '../sessions/loopscopeSessions';
import { statusText, statusTooltip } from './statusText';

export class DebugStatusBar implements Disposable {
  private readonly item: StatusBarItem;
  private readonly subscription: Disposable;

  constructor(private readonly sessions: LoopscopeSessions) {
    this.item = window.createStatusBarItem('loopscope.debugStatus', StatusBarAlignment.Left, 50);
    this.item.name = 'Loopscope Tasks';
    this.item.command = `${ViewIds.tasks}.focus`;
    this.subscription = sessions.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const session = this.sessions.current;
    if (!session || session.state === 'ended') {
      this.item.hide();
      return;
    }
    const counts = session.tasks.counts();
    this.item.text = statusText(session.tasks.time, counts, session.state);
    this.item.tooltip = statusTooltip(session.tasks.time, counts, session.state);
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
