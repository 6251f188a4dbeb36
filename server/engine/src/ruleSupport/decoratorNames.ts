// The decorators of a `def` or `class`, by qualified name: what several rules ask before trusting what a definition
// does (a test's marks, a patch, a wrapper that may replace the function).
import type { SyntaxNode } from '../analysis/pythonParser';
import type { SemanticModel } from '../analysis/semanticModel';

/** The decorator expressions of a `def` or `class` (for `@dec(...)`, the callee `dec`), outermost first. */
function decoratorExpressions(definition: SyntaxNode): SyntaxNode[] {
  const parent = definition.parent;
  if (parent?.type !== 'decorated_definition') return [];
  const result: SyntaxNode[] = [];
  for (const child of parent.namedChildren) {
    if (child.type !== 'decorator') continue;
    const expression = child.firstNamedChild;
    if (!expression) continue;
    result.push(expression.type === 'call' ? (expression.childForFieldName('function') ?? expression) : expression);
  }
  return result;
}

/**
 * Qualified names of the decorators; `undefined` for one the model cannot name (`@app.get(...)`
 * where `app` is a local object).
 */
export function decoratorNames(definition: SyntaxNode, model: SemanticModel): (string | undefined)[] {
  return decoratorExpressions(definition).map((expression) => model.qualifiedName(expression));
}
