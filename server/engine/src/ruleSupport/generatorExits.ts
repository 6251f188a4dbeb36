// What a generator runs after its `yield`: for a `@contextmanager`, the clean-up run when the `with` is left, not when
// it is entered (gcsfs's `tmpfile()` removes what is left at the path it yields in its `finally`). LOOP108 says
// "leaving `with tmpfile()`" of a chain starting there, and a test there of what lies at that path is decided by the
// `with` body (see yieldedPaths).
import type { SyntaxNode } from '../analysis/pythonParser';
import { unparenthesize } from '../analysis/pythonSyntax';
import type { SemanticModel } from '../analysis/semanticModel';

/** Clauses of a `try` that run after its body, or after what its body raised. */
const AFTER_BODY_CLAUSES: ReadonlySet<string> = new Set(['except_clause', 'except_group_clause', 'else_clause', 'finally_clause']);

/**
 * Whether `node`, in the generator function `functionNode`, runs only after one of its `yield`s: a yield statement of
 * a block before the statement holding it (in that block, or in a `with` or `try` body around it), or a yield in a
 * `try` body and `node` in one of its clauses (`try: yield path` / `finally: cleanup(path)`).
 */
export function runsAfterYield(node: SyntaxNode, functionNode: SyntaxNode, model: SemanticModel): boolean {
  const scope = model.scopeOfDefinition(functionNode);
  return scope !== undefined && scope.yields.some((yielded) => yieldComesFirst(yielded, node, functionNode));
}

function yieldComesFirst(yielded: SyntaxNode, node: SyntaxNode, functionNode: SyntaxNode): boolean {
  if (yielded.startIndex >= node.startIndex) return false;
  const statement = yieldStatement(yielded);
  for (let current = statement; current;) {
    const block = current.parent;
    if (block?.type !== 'block') return false;
    for (let later = current.nextNamedSibling; later; later = later.nextNamedSibling) if (holds(later, node)) return true;
    const owner = block.parent;
    if (!owner || owner.id === functionNode.id) return false;
    if (owner.type === 'try_statement' && owner.childForFieldName('body')?.id === block.id) {
      if (owner.namedChildren.some((clause) => AFTER_BODY_CLAUSES.has(clause.type) && holds(clause, node))) return true;
    } else if (owner.type !== 'with_statement') {
      // An `if`, a loop, a clause: the yield may not run before the code after it.
      return false;
    }
    current = owner;
  }
  return false;
}

/** The statement a `yield` is (`yield path`, `sent = yield path`), or undefined where it is part of something else. */
function yieldStatement(yielded: SyntaxNode): SyntaxNode | undefined {
  let node = yielded;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const holder = node.parent;
  if (holder?.type === 'expression_statement') return holder;
  if (holder?.type === 'assignment' && holder.childForFieldName('right')?.id === node.id && holder.parent?.type === 'expression_statement')
    return holder.parent;
  return undefined;
}

function holds(outer: SyntaxNode, node: SyntaxNode): boolean {
  return outer.startIndex <= node.startIndex && node.endIndex <= outer.endIndex;
}

/**
 * The name every `yield` of the generator function hands out (`yield filename`), where it is bound nowhere after the
 * first yield: what the `with` gets as its `as` target and what the clean-up tests is the same value.
 */
export function yieldedName(functionNode: SyntaxNode, model: SemanticModel): string | undefined {
  const scope = model.scopeOfDefinition(functionNode);
  const yields = scope?.yields ?? [];
  if (!scope || yields.length === 0) return undefined;
  const names = new Set(
    yields.map((yielded) => {
      // (`yield from` hands out what another generator yields.)
      const value = yielded.firstNamedChild && !/^yield\s+from\b/.test(yielded.text) ? unparenthesize(yielded.firstNamedChild) : undefined;
      return value?.type === 'identifier' ? value.text : undefined;
    }),
  );
  const [name] = names;
  if (names.size !== 1 || name === undefined) return undefined;
  const first = yields[0]!.startIndex;
  return model.bindingsIn(scope, name).every((binding) => binding.position < first) ? name : undefined;
}
