// The bindings of a name that may have given it the value it holds where it is read. A rule that claims what a name
// holds (a coroutine, a flag, a datagram socket) must find it true of each: `awaitable = func()` then, under an `if`,
// `awaitable = wait_for(awaitable, t)` reads either at the next line, so the nearest binding alone proves nothing.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { Binding, Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

/**
 * Every binding that may be what `name` (an identifier read in `scope`) holds: the bindings of the name in the scope it
 * resolves to, but for those of the reading scope itself that come after the read outside any loop around it, those an
 * assignment always made before the read replaces (see replacingStatement: `s = None` then, in the `try`,
 * `s = socket.socket(...)` and `s.connect(...)`), and bare annotations (`x: int` binds nothing). Read from another
 * scope (a closure, a module name read in a function), it may run after any of them. Undefined when the name is bound
 * nowhere the model sees (a builtin, a wildcard import).
 */
export function bindingsReaching(name: SyntaxNode, model: SemanticModel, scope: Scope): readonly Binding[] | undefined {
  const found = model.resolve(name, scope);
  if (!found) return undefined;
  const all = model.bindingsIn(found.scope, name.text).filter((binding) => binding.kind !== 'annotation');
  if (found.scope !== scope) return all;
  // With one binding there is nothing an assignment could replace (it would be that one).
  const replacing = all.length > 1 ? replacingStatement(name, scope.node) : undefined;
  const from = replacing?.startIndex ?? -1;
  // A loop around the read that also holds the replacing statement passes it again before the next read.
  const loops = loopsAround(name, scope.node).filter((loop) => !replacing || !contains(loop, replacing));
  const inLoop = (offset: number): boolean => loops.some((loop) => contains(loop, offset));
  return all.filter((binding) => binding.position >= from && (binding.position < name.startIndex || inLoop(binding.position)));
}

/**
 * The nearest statement before the read of `name` that always runs on the way to it and assigns the name: a plain
 * `name = value` statement earlier in a block that holds the read (in the read's own block or one around it, so no
 * `if`, loop or `except` between them can skip it), or a `with value as name:` whose body holds the read.
 */
function replacingStatement(name: SyntaxNode, definition: SyntaxNode): SyntaxNode | undefined {
  let inner: SyntaxNode = name;
  for (let outer = name.parent; outer; inner = outer, outer = outer.parent) {
    if (outer.type === 'with_statement' && outer.childForFieldName('body')?.id === inner.id && withBinds(outer, name.text)) return outer;
    if (outer.type === 'block' || outer.type === 'module') {
      for (let statement = inner.previousNamedSibling; statement; statement = statement.previousNamedSibling) {
        if (assigns(statement, name.text)) return statement;
      }
    }
    // The module's statements are its own; a function's are in its body's block.
    if (outer.id === definition.id) return undefined;
  }
  return undefined;
}

/** `name = value` (also `a = name = value`), as a statement of its own. */
function assigns(statement: SyntaxNode, name: string): boolean {
  if (statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return false;
  for (let assignment = statement.firstNamedChild; assignment?.type === 'assignment'; assignment = assignment.childForFieldName('right')) {
    const target = assignment.childForFieldName('left');
    if (target?.type === 'identifier' && target.text === name) return true;
  }
  return false;
}

/** `with value as name:` (one of its items). */
function withBinds(statement: SyntaxNode, name: string): boolean {
  const items = statement.namedChildren.find((child) => child?.type === 'with_clause')?.namedChildren ?? [];
  return items.some((item) => {
    const value = item?.childForFieldName('value');
    const alias = value?.type === 'as_pattern' ? value.childForFieldName('alias') : undefined;
    const target = alias?.type === 'as_pattern_target' ? alias.firstNamedChild : alias;
    return target?.type === 'identifier' && target.text === name;
  });
}

function contains(outer: SyntaxNode, inner: SyntaxNode | number): boolean {
  return typeof inner === 'number'
    ? outer.startIndex <= inner && inner < outer.endIndex
    : outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** Whether an offset lies in a loop of `definition` around `node`: what is set there may be what `node` reads next round. */
export function inLoopAround(node: SyntaxNode, definition: SyntaxNode): (offset: number) => boolean {
  const loops = loopsAround(node, definition);
  return (offset) => loops.some((loop) => contains(loop, offset));
}

/** The `for` / `while` statements of `definition` around `node`. */
function loopsAround(node: SyntaxNode, definition: SyntaxNode): SyntaxNode[] {
  const loops: SyntaxNode[] = [];
  for (let around = node.parent; around && around.id !== definition.id; around = around.parent) {
    if (around.type === 'for_statement' || around.type === 'while_statement') loops.push(around);
  }
  return loops;
}
