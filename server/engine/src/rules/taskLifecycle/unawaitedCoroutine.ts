// LOOP302 unawaited-coroutine: a coroutine function called as a statement, so its coroutine is
// created and dropped without ever running; and the async tests of a plain `unittest.TestCase`, whose runner does that.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { awaitedText } from '../../linter/fixes/awaitPlacement';
import { insertAt, replaceNode, unsafeFix } from '../../linter/fixes/textEdits';
import type { Fix, Rule, RuleContext } from '../../linter/rule';
import { callsCoroutineFunction, runsOnlyForPlainCallee } from '../../ruleSupport/coroutineCalls';
import { droppingStatement, fileMentions, mayBeDropped, shownCall } from './support/syntaxShapes';
import { isExpectedToRaise } from '../../ruleSupport/expectedToRaise';
import { asyncLibraryOf } from '../../ruleSupport/asyncLibrary';
import { isolatedTestCaseFix, unrunAsyncTests } from './support/unrunAsyncTests';

/** A file without `async` has no `async def` and no asyncio import to resolve. */
const ASYNC_CODE = /async/;

export const unawaitedCoroutine: Rule = {
  code: 'LOOP302',
  name: 'unawaited-coroutine',
  summary: 'A coroutine function is called and its coroutine dropped without `await`, so it never runs.',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: ['reportUnusedCoroutine'],
  fixable: true,
  nodeKinds: ['call', 'class_definition'],
  check(node, context) {
    if (!fileMentions(context.lines, ASYNC_CODE)) return;
    if (node.type === 'class_definition') checkTestCase(node, context);
    else checkCall(node, context);
  },
  doc: {
    whatItDoes:
      "Flags an expression statement that calls a coroutine function and drops the result: an `async def` of this file (also `self.method()` and `Class.method()`), or an asyncio coroutine function or method such as `asyncio.sleep`, `asyncio.wait_for`, `asyncio.to_thread`, `Queue.get`, `Lock.acquire`, `Event.wait` or `StreamWriter.drain` when the receiver's type is known. Async generators (an `async def` containing `yield`) are not flagged: calling one without `await` is how they are used. An `async def` with an unknown decorator is not flagged either, since the decorator may return something else, nor is a call under test in `with self.assertRaises(...)` or `with pytest.raises(...)`, nor a call that runs only where its callee is no coroutine function: under `if not asyncio.iscoroutinefunction(self.close):` (or `inspect.iscoroutinefunction`), or in the `else` of `if iscoroutinefunction(self.close):`, the test naming the callee as the call writes it. Code written once for an async class and a sync copy generated from it guards a plain call so; where the callee is an `async def`, that branch never runs. It also flags, once at the class name, a class deriving from `unittest.TestCase` (and not `unittest.IsolatedAsyncioTestCase`) with `async def test...` methods: unittest calls each test method and ignores what it returns, so such a test only creates a coroutine nobody awaits, its body never runs and it passes (pytest runs these classes through unittest, and its asyncio plugins do not await unittest methods either). Not flagged where a decorator other than `mock.patch` wraps the test, the class is decorated or has a metaclass, a class it derives from is not known (a framework's test base such as Django's `TestCase` or `asynctest.TestCase`, which await their tests), or one of them defines `run`, `_callTestMethod` or another hook that changes how tests are called, or (a class of another module) `asyncSetUp`/`asyncTearDown`, written as an `IsolatedAsyncioTestCase` whatever its base resolved to; nor a test case defined inside a function (a test of how a test framework treats such a class), and a class of another module with a metaclass counts as unknown.",
    whyIsThisBad:
      'Calling an `async def` does not run it: it only creates a coroutine object, which runs when awaited or wrapped in a task. Dropped, the call does nothing except print "coroutine ... was never awaited" when it is garbage-collected, so the sleep never happens, the lock is never taken, the message is never sent.',
    example:
      'import asyncio\n\nasync def save(record):\n    ...\n\nasync def handle(record, writer: asyncio.StreamWriter):\n    save(record)\n    writer.write(b"ok")\n    writer.drain()',
    useInstead:
      'import asyncio\n\nasync def save(record):\n    ...\n\nasync def handle(record, writer: asyncio.StreamWriter):\n    await save(record)\n    writer.write(b"ok")\n    await writer.drain()',
    fixSafety:
      'In a coroutine the fix puts `await` before the call. It is unsafe: the coroutine body, which never ran before, now runs, and the calling coroutine waits for it (and may be suspended there); running it concurrently with `asyncio.create_task` may be what was meant instead. Outside async code there is no fix, since `await` is not allowed there. For a plain test case with async tests, the fix changes the base `unittest.TestCase` to `unittest.IsolatedAsyncioTestCase` (importing `unittest` if the file imports only the class); unsafe too: the tests now run, and may fail, and the case then runs each test in an event loop of its own, with `asyncSetUp`/`asyncTearDown` beside `setUp`/`tearDown`.',
  },
};

function checkCall(call: SyntaxNode, context: RuleContext): void {
  if (!callsCoroutineFunction(call, context.scope, context.model, context.project)) return;
  if (!mayBeDropped(call, context.model)) return;
  const statement = droppingStatement(call);
  if (!statement) return;
  if (isExpectedToRaise(statement, context.model, context.scope)) return;
  // `if not asyncio.iscoroutinefunction(self.close): self.close()`: where `close` is an `async def`, no call is made.
  if (runsOnlyForPlainCallee(call, context.scope, context.model)) return;
  const shown = shownCall(call);
  if (context.scope.isAsyncContext) {
    const concurrently =
      asyncLibraryOf(context) === 'asyncio'
        ? 'run it concurrently with `asyncio.create_task` and keep the task'
        : 'start it in a task group';
    context.report({
      node: call,
      message: `\`${shown}\` creates a coroutine that is never awaited, so its body never runs; add \`await\` (or ${concurrently})`,
      fix: addAwaitFix(call, context),
    });
  } else {
    context.report({
      node: call,
      message: `\`${shown}\` only creates a coroutine object outside any coroutine, so its body never runs; run it with \`asyncio.run(...)\`, or schedule it with \`asyncio.create_task(...)\` from code running in the event loop`,
    });
  }
}

/** A plain `unittest.TestCase` with `async def` tests: reported once, at the class name. */
function checkTestCase(classNode: SyntaxNode, context: RuleContext): void {
  const found = unrunAsyncTests(classNode, context);
  const name = classNode.childForFieldName('name');
  if (!found || !name) return;
  const names = found.tests.map((test) => `\`${test.childForFieldName('name')?.text ?? ''}\``);
  const listed = names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  const tests =
    found.tests.length === 1
      ? `its async test ${listed} only creates a coroutine`
      : `its ${found.tests.length} async tests (${listed}) only create coroutines`;
  context.report({
    node: name,
    message: `\`${name.text}\` is a plain \`unittest.TestCase\`, which calls each test method without awaiting what it returns: ${tests} that nothing awaits, so ${found.tests.length === 1 ? 'its body never runs and the test passes' : 'their bodies never run and the tests pass'}; derive the class from \`unittest.IsolatedAsyncioTestCase\``,
    fix: isolatedTestCaseFix(found, context),
  });
}

/** `fetch()` → `await fetch()`, inside async code only. */
function addAwaitFix(call: SyntaxNode, context: RuleContext): Fix | undefined {
  const text = awaitedText(call, call.text, context.scope, context);
  if (text === undefined || text === call.text) return undefined;
  const edit = text === `await ${call.text}` ? insertAt(call.startPosition, 'await ') : replaceNode(call, text);
  return unsafeFix('Add `await`', [edit]);
}
