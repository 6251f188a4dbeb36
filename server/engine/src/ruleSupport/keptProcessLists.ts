// Processes started into a container the code keeps, as processHandles keeps one handle: a pool of workers a helper
// starts and hands back (`return [subprocess.Popen(cmd) for _ in range(n)]`, a benchmark's workers polled and stopped
// later by its caller), stores on its object, or appends to a list it returns. Starting each only forks and execs.
import type { SyntaxNode } from '../analysis/pythonParser';
import { parentOutsideParentheses, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

/** Containers whose element (or item) a started process may be: the handles are kept together. */
const COMPREHENSIONS: ReadonlySet<string> = new Set(['list_comprehension', 'set_comprehension']);
const LITERALS: ReadonlySet<string> = new Set(['list', 'tuple', 'set', 'expression_list']);
/** What a local list starts as: a container of its own, no other name's. */
const NEW_CONTAINERS: ReadonlySet<string> = new Set([...COMPREHENSIONS, 'list', 'set']);
/** Methods putting a handle into the list they are called on. */
const ADDING_METHODS: ReadonlySet<string> = new Set(['append', 'add']);

/**
 * Whether `call` (a `subprocess.Popen(...)`, in `scope`) starts a process into a container kept as a whole, nothing
 * waiting for it where it is made:
 * - an element of a list or set comprehension, or an item of a list, tuple or set written out, that is returned
 *   (`return [subprocess.Popen(cmd) for _ in range(n)]`), yielded, or stored on an object (`self.workers = [...]`);
 *   also through a local bound once to it that the function only returns, yields or stores so;
 * - appended to a list of an object (`self.workers.append(subprocess.Popen(cmd))`), or to a local list the function
 *   only returns, yields or stores so (`workers.append(...)` in a loop, then `return workers`);
 * - stored in a mapping of an object (`self.workers[name] = subprocess.Popen(cmd)`).
 * A local used otherwise (iterated, indexed, handed to a function) may be waited for: not kept here.
 */
export function startsProcessIntoKeptContainer(call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const holder = parentOutsideParentheses(call);
  if (!holder) return false;
  if (COMPREHENSIONS.has(holder.type)) return holder.childForFieldName('body')?.id === call.id && containerKept(holder, scope, model);
  if (LITERALS.has(holder.type)) return containerKept(holder, scope, model);
  if (holder.type === 'argument_list') return addedToKeptList(holder, scope, model);
  if (holder.type === 'assignment' && holder.childForFieldName('right')?.id === call.id) {
    const target = unparenthesize(holder.childForFieldName('left') ?? call);
    return target.type === 'subscript' && unparenthesize(target.childForFieldName('value') ?? target).type === 'attribute';
  }
  return false;
}

/** Whether the comprehension or literal `container` is returned, yielded or stored on an object, directly or through a local. */
function containerKept(container: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  if (handedBack(container)) return true;
  const holder = parentOutsideParentheses(container);
  if (holder?.type !== 'assignment' || holder.childForFieldName('right')?.id !== container.id) return false;
  const target = unparenthesize(holder.childForFieldName('left') ?? container);
  if (target.type === 'attribute') return true;
  return target.type === 'identifier' && localOnlyKept(target, scope, model, false);
}

/** Whether `call` is the one argument of `list.append(...)` (or `set.add`) on a list of an object, or on a kept local. */
function addedToKeptList(argumentList: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const adding = argumentList.parent;
  const callee = adding?.type === 'call' ? adding.childForFieldName('function') : null;
  if (callee?.type !== 'attribute' || argumentList.namedChildren.length !== 1) return false;
  if (!ADDING_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) return false;
  const list = unparenthesize(callee.childForFieldName('object') ?? callee);
  if (list.type === 'attribute') return true;
  return list.type === 'identifier' && localOnlyKept(list, scope, model, true);
}

/**
 * Whether the local `name` (read or bound at `name`, in `scope`) is a list the function only fills and hands back:
 * bound once in the function, to a list or set of its own (written out, or a comprehension), and every other use
 * returns it (`return workers`), yields it, stores it on an object (`self.workers = workers`) or, where `filled`, adds
 * to it.
 */
function localOnlyKept(name: SyntaxNode, scope: Scope, model: SemanticModel, filled: boolean): boolean {
  const binding = model.resolve(name, scope);
  const running = scope.functionScope;
  if (!binding || !running || binding.scope !== running || binding.kind !== 'assignment') return false;
  if (model.bindingsIn(running, name.text).length !== 1 || !NEW_CONTAINERS.has(unparenthesize(binding.value ?? name).type)) return false;
  let kept = false;
  for (const use of model.references(binding)) {
    if (use.id === binding.node.id || use.id === name.id) continue;
    const holder = parentOutsideParentheses(use);
    if (handedBack(use)) kept = true;
    else if (holder?.type === 'assignment' && holder.childForFieldName('right')?.id === use.id) {
      if (unparenthesize(holder.childForFieldName('left') ?? use).type !== 'attribute') return false;
      kept = true;
    } else if (!(filled && addsTo(use))) return false;
  }
  return kept;
}

/** Whether `value` is returned or yielded, alone or as an item of what is (`return pool, names`). */
function handedBack(value: SyntaxNode): boolean {
  let holder = parentOutsideParentheses(value);
  if (holder?.type === 'expression_list' || holder?.type === 'tuple') holder = parentOutsideParentheses(holder);
  return holder?.type === 'return_statement' || holder?.type === 'yield';
}

/** Whether `use` is the list of a `use.append(...)` (or `.add`). */
function addsTo(use: SyntaxNode): boolean {
  const attribute = use.parent;
  if (attribute?.type !== 'attribute' || attribute.childForFieldName('object')?.id !== use.id) return false;
  const called = attribute.parent;
  return (
    called?.type === 'call' &&
    called.childForFieldName('function')?.id === attribute.id &&
    ADDING_METHODS.has(attribute.childForFieldName('attribute')?.text ?? '')
  );
}
