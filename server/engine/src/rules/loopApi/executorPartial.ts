// LOOP205 executor-partial: `loop.run_in_executor(None, f, ...)` (often with `functools.partial`)
// in a coroutine, where `asyncio.to_thread(f, ...)` says the same with keyword arguments and context.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { callArguments, lastDottedName, unparenthesize } from '../../analysis/pythonSyntax';
import { moduleAccess } from '../../linter/fixes/moduleImports';
import { replaceNode, unsafeFix } from '../../linter/fixes/textEdits';
import type { Fix, Rule, RuleContext } from '../../linter/rule';
import { atLeast } from '../../linter/pythonVersion';
import { enclosingAwait, isEventLoop, methodCall, writtenCallee } from './support/asyncioValues';
import { snippet } from '../../ruleSupport/codeSnippet';
import { isNamedByExecutorSpy } from '../../ruleSupport/executorSpies';
import { leadingText } from '../../analysis/sourceText';

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
    // Awaited where it is made, or through `asyncio.wait_for`: a future kept to await later is left alone, since
    // `asyncio.create_task(asyncio.to_thread(...))` would say the same with more.
    const awaited = enclosingAwait(call) !== undefined;
    const waitFor = awaited ? undefined : awaitedWaitFor(call, context);
    if (!awaited && !waitFor) return;
    if (choiceExplained(call, context) || runsInSharedSnapshot(func, context) || pinnedBySpyingTest(func, context)) return;
    const threadArguments = toThreadArguments(func, args.positional.slice(2), context);
    const instead = waitFor
      ? `\`${snippet(waitFor.childForFieldName('function')!, 30)}(asyncio.to_thread(${threadArguments}), ...)\``
      : `\`await asyncio.to_thread(${threadArguments})\``;
    const target = snippet(calledFunction(func, context), 30);
    const handed = isPartialCall(func, context)
      ? `functools.partial(${target}, ...)`
      : args.positional.length > 2
        ? `${target}, ...`
        : target;
    context.report({
      node: call,
      message: `\`${snippet(method.receiver, 30)}.run_in_executor(None, ${handed})\` hands \`${target}\` to the default executor; use ${instead}`,
      fix: args.keywords.size === 0 ? toThreadFix(call, func, args.positional.slice(2), context) : undefined,
    });
  },
  doc: {
    whatItDoes:
      'Flags `loop.run_in_executor(None, f, *args)` in a coroutine, on a loop from `get_running_loop()`/`get_event_loop()` or a loop-named value, when the target version is 3.9 or later. `run_in_executor(None, functools.partial(f, a, key=v))` becomes `asyncio.to_thread(f, a, key=v)`. Only a call awaited where it is made (`await loop.run_in_executor(...)`, or as the awaitable of `await asyncio.wait_for(...)`) is flagged: a future kept to be awaited later is left alone, since `asyncio.create_task(asyncio.to_thread(...))` would say the same with more. Calls with an explicit executor are left alone: choosing a process pool or a bounded thread pool is a good reason to use `run_in_executor`. So is a call that a comment just above it (up to three lines) or within it explains (one speaking of contextvars or the context): keeping the contextvars of the caller out of the thread, or copying them by hand, is a reason of its own. So is a call handing the executor a function that runs in a context snapshot several runs share (`ctx.run`, `functools.partial(ctx.run, f)` or `lambda: ctx.run(f, x)` with `ctx = contextvars.copy_context()` used more than once): what one run sets in it, the next sees, where `to_thread` would copy the caller\'s context anew at each call. A snapshot used once, or `copy_context().run` written in the call, is what `to_thread` does itself, and is flagged. So is a call handing the executor a function that a test of the project checks it is handed: a test replacing `run_in_executor` (`mock.patch.object(loop, "run_in_executor", wraps=loop.run_in_executor)`, `mocker.patch.object(...)`, `monkeypatch.setattr(loop, "run_in_executor", spy)`, `mock.patch("...run_in_executor")`) that names the function other than by calling it (`run.assert_any_call(None, provider._save_token, token)`, `assert func is to_posix`). `to_thread` hands the executor `functools.partial(context.run, f, ...)` instead, and that test would fail.',
    whyIsThisBad:
      '`run_in_executor` takes no keyword arguments for the function, which is why it is so often paired with `functools.partial`, and it does not carry `contextvars` into the thread. `asyncio.to_thread(f, *args, **kwargs)` passes both kinds of arguments and the current context, runs in the same default executor, and needs no loop object.',
    example:
      'import asyncio\nimport functools\n\nasync def thumbnail(path, size):\n    loop = asyncio.get_running_loop()\n    return await loop.run_in_executor(None, functools.partial(render, path, size=size, quality=85))',
    useInstead:
      'import asyncio\n\nasync def thumbnail(path, size):\n    return await asyncio.to_thread(render, path, size=size, quality=85)',
    fixSafety:
      "The fix replaces `loop.run_in_executor(None, f, *args)` with `asyncio.to_thread(f, *args)`, unpacking a `functools.partial(f, ...)` into the arguments. Inside `asyncio.wait_for(...)` the coroutine takes the future's place. It is unsafe: `to_thread` runs the function in the current `contextvars` context (run_in_executor does not) and uses the running loop rather than the loop the call named.",
  },
};

/**
 * A comment that speaks of the context (contextvars, `copy_context`, "escape the step context", but not a context
 * manager): `run_in_executor` was chosen for what it does with the context. A comment only naming `run_in_executor`
 * ("Use run_in_executor to make input non-blocking") tells no reason against `to_thread`.
 */
const EXPLAINED_CHOICE = /contextvar|copy_context|\bcontext\b(?!\s+manager)/i;

/** How many lines above the call an explaining comment may end (the `loop = asyncio.get_running_loop()` between). */
const EXPLANATION_REACH = 3;

/**
 * Whether a comment just above the call (ending at most EXPLANATION_REACH lines before it, in the same coroutine) or
 * within it says why `run_in_executor` is used: "Use run_in_executor to escape DBOS step context" (run_in_executor
 * does not carry the caller's contextvars into the thread, and `to_thread` would; DBOS then refuses the call). The
 * advice would undo what the comment explains. A comment further up speaks of something else ("Check if we're in a
 * Temporal workflow context").
 */
function choiceExplained(call: SyntaxNode, context: RuleContext): boolean {
  // The coroutine's node, not its body: tree-sitter puts a comment above the body's first statement before the block.
  const comments = context.scope.node
    .descendantsOfType('comment')
    .filter((comment) => comment !== null && comment.startIndex < call.endIndex);
  // A comment of several lines is one node a line: it reaches the call through its last line.
  let reach = call.startPosition.row - EXPLANATION_REACH;
  for (let index = comments.length - 1; index >= 0; index--) {
    const comment = comments[index]!;
    if (comment.endPosition.row < reach) break;
    if (EXPLAINED_CHOICE.test(comment.text)) return true;
    reach = Math.min(reach, comment.startPosition.row - 1);
  }
  return false;
}

/**
 * Whether the function handed runs in a context snapshot that several runs share: `ctx.run` (also inside
 * `functools.partial(ctx.run, f)` or as the call a lambda makes, `lambda: ctx.run(f, x)`) of a name bound once to
 * `contextvars.copy_context()` and used more than once (tornado's test of how executors treat contextvars runs two
 * executors in one snapshot). What one run sets in the snapshot, the next sees; `to_thread` copies the caller's context
 * anew at each call, which says something else. A snapshot used once (`copy = copy_context()`, then
 * `lambda: copy.run(f)`), or `copy_context().run` written in the call, is what `to_thread` does itself.
 */
function runsInSharedSnapshot(func: SyntaxNode, context: RuleContext): boolean {
  let handed = unparenthesize(func);
  if (handed.type === 'lambda') {
    const body = handed.childForFieldName('body');
    const called = body && unparenthesize(body);
    if (called?.type !== 'call') return false;
    handed = called.childForFieldName('function') ?? called;
  } else if (isPartialCall(handed, context)) {
    handed = calledFunction(handed, context);
  }
  handed = unparenthesize(handed);
  if (handed.type !== 'attribute' || handed.childForFieldName('attribute')?.text !== 'run') return false;
  const receiver = handed.childForFieldName('object');
  return receiver?.type === 'identifier' && isSharedSnapshot(receiver, context);
}

/** A name bound once to `contextvars.copy_context()` and read more than once. */
function isSharedSnapshot(name: SyntaxNode, context: RuleContext): boolean {
  const { model, scope } = context;
  const binding = model.resolve(name, scope);
  if (!binding || binding.kind !== 'assignment' || !binding.value) return false;
  if (model.bindingsIn(binding.scope, binding.name).length !== 1) return false;
  const bound = unparenthesize(binding.value);
  return (
    bound.type === 'call' && model.calleeName(bound, binding.scope) === 'contextvars.copy_context' && model.references(binding).length > 1
  );
}

/**
 * Whether a test replacing `run_in_executor` names the function handed (`mock_run.assert_any_call(None,
 * provider._save_token, token)`, see executorSpies.ts): it checks the call as written, and `to_thread`, which hands the
 * executor `functools.partial(context.run, f, ...)`, would fail it.
 */
function pinnedBySpyingTest(func: SyntaxNode, context: RuleContext): boolean {
  const name = lastDottedName(calledFunction(func, context));
  return name !== undefined && isNamedByExecutorSpy(name, context.model, context.project);
}

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
  return flat.length > limit ? `${leadingText(flat, limit - 1)}…` : flat;
}

/**
 * The `await asyncio.wait_for(...)` whose awaitable (first argument, or `fut=`) `call` is: it accepts the coroutine
 * `asyncio.to_thread(...)` returns as it does the future.
 */
function awaitedWaitFor(call: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  let argument = call;
  while (argument.parent?.type === 'parenthesized_expression') argument = argument.parent;
  const holder = argument.parent?.type === 'keyword_argument' ? argument.parent : argument;
  const outer = holder.parent?.type === 'argument_list' ? holder.parent.parent : null;
  if (outer?.type !== 'call' || enclosingAwait(outer) === undefined) return undefined;
  if (context.model.calleeName(outer, context.scope) !== 'asyncio.wait_for') return undefined;
  const args = callArguments(outer);
  const awaitable = args.positional[0] ?? args.keywords.get('fut');
  return awaitable && unparenthesize(awaitable).id === call.id ? outer : undefined;
}

/** `loop.run_in_executor(None, functools.partial(f, a, k=v))` → `asyncio.to_thread(f, a, k=v)`, awaited as before. */
function toThreadFix(call: SyntaxNode, func: SyntaxNode, rest: readonly SyntaxNode[], context: RuleContext): Fix | undefined {
  const threadArguments = exactToThreadArguments(func, rest, context);
  const asyncio = threadArguments === undefined ? undefined : moduleAccess('asyncio', call, context.scope, context);
  if (!asyncio) return undefined;
  return unsafeFix('Use `asyncio.to_thread(...)`', [...asyncio.edits, replaceNode(call, `${asyncio.name}.to_thread(${threadArguments})`)]);
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
