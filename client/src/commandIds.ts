// Ids of the commands the extension registers, and of its views; package.json `contributes` declares the same ids
// (test/client/extensionManifest.test.ts keeps the two in step). Free of `vscode` so tests can import it.

export const CommandIds = {
  /** "Loopscope: Restart Language Server" — stops the server process and starts a fresh one. */
  restartLanguageServer: 'loopscope.restartLanguageServer',
  /** "Loopscope: Run File" — runs a Python file on the Loopscope runtime in a terminal (`loopscope run`). */
  runFile: 'loopscope.runFile',
  /** "Loopscope: Debug File" — starts a `loopscope` debug session for a Python file. */
  debugFile: 'loopscope.debugFile',
  /** "Loopscope: Show Call Graph" — the await graph of a task (from the task tree) or of all tasks. */
  showCallGraph: 'loopscope.showCallGraph',
  /** "Loopscope: Show Timeline" — focuses the timeline view. */
  showTimeline: 'loopscope.showTimeline',
  /** "Loopscope: Export Timeline as SVG". */
  exportTimelineSvg: 'loopscope.exportTimelineSvg',
  /** "Loopscope: Open Call Graph as Text" — format_call_graph text in an editor (language asyncio-callgraph). */
  openCallGraphText: 'loopscope.openCallGraphText',
  /** "Loopscope: Copy Call Graph as Text". */
  copyCallGraphText: 'loopscope.copyCallGraphText',
  /** Task tree item: "Cancel Task" (Task.cancel()). */
  cancelTask: 'loopscope.cancelTask',
  /** Task tree item: "Select in Call Stack". */
  selectInCallStack: 'loopscope.selectInCallStack',
  /** Task tree item click: shows the task's current line. */
  revealTask: 'loopscope.revealTask',
  /** Task tree title: asks the adapter for every task again. */
  refreshTasks: 'loopscope.refreshTasks',
  /** A diagnostic's code link: opens the rule's documentation page rendered (Markdown preview). */
  showRuleDocumentation: 'loopscope.showRuleDocumentation',
} as const;

export const ViewIds = {
  tasks: 'loopscope.tasks',
  timeline: 'loopscope.timeline',
} as const;

/** The call graph's webview panel type (for its serializer and `activeWebviewPanelId`). */
export const CALL_GRAPH_PANEL_TYPE = 'loopscope.callGraph';

/** Context keys the extension sets for `when` clauses in package.json. */
export const ContextKeys = {
  /** A Loopscope session is on show in the views (live or ended). */
  hasSession: 'loopscope.hasSession',
} as const;

/** Settings the client reads (package.json `contributes.configuration`, section "Loopscope Debugger"). */
export const DebugSettings = {
  /** "inline" (in the extension host, quick to start) or "process" (node dist/debugAdapter.js). */
  adapter: 'loopscope.debugger.adapter',
  /** Show "Run | Debug with Loopscope" above asyncio.run(...) / asyncio.Runner. */
  codeLens: 'loopscope.debugger.codeLens',
  /** Keep a Python runtime loaded ahead while a Python file is open, for a quicker F5 (inline adapter only). */
  warmStart: 'loopscope.debugger.warmStart',
} as const;
