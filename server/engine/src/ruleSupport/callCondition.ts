// The condition under which a call runs in its function, quoted for messages: LOOP108 says a helper
// "may block, when …", for helpers in the same file and (through module summaries) in other modules.
import type { SyntaxNode } from '../analysis/pythonParser';
import { snippet } from './codeSnippet';

/** The test a call sits under: the call runs when `test` is true (`negated`: when it is false), or in an `except` clause. */
export type InnermostCondition = { readonly test: SyntaxNode; readonly negated: boolean } | 'except';

/**
 * The innermost `if`/`elif` (or the `else` of one), conditional expression or `and`/`or` operand
 * `call` sits in within its function; undefined when the call runs whenever the function does
 * (loops and `try` bodies count as such).
 */
export function innermostCondition(call: SyntaxNode, functionNode: SyntaxNode): InnermostCondition | undefined {
  let child = call;
  for (let parent = call.parent; parent && parent.id !== functionNode.id; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'if_statement':
      case 'elif_clause': {
        const condition = parent.childForFieldName('condition');
        if (!condition || child.id === condition.id) break;
        // In the `else`: the condition was false (a call in an `elif` returned that clause's condition already).
        if (child.type === 'else_clause') return { test: condition, negated: true };
        if (child.type === 'elif_clause') break;
        return { test: condition, negated: false };
      }
      case 'conditional_expression': {
        const [whenTrue, condition, whenFalse] = parent.namedChildren;
        if (!condition || child.id === condition.id) break;
        if (whenTrue && child.id === whenTrue.id) return { test: condition, negated: false };
        if (whenFalse && child.id === whenFalse.id) return { test: condition, negated: true };
        break;
      }
      case 'boolean_operator': {
        const left = parent.childForFieldName('left');
        const operator = parent.childForFieldName('operator')?.type;
        if (!left || child.id === left.id) break;
        return { test: left, negated: operator === 'or' };
      }
      case 'except_clause':
        return 'except';
    }
  }
  return undefined;
}

/** An innermost condition as code to quote (`not (...)` when the call runs where it is false). */
export function describeCondition(condition: InnermostCondition | undefined): string | undefined {
  if (condition === undefined) return undefined;
  if (condition === 'except') return 'an exception is caught';
  return condition.negated ? `\`not (${quoted(condition.test)})\`` : `\`${quoted(condition.test)}\``;
}

/** A condition's code on one line, cut at a token boundary when long. */
function quoted(node: SyntaxNode): string {
  return snippet(node, 60);
}
