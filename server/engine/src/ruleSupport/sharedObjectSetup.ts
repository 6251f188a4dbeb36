// The branch that makes a class's or module's shared object the first time it is asked for: a lazy singleton's
// `if cls._instance is None: cls._instance = Cls(...)`, a module's `global _client; if _client is None: _client = ...`.
// What that branch calls runs once per process (at start-up, typically): blocking chains are not followed into it
// from the accessor's callers, who almost always find the object made already.
import type { SyntaxNode } from '../analysis/pythonParser';
import { unparenthesize } from '../analysis/pythonSyntax';

/** Whether `call` (in the body of `functionNode`) runs only in such a branch of that function. */
export function setsUpSharedObject(call: SyntaxNode, functionNode: SyntaxNode): boolean {
  for (let node = call.parent; node && node.id !== functionNode.id; node = node.parent) {
    const statement = node.parent;
    if (node.type !== 'block' || statement?.type !== 'if_statement' || statement.childForFieldName('consequence')?.id !== node.id) continue;
    const tested = unsetTarget(statement.childForFieldName('condition'));
    if (tested && isShared(tested, functionNode) && assigns(node, tested.text)) return true;
  }
  return false;
}

/** `X` of `X is None` or `not X`. */
function unsetTarget(condition: SyntaxNode | null): SyntaxNode | undefined {
  if (!condition) return undefined;
  const test = unparenthesize(condition);
  if (test.type === 'not_operator') return test.childForFieldName('argument') ?? undefined;
  if (test.type !== 'comparison_operator' || test.namedChildCount !== 2) return undefined;
  const operators = test.children.filter((child) => !child.isNamed).map((child) => child.type);
  if (operators.join(' ') !== 'is' || test.namedChildren[1]?.type !== 'none') return undefined;
  return test.namedChildren[0] ?? undefined;
}

/**
 * A class attribute (`cls._instance`, `Registry._instance` of the enclosing class) or a module-level name the function
 * declares `global`: shared by every caller, unlike `self._x` (one per object).
 */
function isShared(target: SyntaxNode, functionNode: SyntaxNode): boolean {
  const node = unparenthesize(target);
  if (node.type === 'attribute') {
    const owner = node.childForFieldName('object');
    if (owner?.type !== 'identifier') return false;
    if (owner.text === 'cls') return true;
    for (let parent = functionNode.parent; parent; parent = parent.parent) {
      if (parent.type === 'class_definition' && parent.childForFieldName('name')?.text === owner.text) return true;
    }
    return false;
  }
  if (node.type !== 'identifier') return false;
  const body = functionNode.childForFieldName('body');
  return (body?.descendantsOfType('global_statement') ?? []).some((statement) =>
    statement?.namedChildren.some((name) => name.text === node.text),
  );
}

/** Whether the block assigns the target, as written (`cls._instance = ...`). */
function assigns(block: SyntaxNode, written: string): boolean {
  return block
    .descendantsOfType('assignment')
    .some((assignment) => assignment !== null && unparenthesize(assignment.childForFieldName('left') ?? assignment).text === written);
}
