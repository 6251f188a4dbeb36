// The loop a statement before a call made current in its thread (`asyncio.set_event_loop(loop)`): LOOP201 leaves a
// `get_event_loop()` after it alone (it returns that loop on every version), also in a function run only after one
// (a decorator's wrapper, a helper called only there, a function decorated to run with a loop), and LOOP202 names that
// loop's `create_task()` for an `ensure_future()` after it (which schedules on it, where `asyncio.create_task()` needs
// a running loop).
import type { SyntaxNode } from '../../../analysis/pythonParser';
import type { Scope } from '../../../analysis/scope';
import type { RuleContext } from '../../../linter/rule';
import { callOf, fileLocalUses } from '../../../ruleSupport/fileLocalFunctions';
import { isGeneratorFunction } from '../../../ruleSupport/coroutineCalls';
import { loopSetBy } from '../../../ruleSupport/loopMadeCurrent';
import { setsLoopAroundCall } from '../../../ruleSupport/loopSettingDecorators';
import { nearestStatementBefore } from '../../../ruleSupport/statementsBefore';
import { isScript } from '../../../ruleSupport/scriptModules';

/**
 * Whether every place this file uses the function `scope` is the body of comes after a statement setting a loop (see
 * loopSetBy) in its block or a block around it: a function only this file reaches (see fileLocalUses; in a script, a
 * public one too) that is only
 * called (`_init()` after `asyncio.set_event_loop(loop)`) or returned to the caller (a decorator's `return wrapper`
 * after it set a loop), and decorated by nothing that could take it elsewhere (`functools.wraps` only). It runs with
 * that loop current, as a call written after the statement would.
 */
export function loopSetBeforeEveryUse(scope: Scope, context: RuleContext): boolean {
  const { model } = context;
  const decorated = scope.node.parent?.type === 'decorated_definition' ? scope.node.parent : undefined;
  const decorators = decorated?.namedChildren.filter((child) => child.type === 'decorator') ?? [];
  if (!decorators.every((decorator) => isWraps(decorator, model.scopeOf(decorator), context))) return false;
  const uses = fileLocalUses(scope, model, isScript(context));
  return (
    uses !== undefined &&
    uses.every((use) => {
      const site = callOf(use) ?? (use.parent?.type === 'return_statement' ? use.parent : undefined);
      const useScope = model.scopeOf(use);
      return site !== undefined && Boolean(nearestStatementBefore(site, (statement) => loopSetBy(statement, model, useScope)));
    })
  );
}

/** `@functools.wraps(fn)` (however imported): it only copies the wrapped function's name and docstring. */
function isWraps(decorator: SyntaxNode, scope: Scope, { model }: RuleContext): boolean {
  const expression = decorator.firstNamedChild;
  return expression?.type === 'call' && model.calleeName(expression, scope) === 'functools.wraps';
}

/**
 * Whether the function `scope` is the body of is a plain one (not a generator) whose innermost decorator, `@it` with no
 * arguments, runs it with a loop current (see setsLoopAroundCall): a decorator of this file, or with the project
 * indexed, of another module (a test suite's `@dedicatedloop` from its support module).
 */
export function decoratedToRunWithLoop(scope: Scope, { model, project }: RuleContext): boolean {
  const decorated = scope.node.parent;
  if (decorated?.type !== 'decorated_definition' || isGeneratorFunction(scope.node, model)) return false;
  const innermost = decorated.namedChildren.filter((child) => child.type === 'decorator').at(-1)?.firstNamedChild;
  if (!innermost || (innermost.type !== 'identifier' && innermost.type !== 'attribute')) return false;
  const definition = model.definitionOf(innermost);
  if (definition) return definition.type === 'function_definition' && setsLoopAroundCall(definition, model);
  const name = project && model.qualifiedName(innermost);
  return name !== undefined && project?.findFunction(project.absoluteName(name))?.setsLoopAroundCall === true;
}
