// A loop the code makes and sets up (tasks, an exception handler) but never drives itself, handing it instead to
// another library's runner: `aiorun.run(loop=loop)`, aiohttp's `web.run_app(app, loop=loop)`. That runner drives it,
// with its own signal handling and shut-down; `asyncio.run()` would replace the library, not the code's own driving.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { callArguments, unparenthesize } from '../../../analysis/pythonSyntax';
import type { RuleContext } from '../../../linter/rule';
import { callsCoroutineFunction } from '../../../ruleSupport/coroutineCalls';
import { callsSetEventLoop } from '../../../ruleSupport/loopMadeCurrent';
import { methodCall } from './asyncioValues';
import { LOOP_KEYWORD } from './sharedLoops';

/** A callee whose name says it runs what it is given: `run`, `run_app`, `start_loop`, `serve_forever`. */
const RUNNER_NAME = /(?:^|_)(?:run|serve|start)(?:_|$)/;

/**
 * Whether the scope, which drives the loop `name` holds nowhere itself (`drives`: its `run_until_complete` and
 * `run_forever` calls there), hands it to a callable of another library or of the project: by a keyword naming it the
 * loop to use (`run(loop=loop)`, `event_loop=`), or by position to a callee named for running (`start_loop(loop)`).
 * Not asyncio's own calls (`asyncio.ensure_future(coro, loop=loop)` schedules work, it runs nothing), a coroutine
 * function's call (work for the loop), nor a method of the loop itself (`loop.run_in_executor(None, f, loop)`).
 */
export function isHandedToARunner(name: SyntaxNode, drives: readonly SyntaxNode[], context: RuleContext): boolean {
  const loop = unparenthesize(name);
  if (drives.length > 0 || loop.type !== 'identifier') return false;
  const { model, scope, project } = context;
  return scope.calls.some((call) => {
    if (!givesTheLoop(call, loop.text, context)) return false;
    if (model.calleeName(call, scope)?.startsWith('asyncio.') || callsSetEventLoop(call, model, scope)) return false;
    if (methodCall(call)?.receiver.text === loop.text) return false;
    return !callsCoroutineFunction(call, scope, model, project);
  });
}

/** Whether `call` is given the loop by a loop keyword, or by position where its callee is named for running. */
function givesTheLoop(call: SyntaxNode, loop: string, context: RuleContext): boolean {
  const { positional, keywords } = callArguments(call);
  const isLoop = (argument: SyntaxNode): boolean => unparenthesize(argument).text === loop;
  if ([...keywords].some(([keyword, value]) => LOOP_KEYWORD.test(keyword) && isLoop(value))) return true;
  return positional.some(isLoop) && RUNNER_NAME.test(context.model.calleeLastName(call));
}
