// Code a test expects to fail: the body of `with pytest.raises(...)` or `with self.assertRaises(...)` (and
// `assertRaisesRegex`). What it would have done had it not raised does not matter: a dropped coroutine or task, an
// event loop run where one is already running (the error the test checks for), a statement never reached.
import type { SyntaxNode } from '../analysis/pythonParser';
import { DEFINITION_KINDS, contextManagerOf, withItems } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

/** Whether `node` lies in the body of a `with` expecting an exception, in its own function. */
export function isExpectedToRaise(node: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  for (let child = node, parent = node.parent; parent && !DEFINITION_KINDS.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type === 'with_statement' && child.type === 'block' && expectsRaise(parent, model, scope)) return true;
  }
  return false;
}

/**
 * Whether `statement` is the last statement of the body of a `with` expecting an exception, directly: the call under
 * test, which the test expects to raise itself (`with self.assertRaises(RuntimeError): loop.create_task(...)` on a
 * closed loop). A statement before another one, or in a nested `with` whose exit runs after it, is set-up that ran
 * without raising: what it made (a task) exists.
 */
export function isLastUnderTest(statement: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const block = statement.parent;
  const holder = block?.parent;
  if (block?.type !== 'block' || holder?.type !== 'with_statement' || !expectsRaise(holder, model, scope)) return false;
  return block.namedChildren.filter((child) => child.type !== 'comment').at(-1)?.id === statement.id;
}

function expectsRaise(statement: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  return raiseExpectingCalls(statement, model, scope).length > 0;
}

/**
 * The context managers of a `with` statement that expect an exception: `pytest.raises(...)`, `self.assertRaises(...)`
 * (`assertRaisesRegex`), as calls; their first argument is the exception class expected.
 */
export function raiseExpectingCalls(statement: SyntaxNode, model: SemanticModel, scope: Scope): SyntaxNode[] {
  return withItems(statement).flatMap((item) => {
    const manager = contextManagerOf(item);
    const callee = manager?.type === 'call' ? manager.childForFieldName('function') : null;
    if (!manager || !callee) return [];
    const last = callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee.text;
    const expects =
      last !== undefined &&
      (last.startsWith('assertRaises') || (last === 'raises' && model.calleeName(manager, scope) === 'pytest.raises'));
    return expects ? [manager] : [];
  });
}
