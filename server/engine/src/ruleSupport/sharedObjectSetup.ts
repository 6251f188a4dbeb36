// The branch that makes a class's or module's shared object the first time it is asked for: a lazy singleton's
// `if cls._instance is None: cls._instance = Cls(...)`, a module's `global _client; if _client is None: _client = ...`.
// What that branch calls runs once per process (at start-up, typically): blocking chains are not followed into it
// from the accessor's callers, who almost always find the object made already.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { Scope } from '../analysis/scope';
import { unparenthesize } from '../analysis/pythonSyntax';

/** Each function's set-up branches (their ranges in the text): found once, from the scope's conditionals. */
const setUpRangesByScope = new WeakMap<Scope, readonly (readonly [number, number])[]>();

/** Whether `call`, in the body of the function `scope` opens (or in its comprehensions), runs only in such a branch. */
export function setsUpSharedObject(call: SyntaxNode, scope: Scope): boolean {
  let ranges = setUpRangesByScope.get(scope);
  if (!ranges) setUpRangesByScope.set(scope, (ranges = setUpRanges(scope)));
  return ranges.some(([start, end]) => call.startIndex >= start && call.startIndex < end);
}

function setUpRanges(scope: Scope): (readonly [number, number])[] {
  const ranges: (readonly [number, number])[] = [];
  for (const conditional of scope.conditionals) {
    if (conditional.type !== 'if_statement') continue;
    const consequence = conditional.childForFieldName('consequence');
    const tested = unsetTarget(conditional.childForFieldName('condition'));
    if (consequence && tested && isShared(tested, scope) && assigns(consequence, tested.text))
      ranges.push([consequence.startIndex, consequence.endIndex]);
  }
  return ranges;
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
function isShared(target: SyntaxNode, scope: Scope): boolean {
  const node = unparenthesize(target);
  if (node.type === 'attribute') {
    const owner = node.childForFieldName('object');
    if (owner?.type !== 'identifier') return false;
    if (owner.text === 'cls') return true;
    for (let outer = scope.parent; outer; outer = outer.parent) if (outer.kind === 'class' && outer.name === owner.text) return true;
    return false;
  }
  return node.type === 'identifier' && scope.globals.has(node.text);
}

/** Whether the block assigns the target, as written (`cls._instance = ...`). */
function assigns(block: SyntaxNode, written: string): boolean {
  return block
    .descendantsOfType('assignment')
    .some((assignment) => assignment !== null && unparenthesize(assignment.childForFieldName('left') ?? assignment).text === written);
}
