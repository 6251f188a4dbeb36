// Where a value the async-protocol rules look at comes from (`Foo()` directly, or a name bound to
// it), and how messages quote it.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { unparenthesize } from '../../../analysis/pythonSyntax';
import type { Binding, Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { leadingText } from '../../../analysis/sourceText';

/** Names are followed through `x = f()`, `y = x` at most this deep. */
const MAX_ALIAS_DEPTH = 4;

/** Messages quote at most this many characters of code. */
const MAX_SNIPPET_LENGTH = 40;

export interface ScopedValue {
  readonly node: SyntaxNode;
  /** The scope the expression is evaluated in (for resolving names in it). */
  readonly scope: Scope;
}

/**
 * The expression a value comes from: the expression itself, or for a name, the value of the one
 * plain assignment that binds it (`rows = [...]`, `feed = Feed()`), followed through further names.
 */
export function resolvedValue(expression: SyntaxNode, model: SemanticModel, scope: Scope, depth = 0): ScopedValue {
  const node = unparenthesize(expression);
  if (node.type !== 'identifier' || depth >= MAX_ALIAS_DEPTH) return { node, scope };
  const binding = model.resolve(node, scope);
  if (binding?.kind !== 'assignment' || !binding.value || !isBoundOnce(binding, model)) return { node, scope };
  return resolvedValue(binding.value, model, binding.scope, depth + 1);
}

/**
 * Whether the binding is its name's only one in its scope. Bindings are looked up by position, not
 * by control flow, so `src = ticks() if ... else [...]` spread over an `if`/`else` is not followed.
 */
export function isBoundOnce(binding: Binding, model: SemanticModel): boolean {
  return model.bindingsIn(binding.scope, binding.name).length === 1;
}

/**
 * The `def` or `class` of this file whose call made the value: `Foo` for `Foo()` or for a name
 * bound to `Foo()`; `ticks` for `ticks(5)`.
 */
export function calledDefinition(expression: SyntaxNode, model: SemanticModel, scope: Scope): SyntaxNode | undefined {
  const value = resolvedValue(expression, model, scope);
  if (value.node.type !== 'call') return undefined;
  const callee = value.node.childForFieldName('function');
  return callee ? model.definitionOf(callee, value.scope) : undefined;
}

/** The expression's source for a message: its first line, shortened, with `(...)` for long arguments. */
export function codeSnippet(node: SyntaxNode): string {
  const text = node.text;
  const firstLine = text.split('\n', 1)[0]!;
  if (firstLine.length === text.length && text.length <= MAX_SNIPPET_LENGTH) return text;
  if (node.type === 'call') {
    const callee = node.childForFieldName('function')?.text ?? '';
    if (callee.length <= MAX_SNIPPET_LENGTH && !callee.includes('\n')) return `${callee}(...)`;
  }
  return `${leadingText(firstLine, MAX_SNIPPET_LENGTH)}…`;
}
