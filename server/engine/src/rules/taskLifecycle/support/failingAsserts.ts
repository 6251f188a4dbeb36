// Asserts in an `except` handler that a caught cancellation cannot pass: `assert False, exc`, and a test's checks of what
// it caught, `assert isinstance(exc, RuntimeError)` or `assert exc is error` (`error = RuntimeError("oops")`). For a
// `CancelledError` they raise AssertionError, so the handler does not swallow the cancellation (LOOP305).
import { BUILTIN_NAMES } from '../../../analysis/pythonBuiltins';
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { argumentAt, caughtName, classesListed, singleComparison, unparenthesize } from '../../../analysis/pythonSyntax';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { classesInFile } from '../../../ruleSupport/classBases';
import { leavesEarly, statementsOf } from './syntaxShapes';

/** An `assert` whose test is `False`, `None` or `0`: it always raises AssertionError (pytest never runs with `-O`). */
export function alwaysFails(check: SyntaxNode): boolean {
  const test = check.firstNamedChild;
  return test?.type === 'false' || test?.type === 'none' || (test?.type === 'integer' && Number(test.text) === 0);
}

/**
 * Whether an `except` clause's handler runs, before anything that could end it normally (a statement holding a
 * `return`, `break` or `continue` of its own), an assert a caught cancellation fails: `assert isinstance(exc,
 * RuntimeError)`, `assert exc is error` (see failsForCancellation). Only its own statements count, not one under a
 * condition.
 */
export function assertsNotCancelled(handler: SyntaxNode, model: SemanticModel): boolean {
  const clause = handler.parent;
  const caught = clause?.type === 'except_clause' ? caughtName(clause) : undefined;
  if (!caught) return false;
  for (const statement of statementsOf(handler)) {
    if (statement.type === 'assert_statement') {
      const test = statement.firstNamedChild;
      if (test && failsForCancellation(test, caught, model)) return true;
    }
    if (leavesEarly(statement)) return false;
  }
  return false;
}

/**
 * Whether an assert's test is false for a cancellation caught as `caught`: `isinstance(exc, C)` where no class of C
 * (one, a tuple, `A | B`) may be a cancellation's (see notCancellationClass), `exc is error` where `error` is bound once,
 * to an instance of such a class, or an `and` with such a part.
 */
function failsForCancellation(written: SyntaxNode, caught: SyntaxNode, model: SemanticModel): boolean {
  const test = unparenthesize(written);
  if (test.type === 'boolean_operator') {
    if (!test.children.some((part) => part.type === 'and')) return false;
    return [test.childForFieldName('left'), test.childForFieldName('right')].some(
      (part) => part !== null && failsForCancellation(part, caught, model),
    );
  }
  if (test.type === 'call' && model.calleeName(test) === 'builtins.isinstance') {
    const subject = argumentAt(test, 0);
    const classes = argumentAt(test, 1);
    return subject !== undefined && classes !== undefined && isCaught(subject, caught, model) && noCancellationClass(classes, model);
  }
  const comparison = singleComparison(test);
  if (comparison?.operator !== 'is') return false;
  const { left, right } = comparison;
  return (
    (isCaught(left, caught, model) && isOtherException(right, model)) || (isCaught(right, caught, model) && isOtherException(left, model))
  );
}

/** Whether `node` reads the name the clause binds to what it caught (not a name bound anew in between). */
function isCaught(node: SyntaxNode, caught: SyntaxNode, model: SemanticModel): boolean {
  const name = unparenthesize(node);
  return name.type === 'identifier' && name.text === caught.text && model.resolve(name)?.node.id === caught.id;
}

/**
 * Whether `classes`, the second argument of `isinstance`, lists only classes a cancellation is no instance of: one
 * class, a tuple of them or a union `A | B`.
 */
function noCancellationClass(classes: SyntaxNode, model: SemanticModel): boolean {
  const listed = classesListed(classes);
  return listed.length > 0 && listed.every((one) => notCancellationClass(one, model));
}

/**
 * Whether `node` is a name bound once, to a call of a class a cancellation is no instance of (`error =
 * RuntimeError("oops")`): that object is no cancellation. A name bound anew anywhere in its scope decides nothing.
 */
function isOtherException(node: SyntaxNode, model: SemanticModel): boolean {
  const name = unparenthesize(node);
  const binding = name.type === 'identifier' ? model.resolve(name) : undefined;
  if (binding?.kind !== 'assignment' || !binding.value || model.bindingsIn(binding.scope, binding.name).length !== 1) return false;
  const value = unparenthesize(binding.value);
  const callee = value.type === 'call' ? value.childForFieldName('function') : null;
  return callee !== null && notCancellationClass(callee, model);
}

/**
 * Whether `written` names a class no cancellation is an instance of: a builtin exception class but `BaseException`
 * (`asyncio.CancelledError` derives from `BaseException` directly since Python 3.8, so even `Exception` is no base of
 * it), or a class of this file deriving from one, directly or through classes of this file (a class derived from
 * `Exception` cannot be a base of `CancelledError`). Any other class, `asyncio.CancelledError` and classes of other
 * modules among them, may be one, or a base of one.
 */
function notCancellationClass(written: SyntaxNode, model: SemanticModel): boolean {
  if (isBuiltinExceptionClass(written, model)) return true;
  const definition = model.definitionOf(written);
  if (definition?.type !== 'class_definition') return false;
  return classesInFile(definition, model).some((owner) =>
    (owner.childForFieldName('superclasses')?.namedChildren ?? []).some((base) => isBuiltinExceptionClass(base, model)),
  );
}

/** The builtin exception classes (`ValueError`, `KeyboardInterrupt`, `Warning`…), by the endings of their names. */
const BUILTIN_EXCEPTION_ENDINGS = /(?:Error|Exception|ExceptionGroup|Warning|Exit|Interrupt|Iteration)$/;

/** `RuntimeError`, `Exception`, `KeyboardInterrupt`: any builtin exception class but `BaseException`. */
function isBuiltinExceptionClass(written: SyntaxNode, model: SemanticModel): boolean {
  const name = model.qualifiedName(written)?.match(/^builtins\.(\w+)$/)?.[1];
  return name !== undefined && name !== 'BaseException' && BUILTIN_NAMES.has(name) && BUILTIN_EXCEPTION_ENDINGS.test(name);
}
