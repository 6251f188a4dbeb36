// LOOP402 incomplete-async-protocol: a class with `__aenter__` but no `__aexit__` (or the reverse),
// or whose `__aiter__` returns `self` while no `__anext__` exists.
import type { SyntaxNode } from '../../analysis/pythonParser';
import type { Rule } from '../../linter/rule';
import { classMembers, hasMember } from './support/classMembers';
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
      'Flags a class that defines `__aenter__` without `__aexit__` or `__aexit__` without `__aenter__`, and a class whose `__aiter__` returns `self` although neither it nor a base class defines `__anext__`. Base classes defined in the same file are followed; a class with any other base (apart from `object`, `Generic[...]` and `ABC`) is skipped, because that base may supply the missing method, and `Protocol` classes are skipped as interfaces.',
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
