// Extension entry point: wires the Loopscope output channel, the language server session, the debugger (adapter
// factory, launch configurations, Run/Debug File, code lens, status bar) and the views (task tree, call graph,
// timeline) together. Activated by Python files, the `loopscope` debug type and its commands and views; logic
// lives in the modules.
import path from 'node:path';
import { commands, debug, languages, window, type ExtensionContext } from 'vscode';
import { DEBUG_TYPE } from '../../protocol/debugProtocol';
import { CommandIds, ContextKeys } from './commandIds';
import { LoopscopeAdapterFactory } from './debug/debugAdapterFactory';
import { LoopscopeConfigurationProvider } from './debug/debugConfigurationProvider';
import { DebugStatusBar } from './debug/debugStatusBar';
import { EntryPointLenses } from './debug/entryPointLenses';
import { registerProgramCommands } from './debug/programCommands';
import { registerWarmStart } from './debug/warmStart';
import { LanguageServerSession } from './languageServerSession';
import { LoopscopeSessions } from './sessions/loopscopeSessions';
import { CallGraphPanel } from './views/callGraphPanel';
import { registerTaskCommands, taskIdOf } from './views/taskCommands';
import { registerRuleDocumentationCommand } from './ruleDocumentation';
import { TaskTreeProvider } from './views/taskTreeProvider';
import { TimelineView } from './views/timelineView';

let session: LanguageServerSession | undefined;

export function activate(context: ExtensionContext): void {
  const output = window.createOutputChannel('Loopscope', { log: true });
  session = new LanguageServerSession(context.asAbsolutePath(path.join('dist', 'server.js')), output);
  const sessions = new LoopscopeSessions(output);
  const tree = new TaskTreeProvider(sessions);
  const callGraph = new CallGraphPanel(context, sessions, tree);
  const timeline = new TimelineView(context, sessions, tree);
  const lenses = new EntryPointLenses();
  const adapters = new LoopscopeAdapterFactory(context, output);
  context.subscriptions.push(
    output,
    session,
    commands.registerCommand(CommandIds.restartLanguageServer, () => session?.restart()),
    debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, adapters),
    debug.registerDebugConfigurationProvider(DEBUG_TYPE, new LoopscopeConfigurationProvider(output)),
    ...registerProgramCommands(context, output),
    lenses,
    languages.registerCodeLensProvider({ language: 'python', scheme: 'file' }, lenses),
    sessions,
    tree,
    new DebugStatusBar(sessions),
    ...registerTaskCommands(sessions),
    registerRuleDocumentationCommand(),
    callGraph,
    timeline,
    commands.registerCommand(CommandIds.showCallGraph, (argument: unknown) => callGraph.show(taskIdOf(argument))),
    commands.registerCommand(CommandIds.copyCallGraphText, () => callGraph.copyText()),
    commands.registerCommand(CommandIds.openCallGraphText, () => callGraph.openText()),
    commands.registerCommand(CommandIds.showTimeline, () => timeline.reveal()),
    commands.registerCommand(CommandIds.exportTimelineSvg, () => timeline.exportSvg()),
    commands.registerCommand(CommandIds.refreshTasks, () => sessions.current && sessions.refreshTasks(sessions.current)),
    sessions.onDidChange((change) => void commands.executeCommand('setContext', ContextKeys.hasSession, change.session !== undefined)),
    ...registerWarmStart(adapters),
  );
  // Not awaited: activation stays quick while the server loads its parser; failures are reported by the session.
  void session.start();
}

export async function deactivate(): Promise<void> {
  await session?.stop();
  session = undefined;
}
