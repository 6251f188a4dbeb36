// When the warm spare (runtimeSpare.ts) is worth its memory: a Python file from disk is in front, or a Loopscope
// session has just ended; the workspace is trusted (debugging runs its code), the adapter runs inline (only then can
// it take the spare) and the `loopscope.debugger.warmStart` setting is on. Editing Python keeps the spare.
import { debug, window, workspace, type Disposable, type TextDocument, type TextEditor } from 'vscode';
import { DEBUG_TYPE } from '../../../protocol/debugProtocol';
import { DebugSettings } from '../commandIds';
import { adapterHosting, type LoopscopeAdapterFactory } from './debugAdapterFactory';

/** Python edits count as activity at most this often (the spare's idle clock needs no finer grain). */
const ACTIVITY_GRAIN_MS = 30_000;

export function registerWarmStart(factory: LoopscopeAdapterFactory): Disposable[] {
  let lastActivity = 0;
  const enabled = (): boolean =>
    workspace.isTrusted && adapterHosting() === 'inline' && workspace.getConfiguration().get<boolean>(DebugSettings.warmStart, true);
  const isPython = (document: TextDocument | undefined): boolean => document?.languageId === 'python' && document.uri.scheme === 'file';
  /** A Python file is in front (or a session just ended): keep (or load) the spare. */
  const consider = (editor: TextEditor | undefined = window.activeTextEditor, sessionEnded = false): void => {
    if (!enabled()) {
      factory.spare.drop('warm start is off, the adapter runs as a process, or the workspace is not trusted');
      return;
    }
    if (!sessionEnded && !isPython(editor?.document)) return;
    lastActivity = Date.now();
    try {
      factory.warmUp();
    } catch {
      // The session bundle could not load: the debug session itself will say so.
    }
  };
  const edited = (document: TextDocument): void => {
    if (isPython(document) && isPython(window.activeTextEditor?.document) && Date.now() - lastActivity >= ACTIVITY_GRAIN_MS) consider();
  };
  // After activation returns: loading the session bundle and starting the worker cost the host some 20-40 ms.
  const first = setTimeout(() => consider(), 0);
  return [
    { dispose: () => clearTimeout(first) },
    window.onDidChangeActiveTextEditor((editor) => consider(editor)),
    workspace.onDidChangeTextDocument((change) => edited(change.document)),
    workspace.onDidSaveTextDocument(edited),
    workspace.onDidGrantWorkspaceTrust(() => consider()),
    workspace.onDidChangeConfiguration((change) => {
      if (change.affectsConfiguration(DebugSettings.warmStart) || change.affectsConfiguration(DebugSettings.adapter)) consider();
    }),
    // The session took the spare when it started; the next F5 gets a new one, loaded once this session is over
    // (not while its program runs: both would compete for the CPU), whatever is in front then (the views, often).
    debug.onDidTerminateDebugSession((session) => {
      if (session.type === DEBUG_TYPE) consider(window.activeTextEditor, true);
    }),
    { dispose: () => factory.spare.dispose() },
  ];
}
