// Running or debugging a program executes code from the folder, so in Restricted Mode (an untrusted workspace)
// Loopscope asks for trust first and goes on only once it is granted. Linting never needs it.
import { commands, window, workspace } from 'vscode';

const MANAGE = 'Manage Workspace Trust';
/** How long a granted trust still continues the action that asked for it. */
const WAIT_FOR_TRUST_MS = 5 * 60_000;

/** True when the workspace is trusted, or becomes trusted through the prompt; false if the user declines. */
export async function ensureTrusted(action: string): Promise<boolean> {
  if (workspace.isTrusted) return true;
  const choice = await window.showWarningMessage(
    `${action} runs the program's code, and this folder is open in Restricted Mode.`,
    {
      modal: true,
      detail: 'Trust the folder (Manage Workspace Trust) to run and debug programs with Loopscope. Linting works without trust.',
    },
    MANAGE,
  );
  if (choice !== MANAGE) return false;
  const granted = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      resolve(false);
    }, WAIT_FOR_TRUST_MS);
    const subscription = workspace.onDidGrantWorkspaceTrust(() => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(true);
    });
  });
  await commands.executeCommand('workbench.trust.manage');
  return workspace.isTrusted || granted;
}
