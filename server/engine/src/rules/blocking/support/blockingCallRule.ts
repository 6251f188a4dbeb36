// The shape shared by LOOP101–LOOP107: a call that blocks the thread, made where the event loop runs.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import type { Fix, Rule, RuleContext, RuleInfo, RuleSettings } from '../../../linter/rule';
import { asyncLibraryOf, threadOffload, type AsyncLibrary } from '../../../ruleSupport/asyncLibrary';
import { blockingCallsFlaggedBy, type BlockingCall } from '../../../knowledge/blockingCalls';
import { returnsAtOnce } from '../../../ruleSupport/nonBlockingFlags';
import { isPatchedAt } from '../../../ruleSupport/patchedNames';
import { isInMemoryFileIo } from '../../../ruleSupport/pyodideOnlyCode';
import { runsInWorkerThread } from '../../../ruleSupport/threadDecorators';
import { callsShadowedBuiltin } from './shadowedBuiltins';

export interface BlockingCallRule extends Rule {
  /** Whether a call to `qualifiedName` blocks, per this rule; LOOP108 asks every blocking rule. */
  matchBlockingCall(qualifiedName: string, settings: RuleSettings): BlockingCall | undefined;
}

/** Which calls a blocking rule flags. */
interface BlockingCalls {
  /**
   * A cheap test on the last dotted part of a callee as written (`get` in `requests.get(...)`),
   * so most calls are dismissed without resolving names. Bare names are always resolved: they may be aliases.
   */
  mayMatch(lastName: string, settings: RuleSettings): boolean;
  match(qualifiedName: string, settings: RuleSettings): BlockingCall | undefined;
}

type BlockingCallRuleSpec = Omit<RuleInfo, 'enabledByDefault' | 'fixable'> & {
  /** Which calls the rule flags; by default, the knowledge base's blocking calls for the rule's code. */
  readonly calls?: BlockingCalls;
  /** The fix for a flagged call, when the rule has one (the rule is then `fixable`). */
  readonly fix?: (call: SyntaxNode, context: RuleContext) => Fix | undefined;
  /**
   * The finding's message, when the rule words it itself because what blocks is not the call as such (leaving `with
   * subprocess.Popen(...)`, or an `open()` whose reads already run in a thread): given the call's name, where it is
   * ("coroutine `fetch`"), the file's async library and the rule's context.
   */
  readonly ownMessage?: (
    qualifiedName: string,
    call: SyntaxNode,
    where: string,
    library: AsyncLibrary,
    context: RuleContext,
  ) => string | undefined;
  /** What to do instead in a trio or anyio file where the advice names asyncio; by default, the library's worker threads. */
  readonly otherLibraryAdvice?: (qualifiedName: string, library: AsyncLibrary) => string;
};

/** The calls the knowledge base says `code` flags. */
function knownCalls(code: string): BlockingCalls {
  const table = blockingCallsFlaggedBy(code);
  if (table.size === 0) throw new Error(`${code}: the knowledge base lists no blocking calls for it`);
  const lastNames = new Set([...table.keys()].map((name) => name.slice(name.lastIndexOf('.') + 1)));
  return {
    mayMatch: (lastName) => lastNames.has(lastName),
    match: (qualifiedName) => table.get(qualifiedName),
  };
}

/** What every blocking-call rule's documentation says of calls that do not run on the loop: mocked out (see isPatchedAt), or in a worker thread (see runsInWorkerThread). */
const NOT_ON_THE_LOOP =
  'A call that a test replaced with a mock where it runs is not flagged: inside `with mock.patch("time.sleep"):` (or `mock.patch.object(time, "sleep")`, or the name as another module sees it, `pkg.mod.time.sleep`), in a test or a test class decorated with `@mock.patch(...)`, or after `monkeypatch.setattr(...)` or `mocker.patch(...)` earlier in the test. Nor is a call in a function whose decorator runs it in a worker thread: a decorator of the project whose wrapper hands a nested function calling the decorated one to `run_in_executor`, `to_thread`, `submit` or `threading.Thread` (mitmproxy\'s `@concurrent`), read in its own module and known to others through its summary.';

export function defineBlockingCallRule({
  calls: given,
  fix,
  ownMessage,
  otherLibraryAdvice: ownAdvice,
  ...info
}: BlockingCallRuleSpec): BlockingCallRule {
  const calls = given ?? knownCalls(info.code);
  return {
    ...info,
    doc: { ...info.doc, whatItDoes: `${info.doc.whatItDoes} ${NOT_ON_THE_LOOP}` },
    enabledByDefault: true,
    fixable: fix !== undefined,
    nodeKinds: ['call'],
    matchBlockingCall: (qualifiedName, settings) => calls.match(qualifiedName, settings),
    check(call: SyntaxNode, context: RuleContext) {
      if (!context.scope.isAsyncContext) return;
      const { model } = context;
      if (model.calleeText(call).includes('.') && !calls.mayMatch(model.calleeLastName(call), context.settings)) return;
      const name = model.calleeName(call, context.scope);
      if (name === undefined) return;
      const match = calls.match(name, context.settings);
      if (!match || returnsAtOnce(name, call, context.scope, model)) return;
      // `await input(...)` after `from pywebio.input import *` is no builtin's call (see shadowedBuiltins.ts).
      if (name.startsWith('builtins.') && callsShadowedBuiltin(call, name, context)) return;
      // A test that replaced the call with a mock (`with mock.patch("time.sleep"):`) runs no blocking call.
      if (isPatchedAt(call, [name], context.scope, model)) return;
      // File I/O in code only Pyodide runs reads memory, with no thread to move it to (see pyodideOnlyCode.ts).
      if (isInMemoryFileIo(info, context.scope, model)) return;
      // A coroutine a decorator runs in a worker thread (`@concurrent`) blocks no caller's loop.
      const definition = context.scope.functionScope?.node;
      if (definition && runsInWorkerThread(definition, model, context.project)) return;
      // In a trio or anyio file, asyncio's advice and fixes would break the code.
      const library = asyncLibraryOf(context);
      const asyncio = library === 'asyncio';
      const where = describeScope(context);
      context.report({
        node: call,
        message:
          ownMessage?.(name, call, where, library, context) ??
          `\`${shortName(name)}()\` blocks the event loop in ${where}; ${asyncio ? match.instead : otherLibraryAdvice(info.code, name, match, library, ownAdvice)}`,
        fix: asyncio ? fix?.(call, context) : undefined,
      });
    },
  };
}

/** What to do instead in a trio or anyio file: the library's own sleep, the rule's advice, or the library's worker threads. */
function otherLibraryAdvice(
  code: string,
  qualifiedName: string,
  match: BlockingCall,
  library: AsyncLibrary,
  own: BlockingCallRuleSpec['otherLibraryAdvice'],
): string {
  if (!match.instead.includes('asyncio')) return match.instead;
  if (own) return own(qualifiedName, library);
  if (code === 'LOOP101') return `use \`await ${library}.sleep(...)\` so other tasks can run meanwhile`;
  return `run it in a worker thread with \`${threadOffload(library)}\``;
}

/** `builtins.open` reads better as `open`. */
export function shortName(qualifiedName: string): string {
  return qualifiedName.startsWith('builtins.') ? qualifiedName.slice('builtins.'.length) : qualifiedName;
}

/** "coroutine `fetch`" for messages. */
function describeScope(context: RuleContext): string {
  const coroutine = context.scope.functionScope;
  return coroutine ? `coroutine \`${coroutine.name}\`` : 'a coroutine';
}
