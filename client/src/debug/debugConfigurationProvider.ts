// F5 on a Python file with no launch.json debugs that file with Loopscope; a `loopscope` configuration without
// a program gets the active file; "Add Configuration…" offers the initial configurations.
import { window, type DebugConfiguration, type DebugConfigurationProvider, type ProviderResult, type WorkspaceFolder } from 'vscode';
import { completeConfiguration, INITIAL_CONFIGURATIONS } from './launchConfigurations';
import { ensureTrusted } from './workspaceTrust';

export class LoopscopeConfigurationProvider implements DebugConfigurationProvider {
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
}
