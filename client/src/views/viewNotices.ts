// What the views say when there is nothing to draw. Free of `vscode`.
import type { ViewNotice } from '../../../protocol/webviewMessages';

export function noSessionNotice(): ViewNotice {
  return {
    kind: 'noSession',
    text: 'No Loopscope debug session is running. Open a Python asyncio program and press F5 (or run "Loopscope: Debug File") to see its tasks here.',
  };
}
