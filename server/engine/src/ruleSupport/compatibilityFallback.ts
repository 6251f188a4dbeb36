// Code written for older Pythons on purpose: the branch a library takes where a newer API is missing. Advice to use
// the newer API there is wrong (the code beside it already does), so rules about deprecated APIs stay silent in:
// - the branch of an `if` (or a conditional expression) that runs where `hasattr(...)` is false or where
//   `sys.version_info` is below some version (`< (3, 9)`, the `else` of `>= (3, 11)`);
// - an `except` clause catching ImportError, ModuleNotFoundError, AttributeError or NameError (the `try` tried the
//   newer name).
// - a method overriding a hook only older Pythons call: `IsolatedAsyncioTestCase._setupAsyncioLoop` (3.8–3.10; 3.11
//   calls `_setupAsyncioRunner` instead), kept beside its newer counterpart for the older Pythons a library supports.
// A function defined in such a branch is part of the fallback too: the walk goes up through definitions.
import type { SyntaxNode } from '../analysis/pythonParser';
import { branchConditions, isMethodDefinition, unparenthesize } from '../analysis/pythonSyntax';

const MISSING_NAME_ERRORS: ReadonlySet<string> = new Set(['ImportError', 'ModuleNotFoundError', 'AttributeError', 'NameError']);

/** Whether `node` lies in code that runs only where a newer API is missing (see above). */
export function isCompatibilityFallback(node: SyntaxNode): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'if_statement':
        if (branchConditions(parent, child).some(([condition, holds]) => saysOlder(condition, holds))) return true;
        break;
      case 'conditional_expression': {
        const [whenTrue, condition, whenFalse] = parent.namedChildren;
        if (condition && (child.id === whenTrue?.id || child.id === whenFalse?.id) && saysOlder(condition, child.id === whenTrue?.id))
          return true;
        break;
      }
      case 'except_clause':
        if (child.type === 'block' && catchesMissingName(parent)) return true;
        break;
      case 'function_definition':
        if (OLDER_PYTHON_HOOKS.has(parent.childForFieldName('name')?.text ?? '') && isMethodDefinition(parent)) return true;
        break;
    }
  }
  return false;
}

/** Methods only older Pythons call: unittest's `IsolatedAsyncioTestCase` hooks before 3.11. */
const OLDER_PYTHON_HOOKS: ReadonlySet<string> = new Set(['_setupAsyncioLoop', '_tearDownAsyncioLoop']);

/** Whether `condition` having the value `holds` means the running Python lacks something newer. */
function saysOlder(written: SyntaxNode, holds: boolean): boolean {
  const condition = unparenthesize(written);
  if (condition.type === 'not_operator') {
    const operand = condition.childForFieldName('argument');
    return operand !== null && saysOlder(operand, !holds);
  }
  if (condition.type === 'call' && condition.childForFieldName('function')?.text === 'hasattr') return !holds;
  if (condition.type !== 'comparison_operator') return false;
  const [left, right] = condition.namedChildren;
  const operator = condition.children.find((part) => ['<', '<=', '>', '>='].includes(part.type))?.type;
  if (!left || !right || operator === undefined) return false;
  // `sys.version_info < (3, 9)`, `(3, 9) > sys.version_info`: true means older.
  const versionOnLeft = isVersionInfo(left);
  if (!versionOnLeft && !isVersionInfo(right)) return false;
  const lessMeansOlder = versionOnLeft ? operator.startsWith('<') : operator.startsWith('>');
  return lessMeansOlder === holds;
}

function isVersionInfo(node: SyntaxNode): boolean {
  const text = unparenthesize(node).text.replace(/\s+/g, '');
  return /^(?:sys\.)?version_info(?:\[[0-9:]*\])?$/.test(text);
}

/** `except ImportError:`, `except (AttributeError, TypeError) as error:`. */
function catchesMissingName(clause: SyntaxNode): boolean {
  const caught = clause.namedChildren.find((part) => part.type !== 'block' && part.type !== 'comment');
  if (!caught) return false;
  const types = caught.type === 'as_pattern' ? caught.namedChildren[0] : caught;
  const names = types && unparenthesize(types).type === 'tuple' ? unparenthesize(types).namedChildren : types ? [types] : [];
  return names.some((name) => MISSING_NAME_ERRORS.has(name.text.slice(name.text.lastIndexOf('.') + 1)));
}
