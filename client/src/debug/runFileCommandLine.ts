// The command line "Loopscope: Run File" starts in a terminal: `loopscope run` with the environment VS Code
// knows of (the Python extension's interpreter, or the workspace's .venv the CLI would not look for). Free of
// `vscode`.
import path from 'node:path';
import { virtualEnvironmentIn } from '../../../runtime/src/environment/pythonEnvironment';

interface RunFileContext {
  /** The Python extension's selected interpreter, if any. */
  interpreter?: string | undefined;
  /** The workspace folder holding the file, if any. */
  workspaceFolder?: string | undefined;
  /** The environment the terminal inherits (VIRTUAL_ENV). */
  env: Record<string, string | undefined>;
}

/** Arguments for node: the CLI script, `run`, `--python` when VS Code knows better, and the file. */
export function runFileArguments(cli: string, file: string, context: RunFileContext): string[] {
  const python = context.interpreter ?? workspaceEnvironment(file, context);
  return [cli, 'run', ...(python ? ['--python', python] : []), file];
}

/** The workspace's .venv/venv, when `loopscope run` (cwd: the file's folder) would not find one first itself. */
function workspaceEnvironment(file: string, context: RunFileContext): string | undefined {
  if (!context.workspaceFolder || context.env.VIRTUAL_ENV) return undefined;
  if (virtualEnvironmentIn(path.dirname(file))) return undefined;
  return virtualEnvironmentIn(context.workspaceFolder)?.root;
}
