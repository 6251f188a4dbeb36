// LOOP408 unused-async (off by default): an `async def` whose body never awaits, iterates or enters
// anything asynchronously, so it need not be a coroutine.
import { hasAsyncKeyword } from '../../analysis/pythonSyntax';
import type { Scope } from '../../analysis/scope';
import type { Rule } from '../../linter/rule';
import { classMembers } from '../../ruleSupport/classMembers';
import { decoratorNames } from '../../ruleSupport/decoratorNames';
import { isStubBody } from '../../ruleSupport/stubBodies';

/** Methods the interpreter awaits: they must be coroutines even when they have nothing to await. */
const PROTOCOL_COROUTINES: ReadonlySet<string> = new Set(['__aenter__', '__aexit__', '__anext__']);

/** Decorators that say nothing about whether the function must be a coroutine. */
const NEUTRAL_DECORATORS: ReadonlySet<string> = new Set(['builtins.staticmethod', 'builtins.classmethod']);

export const unusedAsync: Rule = {
  code: 'LOOP408',
  name: 'unused-async',
  summary: 'An `async def` that never awaits could be a plain function.',
  defaultSeverity: 'warning',
  enabledByDefault: false,
  equivalents: ['RUF029', 'S7503'],
  fixable: false,
  nodeKinds: ['function_definition'],
  check(definition, context) {
    if (!hasAsyncKeyword(definition)) return;
    const body = context.model.scopeOfDefinition(definition);
    const nameNode = definition.childForFieldName('name');
    if (!body || !nameNode) return;
    // An async generator is async because it yields, awaiting or not.
    if (body.yields.length > 0 || usesAsyncFeatures(body)) return;
    const name = nameNode.text;
    if (PROTOCOL_COROUTINES.has(name)) return;
    // Frameworks (web routes, test fixtures, event handlers) and `@abstractmethod`/`@overload`/`@override`
    // require coroutine functions whatever their body does.
    if (decoratorNames(definition, context.model).some((decorator) => decorator === undefined || !NEUTRAL_DECORATORS.has(decorator)))
      return;
    if (isStubBody(definition, context.model)) return;
    if (context.scope.kind === 'class') {
      // A method may implement an async interface of a base class; only a class whose bases are all
      // in this file (and do not define the method) is known to be free to drop `async`.
      const members = classMembers(context.scope.node, context.model);
      if (!members.isComplete || members.isProtocol || members.inheritedNames.has(name)) return;
    }
    context.report({
      node: nameNode,
      message: `\`async def ${name}\` never awaits, so it need not be a coroutine; make it a plain \`def\` (and drop the \`await\` at its call sites)`,
    });
  },
  doc: {
    whatItDoes:
      'Flags an `async def` whose own body (including its comprehensions, not nested functions or lambdas) contains no `await`, `async for`, `async with` or async comprehension. Not flagged: async generators (they contain `yield`), stubs (a body of only a docstring, `...`, `pass` or `raise NotImplementedError`), `__aenter__`/`__aexit__`/`__anext__`, functions with any decorator other than `@staticmethod`/`@classmethod` (frameworks and `@abstractmethod`/`@overload`/`@override` require coroutine functions), methods of a class with a base class outside this file (the method may implement an async interface) and methods overriding a method of a base class in this file. Off by default: callers may need a coroutine function for reasons the linter cannot see.',
    whyIsThisBad:
      'Calling a coroutine function creates a coroutine object that must be awaited and scheduled, which costs time and forces every caller to be async too. A function that never suspends gains nothing from it, and the `async` suggests it does I/O when it does not.',
    example:
      'async def format_price(amount, currency):\n    return f"{amount:.2f} {currency}"\n\n\nasync def render(order):\n    return await format_price(order.total, order.currency)',
    useInstead:
      'def format_price(amount, currency):\n    return f"{amount:.2f} {currency}"\n\n\nasync def render(order):\n    return format_price(order.total, order.currency)',
  },
};

/** `await`, `async for`, `async with` or an async comprehension in the scope or its comprehensions. */
function usesAsyncFeatures(scope: Scope): boolean {
  if (scope.awaits.length > 0 || scope.asyncStatements.length > 0) return true;
  return scope.children.some((child) => child.kind === 'comprehension' && usesAsyncFeatures(child));
}
