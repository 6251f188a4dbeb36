// Bodies that only declare an interface: a `def` whose body is a docstring, `...`, `pass` or `raise NotImplementedError`.
// It is a place for an override (a hook a subclass fills in, an abstract method), so what a call of it runs is not
// that body: LOOP408 leaves such a coroutine alone, LOOP301 and LOOP209 do not judge a task by it.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { SemanticModel } from '../analysis/semanticModel';
import { isMethodDefinition } from '../analysis/pythonSyntax';

/**
 * A body that only declares an interface: a docstring, `...`, `pass`, or
 * `raise NotImplementedError`, in any combination.
 */
export function isStubBody(definition: SyntaxNode, model: SemanticModel): boolean {
  const body = definition.childForFieldName('body');
  if (!body) return false;
  for (const statement of body.namedChildren) {
    switch (statement.type) {
      case 'comment':
      case 'pass_statement':
        continue;
      case 'expression_statement': {
        const expression = statement.firstNamedChild;
        if (expression?.type === 'string' || expression?.type === 'concatenated_string' || expression?.type === 'ellipsis') continue;
        return false;
      }
      case 'raise_statement': {
        const raised = statement.firstNamedChild;
        const exception = raised?.type === 'call' ? raised.childForFieldName('function') : raised;
        if (exception && model.qualifiedName(exception) === 'builtins.NotImplementedError') continue;
        return false;
      }
      default:
        return false;
    }
  }
  return true;
}

/** A method with a stub body: a hook subclasses fill in (`async def on_timeout(self): pass`), whose body says nothing of what runs. */
export function isHookStub(definition: SyntaxNode, model: SemanticModel): boolean {
  return isMethodDefinition(definition) && isStubBody(definition, model);
}
