// Whether a call of a generator function, made in a function LOOP108 follows, runs the generator's body there: calling
// a generator function runs none of it; only entering it (`with`, a `@contextmanager`) or iterating it does.
import type { SyntaxNode } from '../analysis/pythonParser';
import { parentOutsideParentheses, unparenthesize } from '../analysis/pythonSyntax';
import type { Binding, Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { ProjectView } from '../linter/projectView';
import { callsProjectGeneratorFunction, isGeneratorFunction } from './coroutineCalls';

/** Builtins that iterate what they are given before they return (`list(rows())`, `next(rows())`). */
const CONSUMING_BUILTINS: ReadonlySet<string> = new Set(
  ['list', 'tuple', 'set', 'frozenset', 'dict', 'sorted', 'sum', 'any', 'all', 'min', 'max', 'next'].map((name) => `builtins.${name}`),
);

/** Methods (by last name) that iterate their argument before they return: `"".join(parts())`, `out.writelines(lines())`. */
const CONSUMING_METHODS: ReadonlySet<string> = new Set(['join', 'extend', 'writelines']);

/** Lazy builtins that iterate what they are given only as they are iterated themselves (`enumerate(rows())`). */
const PASSING_BUILTINS: ReadonlySet<string> = new Set(
  ['enumerate', 'zip', 'map', 'filter', 'iter', 'reversed'].map((name) => `builtins.${name}`),
);

/**
 * Whether `call` makes a generator (of a generator function of this file or, with `project`, of another module) that
 * the code around it never runs: only handed on (`StreamingResponse(chunks(path))`), kept or returned. A chain
 * through it is no chain: the generator's body runs where it is iterated, if ever, not where it is made.
 */
export function makesGeneratorNotRunHere(call: SyntaxNode, scope: Scope, model: SemanticModel, project?: ProjectView): boolean {
  const definition = model.calleeDefinition(call, scope);
  const generator = definition ? isGeneratorFunction(definition, model) : callsProjectGeneratorFunction(call, scope, model, project);
  return generator && !runsGeneratorItMakes(call, scope, model);
}

/**
 * Whether the code around `call` runs the generator it makes, if it makes one, before moving on: a `with` entering it
 * (a `@contextmanager`), a `for` or a list, set or dict comprehension iterating it, `yield from` it, or a builtin or
 * method iterating its argument (`list(...)`, `"".join(...)`), also through a lazy builtin itself so run
 * (`for i, row in enumerate(rows()):`) or a generator expression so run (`"".join(str(n) for n in numbers())`); or
 * one of those running the name it is bound to (`rows = read_rows(path)`, then `for row in rows:`).
 */
function runsGeneratorItMakes(call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  if (runsWhereWritten(call, scope, model)) return true;
  const binding = nameBoundTo(call, scope);
  return binding !== undefined && model.references(binding).some((use) => runsWhereWritten(use, model.scopeOf(use), model));
}

/**
 * As runsGeneratorItMakes, for a module summary, which cannot tell whether another module's callee is a generator
 * function: a generator bound to a name is taken to run, unless the callee is a `def` of this file (whose name's uses
 * are read only then: most calls bound to a name make no generator).
 */
export function mayRunGeneratorItMakes(call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  if (runsWhereWritten(call, scope, model)) return true;
  if (nameBoundTo(call, scope) === undefined) return false;
  const definition = model.calleeDefinition(call, scope);
  return definition === undefined || (isGeneratorFunction(definition, model) && runsGeneratorItMakes(call, scope, model));
}

/** The binding of `name = call(...)`, where that is the only binding of the name in its scope. */
function nameBoundTo(call: SyntaxNode, scope: Scope): Binding | undefined {
  const assignment = parentOutsideParentheses(call);
  const name = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
  const value = assignment?.childForFieldName('right');
  if (name?.type !== 'identifier' || !value || unparenthesize(value).id !== call.id) return undefined;
  const bindings = scope.bindings.get(name.text);
  return bindings?.length === 1 ? bindings[0] : undefined;
}

/** Whether the code right around `node` (a call, a name, a generator expression) runs the iterable it gives. */
function runsWhereWritten(node: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const outer = parentOutsideParentheses(node);
  switch (outer?.type) {
    case 'with_item':
      return true;
    case 'as_pattern':
      return outer.parent?.type === 'with_item' && outer.firstNamedChild?.id === node.id;
    case 'for_statement':
      return true;
    case 'for_in_clause': {
      // A generator expression iterates its first iterable only as it is iterated itself.
      const comprehension = outer.parent;
      return comprehension?.type === 'generator_expression' ? runsWhereWritten(comprehension, scope, model) : true;
    }
    case 'yield':
      return outer.children.some((child) => child.type === 'from');
    case 'argument_list':
      return outer.parent?.type === 'call' && consumerRuns(outer.parent, scope, model);
    case 'call':
      // `f(x for x in rows())`: a generator expression as the sole argument is the call's argument list.
      return node.type === 'generator_expression' && consumerRuns(outer, scope, model);
    default:
      return false;
  }
}

/** Whether `consumer`, a call given an iterable, iterates it before it returns (or, lazy, is itself run so). */
function consumerRuns(consumer: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const callee = consumer.childForFieldName('function');
  if (callee?.type === 'attribute') return CONSUMING_METHODS.has(model.calleeLastName(consumer));
  const name = model.calleeName(consumer, scope);
  if (name === undefined) return false;
  return CONSUMING_BUILTINS.has(name) || (PASSING_BUILTINS.has(name) && runsWhereWritten(consumer, scope, model));
}
