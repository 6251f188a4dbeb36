// Recognises method calls on an event loop, also when the loop's type is unknown but its name says
// what it is (`self._loop.create_task(...)`): that is how most library code holds its loop.
import { EVENT_LOOP } from '../../../analysis/knownTypes';
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';

/** `loop`, `_loop`, `event_loop`, `self._loop`, `get_loop()`. */
const LOOP_NAME = /(?:^|_)loop$/i;

/** Whether `call` is `<event loop>.<method>(...)`. */
export function isEventLoopMethodCall(call: SyntaxNode, method: string, model: SemanticModel, scope: Scope): boolean {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== method) return false;
  if (model.calleeName(call, scope) === `${EVENT_LOOP}.${method}`) return true;
  const receiver = callee.childForFieldName('object');
  if (!receiver || model.typeOf(receiver, scope) !== undefined) return false;
  const name = lastName(receiver);
  return name !== undefined && LOOP_NAME.test(name);
}

/** Whether `reference` is `<event loop>.<method>`, not called: handed to something that calls it. */
export function isEventLoopMethod(reference: SyntaxNode, method: string, model: SemanticModel, scope: Scope): boolean {
  const node = unparenthesize(reference);
  if (node.type !== 'attribute' || node.childForFieldName('attribute')?.text !== method) return false;
  const receiver = node.childForFieldName('object');
  if (!receiver) return false;
  const type = model.typeOf(receiver, scope);
  if (type !== undefined) return type === EVENT_LOOP;
  const name = lastName(receiver);
  return name !== undefined && LOOP_NAME.test(name);
}

/** The last name in `a.b.c`, `c`, or `a.c()`. */
function lastName(expression: SyntaxNode): string | undefined {
  const node = unparenthesize(expression);
  switch (node.type) {
    case 'identifier':
      return node.text;
    case 'attribute':
      return node.childForFieldName('attribute')?.text;
    case 'call': {
      const callee = node.childForFieldName('function');
      return callee ? lastName(callee) : undefined;
    }
    default:
      return undefined;
  }
}
