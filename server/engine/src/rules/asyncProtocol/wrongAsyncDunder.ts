// LOOP403 wrong-async-dunder: `__aenter__`/`__aexit__`/`__anext__` defined with plain `def`, or
// `__aiter__` defined with `async def` (and not as an async generator).
import type { SyntaxNode } from '../../analysis/pythonParser';
import { codeStatements, hasAsyncKeyword } from '../../analysis/pythonSyntax';
import type { SemanticModel } from '../../analysis/semanticModel';
import type { Scope } from '../../analysis/scope';
import { insertAt, replaceRange, unsafeFix } from '../../linter/fixes/textEdits';
import type { Fix, Rule } from '../../linter/rule';
import { isMarker, ownReturnStatements, returnedValue } from './support/definitionShape';
import { decoratorNames } from '../../ruleSupport/decoratorNames';
import { isCompatibilityFallback } from '../../ruleSupport/compatibilityFallback';
import { classMembers } from '../../ruleSupport/classMembers';

/** Methods whose result the interpreter awaits. */
const AWAITED_DUNDERS: ReadonlyMap<string, string> = new Map([
  ['__aenter__', '`async with` awaits its result'],
  ['__aexit__', '`async with` awaits its result'],
  ['__anext__', '`async for` awaits its result'],
]);

/** Known awaitable types a hand-written protocol method may hand back. */
const AWAITABLE_TYPES: ReadonlySet<string> = new Set(['asyncio.Future', 'asyncio.Task']);

export const wrongAsyncDunder: Rule = {
  code: 'LOOP403',
  name: 'wrong-async-dunder',
  summary: '`__aenter__`, `__aexit__` and `__anext__` must be `async def`; `__aiter__` must not be.',
  defaultSeverity: 'error',
  enabledByDefault: true,
  equivalents: [],
  fixable: true,
  nodeKinds: ['function_definition'],
  check(definition, context) {
    if (context.scope.kind !== 'class') return;
    const nameNode = definition.childForFieldName('name');
    if (!nameNode) return;
    const name = nameNode.text;
    const awaited = AWAITED_DUNDERS.get(name);
    if (awaited === undefined && name !== '__aiter__') return;
    // A `typing.Protocol` class only declares, for type checkers, the methods other classes have: they never run.
    if (classMembers(context.scope.node, context.model).isProtocol) return;
    const isAsync = hasAsyncKeyword(definition);
    if (awaited !== undefined) {
      if (isAsync || hasTransformingDecorator(definition, context.model) || mayReturnAwaitable(definition, context.model)) return;
      if (annotatedAwaitable(definition) || onlyRaises(definition)) return;
      context.report({
        node: nameNode,
        message: `\`${name}\` is a plain \`def\` but ${awaited}, which fails at run time; declare it \`async def ${name}\``,
        fix: addAsyncFix(definition, context.model),
      });
      return;
    }
    if (!isAsync || hasTransformingDecorator(definition, context.model)) return;
    // Pythons before 3.5.2 awaited `__aiter__`, and until 3.7 an `async def __aiter__` still worked: a definition in a
    // branch for those Pythons (`if sys.version_info < (3, 7):`) is right there.
    if (isCompatibilityFallback(definition, context.model)) return;
    // `async def __aiter__(self): ... yield ...` is an async generator function: calling it returns an async iterator.
    if ((context.model.scopeOfDefinition(definition)?.yields.length ?? 0) > 0) return;
    context.report({
      node: nameNode,
      message:
        '`async def __aiter__` returns a coroutine, but `async for` needs an async iterator straight away; define it with plain `def` (returning `self` or an async generator)',
      fix: removeAsyncFix(definition, context.model),
    });
  },
  doc: {
    whatItDoes:
      "Flags `__aenter__`, `__aexit__` and `__anext__` methods defined with plain `def`, and `__aiter__` defined with `async def`, directly in a class body. A plain `def` that explicitly returns the result of a call (`return self._queue.get()`, `return self._lock.__aenter__()`) or a known future, or is annotated to return an awaitable (`-> Awaitable[T]`, `Coroutine`, `Future`, `Task`: an abstract interface declaring the protocol), is accepted, since a plain method returning an awaitable is a valid hand-written protocol method; one that returns `self`, `None`, an attribute or a literal is not; so is an `async def __aiter__` containing `yield` (an async generator), and a method whose body only raises (a class refusing the protocol on purpose, with a message saying what to use instead; not `raise NotImplementedError`, a placeholder subclasses would copy). Methods with decorators other than `@abstractmethod` are skipped: a decorator may change what the method returns. So are the methods of a class listing `typing.Protocol` as a base, which only describes other classes' methods for type checkers (`def __aenter__(self) -> Any: ...` declaring a third-party cursor's) and never runs. An `async def __aiter__` in a branch for Pythons before 3.7 (`if sys.version_info < (3, 7):`, a `hasattr` test that fails there) is left alone: before 3.5.2 `async for` awaited `__aiter__`, and until 3.7 that form still worked.",
    whyIsThisBad:
      '`async with` and `async for` await what `__aenter__`, `__aexit__` and `__anext__` return; a plain method returning `self`, `None` or a value makes them fail with `TypeError`. Conversely `async for` uses the result of `__aiter__` directly as the iterator, so an `async def __aiter__` hands it a coroutine and the loop fails before it starts.',
    example:
      'class Ticker:\n    def __init__(self, count):\n        self.count = count\n\n    async def __aiter__(self):\n        return self\n\n    def __anext__(self):\n        if self.count == 0:\n            raise StopAsyncIteration\n        self.count -= 1\n        return self.count',
    useInstead:
      'class Ticker:\n    def __init__(self, count):\n        self.count = count\n\n    def __aiter__(self):\n        return self\n\n    async def __anext__(self):\n        if self.count == 0:\n            raise StopAsyncIteration\n        self.count -= 1\n        return self.count',
    fixSafety:
      'The fix adds `async` before `def` of `__aenter__`, `__aexit__` and `__anext__` (not when the body contains `yield`, which would make an async generator of it), and removes it from `async def __aiter__` (not when the body awaits, which a plain `def` cannot). It is unsafe: the method now returns a coroutine, or stops returning one, which changes what direct callers of the method get.',
  },
};

/**
 * A body that only raises (after a docstring): a class refusing the protocol on purpose (`def __aenter__(self): raise
 * RuntimeError("use 'async with open_loop()'")`); `async with` fails with that error, which is the point.
 */
function onlyRaises(definition: SyntaxNode): boolean {
  const code = codeStatements(definition);
  // `raise NotImplementedError` is a placeholder for subclasses, which would copy the plain `def`.
  return code.length === 1 && code[0]!.type === 'raise_statement' && !/^raise\s+NotImplementedError\b/.test(code[0]!.text);
}

/** Any decorator except `@abstractmethod` may wrap the method into something that returns an awaitable. */
function hasTransformingDecorator(definition: SyntaxNode, model: SemanticModel): boolean {
  return decoratorNames(definition, model).some((name) => !isMarker(name, 'abstractmethod'));
}

/**
 * The body hands back an awaitable it made: a call's result (`return self._queue.get()`) or a
 * known future. Returning `self`, an attribute or a literal means the method was meant to be async.
 */
function mayReturnAwaitable(definition: SyntaxNode, model: SemanticModel): boolean {
  return ownReturnStatements(definition).some((statement) => {
    const value = returnedValue(statement);
    if (!value) return false;
    if (value.type === 'call') return true;
    const type = value.type === 'identifier' || value.type === 'attribute' ? model.typeOf(value) : undefined;
    return type !== undefined && AWAITABLE_TYPES.has(type);
  });
}

/** Return annotations that promise an awaitable (`-> Awaitable[Self]`, `-> "asyncio.Future[None]"`). */
const AWAITABLE_ANNOTATION = /\b(?:Awaitable|Coroutine|Future|Task)\b/;

/**
 * A plain `def` annotated to return an awaitable declares the protocol on purpose (an abstract
 * interface whose implementations return one); what it returns is up to them.
 */
function annotatedAwaitable(definition: SyntaxNode): boolean {
  const annotation = definition.childForFieldName('return_type');
  return annotation !== null && AWAITABLE_ANNOTATION.test(annotation.text);
}

/** `def __aenter__` → `async def __aenter__`. */
function addAsyncFix(definition: SyntaxNode, model: SemanticModel): Fix | undefined {
  const body = model.scopeOfDefinition(definition);
  if (!body || body.yields.length > 0) return undefined;
  return unsafeFix('Make it `async def`', [insertAt(definition.startPosition, 'async ')]);
}

/** `async def __aiter__` → `def __aiter__`, unless its body awaits (directly or in a comprehension). */
function removeAsyncFix(definition: SyntaxNode, model: SemanticModel): Fix | undefined {
  const body = model.scopeOfDefinition(definition);
  const asyncKeyword = definition.firstChild;
  const def = definition.child(1);
  if (!body || suspends(body) || asyncKeyword?.type !== 'async' || def?.type !== 'def') return undefined;
  return unsafeFix('Make it a plain `def`', [replaceRange(asyncKeyword.startPosition, def.startPosition, '')]);
}

function suspends(scope: Scope): boolean {
  if (scope.awaits.length > 0 || scope.asyncStatements.length > 0) return true;
  return scope.children.some((child) => child.kind === 'comprehension' && suspends(child));
}
