// Whether a fix may put `await` in front of an expression, and how: `await` is legal only in an
// async context, never in a generator expression (that would turn it into an async generator) or
// an annotation, and binds tighter than anything but attribute access, subscripts and calls.
import type { SyntaxNode } from '../../analysis/pythonParser';
import type { Scope } from '../../analysis/scope';
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
  for (let ancestor = parent; ancestor && ancestor.type !== 'block' && ancestor.type !== 'module'; ancestor = ancestor.parent) {
    if (NO_AWAIT_INSIDE.has(ancestor.type)) return undefined;
    // Before Python 3.9 a decorator was only a dotted name, optionally called.
    if (ancestor.type === 'decorator' && !atLeast(context.settings.targetVersion, 3, 9)) return undefined;
  }
  const awaited = `await ${replacement}`;
  return child.id === node.id && parent !== null && isReceiver(node, parent) ? `(${awaited})` : awaited;
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
