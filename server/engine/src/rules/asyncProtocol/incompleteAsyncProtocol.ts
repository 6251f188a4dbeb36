// LOOP402 incomplete-async-protocol: a class with `__aenter__` but no `__aexit__` (or the reverse),
// or whose `__aiter__` returns `self` while no `__anext__` exists.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { contextManagerOf, hasAsyncKeyword, parentOutsideParentheses, unparenthesize } from '../../analysis/pythonSyntax';
import type { SemanticModel } from '../../analysis/semanticModel';
import { isCollectedTestModule } from '../../linter/neverCollectedTests';
import type { Rule, RuleContext } from '../../linter/rule';
import { classMembers, hasMember } from '../../ruleSupport/classMembers';
import { firstParameterName, ownReturnStatements, returnedValue } from './support/definitionShape';

export const incompleteAsyncProtocol: Rule = {
  code: 'LOOP402',
  name: 'incomplete-async-protocol',
  summary:
    'A class implements half of an async protocol: `__aenter__` without `__aexit__`, or an `__aiter__` returning `self` without `__anext__`.',
  defaultSeverity: 'error',
  enabledByDefault: true,
  equivalents: [],
  fixable: false,
  nodeKinds: ['class_definition'],
  check(classDefinition, context) {
    const body = context.model.scopeOfDefinition(classDefinition);
    const nameNode = classDefinition.childForFieldName('name');
    if (!body || !nameNode) return;
    const own = body.bindings;
    const definesAenter = own.has('__aenter__');
    const definesAexit = own.has('__aexit__');
    const aiter = own.get('__aiter__')?.at(-1)?.definition;
    if (!definesAenter && !definesAexit && !aiter) return;
    const members = classMembers(classDefinition, context.model);
    // A base class from elsewhere may supply the other half (e.g. `contextlib.AbstractAsyncContextManager`).
    if (!members.isComplete || members.isProtocol) return;
    const className = nameNode.text;
    if (isStandIn(classDefinition, className, context)) return;

    if (definesAenter || definesAexit) {
      const [present, missing] = hasMember(members, '__aexit__') ? ['__aexit__', '__aenter__'] : ['__aenter__', '__aexit__'];
      if (!hasMember(members, missing)) {
        context.report({
          node: nameNode,
          message: `Class \`${className}\` defines \`${present}\` but no \`${missing}\`, so \`async with ${className}(...)\` fails; add \`async def ${missing}\``,
        });
      }
    }
    if (aiter && returnsSelf(aiter) && !hasMember(members, '__anext__')) {
      context.report({
        node: nameNode,
        message: `Class \`${className}\` returns \`self\` from \`__aiter__\` but defines no \`__anext__\`, so \`async for\` over it fails; add \`async def __anext__\``,
      });
    }
  },
  doc: {
    whatItDoes:
      'Flags a class that defines `__aenter__` without `__aexit__` or `__aexit__` without `__aenter__`, and a class whose `__aiter__` returns `self` although neither it nor a base class defines `__anext__`. Base classes defined in the same file are followed; a class with any other base (apart from `object`, `Generic[...]` and `ABC`) is skipped, because that base may supply the missing method, and `Protocol` classes are skipped as interfaces. A class defined inside a function, or at the top of a test module pytest collects (`test_*.py`, `*_test.py`), is flagged only when that function or module uses it or an instance of it in `async with` or `async for` (also `enter_async_context(...)`), or hands either out with `return` or `yield`: otherwise it is a stand-in whose methods the code calls by hand (a test double given to the code under test), which no `async with` or `async for` ever reaches.',
    whyIsThisBad:
      '`async with` looks up both `__aenter__` and `__aexit__` before it starts, and `async for` calls `__anext__` on whatever `__aiter__` returned. With one half missing, every use of the class fails with `TypeError` (or `AttributeError`) at run time.',
    example:
      'class Connection:\n    async def __aenter__(self):\n        await self.open()\n        return self\n\n\nclass Lines:\n    def __init__(self, reader):\n        self.reader = reader\n\n    def __aiter__(self):\n        return self',
    useInstead:
      'class Connection:\n    async def __aenter__(self):\n        await self.open()\n        return self\n\n    async def __aexit__(self, exc_type, exc, tb):\n        await self.close()\n\n\nclass Lines:\n    def __init__(self, reader):\n        self.reader = reader\n\n    def __aiter__(self):\n        return self\n\n    async def __anext__(self):\n        line = await self.reader.readline()\n        if not line:\n            raise StopAsyncIteration\n        return line',
  },
};

/** `__aiter__` whose body returns its first parameter. */
function returnsSelf(aiter: SyntaxNode): boolean {
  if (aiter.type !== 'function_definition') return false;
  const self = firstParameterName(aiter);
  if (self === undefined) return false;
  return ownReturnStatements(aiter).some((statement) => {
    const value = returnedValue(statement);
    return value?.type === 'identifier' && value.text === self;
  });
}

/**
 * Whether `classDefinition` is a class of a function body, or of a test module pytest collects (`test_*.py`), that its
 * function or module neither uses in `async with` / `async for`
 * nor hands out by `return` or `yield`, itself or an instance of it: a test's stand-in (`DummyConnectionManager` with
 * only the `__aexit__` the code under test calls by hand; a `FakeUpstreamWebSocket` whose `__aiter__` nothing reaches).
 * Nothing outside the function can name it, nor, in practice, outside a collected test module, which pytest imports by
 * its path and no code imports, so the failure the message claims does not happen. Handing it to a call or storing it in an attribute is how stand-ins reach the
 * code under test, and does not count: a test whose code entered it in `async with` would fail at once.
 */
function isStandIn(classDefinition: SyntaxNode, className: string, { model, project }: RuleContext): boolean {
  const scope = model.scopeOf(classDefinition);
  if (scope.kind !== 'function' && !(scope.kind === 'module' && isCollectedTestModule(project?.moduleName))) return false;
  const binding = model.bindingsIn(scope, className).find((candidate) => candidate.definition?.id === classDefinition.id);
  if (!binding) return false;
  return !model.references(binding).some((reference) => {
    const instance = instanceMade(reference);
    return (
      usedAsynchronously(reference) || (instance !== undefined && (usedAsynchronously(instance) || namedInstanceUsed(instance, model)))
    );
  });
}

/** `Cls(...)` for a reference `Cls` called. */
function instanceMade(reference: SyntaxNode): SyntaxNode | undefined {
  const parent = parentOutsideParentheses(reference);
  return parent?.type === 'call' && unparenthesize(parent.childForFieldName('function') ?? parent).id === reference.id ? parent : undefined;
}

/** `x = Cls(...)`: whether a use of `x` enters an async protocol or leaves the function. */
function namedInstanceUsed(instance: SyntaxNode, model: SemanticModel): boolean {
  const assignment = parentOutsideParentheses(instance);
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== instance.id) return false;
  const target = assignment.childForFieldName('left');
  if (target?.type !== 'identifier') return false;
  const binding = model.resolve(target);
  return binding !== undefined && model.references(binding).some(usedAsynchronously);
}

/** Whether `value` is entered by `async with` or iterated by `async for` (or `enter_async_context`), or is returned or yielded. */
function usedAsynchronously(value: SyntaxNode): boolean {
  const parent = parentOutsideParentheses(value);
  if (!parent) return false;
  switch (parent.type) {
    case 'return_statement':
    case 'yield':
      return true;
    case 'as_pattern':
    case 'with_item': {
      const item = parent.type === 'as_pattern' ? parent.parent : parent;
      const manager = item?.type === 'with_item' ? contextManagerOf(item) : undefined;
      // The item's clause, then the statement.
      const statement = item?.parent?.parent;
      return manager !== undefined && unparenthesize(manager).id === value.id && statement != null && hasAsyncKeyword(statement);
    }
    case 'for_statement':
    case 'for_in_clause':
      return parent.childForFieldName('right')?.id === value.id && hasAsyncKeyword(parent);
    case 'argument_list':
      return parent.parent?.childForFieldName('function')?.text.endsWith('enter_async_context') ?? false;
    default:
      return false;
  }
}
