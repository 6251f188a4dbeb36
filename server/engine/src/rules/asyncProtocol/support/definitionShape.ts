// Questions the async-protocol rules ask about a `def`: its decorators, the `return` statements of
// its own body.
import type { SyntaxNode } from '../../../analysis/pythonParser';

/**
 * Whether a qualified name is `typing.<name>` (or typing_extensions', abc's, or the bare name
 * from a wildcard import or an unknown module): markers like `override` are recognised by name.
 */
export function isMarker(qualifiedName: string | undefined, name: string): boolean {
  if (qualifiedName === undefined) return false;
  return qualifiedName === name || qualifiedName.endsWith(`.${name}`);
}

/** The `return` statements of a function's own body (not of nested defs or classes). */
export function ownReturnStatements(definition: SyntaxNode): SyntaxNode[] {
  const body = definition.childForFieldName('body');
  if (!body) return [];
  const result: SyntaxNode[] = [];
  const pending: SyntaxNode[] = [body];
  while (pending.length > 0) {
    const node = pending.pop()!;
    for (const child of node.namedChildren) {
      const kind = child.type;
      if (kind === 'return_statement') result.push(child);
      else if (kind === 'block' || kind.endsWith('_clause') || (kind.endsWith('_statement') && kind !== 'expression_statement')) {
        pending.push(child);
      }
    }
  }
  return result;
}

/** The value a `return` statement returns, or undefined for a bare `return`. */
export function returnedValue(returnStatement: SyntaxNode): SyntaxNode | undefined {
  return returnStatement.firstNamedChild ?? undefined;
}

/** The name of a method's first parameter (`self`, `cls`), if it has one. */
export function firstParameterName(definition: SyntaxNode): string | undefined {
  const first = definition.childForFieldName('parameters')?.firstNamedChild;
  if (!first) return undefined;
  if (first.type === 'identifier') return first.text;
  if (first.type === 'typed_parameter') return first.namedChildren.find((child) => child.type === 'identifier')?.text;
  if (first.type === 'default_parameter' || first.type === 'typed_default_parameter') return first.childForFieldName('name')?.text;
  return undefined;
}
