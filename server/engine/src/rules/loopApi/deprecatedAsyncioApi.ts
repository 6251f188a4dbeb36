// LOOP207 deprecated-asyncio-api: references to asyncio names deprecated or removed by the target
// version (policies, child watchers, `asyncio.TimeoutError`, …), `loop=` arguments, coroutines given to `wait()`.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { argumentAt, COMPREHENSION_KINDS, unparenthesize } from '../../analysis/pythonSyntax';
import type { Fix, Rule, RuleContext } from '../../linter/rule';
import { atLeast } from '../../linter/pythonVersion';
import { calleeMatcher, knownCoroutineSource } from './support/asyncioValues';
import { statedAtLeast } from '../../ruleSupport/statedTargetVersion';
import { snippet } from '../../ruleSupport/codeSnippet';
import { isCompatibilityFallback, isTriedBeforeNewerCall } from '../../ruleSupport/compatibilityFallback';
import {
  DEPRECATED_ASYNCIO_NAMES,
  deprecatedName,
  describeDeprecation,
  LOOP_PARAMETER,
  LOOP_PARAMETER_REMOVED,
  removedLoopParameter,
  WAIT_WITH_COROUTINES,
  type Deprecation,
} from '../../knowledge/asyncioDeprecations';
import { importFix, referenceFix } from './support/deprecatedAsyncioFixes';

/** Last components of the deprecated names: a cheap test before resolving anything. */
const DEPRECATED_LAST_NAMES: ReadonlySet<string> = new Set(
  [...DEPRECATED_ASYNCIO_NAMES.keys()].map((name) => name.slice(name.lastIndexOf('.') + 1)),
);

const callsLoopTakingOrWait = calleeMatcher([...LOOP_PARAMETER_REMOVED, 'asyncio.wait']);

export const deprecatedAsyncioApi: Rule = {
  code: 'LOOP207',
  name: 'deprecated-asyncio-api',
  summary: 'An asyncio API that is deprecated or removed in the target Python version.',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: ['UP041'],
  fixable: true,
  nodeKinds: ['import_from_statement', 'call'],
  check(node, context) {
    switch (node.type) {
      case 'import_from_statement':
        checkImport(node, context);
        return;
      case 'call':
        checkCall(node, context);
        return;
    }
  },
  checkStatement(statement, context) {
    for (const attribute of attributesNamingDeprecatedApis(statement, context)) checkAttribute(attribute, context);
  },
  doc: {
    whatItDoes:
      'Flags, by target version: the event-loop policy API (`get_event_loop_policy`, `set_event_loop_policy`, `AbstractEventLoopPolicy`, `DefaultEventLoopPolicy`, the Windows policies) and `asyncio.iscoroutinefunction` (deprecated in 3.14); the child watcher API (deprecated in 3.12, removed in 3.14); `loop=` arguments to the functions and classes that dropped them (`sleep`, `gather`, `wait_for`, `Queue`, `Lock`, …; deprecated in 3.8, removed in 3.10); coroutines passed to `asyncio.wait()` (removed in 3.11); `asyncio.TimeoutError` (an alias of the builtin since 3.11); and `asyncio.Task.all_tasks` / `Task.current_task` (removed in 3.9). Every reference counts (`except asyncio.TimeoutError:`, a base class, `from asyncio import ...`), not only calls. `asyncio.TimeoutError` is reported only where the project states a target version of 3.11 or later (a setting, `requires-python` or `python_requires`): before 3.11 the two classes differ, and where nothing states the version, the default target is only a guess (a project whose packaging states none may test on 3.8–3.10, where `except TimeoutError` lets the timeout of `wait_for` through). Functions that still take `loop=` (`ensure_future`, `run_coroutine_threadsafe`, `wrap_future`) are not flagged, nor is code that is the fallback for older Pythons: the branch of an `if` (or conditional expression) taken where `hasattr(...)` is false or `sys.version_info` is below a version, or where a `hasattr(...)` test finds the removed API itself (`if hasattr(asyncio.Task, \"all_tasks\"): _all_tasks = asyncio.Task.all_tasks`, which runs only where it still exists) (also through a module-level name bound once to such a test, `PY311 = sys.version_info >= (3, 11)`), code after an `if` for newer Pythons that returns, raises or skips the test (`if PY311: return TimeoutError`, `pytest.skip(...)`), the body of a test skipped on newer Pythons (`@pytest.mark.skipif(sys.version_info >= (3, 12), ...)`, `@unittest.skipIf`, or a method of a test class so skipped), an `except` clause catching `ImportError`, `ModuleNotFoundError`, `AttributeError` or `NameError` (`if hasattr(asyncio, "all_tasks"): ... else: all_tasks = asyncio.Task.all_tasks`), and the body of a `try` whose such clause uses the replacement instead (`try: tasks = asyncio.Task.all_tasks()` / `except AttributeError: tasks = asyncio.all_tasks()`: the older API tried first, which works on every Python). Likewise a `loop=` argument in the body of a `try` whose `except TypeError:` (what the removed keyword raises) calls the same function again (`try: self._lock = asyncio.Condition(loop=loop)` / `except TypeError: self._lock = asyncio.Condition()`).',
    whyIsThisBad:
      'Deprecated APIs emit warnings today and break on a later Python: code using removed ones fails with AttributeError or TypeError on the target version. The replacements are simpler: asyncio finds the running loop itself, `loop_factory=` on `asyncio.Runner` (3.11+) and `asyncio.run()` (3.12+) replaces policies, and `TimeoutError` is one class on 3.11+.',
    example:
      'import asyncio\n\nasync def poll(queue, loop):\n    try:\n        return await asyncio.wait_for(queue.get(), 5)\n    except asyncio.TimeoutError:\n        await asyncio.sleep(1, loop=loop)\n\nasyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())',
    useInstead:
      'import asyncio\n\nasync def poll(queue):\n    try:\n        async with asyncio.timeout(5):\n            return await queue.get()\n    except TimeoutError:\n        await asyncio.sleep(1)\n\nasyncio.run(main(), loop_factory=asyncio.SelectorEventLoop)',
    fixSafety:
      'Two replacements have fixes. `asyncio.TimeoutError` becomes the builtin `TimeoutError`: safe when the project states its Python version (`target-version`, `requires-python`, or `python_requires` in setup.cfg / setup.py), since from Python 3.11 (the only versions this is reported for) they are the same class; with the default target the fix is unsafe, as the code may still run on an older Python where they differ; dropping `TimeoutError` from a `from asyncio import ...` is unsafe, though, because code importing it from this module would no longer find it (an aliased import becomes `Alias = TimeoutError`, which is safe). `asyncio.iscoroutinefunction` becomes `inspect.iscoroutinefunction` (adding `import inspect`): unsafe, because the asyncio version also recognises functions marked as coroutine functions the asyncio way (legacy `@asyncio.coroutine` functions, mocks before Python 3.12), which `inspect` may not. The other deprecated APIs have no mechanical replacement.',
  },
};

const DEPRECATED_WORD = new RegExp(`\\b(?:${[...DEPRECATED_LAST_NAMES].join('|')})\\b`, 'g');

/**
 * `x.TimeoutError`-like attributes in a top-level statement, found by searching its text for the
 * deprecated names (rare) rather than visiting every attribute (many).
 */
function attributesNamingDeprecatedApis(statement: SyntaxNode, context: RuleContext): SyntaxNode[] {
  const offset = statement.startIndex;
  const attributes: SyntaxNode[] = [];
  for (const match of context.lines.text.slice(offset, statement.endIndex).matchAll(DEPRECATED_WORD)) {
    const start = offset + match.index;
    const name = statement.descendantForIndex(start, start + match[0].length);
    const parent = name?.type === 'identifier' ? name.parent : null;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === name!.id) attributes.push(parent);
  }
  return attributes;
}

/** `asyncio.TimeoutError`, `asyncio.get_event_loop_policy`, `asyncio.Task.all_tasks`, … */
function checkAttribute(node: SyntaxNode, context: RuleContext): void {
  const text = node.text;
  const last = text.slice(text.lastIndexOf('.') + 1).trim();
  if (!DEPRECATED_LAST_NAMES.has(last)) return;
  const here = { ...context, scope: context.model.scopeOf(node) };
  const name = here.model.qualifiedName(node, here.scope);
  const deprecation = name && deprecatedName(name, here.settings.targetVersion);
  if (deprecation) report(node, `\`${snippet(node, 60)}\``, deprecation, here, referenceFix(node, name, here), name);
}

/** `from asyncio import TimeoutError, get_event_loop_policy as policy`. */
function checkImport(node: SyntaxNode, context: RuleContext): void {
  const moduleNode = node.childForFieldName('module_name');
  const module = moduleNode?.text.replace(/\s+/g, '');
  if (module !== 'asyncio' && !module?.startsWith('asyncio.')) return;
  for (const imported of node.childrenForFieldName('name')) {
    const nameNode = imported.type === 'aliased_import' ? imported.childForFieldName('name') : imported;
    if (!nameNode || !DEPRECATED_LAST_NAMES.has(nameNode.text)) continue;
    const deprecation = deprecatedName(`${module}.${nameNode.text}`, context.settings.targetVersion);
    if (deprecation) {
      const fix = importFix(nameNode, `${module}.${nameNode.text}`, context);
      report(nameNode, `\`${module}.${nameNode.text}\``, deprecation, context, fix);
    }
  }
}

/** `loop=` arguments that were removed, and coroutines passed to `asyncio.wait()`. */
function checkCall(call: SyntaxNode, context: RuleContext): void {
  const target = context.settings.targetVersion;
  const callee = callsLoopTakingOrWait(call, context);
  if (callee === undefined) return;
  if (removedLoopParameter(callee, target)) {
    const keyword = call
      .childForFieldName('arguments')
      ?.namedChildren.find((argument) => argument.type === 'keyword_argument' && argument.childForFieldName('name')?.text === 'loop');
    if (keyword && !isTriedBeforeNewerCall(call, callee, context.model))
      report(keyword, `\`loop=\` passed to \`${callee}()\``, LOOP_PARAMETER, context);
  }
  if (callee === 'asyncio.wait' && atLeast(target, WAIT_WITH_COROUTINES.since.major, WAIT_WITH_COROUTINES.since.minor)) {
    const awaitables = argumentAt(call, 0, 'fs');
    if (awaitables && holdsCoroutines(awaitables, context)) {
      report(awaitables, 'Passing coroutines to `asyncio.wait()`', WAIT_WITH_COROUTINES, context);
    }
  }
}

/** `[fetch(a), fetch(b)]`, `{fetch(u) for u in urls}`: a literal collection of calls known to make coroutines (Futures and unseen awaitables are fine). */
function holdsCoroutines(expression: SyntaxNode, context: RuleContext): boolean {
  const node = unparenthesize(expression);
  if (node.type === 'list' || node.type === 'tuple' || node.type === 'set') {
    return node.namedChildren.some((element) => knownCoroutineSource(element, context) !== undefined);
  }
  if (COMPREHENSION_KINDS.has(node.type)) {
    const body = node.childForFieldName('body');
    return body !== null && knownCoroutineSource(body, context) !== undefined;
  }
  return false;
}

/** `name`: the qualified name of the API `node` references; where it was removed, a `hasattr(...)` test may ask for it. */
function report(node: SyntaxNode, subject: string, deprecation: Deprecation, context: RuleContext, fix?: Fix, name?: string): void {
  // The branch a library takes on Pythons without the newer API: it is the newer API's fallback, not a use to replace.
  // So is the branch taken where a removed API is still there (`if hasattr(asyncio.Task, "all_tasks"):`).
  const removed = deprecation.removed && name;
  if (isCompatibilityFallback(node, context.model, removed, deprecation.replacement)) return;
  // Using what a name became an alias of works only from then on (the other replacements work on older Pythons too):
  // advised only where the project states such a version.
  if (deprecation.aliasOf && !statedAtLeast(context.settings, deprecation.since)) return;
  const state = describeDeprecation(deprecation, context.settings.targetVersion);
  context.report({ node, message: `${subject} ${state}; ${deprecation.instead}`, fix });
}
