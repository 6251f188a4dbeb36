// "Loopscope: Run File" and "Loopscope: Debug File" (Command Palette, editor title, code lens). Run File runs
// `loopscope run FILE` — the bundled dist/cli.js on the extension host's own Node — in a terminal: a program may
// read stdin (`input()`), print as it goes and be stopped with Ctrl+C, which a terminal gives and an output
// channel does not; and nothing needs installing (no Python, no Node on PATH). In Restricted Mode, Run File asks
// for trust first (workspaceTrust.ts); debugging is held by VS Code's own trust prompt.
import path from 'node:path';
import {
  commands,
  debug,
  Uri,
  window,
  workspace,
  type Disposable,
  type ExtensionContext,
  type LogOutputChannel,
  type Terminal,
} from 'vscode';
import { CommandIds } from '../commandIds';
import { fileConfiguration } from './launchConfigurations';
import { runFileArguments } from './runFileCommandLine';
import { selectedInterpreter } from './selectedInterpreter';
import { ensureTrusted } from './workspaceTrust';

/** The Python file a command is about: its argument (a Uri from a lens, the explorer, the editor title) or the active editor's. */
async function targetFile(argument: unknown): Promise<Uri | undefined> {
  const uri = argument instanceof Uri ? argument : window.activeTextEditor?.document.uri;
  const document = uri ? workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString()) : undefined;
  if (!uri || uri.scheme !== 'file' || !(document?.languageId === 'python' || /\.pyw?$/i.test(uri.fsPath))) {
    void window.showInformationMessage('Loopscope: open a Python file to run or debug it.');
    return undefined;
  }
  // Run what the user sees, as the Python extension does.
  if (document?.isDirty) await document.save();
  return uri;
}

export function registerProgramCommands(context: ExtensionContext, output?: LogOutputChannel): Disposable[] {
  let terminal: Terminal | undefined;
  return [
    commands.registerCommand(CommandIds.runFile, async (argument: unknown) => {
      const file = await targetFile(argument);
      if (!file || !(await ensureTrusted(`Running ${path.basename(file.fsPath)}`))) return;
      // The program imports from the environment the Python extension has selected, as its Run does.
      const shellArgs = runFileArguments(context.asAbsolutePath(path.join('dist', 'cli.js')), file.fsPath, {
        interpreter: await selectedInterpreter(file, output),
        workspaceFolder: workspace.getWorkspaceFolder(file)?.uri.fsPath,
        env: process.env,
      });
      // One program at a time: a new run replaces the previous one's terminal.
      terminal?.dispose();
      terminal = window.createTerminal({
        name: `Loopscope: ${path.basename(file.fsPath)}`,
        shellPath: process.execPath,
        shellArgs,
        cwd: path.dirname(file.fsPath),
        // VS Code's binary is Electron on the desktop: this makes it plain Node (and is harmless for node itself).
        env: { ELECTRON_RUN_AS_NODE: '1' },
        iconPath: undefined,
      });
      terminal.show();
    }),
    commands.registerCommand(CommandIds.debugFile, async (argument: unknown) => {
      const file = await targetFile(argument);
      if (!file) return;
      // In Restricted Mode VS Code itself asks before any debug session starts ("Trust Folder & Continue").
      await debug.startDebugging(workspace.getWorkspaceFolder(file), fileConfiguration(file.fsPath));
    }),
    window.onDidCloseTerminal((closed) => {
      if (closed === terminal) terminal = undefined;
    }),
  ];
}
