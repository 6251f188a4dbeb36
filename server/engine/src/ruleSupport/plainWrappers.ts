// Decorators that make an `async def` a plain function: ophyd-async's `@AsyncStatus.wrap` returns a plain `def` that
// calls the coroutine function and returns `AsyncStatus(coroutine)`, a status object running it as a Task. Calling the
// decorated method returns that object, not a coroutine (LOOP209: `TaskGroup.create_task()` refuses it).
import type { SyntaxNode } from '../analysis/pythonParser';
import { codeStatements, definedFunctions, hasAsyncKeyword, inNestedDefinition, unparenthesize } from '../analysis/pythonSyntax';
import type { SemanticModel } from '../analysis/semanticModel';
import type { ProjectView } from '../linter/projectView';

/** `@it` makes the function it decorates plain ('decorator'), or `@it(...)` does ('factory'). */
export type PlainWrapperKind = 'decorator' | 'factory';

/**
 * What a plain `def` makes of the function it decorates: 'decorator' when it returns a plain `def` of its own that does
 * not hand on the decorated function's result as it is (`return cls(f(*args, **kwargs))`, or no `return`), 'factory'
 * when it returns such a decorator (used as `@it(...)`); undefined for an `async def` wrapper, a wrapper returning
 * `f(*args, **kwargs)` (a coroutine, for an `async def`), or anything else.
 */
export function plainWrapperKind(definition: SyntaxNode): PlainWrapperKind | undefined {
  if (hasAsyncKeyword(definition)) return undefined;
  const inner = returnedFunction(definition);
  if (!inner || hasAsyncKeyword(inner)) return undefined;
  const innermost = returnedFunction(inner);
  if (!innermost) return makesOtherValue(inner, definition) ? 'decorator' : undefined;
  return !hasAsyncKeyword(innermost) && !returnedFunction(innermost) && makesOtherValue(innermost, inner) ? 'factory' : undefined;
}

/** The `def` written in `definition`'s body that it returns by name (`def wrap_f(...): ...` and `return wrap_f`). */
export function returnedFunction(definition: SyntaxNode): SyntaxNode | undefined {
  const statements = codeStatements(definition);
  const nested = new Map(definedFunctions(definition).map((function_) => [function_.childForFieldName('name')?.text, function_]));
  for (const statement of [...statements].reverse()) {
    const value = statement.type === 'return_statement' ? statement.firstNamedChild : null;
    if (value) return value.type === 'identifier' ? nested.get(value.text) : undefined;
  }
  return undefined;
}

/**
 * Whether `wrapper` may return something other than the function its decorator takes, called: one of its `return`s is
 * not `func(...)` of the decorator's last parameter (the function: `wrap(cls, f)`), or it has none.
 */
function makesOtherValue(wrapper: SyntaxNode, decorator: SyntaxNode): boolean {
  const decorated = decoratedParameter(decorator);
  const returns = wrapper.descendantsOfType('return_statement').filter((statement) => !inNestedDefinition(statement, wrapper));
  if (returns.length === 0) return true;
  return returns.some((statement) => {
    const value = statement.firstNamedChild ? unparenthesize(statement.firstNamedChild) : undefined;
    return value?.type !== 'call' || value.childForFieldName('function')?.text !== decorated;
  });
}

/** The name of a decorator's last parameter, the function it decorates (`wrap(cls, f)`, `__call__(self, method: Callable)`). */
export function decoratedParameter(decorator: SyntaxNode): string | undefined {
  const parameters = decorator.childForFieldName('parameters')?.namedChildren ?? [];
  const last = parameters.at(-1);
  return last?.type === 'identifier' ? last.text : (last?.childForFieldName('name')?.text ?? last?.firstNamedChild?.text);
}

const madePlainByModel = new WeakMap<SemanticModel, ReadonlySet<string>>();

/**
 * Whether `call` may call an `async def` made plain by a decorator of this file or of the project, told by its last
 * name (`signal.set(1)`, where the project's `set` methods are `@AsyncStatus.wrap`ped): the receiver's type is seldom
 * known. A call of a coroutine function found as such is not asked about.
 */
export function mayCallMadePlain(call: SyntaxNode, model: SemanticModel, project: ProjectView | undefined): boolean {
  const name = model.calleeLastName(call);
  return madePlainInFile(model).has(name) || project?.madePlainByDecorator(name) === true;
}

/** The names of this file's `async def`s that one of its own decorators makes plain. */
function madePlainInFile(model: SemanticModel): ReadonlySet<string> {
  let names = madePlainByModel.get(model);
  if (!names) {
    const found = new Set<string>();
    for (const scope of model.scopes) {
      if (scope.kind === 'function' && scope.isAsyncFunction && decoratorsOf(scope.node).some((decorator) => makesPlain(decorator, model)))
        found.add(scope.name);
    }
    madePlainByModel.set(model, (names = found));
  }
  return names;
}

function decoratorsOf(definition: SyntaxNode): SyntaxNode[] {
  const decorated = definition.parent;
  if (decorated?.type !== 'decorated_definition') return [];
  return decorated.namedChildren.filter((child) => child.type === 'decorator').flatMap((decorator) => decorator.firstNamedChild ?? []);
}

/** `@wrap` or `@wrap(...)` naming a `def` of this file that makes what it decorates plain used so. */
function makesPlain(decorator: SyntaxNode, model: SemanticModel): boolean {
  const called = decorator.type === 'call';
  const expression = called ? decorator.childForFieldName('function') : decorator;
  const definition = expression ? model.definitionOf(expression) : undefined;
  return definition?.type === 'function_definition' && plainWrapperKind(definition) === (called ? 'factory' : 'decorator');
}
