// LOOP205 executor-partial: `loop.run_in_executor(None, f, ...)` (often with `functools.partial`)
// in a coroutine, where `asyncio.to_thread(f, ...)` says the same with keyword arguments and context.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { callArguments, unparenthesize } from '../../analysis/pythonSyntax';
import { moduleAccess } from '../../linter/fixes/moduleImports';
import { replaceNode, unsafeFix } from '../../linter/fixes/textEdits';
import type { Fix, Rule, RuleContext } from '../../linter/rule';
import { atLeast } from '../../linter/pythonVersion';
import { enclosingAwait, isEventLoop, methodCall, writtenCallee } from './support/asyncioValues';
import { snippet } from '../../ruleSupport/codeSnippet';

export const executorPartial: Rule = {
  code: 'LOOP205',
  name: 'executor-partial',
  summary: '`loop.run_in_executor(None, f, ...)` in a coroutine, where `asyncio.to_thread(f, ...)` fits (Python 3.9+).',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: [],
  fixable: true,
  nodeKinds: ['call'],
  check(call, context) {
    if (!context.scope.isAsyncContext || !atLeast(context.settings.targetVersion, 3, 9)) return;
    if (writtenCallee(call, context).lastName !== 'run_in_executor') return;
    const method = methodCall(call);
    if (method?.method !== 'run_in_executor') return;
    const args = callArguments(call);
    const executor = args.positional[0] ?? args.keywords.get('executor');
    const func = args.positional[1];
    if (!executor || unparenthesize(executor).type !== 'none' || !func || args.hasUnpacking) return;
    if (!isEventLoop(method.receiver, context)) return;
    const threadArguments = toThreadArguments(func, args.positional.slice(2), context);
    const awaited = enclosingAwait(call) !== undefined;
    const instead = awaited
      ? `\`await asyncio.to_thread(${threadArguments})\``
      : `\`asyncio.create_task(asyncio.to_thread(${threadArguments}))\` to start it at once, as run_in_executor does`;
    const target = snippet(calledFunction(func, context), 30);
    const handed = isPartialCall(func, context)
      ? `functools.partial(${target}, ...)`
      : args.positional.length > 2
        ? `${target}, ...`
        : target;
    context.report({
      node: call,
      message: `\`${snippet(method.receiver, 30)}.run_in_executor(None, ${handed})\` hands \`${target}\` to the default executor; use ${instead}`,
      fix: args.keywords.size === 0 ? toThreadFix(call, func, args.positional.slice(2), awaited, context) : undefined,
    });
  },
  doc: {
    whatItDoes:
      'Flags `loop.run_in_executor(None, f, *args)` in a coroutine, on a loop from `get_running_loop()`/`get_event_loop()` or a loop-named value, when the target version is 3.9 or later. `run_in_executor(None, functools.partial(f, a, key=v))` becomes `asyncio.to_thread(f, a, key=v)`. Calls with an explicit executor are left alone: choosing a process pool or a bounded thread pool is a good reason to use `run_in_executor`.',
    whyIsThisBad:
      '`run_in_executor` takes no keyword arguments for the function, which is why it is so often paired with `functools.partial`, and it does not carry `contextvars` into the thread. `asyncio.to_thread(f, *args, **kwargs)` passes both kinds of arguments and the current context, runs in the same default executor, and needs no loop object.',
    example:
      'import asyncio\nimport functools\n\nasync def thumbnail(path, size):\n    loop = asyncio.get_running_loop()\n    return await loop.run_in_executor(None, functools.partial(render, path, size=size, quality=85))',
    useInstead:
      'import asyncio\n\nasync def thumbnail(path, size):\n    return await asyncio.to_thread(render, path, size=size, quality=85)',
    fixSafety:
      'The fix replaces `loop.run_in_executor(None, f, *args)` with `asyncio.to_thread(f, *args)`, unpacking a `functools.partial(f, ...)` into the arguments. Where the result is not awaited on the spot, the call becomes `asyncio.create_task(asyncio.to_thread(...))` so that the work still starts at once. It is unsafe: `to_thread` runs the function in the current `contextvars` context (run_in_executor does not), uses the running loop rather than the loop the call named, and a Task replaces the plain Future.',
  },
};

function isPartialCall(func: SyntaxNode, context: RuleContext): boolean {
  const node = unparenthesize(func);
  return node.type === 'call' && context.model.calleeName(node, context.scope) === 'functools.partial';
}

/** The function the executor runs: `f` for `f` and for `functools.partial(f, ...)`. */
function calledFunction(func: SyntaxNode, context: RuleContext): SyntaxNode {
  if (!isPartialCall(func, context)) return func;
  return callArguments(unparenthesize(func)).positional[0] ?? func;
}

/** `f, a, key=v` for `functools.partial(f, a, key=v)`; `f, a, b` for `f` followed by `a, b`. */
function toThreadArguments(func: SyntaxNode, rest: readonly SyntaxNode[], context: RuleContext): string {
  if (isPartialCall(func, context) && rest.length === 0) {
    const argumentList = unparenthesize(func).childForFieldName('arguments');
    const inner = argumentList?.text.slice(1, -1).trim();
    if (inner) return shorten(inner, 60);
  }
  return shorten([func, ...rest].map((node) => node.text).join(', '), 60);
}

function shorten(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').replace(/,\s*$/, '');
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

/** `loop.run_in_executor(None, functools.partial(f, a, k=v))` → `asyncio.to_thread(f, a, k=v)`, awaited as before. */
function toThreadFix(
  call: SyntaxNode,
  func: SyntaxNode,
  rest: readonly SyntaxNode[],
  awaited: boolean,
  context: RuleContext,
): Fix | undefined {
  const threadArguments = exactToThreadArguments(func, rest, context);
  const asyncio = threadArguments === undefined ? undefined : moduleAccess('asyncio', call, context.scope, context);
  if (!asyncio) return undefined;
  const toThread = `${asyncio.name}.to_thread(${threadArguments})`;
  const text = awaited ? toThread : `${asyncio.name}.create_task(${toThread})`;
  return unsafeFix(awaited ? 'Use `asyncio.to_thread(...)`' : 'Use `asyncio.create_task(asyncio.to_thread(...))`', [
    ...asyncio.edits,
    replaceNode(call, text),
  ]);
}

/**
 * The arguments of `to_thread` as written: `f, a, b` for `run_in_executor(None, f, a, b)`; the
 * partial's own arguments for a partial (then followed by any further positional arguments,
 * unless the partial has keywords or unpacking, which those would have to come before).
 */
function exactToThreadArguments(func: SyntaxNode, rest: readonly SyntaxNode[], context: RuleContext): string | undefined {
  if (!isPartialCall(func, context)) return [func, ...rest].map((node) => node.text).join(', ');
  const partial = unparenthesize(func);
  const argumentList = partial.childForFieldName('arguments');
  if (argumentList?.type !== 'argument_list') return undefined;
  const partialArgs = callArguments(partial);
  if (partialArgs.positional.length === 0) return undefined;
  const inner = argumentList.text.slice(1, -1).replace(/,\s*$/, '');
  if (rest.length === 0) return inner;
  if (partialArgs.keywords.size > 0 || partialArgs.hasUnpacking || /#/.test(inner)) return undefined;
  return [inner, ...rest.map((node) => node.text)].join(', ');
}
