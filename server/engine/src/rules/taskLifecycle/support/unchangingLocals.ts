// LOOP306's parked loops: a condition reading only locals of the coroutine that no code changes while the loop runs
// (`done = False`, then `while not done: await asyncio.sleep(1)`, flipped from a debugger) polls nothing, like
// `while True: await asyncio.sleep(...)`: there is no code to set an Event.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { inNestedDefinition, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { RuleContext } from '../../../linter/rule';

/** Node kinds a condition over names alone is made of. */
const NAME_TEST_KINDS: ReadonlySet<string> = new Set([
  'identifier',
  'not_operator',
  'boolean_operator',
  'comparison_operator',
  'parenthesized_expression',
  'integer',
  'float',
  'true',
  'false',
  'none',
]);

/**
 * Values a name may be bound to whose value only a new binding changes: literals of immutable types, and what a
 * comparison or `not` makes (a bool). A list, an object or what a call returns may be changed in place, by code
 * holding it too.
 */
const IMMUTABLE_VALUE_KINDS: ReadonlySet<string> = new Set([
  'integer',
  'float',
  'true',
  'false',
  'none',
  'string',
  'concatenated_string',
  'unary_operator',
  'comparison_operator',
  'not_operator',
]);

/**
 * Whether `test` (a `while` loop's condition or its `if ...: break`) reads only locals of the coroutine that nothing
 * changes once `loop` runs: names compared with each other or with literals, each bound in the coroutine itself only
 * to immutable values (see IMMUTABLE_VALUE_KINDS), and none bound in the loop, rebound by a nested function (`nonlocal`),
 * deleted, or passed to a call. The loop body only sleeps, so no code could change them: the loop waits for ever (or
 * for a debugger), polling nothing.
 */
export function readsOnlyUnchangingLocals(test: SyntaxNode, loop: SyntaxNode, context: RuleContext): boolean {
  const coroutine = context.scope.functionScope;
  const names: SyntaxNode[] = [];
  if (!coroutine || !onlyNames(unparenthesize(test), names) || names.length === 0) return false;
  return names.every((name) => isUnchangingLocal(name, coroutine, loop, context));
}

/** Whether `node` is made of names and literals alone (see NAME_TEST_KINDS), collecting the names into `names`. */
function onlyNames(node: SyntaxNode, names: SyntaxNode[]): boolean {
  if (!NAME_TEST_KINDS.has(node.type)) return false;
  if (node.type === 'identifier') names.push(node);
  return node.namedChildren.every((child) => child.type === 'comment' || onlyNames(child, names));
}

function isUnchangingLocal(identifier: SyntaxNode, coroutine: Scope, loop: SyntaxNode, { model, scope }: RuleContext): boolean {
  const binding = model.resolve(identifier, scope);
  if (!binding || binding.scope !== coroutine) return false;
  const bindings = model.bindingsIn(coroutine, binding.name);
  const settled = bindings.every((other) => {
    if (inNestedDefinition(other.node, coroutine.node)) return false;
    if (other.position >= loop.startIndex && other.position < loop.endIndex) return false;
    if (other.kind === 'augmentedAssignment' || other.kind === 'annotation') return true;
    const value = other.value && unparenthesize(other.value);
    return other.kind === 'assignment' && value !== undefined && IMMUTABLE_VALUE_KINDS.has(value.type);
  });
  return (
    settled &&
    !declaredNonlocalBelow(coroutine, binding.name) &&
    !deleted(coroutine.node, binding.name) &&
    model.references(binding).every((reference) => !isPassed(reference))
  );
}

/** Whether a function nested in `scope` declares `name` nonlocal (it may rebind it, or `del` it). */
function declaredNonlocalBelow(scope: Scope, name: string): boolean {
  return scope.children.some((child) => child.nonlocals.has(name) || declaredNonlocalBelow(child, name));
}

/** Whether a `del` statement in `definition` deletes the name `name`. */
function deleted(definition: SyntaxNode, name: string): boolean {
  return definition
    .descendantsOfType('delete_statement')
    .some((statement) =>
      statement.descendantsOfType('identifier').some((identifier) => identifier.text === name && identifier.parent?.type !== 'attribute'),
    );
}

/** Whether the name read at `reference` is handed to a call (`start(done)`, `start(flag=done)`). */
function isPassed(reference: SyntaxNode): boolean {
  const parent = reference.parent;
  return (
    parent?.type === 'argument_list' || (parent?.type === 'keyword_argument' && parent.childForFieldName('value')?.id === reference.id)
  );
}
