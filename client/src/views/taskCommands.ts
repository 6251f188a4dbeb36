// What the task tree's items do: go to a task's current line, cancel it, select its thread in the Call Stack.
// Each command takes the tree node (context menu, click) or a task id (other views, tests).
import { commands, Position, Range, TextEditorRevealType, Uri, window, type Disposable } from 'vscode';
import { CANCEL_TASK_REQUEST, FOCUS_TASK_REQUEST } from '../../../protocol/debugProtocol';
import { CommandIds } from '../commandIds';
import { customRequest } from '../sessions/customMessages';
import type { LoopscopeSessions, TrackedSession } from '../sessions/loopscopeSessions';
import type { TaskTreeNode } from './taskTreeModel';

/** A command argument naming a task: a tree node, a bare id, or `{ taskId }`. */
export function taskIdOf(argument: unknown): number | undefined {
  if (typeof argument === 'number' && Number.isInteger(argument)) return argument;
  if (typeof argument === 'object' && argument !== null) {
    const node = argument as Partial<TaskTreeNode> & { taskId?: unknown };
    if (typeof node.taskId === 'number') return node.taskId;
  }
  return undefined;
}

/** Lines at the top of an editor that sticky scroll may cover (its default maximum). */
const STICKY_SCROLL_LINES = 5;

/** Opens a file at a 1-based line, selecting the line, and makes sure the line is seen. */
export async function showSourceLine(path: string, line: number, preserveFocus = false): Promise<void> {
  const position = new Position(Math.max(0, line - 1), 0);
  const range = new Range(position, position);
  const editor = await window.showTextDocument(Uri.file(path), { selection: range, preserveFocus, preview: true });
  // A line already in view is not scrolled to: in the top lines of a scrolled editor, sticky scroll would hide it.
  const top = editor.visibleRanges[0]?.start.line ?? 0;
  if (top > 0 && position.line < top + STICKY_SCROLL_LINES) editor.revealRange(range, TextEditorRevealType.InCenter);
}

export function registerTaskCommands(sessions: LoopscopeSessions): Disposable[] {
  const liveSession = (): TrackedSession | undefined => {
    const session = sessions.current;
    if (!session || session.state === 'ended') {
      void window.showInformationMessage('Loopscope: no debug session is running.');
      return undefined;
    }
    return session;
  };
  return [
    commands.registerCommand(CommandIds.revealTask, async (argument: unknown) => {
      const taskId = taskIdOf(argument);
      const task = taskId === undefined ? undefined : sessions.current?.tasks.get(taskId);
      const where = task?.source ?? task?.site;
      if (where) await showSourceLine(where.path, where.line, true);
    }),
    commands.registerCommand(CommandIds.cancelTask, async (argument: unknown) => {
      const taskId = taskIdOf(argument);
      const session = liveSession();
      if (taskId === undefined || !session) return;
      const task = session.tasks.get(taskId);
      try {
        const result = await customRequest(session.session, CANCEL_TASK_REQUEST, { taskId });
        const name = task ? `${task.name} ${task.coroutine}()` : `task #${taskId}`;
        void window.showInformationMessage(
          result.cancelled ? `Loopscope: ${name} will be cancelled when it next runs.` : `Loopscope: ${name} had already finished.`,
        );
        await sessions.refreshTasks(session);
      } catch (error) {
        void window.showErrorMessage(`Loopscope: could not cancel the task: ${(error as Error).message}`);
      }
    }),
    commands.registerCommand(CommandIds.selectInCallStack, async (argument: unknown) => {
      const taskId = taskIdOf(argument);
      const session = liveSession();
      if (taskId === undefined || !session) return;
      if (session.state !== 'stopped') {
        void window.showInformationMessage('Loopscope: the Call Stack shows tasks while the program is paused.');
        return;
      }
      const result = await customRequest(session.session, FOCUS_TASK_REQUEST, { taskId });
      if (!result.focused) void window.showInformationMessage('Loopscope: that task has finished; it is no longer in the Call Stack.');
      else await commands.executeCommand('workbench.debug.action.focusCallStackView');
    }),
  ];
}
