// LOOP208 nested-asyncio-run: starting an event loop (`asyncio.run`, `Runner.run`,
// `loop.run_until_complete`, `loop.run_forever`) from code that already runs on one.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { runsOnlyWhere, unparenthesize } from '../../analysis/pythonSyntax';
import type { Rule, RuleContext } from '../../linter/rule';
import { calleeMatcher, describeCoroutine, isEventLoop, methodCall, writtenCallee } from './support/asyncioValues';
import { isExpectedToRaise } from '../../ruleSupport/expectedToRaise';
import { snippet } from '../../ruleSupport/codeSnippet';

const callsRun = calleeMatcher(['asyncio.run', 'asyncio.Runner.run']);

const LOOP_RUNNING_METHODS: ReadonlySet<string> = new Set(['run_until_complete', 'run_forever']);

export const nestedAsyncioRun: Rule = {
  code: 'LOOP208',
  name: 'nested-asyncio-run',
  summary: '`asyncio.run()`, `Runner.run()` or `loop.run_until_complete()` called from an async context raises RuntimeError.',
  defaultSeverity: 'error',
  enabledByDefault: true,
  equivalents: [],
  fixable: false,
  nodeKinds: ['call'],
  check(call, context) {
    if (!context.scope.isAsyncContext) return;
    const name = callsRun(call, context);
    let what: string | undefined;
    let instead = '`await` the coroutine instead (or `asyncio.create_task()` it to run concurrently)';
    if (name === 'asyncio.run') what = '`asyncio.run()`';
    else if (name === 'asyncio.Runner.run') what = '`Runner.run()`';
    else {
      const method = LOOP_RUNNING_METHODS.has(writtenCallee(call, context).lastName) ? methodCall(call) : undefined;
      if (method && LOOP_RUNNING_METHODS.has(method.method) && isEventLoop(method.receiver, context)) {
        what = `\`${snippet(method.receiver, 30)}.${method.method}()\``;
        if (method.method === 'run_forever')
          instead = '`await` the work it should run instead (or start tasks with `asyncio.create_task()`)';
      }
    }
    // A test checking that it raises (`with pytest.raises(RuntimeError):`) calls it on purpose; a forked child
    // process runs no loop (asyncio ties the running loop to the process that set it).
    if (!what || isExpectedToRaise(call, context.model, context.scope) || inForkedChild(call, context)) return;
    // Without the coroutine (or future) to run, the call raises TypeError before it looks at the loop: the message
    // would name the wrong error, and there is nothing to await instead.
    if (!what.endsWith('run_forever()`') && (call.childForFieldName('arguments')?.namedChildCount ?? 0) === 0) return;
    context.report({
      node: call,
      message: `${what} in ${describeCoroutine(context)} raises RuntimeError because an event loop is already running in this thread; ${instead}`,
    });
  },
  doc: {
    whatItDoes:
      'Flags `asyncio.run(...)`, `asyncio.Runner(...).run(...)` (also through `with asyncio.Runner() as runner:`), and `run_until_complete(...)` / `run_forever()` on an event loop, when called in an async context (the body of an `async def`, not a nested `def` or `lambda`). A call given nothing to run (`loop.run_until_complete()`, `asyncio.run()`) is left alone: it raises TypeError first, a mistake of another kind. A call in the body of `with pytest.raises(...)` or `with self.assertRaises(...)` is left alone: the test checks that it raises; so is one in the child process of an `os.fork()` (`if pid == 0:`), where no loop runs.',
    whyIsThisBad:
      'A coroutine only runs while an event loop runs it, and a thread can run one loop at a time: `asyncio.run()` raises "cannot be called from a running event loop" and `run_until_complete()` raises "This event loop is already running" (or "Cannot run the event loop while another loop is running"). The coroutine passed in is never awaited. Await it directly instead, or run blocking sync code that starts its own loop in a thread with `asyncio.to_thread()`.',
    example: 'import asyncio\n\nasync def handle(request):\n    user = asyncio.run(load_user(request.user_id))\n    return render(user)',
    useInstead: 'async def handle(request):\n    user = await load_user(request.user_id)\n    return render(user)',
  },
};

/** Whether `node` runs in the child of an `os.fork()` of its function: the branch of `if pid == 0:` (or `if not pid:`). */
function inForkedChild(node: SyntaxNode, context: RuleContext): boolean {
  const isForkResult = (written: SyntaxNode | null | undefined): boolean => {
    const name = written && unparenthesize(written);
    if (name?.type !== 'identifier') return false;
    const value = context.model.resolve(name, context.scope)?.value;
    return value?.type === 'call' && context.model.calleeName(value, context.scope) === 'os.fork';
  };
  return runsOnlyWhere(node, (test, holds) => {
    if (!holds) return isForkResult(test);
    if (test.type !== 'comparison_operator' || !test.children.some((part) => part.type === '==')) return false;
    const [left, right] = test.namedChildren;
    return (isForkResult(left) && right?.text === '0') || (left?.text === '0' && isForkResult(right));
  });
}
