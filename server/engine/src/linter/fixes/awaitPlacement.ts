// Whether a fix may put `await` in front of an expression, and how: `await` is legal only in an
// async context, never in a generator expression (that would turn it into an async generator) or
// an annotation, and binds tighter than anything but attribute access, subscripts and calls.
import type { SyntaxNode, SyntaxTree } from '../../analysis/pythonParser';
import type { Scope } from '../../analysis/scope';
import type { SemanticModel } from '../../analysis/semanticModel';
import { atLeast } from '../pythonVersion';
import type { RuleContext } from '../rule';

/** Kinds an `await` may not be added inside, between the expression and its statement. */
const NO_AWAIT_INSIDE: ReadonlySet<string> = new Set(['generator_expression', 'lambda', 'type']);

/**
 * The text that replaces `node` so that `replacement` (an expression) is awaited there:
 * `await <replacement>`, parenthesised when the expression is the receiver of an attribute,
 * subscript or call, or `replacement` alone when `node` is already awaited. Undefined where
 * `await` cannot go.
 */
export function awaitedText(node: SyntaxNode, replacement: string, scope: Scope, context: RuleContext): string | undefined {
  if (!scope.isAsyncContext) return undefined;
  let child = node;
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') {
    child = parent;
    parent = parent.parent;
  }
  if (parent?.type === 'await') return replacement;
  if (parent && !mayAwaitWithin(parent, context)) return undefined;
  const awaited = `await ${replacement}`;
  return child.id === node.id && parent !== null && isReceiver(node, parent) ? `(${awaited})` : awaited;
}

/**
 * Per lint (model) and tree: whether an `await` may go inside each node asked about, up to its
 * block. Remembered for every node on the way up, so that the calls of deeply nested code
 * (`time.sleep(time.sleep(...))`) each take a step or two, not a walk to the top: tree-sitter finds
 * a node's parent by descending from the root, which made those walks cubic in the depth.
 */
const awaitAllowed = new WeakMap<SemanticModel, Map<SyntaxTree, Map<number, boolean>>>();

function mayAwaitWithin(node: SyntaxNode, context: RuleContext): boolean {
  let byTree = awaitAllowed.get(context.model);
  if (!byTree) awaitAllowed.set(context.model, (byTree = new Map()));
  let known = byTree.get(node.tree);
  if (!known) byTree.set(node.tree, (known = new Map()));
  const unknown: SyntaxNode[] = [];
  let allowed = true;
  for (
    let ancestor: SyntaxNode | null = node;
    ancestor && ancestor.type !== 'block' && ancestor.type !== 'module';
    ancestor = ancestor.parent
  ) {
    const verdict = known.get(ancestor.id);
    if (verdict !== undefined) {
      allowed = verdict;
      break;
    }
    unknown.push(ancestor);
  }
  for (let index = unknown.length - 1; index >= 0; index--) {
    const ancestor = unknown[index]!;
    allowed &&= !forbidsAwait(ancestor, context);
    known.set(ancestor.id, allowed);
  }
  return allowed;
}

function forbidsAwait(node: SyntaxNode, context: RuleContext): boolean {
  if (NO_AWAIT_INSIDE.has(node.type)) return true;
  // Before Python 3.9 a decorator was only a dotted name, optionally called.
  return node.type === 'decorator' && !atLeast(context.settings.targetVersion, 3, 9);
}

/** `node` is what an attribute, subscript or call applies to: `await` there would apply to the whole. */
function isReceiver(node: SyntaxNode, parent: SyntaxNode): boolean {
  switch (parent.type) {
    case 'attribute':
      return parent.childForFieldName('object')?.id === node.id;
    case 'subscript':
      return parent.childForFieldName('value')?.id === node.id;
    case 'call':
      return parent.childForFieldName('function')?.id === node.id;
    default:
      return false;
  }
}

/** Expression kinds that stay one operand after `await ` is put before them (atoms and primaries). */
const PRIMARY_KINDS: ReadonlySet<string> = new Set([
  'identifier',
  'attribute',
  'subscript',
  'call',
  'parenthesized_expression',
  'tuple',
  'list',
  'set',
  'dictionary',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
  'string',
  'concatenated_string',
  'integer',
  'float',
  'true',
  'false',
  'none',
  'ellipsis',
]);

/** The text of `expression` as the operand of `await`: parenthesised unless it is a primary. */
export function awaitOperandText(expression: SyntaxNode): string {
  return PRIMARY_KINDS.has(expression.type) ? expression.text : `(${expression.text})`;
}
