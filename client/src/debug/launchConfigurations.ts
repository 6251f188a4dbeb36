// Loopscope launch configurations: the ones offered when launch.json is created (package.json
// `initialConfigurations` holds the same, kept equal by a test), and the one F5 uses on a Python file when there
// is no launch.json. Free of `vscode`.
import {
  DEBUG_TYPE,
  EDITOR_CONTEXT_ATTRIBUTE,
  type LaunchEditorContext,
  type LoopscopeLaunchArguments,
} from '../../../protocol/debugProtocol';

export interface LaunchConfiguration extends Partial<LoopscopeLaunchArguments> {
  type: string;
  request: string;
  name: string;
  [key: string]: unknown;
}

export const INITIAL_CONFIGURATIONS: readonly LaunchConfiguration[] = [
  {
    type: DEBUG_TYPE,
    request: 'launch',
    name: 'Loopscope: Debug current file',
    program: '${file}',
    clock: 'virtual',
    justMyCode: true,
  },
];

/** The configuration for debugging one file (F5 without launch.json, "Debug File", the code lens). */
export function fileConfiguration(program: string): LaunchConfiguration {
  return { type: DEBUG_TYPE, request: 'launch', name: `Loopscope: ${baseName(program)}`, program };
}

/**
 * What F5 does with `config`: an empty configuration (no launch.json) becomes "debug the active Python file";
 * a `loopscope` configuration without a program gets the active file (unless it replays a recording, whose program
 * is the recorded one). Returns a message instead when there is
 * nothing to debug.
 */
export function completeConfiguration(
  config: Record<string, unknown>,
  activePythonFile: string | undefined,
): { config: LaunchConfiguration } | { message: string } {
  const empty = !config.type && !config.request && !config.name;
  if (empty) {
    if (!activePythonFile)
      return { message: 'Loopscope: open a Python file to debug it (or add a "loopscope" configuration to launch.json).' };
    return { config: fileConfiguration(activePythonFile) };
  }
  const completed = { ...config, type: config.type ?? DEBUG_TYPE, request: config.request ?? 'launch' } as LaunchConfiguration;
  if (typeof completed.name !== 'string') completed.name = 'Loopscope';
  // A replay's program is the recorded one (the adapter reads it from the recording).
  if ((completed.program === undefined || completed.program === '') && !completed.replay) {
    if (!activePythonFile)
      return { message: 'Loopscope: the launch configuration has no "program"; set it to the .py file to debug, e.g. "${file}".' };
    completed.program = activePythonFile;
  }
  return { config: completed };
}

/**
 * What VS Code knows that the adapter cannot, added before a session starts: the Python extension's selected
 * interpreter as `python` (unless the configuration names one), and the program's workspace folder (its .venv).
 */
export function withEditorContext(
  config: LaunchConfiguration,
  context: { interpreter?: string | undefined; workspaceFolder?: string | undefined },
): LaunchConfiguration {
  const editor: LaunchEditorContext = {};
  const result: LaunchConfiguration = { ...config };
  if ((config.python === undefined || config.python === null || config.python === '') && context.interpreter) {
    result.python = context.interpreter;
    editor.pythonFromExtension = true;
  }
  if (context.workspaceFolder) editor.workspaceFolder = context.workspaceFolder;
  if (Object.keys(editor).length) result[EDITOR_CONTEXT_ATTRIBUTE] = editor;
  return result;
}

function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut >= 0 ? path.slice(cut + 1) : path;
}
