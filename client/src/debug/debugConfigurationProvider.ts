// F5 on a Python file with no launch.json debugs that file with Loopscope; a `loopscope` configuration without
// a program gets the active file; "Add Configuration…" offers the initial configurations. Before the session
// starts, the Python extension's selected interpreter and the workspace folder are added (the environment).
import path from 'node:path';
import {
  Uri,
  window,
  workspace,
  type DebugConfiguration,
  type DebugConfigurationProvider,
  type LogOutputChannel,
  type ProviderResult,
  type WorkspaceFolder,
} from 'vscode';
import { completeConfiguration, INITIAL_CONFIGURATIONS, withEditorContext, type LaunchConfiguration } from './launchConfigurations';
import { selectedInterpreter } from './selectedInterpreter';
import { ensureTrusted } from './workspaceTrust';

export class LoopscopeConfigurationProvider implements DebugConfigurationProvider {
  constructor(private readonly output?: LogOutputChannel) {}

  provideDebugConfigurations(): ProviderResult<DebugConfiguration[]> {
    return INITIAL_CONFIGURATIONS.map((config) => ({ ...config }));
  }

  async resolveDebugConfiguration(
    _folder: WorkspaceFolder | undefined,
    config: DebugConfiguration,
  ): Promise<DebugConfiguration | undefined> {
    const document = window.activeTextEditor?.document;
    const activePythonFile =
      document && document.languageId === 'python' && document.uri.scheme === 'file' ? document.uri.fsPath : undefined;
    const completed = completeConfiguration(config, activePythonFile);
    if ('message' in completed) {
      void window.showInformationMessage(completed.message);
      return undefined;
    }
    if (!(await ensureTrusted('Debugging'))) return undefined;
    return completed.config as DebugConfiguration;
  }

  /** With `${file}` and friends substituted: the program is known, so is its interpreter and workspace folder. */
  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: WorkspaceFolder | undefined,
    config: DebugConfiguration,
  ): Promise<DebugConfiguration> {
    if (typeof config.program !== 'string' || !config.program) return config;
    const base = typeof config.cwd === 'string' && config.cwd ? config.cwd : (folder?.uri.fsPath ?? '');
    const program = Uri.file(path.isAbsolute(config.program) ? config.program : path.resolve(base, config.program));
    const named = typeof config.python === 'string' && config.python !== '';
    const interpreter = named ? undefined : await selectedInterpreter(program, this.output);
    const workspaceFolder = (workspace.getWorkspaceFolder(program) ?? folder)?.uri.fsPath;
    return withEditorContext(config as LaunchConfiguration, { interpreter, workspaceFolder }) as DebugConfiguration;
  }
}
