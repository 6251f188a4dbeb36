// Tasks and futures a coroutine is handed by the call starting it, that the caller's object keeps: `await task` for
// each `task` of a parameter given `[self.reader, self.writer]` (or a list the caller fills only with such attributes,
// `pending.append(self.reader)`), as a clean-up coroutine awaiting the tasks its object just cancelled does. The object
// holds each task, and the task, until it is done, the waiter's wake-up in its callbacks: the waiting task cannot be
// collected (see parkedCoroutine).
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { callArguments, hasAsyncKeyword, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Binding, Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { isHeldByObject } from '../../../ruleSupport/handedOverFutures';
import { parametersOf } from '../../../ruleSupport/parameterGuard';

/**
 * Whether `awaitNode`, in the coroutine `body` that the call `entry` enters, awaits what a parameter of `body` (bound
 * nowhere else) is given there, or each item of it (`for task in tasks: await task`, a `for` over the parameter with
 * the awaited name as its whole target): an attribute of the caller's object (`self.reader`), or for items a list or
 * tuple literal of such attributes, or a local of the caller bound once to such a literal and changed only by
 * `append`ing such attributes to it. Entered by no call written here, what a parameter holds is not known.
 */
export function awaitsHandedInTask(awaitNode: SyntaxNode, body: Scope, entry: SyntaxNode | undefined, model: SemanticModel): boolean {
  const operand = awaitNode.firstNamedChild && unparenthesize(awaitNode.firstNamedChild);
  const awaited = operand?.type === 'identifier' ? onlyBinding(operand, body, model) : undefined;
  if (!entry || !awaited) return false;
  if (awaited.kind === 'parameter') {
    const passed = passedFor(awaited.name, body, entry);
    return passed !== undefined && isObjectAttribute(passed);
  }
  const loop = awaited.kind === 'loopTarget' ? awaited.node.parent : null;
  if (loop?.type !== 'for_statement' || hasAsyncKeyword(loop) || loop.childForFieldName('left')?.id !== awaited.node.id) return false;
  const iterated = loop.childForFieldName('right');
  const parameter = iterated?.type === 'identifier' ? onlyBinding(iterated, body, model) : undefined;
  const passed = parameter?.kind === 'parameter' ? passedFor(parameter.name, body, entry) : undefined;
  return passed !== undefined && holdsOnlyObjectAttributes(passed, model.scopeOf(entry), entry, model);
}

/** The binding of `name` in `body`, where it is bound there once. */
function onlyBinding(name: SyntaxNode, body: Scope, model: SemanticModel): Binding | undefined {
  const binding = model.resolve(name, body);
  return binding?.scope === body && model.bindingsIn(body, binding.name).length === 1 ? binding : undefined;
}

/** What `entry` passes for the parameter `name` of the function `body` (by keyword or position). */
function passedFor(name: string, body: Scope, entry: SyntaxNode): SyntaxNode | undefined {
  const parameter = parametersOf(body.node).byName.get(name);
  const { positional, keywords } = callArguments(entry);
  const passed = keywords.get(name) ?? (parameter?.position === undefined ? undefined : positional[parameter.position]);
  return passed && unparenthesize(passed);
}

/** `self.reader`: an attribute of the object (not the object itself). */
function isObjectAttribute(node: SyntaxNode): boolean {
  return node.type !== 'identifier' && isHeldByObject(node);
}

/**
 * A list or tuple literal of the object's attributes, or a local of `scope` bound once to one, whose every other use is
 * `append`ing such an attribute, a test of it (`if pending:`), or the argument `entry` passes.
 */
function holdsOnlyObjectAttributes(passed: SyntaxNode, scope: Scope, entry: SyntaxNode, model: SemanticModel): boolean {
  if (passed.type === 'list' || passed.type === 'tuple')
    return passed.namedChildren.every((item) => isObjectAttribute(unparenthesize(item)));
  if (passed.type !== 'identifier') return false;
  const binding = onlyBinding(passed, scope, model);
  const value = binding?.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
  if (!binding || value?.type !== 'list' || !holdsOnlyObjectAttributes(value, scope, entry, model)) return false;
  return model
    .references(binding)
    .every((reference) => reference.id === passed.id || addsObjectAttribute(reference) || isTested(reference));
}

/** `pending.append(self.reader)`. */
function addsObjectAttribute(reference: SyntaxNode): boolean {
  const method = reference.parent;
  const call = method?.parent;
  if (method?.type !== 'attribute' || method.childForFieldName('attribute')?.text !== 'append' || call?.type !== 'call') return false;
  const items = call.childForFieldName('arguments')?.namedChildren ?? [];
  return items.length === 1 && isObjectAttribute(unparenthesize(items[0]!));
}

/** `if pending:`, `while pending:`, `not pending`: a test, which changes nothing. */
function isTested(reference: SyntaxNode): boolean {
  const parent = reference.parent;
  if (parent?.type === 'not_operator') return true;
  return (
    (parent?.type === 'if_statement' || parent?.type === 'while_statement' || parent?.type === 'elif_clause') &&
    parent.childForFieldName('condition')?.id === reference.id
  );
}
