// Whether the function a `run_in_executor(...)` call hands the executor passes its outcome on through a future of its
// own that the coroutine awaits (a worker pool's `_run` setting the result, or the exception, of `future`, then
// `return await future`): the coroutine then waits for the function and sees its exception, though the executor's
// future is dropped (LOOP304).
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { callArguments, hasAsyncKeyword, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { parametersOf } from '../../../ruleSupport/parameterGuard';

/** The methods of a future that settle it: both, on one future, hand on whatever the function ends with. */
const SETTLING_METHODS = ['set_result', 'set_exception'] as const;

/**
 * Whether `call` (`loop.run_in_executor(executor, function, *args)`, in the coroutine `scope`) hands the executor a
 * `def` of this file that refers to both `set_result` and `set_exception` of one future (calling them, or handing
 * them to `call_soon_threadsafe`), a future the coroutine awaits by name after the call: one the function closes over
 * (a local of the coroutine), or one the call hands it as an argument. A function setting only the result leaves its
 * exception unseen, and the coroutine waiting forever: still reported.
 */
export function settlesAwaitedFuture(call: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const args = callArguments(call);
  const handed = args.positional[1];
  const definition = handed && model.definitionOf(handed, scope);
  const body = definition?.type === 'function_definition' && !hasAsyncKeyword(definition) ? model.scopeOfDefinition(definition) : undefined;
  const coroutine = scope.functionScope;
  if (!definition || !body || !coroutine) return false;
  return settledFutures(definition, model, body).some((future) => {
    const awaited = futureInCoroutine(future, definition, args.hasUnpacking ? [] : args.positional.slice(2), model, body, coroutine);
    return awaited !== undefined && awaitedAfter(awaited, call, model, coroutine);
  });
}

/** The names (as the function's body reads them) of the futures whose every settling method the function refers to. */
function settledFutures(definition: SyntaxNode, model: SemanticModel, body: Scope): SyntaxNode[] {
  const settling = new Map<string, { readonly receiver: SyntaxNode; readonly methods: Set<string> }>();
  for (const attribute of definition.descendantsOfType('attribute')) {
    const method = attribute.childForFieldName('attribute')?.text;
    const receiver = attribute.childForFieldName('object');
    if (!SETTLING_METHODS.some((name) => name === method) || receiver?.type !== 'identifier' || model.scopeOf(attribute) !== body) continue;
    const entry = settling.get(receiver.text) ?? { receiver, methods: new Set<string>() };
    entry.methods.add(method!);
    settling.set(receiver.text, entry);
  }
  return [...settling.values()].filter((entry) => entry.methods.size === SETTLING_METHODS.length).map((entry) => entry.receiver);
}

/**
 * The name the coroutine knows `future` (read in the handed function) by: the coroutine's own local the function
 * closes over, or the name the call passes for the function's parameter (`run_in_executor(pool, settle, future)`).
 */
function futureInCoroutine(
  future: SyntaxNode,
  definition: SyntaxNode,
  handedArguments: readonly SyntaxNode[],
  model: SemanticModel,
  body: Scope,
  coroutine: Scope,
): string | undefined {
  const binding = model.resolve(future, body);
  if (binding?.scope === coroutine) return future.text;
  if (binding?.scope !== body || binding.kind !== 'parameter') return undefined;
  const position = parametersOf(definition).byName.get(future.text)?.position;
  const passed = position === undefined ? undefined : handedArguments[position];
  const name = passed && unparenthesize(passed);
  return name?.type === 'identifier' && model.resolve(name, coroutine)?.scope === coroutine ? name.text : undefined;
}

/** Whether the coroutine awaits its local `name` itself (`await future`) after `call`. */
function awaitedAfter(name: string, call: SyntaxNode, model: SemanticModel, coroutine: Scope): boolean {
  return coroutine.awaits.some((awaitNode) => {
    const operand = awaitNode.firstNamedChild;
    const awaited = operand && unparenthesize(operand);
    return (
      awaitNode.startIndex >= call.endIndex &&
      awaited?.type === 'identifier' &&
      awaited.text === name &&
      model.resolve(awaited, coroutine)?.scope === coroutine
    );
  });
}
