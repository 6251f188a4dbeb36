// LOOP401 stop-iteration-in-anext: `raise StopIteration` in `async def __anext__` or in an async
// generator, and `raise StopAsyncIteration` in an async generator; both surface as RuntimeError.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { DEFINITION_KINDS, callArguments, exceptionTypesCaught } from '../../analysis/pythonSyntax';
import type { Scope } from '../../analysis/scope';
import { replaceNode, unsafeFix } from '../../linter/fixes/textEdits';
import { raiseExpectingCalls } from '../../ruleSupport/expectedToRaise';
import type { Fix, Rule, RuleContext } from '../../linter/rule';

export const stopIterationInAnext: Rule = {
  code: 'LOOP401',
  name: 'stop-iteration-in-anext',
  summary: '`raise StopIteration` in `__anext__` or an async generator becomes a `RuntimeError` instead of ending the iteration.',
  defaultSeverity: 'error',
  enabledByDefault: true,
  equivalents: [],
  fixable: true,
  nodeKinds: ['raise_statement'],
  check(raise, context) {
    const scope = context.scope;
    if (scope.kind !== 'function' || !scope.isAsyncFunction) return;
    const raised = raise.firstNamedChild;
    if (!raised) return;
    const exception = raised.type === 'call' ? raised.childForFieldName('function') : raised;
    if (!exception) return;
    const text = exception.text;
    if (!text.endsWith('StopIteration') && !text.endsWith('StopAsyncIteration')) return;
    const name = context.model.qualifiedName(exception, scope);
    const isGenerator = scope.yields.length > 0;
    if (isGenerator && expectedAsRuntimeError(scope, context)) return;
    if (name === 'builtins.StopIteration' && isGenerator) {
      context.report({
        node: raised,
        message: `\`raise ${raised.text}\` in async generator \`${scope.name}\` turns into \`RuntimeError\` (PEP 479); use \`return\` to end the generator`,
        fix: returnFix(raise),
      });
    } else if (name === 'builtins.StopIteration' && scope.name === '__anext__' && scope.parent?.kind === 'class') {
      context.report({
        node: raised,
        message: `\`raise ${raised.text}\` in \`__anext__\` turns into \`RuntimeError\` instead of ending \`async for\`; raise \`StopAsyncIteration\``,
        fix: stopAsyncIterationFix(exception, context),
      });
    } else if (name === 'builtins.StopAsyncIteration' && isGenerator) {
      context.report({
        node: raised,
        message: `\`raise ${raised.text}\` in async generator \`${scope.name}\` turns into \`RuntimeError\`; use \`return\` to end the generator`,
        fix: returnFix(raise),
      });
    }
  },
  doc: {
    whatItDoes:
      'Flags `raise StopIteration` inside `async def __anext__` or inside an async generator (an `async def` containing `yield`), and `raise StopAsyncIteration` inside an async generator. Raises in nested plain functions are not flagged, nor are those of an async generator nested in a function that expects the resulting `RuntimeError` around a use of it (`except RuntimeError:` after a `try` body naming it, `with pytest.raises(RuntimeError):` or `self.assertRaises(RuntimeError)` around one): a test checking that a context-manager decorator converts the raise, as contextlib does.',
    whyIsThisBad:
      '`async for` stops only when `__anext__` raises `StopAsyncIteration`. A `StopIteration` escaping a coroutine is replaced by `RuntimeError("coroutine raised StopIteration")` (PEP 479), and an async generator that raises either stop exception gets `RuntimeError("async generator raised ...")` (PEP 525). The loop does not end quietly: the program crashes.',
    example:
      'class Countdown:\n    def __init__(self, start):\n        self.current = start\n\n    def __aiter__(self):\n        return self\n\n    async def __anext__(self):\n        if self.current <= 0:\n            raise StopIteration\n        self.current -= 1\n        return self.current\n\n\nasync def ticks(limit):\n    n = 0\n    while True:\n        if n == limit:\n            raise StopIteration\n        yield n\n        n += 1',
    useInstead:
      'class Countdown:\n    def __init__(self, start):\n        self.current = start\n\n    def __aiter__(self):\n        return self\n\n    async def __anext__(self):\n        if self.current <= 0:\n            raise StopAsyncIteration\n        self.current -= 1\n        return self.current\n\n\nasync def ticks(limit):\n    n = 0\n    while True:\n        if n == limit:\n            return\n        yield n\n        n += 1',
    fixSafety:
      'In `__anext__` the fix raises `StopAsyncIteration` instead (keeping any arguments and `from` clause); in an async generator it replaces the whole `raise` statement with `return`. It is unsafe: the code no longer raises `RuntimeError`, which an `except` somewhere may have been relying on, and a `try` around the `raise` that caught the stop exception no longer sees it.',
  },
};

/**
 * Whether the async generator of `scope` is nested in a function that expects the `RuntimeError` its raise turns into,
 * around a use of the generator: `except RuntimeError:` after a `try` body naming it, or `with pytest.raises(RuntimeError)`
 * (`self.assertRaises(RuntimeError)`) around one. A test of that conversion (a context-manager decorator's, which
 * contextlib makes too) raises it on purpose: `return` would make the test fail.
 */
function expectedAsRuntimeError(scope: Scope, context: RuleContext): boolean {
  const outer = scope.parent;
  const name = scope.name;
  if (outer?.kind !== 'function' || !name) return false;
  const model = context.model;
  const isRuntimeError = (node: SyntaxNode | undefined): boolean =>
    node !== undefined && model.qualifiedName(node, outer) === 'builtins.RuntimeError';
  const uses = (block: SyntaxNode | null): boolean =>
    block !== null && block.descendantsOfType('identifier').some((identifier) => identifier.text === name);
  const pending = [...(outer.node.childForFieldName('body')?.namedChildren ?? [])];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (DEFINITION_KINDS.has(node.type)) continue;
    if (node.type === 'try_statement') {
      const clauses = node.namedChildren.filter((child) => child.type === 'except_clause');
      if (clauses.some((clause) => exceptionTypesCaught(clause).some(isRuntimeError)) && uses(node.childForFieldName('body'))) return true;
    }
    if (node.type === 'with_statement') {
      const expecting = raiseExpectingCalls(node, model, outer).some((manager) => isRuntimeError(callArguments(manager).positional[0]));
      if (expecting && uses(node.childForFieldName('body'))) return true;
    }
    pending.push(...node.namedChildren);
  }
  return false;
}

/** In `__anext__`: `raise StopIteration(...)` → `raise StopAsyncIteration(...)`. */
function stopAsyncIterationFix(exception: SyntaxNode, context: RuleContext): Fix | undefined {
  if (context.model.lookup('StopAsyncIteration', context.scope, exception.startIndex)) return undefined;
  return unsafeFix('Raise `StopAsyncIteration`', [replaceNode(exception, 'StopAsyncIteration')]);
}

/** In an async generator: `raise StopIteration` → `return`. */
function returnFix(raise: SyntaxNode): Fix {
  return unsafeFix('End the generator with `return`', [replaceNode(raise, 'return')]);
}
