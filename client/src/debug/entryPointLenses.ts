// The "Run | Debug with Loopscope" code lens above `asyncio.run(...)` and `asyncio.Runner(...)` lines
// (asyncioEntryPoints.ts finds them). Off with the `loopscope.debugger.codeLens` setting.
import { CodeLens, EventEmitter, Range, workspace, type CodeLensProvider, type Disposable, type Event, type TextDocument } from 'vscode';
import { CommandIds, DebugSettings } from '../commandIds';
import { findAsyncioEntryPoints } from './asyncioEntryPoints';

export class EntryPointLenses implements CodeLensProvider, Disposable {
  private readonly changed = new EventEmitter<void>();
  readonly onDidChangeCodeLenses: Event<void> = this.changed.event;
  private readonly subscription = workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(DebugSettings.codeLens)) this.changed.fire();
  });

  provideCodeLenses(document: TextDocument): CodeLens[] {
    if (!workspace.getConfiguration('', document.uri).get<boolean>(DebugSettings.codeLens, true)) return [];
    return findAsyncioEntryPoints(document.getText()).flatMap((entry) => {
      const range = new Range(entry.line, entry.start, entry.line, entry.end);
      return [
        new CodeLens(range, {
          title: 'Run',
          tooltip: 'Run this file on the Loopscope runtime (virtual clock)',
          command: CommandIds.runFile,
          arguments: [document.uri],
        }),
        new CodeLens(range, {
          title: 'Debug with Loopscope',
          tooltip: 'Debug this file: tasks as threads, task tree, call graph, timeline',
          command: CommandIds.debugFile,
          arguments: [document.uri],
        }),
      ];
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
