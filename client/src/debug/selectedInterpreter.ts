// The Python extension's selected interpreter for a file, asked through VS Code (see
// pythonExtensionInterpreter.ts for the API and why it never fails).
import { extensions, type LogOutputChannel, type Uri } from 'vscode';
import { interpreterFromPythonExtension, PYTHON_EXTENSION_ID } from './pythonExtensionInterpreter';

export function selectedInterpreter(resource: Uri, output?: LogOutputChannel): Promise<string | undefined> {
  return interpreterFromPythonExtension(extensions.getExtension(PYTHON_EXTENSION_ID), resource, (message) => output?.warn(message));
}
