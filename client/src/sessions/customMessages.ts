// The extension's end of Loopscope's custom DAP messages, typed by their declaration (protocol/debugProtocol.ts
// `CustomRequests`, `CustomEvents`): a request's name picks its arguments and its answer, an event's its body.
// VS Code hands both over untyped; the adapter builds them from the same declaration.
import { debug, type DebugSession, type Disposable } from 'vscode';
import type { CustomEventName, CustomEvents, CustomRequestName, CustomRequests } from '../../../protocol/debugProtocol';

export function customRequest<K extends CustomRequestName>(
  session: DebugSession,
  command: K,
  args: CustomRequests[K]['args'],
): Thenable<CustomRequests[K]['result']> {
  return session.customRequest(command, args);
}

/** Calls `listener` with each `name` event of any debug session. */
export function onCustomEvent<K extends CustomEventName>(
  name: K,
  listener: (body: CustomEvents[K], session: DebugSession) => void,
): Disposable {
  return debug.onDidReceiveDebugSessionCustomEvent((event) => {
    if (event.event === name) listener(event.body, event.session);
  });
}
