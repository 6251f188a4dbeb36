// Loopscope's own DAP events, built from their declaration (protocol/debugProtocol.ts `CustomEvents`): an event's
// name picks the body it must carry, so the adapter cannot send one with the wrong shape.
import { Event } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { CustomEventName, CustomEvents } from '../../protocol/debugProtocol';

export function customEvent<K extends CustomEventName>(name: K, body: CustomEvents[K]): DebugProtocol.Event {
  return new Event(name, body);
}
