// Recognises method calls on an event loop, also when the loop's type is unknown but its name says
// what it is (`self._loop.create_task(...)`): that is how most library code holds its loop. Not a test's stand-in for
// one (`bot.loop` of `bot = MockBot()`, `loop = create_autospec(AbstractEventLoop)`: see testDoubles).
import { EVENT_LOOP } from '../analysis/knownTypes';
import type { SyntaxNode } from '../analysis/pythonParser';
import { unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { isTestDouble } from './testDoubles';

/** `loop`, `_loop`, `event_loop`, `self._loop`, `get_loop()`. */
const LOOP_NAME = /(?:^|_)loop$/i;

/** Whether `call` is `<event loop>.<method>(...)`. */
export function isEventLoopMethodCall(call: SyntaxNode, method: string, model: SemanticModel, scope: Scope): boolean {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== method) return false;
  if (model.calleeName(call, scope) === `${EVENT_LOOP}.${method}`) return true;
  const receiver = callee.childForFieldName('object');
  return !!receiver && model.typeOf(receiver, scope) === undefined && isNamedEventLoop(receiver, model, scope);
}

/** Whether `reference` is `<event loop>.<method>`, not called: handed to something that calls it. */
export function isEventLoopMethod(reference: SyntaxNode, method: string, model: SemanticModel, scope: Scope): boolean {
  const node = unparenthesize(reference);
  if (node.type !== 'attribute' || node.childForFieldName('attribute')?.text !== method) return false;
  const receiver = node.childForFieldName('object');
  if (!receiver) return false;
  const type = model.typeOf(receiver, scope);
  if (type !== undefined) return type === EVENT_LOOP;
  return isNamedEventLoop(receiver, model, scope);
}

/** A receiver (of a type the model does not know) whose name says it is an event loop, and that no test made as a stand-in. */
function isNamedEventLoop(receiver: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const name = lastName(receiver);
  return name !== undefined && LOOP_NAME.test(name) && !isTestDouble(receiver, scope, model);
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
