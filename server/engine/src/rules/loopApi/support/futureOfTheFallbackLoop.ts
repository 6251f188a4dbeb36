// A function handing back a future of the loop its caller may leave out: `loop = loop or asyncio.get_event_loop()`,
// then `return loop.run_in_executor(...)` (or `fut = asyncio.Future(loop=loop)` ... `return fut`). The future is done
// only while that loop runs, so its caller waits on it where the loop runs (awaiting it in a coroutine of that loop,
// where the call returns the running loop) or drives the current loop on it (`loop.run_until_complete(...)`), having
// made one current; and before Python 3.7 no other call finds the loop a coroutine runs on (aioprocessing's
// `coro_map`, declaring 3.5).
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { callArguments, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { returnedValues } from '../../../ruleSupport/fileLocalFunctions';
import { fallbackParameter } from './loopFallbackNeverTaken';

/** Methods of an event loop that return a future (or task) of that loop. */
const LOOP_FUTURE_METHODS: ReadonlySet<string> = new Set(['create_future', 'create_task', 'run_in_executor']);
/** Calls making a future of the loop given as `loop=`. */
const FUTURES_OF_A_LOOP: ReadonlySet<string> = new Set(['asyncio.Future', 'asyncio.ensure_future', 'asyncio.wrap_future']);

/**
 * Whether `call`, the fallback of the loop parameter of the function `scope` (see fallbackParameter), finds the loop of
 * the future the function returns: every `return` of its own gives a future of that loop, made by the call returned or
 * by the only assignment of the name returned.
 */
export function returnsFutureOfFallbackLoop(call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const loop = fallbackParameter(call, scope, model);
  const values = loop === undefined ? undefined : returnedValues(scope.node, model);
  return values !== undefined && values.every((value) => futureOf(value, loop!, scope, model, true));
}

/** Whether `value` is a future of the loop named `loop`, or (`followName`) a name assigned one only. */
function futureOf(value: SyntaxNode, loop: string, scope: Scope, model: SemanticModel, followName: boolean): boolean {
  const node = unparenthesize(value);
  if (node.type === 'identifier' && followName) {
    const bindings = model.bindingsIn(scope, node.text);
    return (
      bindings.length === 1 &&
      bindings[0]!.kind === 'assignment' &&
      bindings[0]!.value !== undefined &&
      futureOf(bindings[0]!.value, loop, scope, model, false)
    );
  }
  if (node.type !== 'call') return false;
  const callee = node.childForFieldName('function');
  if (callee?.type === 'attribute') {
    const receiver = callee.childForFieldName('object');
    const method = callee.childForFieldName('attribute')?.text ?? '';
    if (receiver?.type === 'identifier' && receiver.text === loop && LOOP_FUTURE_METHODS.has(method)) return true;
  }
  const given = callArguments(node).keywords.get('loop');
  return FUTURES_OF_A_LOOP.has(model.qualifiedName(callee ?? node, scope) ?? '') && given?.type === 'identifier' && given.text === loop;
}
