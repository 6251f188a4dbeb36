// Statements making an event loop current in their thread (`asyncio.set_event_loop(loop)`): the loop-API rules read
// them before a call, and module summaries record a function whose own body makes one current (a test base's
// `setUp`), so that LOOP201 knows the tests of a class deriving from it, in another module, run with a loop current.
import type { SyntaxNode } from '../analysis/pythonParser';
import { argumentAt, hasAsyncKeyword, ifBranches, plainStringText, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { ProjectView } from '../linter/projectView';
import { selfMethodCalled } from './classBases';

/**
 * For a statement calling `asyncio.set_event_loop(...)` (however imported; written in `scope`): the loop it sets, or
 * null for `None` (no loop is current then); undefined for any other statement. A statement of an `if` testing that
 * asyncio has an attribute it has on every CPython the linter targets (`if hasattr(asyncio, "set_event_loop"):`, code
 * written for MicroPython too) counts as a statement of its own.
 */
export function loopSetBy(statement: SyntaxNode, model: SemanticModel, scope: Scope): SyntaxNode | null | undefined {
  const guarded = bodyAlwaysRun(statement, model, scope);
  if (guarded) {
    // The last statement of the body setting one decides.
    for (const inner of [...guarded.namedChildren].reverse()) {
      const set = loopSetBy(inner, model, scope);
      if (set !== undefined) return set;
    }
    return undefined;
  }
  const call = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  if (call?.type !== 'call' || !callsSetEventLoop(call, model, scope)) return undefined;
  const loop = argumentAt(call, 0, 'loop');
  return loop !== undefined && unparenthesize(loop).type !== 'none' ? loop : null;
}

/**
 * Event-loop policies whose `get_event_loop()` makes no loop where none is set (asyncio's own, uvloop's, winloop's): on
 * Python 3.14 `asyncio.get_event_loop()` raises through them as through the default one.
 */
const POLICIES_MAKING_NO_LOOP: ReadonlySet<string> = new Set([
  'asyncio.DefaultEventLoopPolicy',
  'asyncio.EventLoopPolicy',
  'asyncio.WindowsSelectorEventLoopPolicy',
  'asyncio.WindowsProactorEventLoopPolicy',
  'uvloop.EventLoopPolicy',
  'winloop.EventLoopPolicy',
]);

/**
 * For a statement installing an event-loop policy (`asyncio.set_event_loop_policy(ZmqEventLoopPolicy())`): the policy
 * when it is one of a library or of the project, whose `get_event_loop()` may make a loop where none is set (aiozmq's
 * does, in the main thread), so that `asyncio.get_event_loop()` need not raise after it; null for `None` or a policy
 * known to make no loop (a fresh policy has no loop current); undefined for any other statement. LOOP201 asks.
 */
export function loopMakingPolicySetBy(statement: SyntaxNode, model: SemanticModel, scope: Scope): SyntaxNode | null | undefined {
  const call = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  if (call?.type !== 'call' || model.calleeLastName(call) !== 'set_event_loop_policy') return undefined;
  if (model.calleeName(call, scope) !== 'asyncio.set_event_loop_policy') return undefined;
  const argument = argumentAt(call, 0, 'policy');
  const policy = argument && unparenthesize(argument);
  if (policy?.type !== 'call') return null;
  const name = model.calleeName(policy, scope);
  return name !== undefined && POLICIES_MAKING_NO_LOOP.has(name) ? null : policy;
}

/**
 * Whether the function's body leaves a loop current once it has run: the last statement of its own body (not one in a
 * nested function) that decides sets a loop, not `None`, makes sure one is, or sets one on every branch of an `if` with
 * an `else` (a test base's `tearDownClass()`: `if cls.loop is not None: set_event_loop(cls.loop)` /
 * `else: set_event_loop(new_event_loop())`). A test case's `setUp` setting `self.loop`; a helper a test calls by hand.
 */
export function setsLoopInOwnBody(functionNode: SyntaxNode, model: SemanticModel): boolean {
  const body = functionNode.childForFieldName('body');
  return body !== null && blockLeavesLoop(body, model) === true;
}

/**
 * What running `block` leaves current, by its last statement that decides: true for a loop, false for none (`None`, or
 * a statement that may set one on some paths only), undefined when no statement touches the current loop.
 */
function blockLeavesLoop(block: SyntaxNode, model: SemanticModel): boolean | undefined {
  for (const statement of [...block.namedChildren].reverse()) {
    const set = loopSetBy(statement, model, model.scopeOf(statement));
    if (set !== undefined) return set !== null;
    if (ensuresLoop(statement, model)) return true;
    if (statement.type === 'if_statement') {
      const leaves = ifLeavesLoop(statement, model);
      if (leaves !== undefined) return leaves;
      continue;
    }
    // A loop or a `try` setting one (or `None`) on some paths: what it leaves is not known.
    if (
      statement.type !== 'expression_statement' &&
      statement.descendantsOfType('call').some((call) => callsSetEventLoop(call, model, model.scopeOf(call)))
    )
      return false;
  }
  return undefined;
}

/**
 * What running an `if` leaves current: true where every branch, an `else` included, leaves a loop; undefined where no
 * branch touches the current loop; false otherwise.
 */
function ifLeavesLoop(statement: SyntaxNode, model: SemanticModel): boolean | undefined {
  const { blocks, hasElse } = ifBranches(statement);
  const leaves = blocks.map((branch) => blockLeavesLoop(branch, model));
  if (leaves.every((leave) => leave === undefined)) return undefined;
  return hasElse && leaves.every(Boolean);
}

/**
 * For a statement after which a loop is current though it calls no `set_event_loop` itself: a `try` making sure of one
 * (see ensuresLoop), or a call (its value assigned or not) of a function of the file or the project, or of a method of
 * the class or a base of this file through `self` or `cls`, whose body leaves one current (see setsLoopInOwnBody;
 * `IsolatedAsyncioWrapperTestCase.tearDownClass()` called by a test, `default_loop = self.create_default_loop()`); that
 * statement, else undefined. LOOP201 asks, for the statement right before a call.
 */
export function loopEnsuredBy(
  statement: SyntaxNode,
  model: SemanticModel,
  scope: Scope,
  project: ProjectView | undefined,
): SyntaxNode | undefined {
  if (ensuresLoop(statement, model)) return statement;
  // An `if` with an `else` setting a loop on every branch (a test base's `tearDownClass` restoring the saved loop or a
  // new one).
  if (statement.type === 'if_statement') return ifLeavesLoop(statement, model) === true ? statement : undefined;
  // The call as a statement, or the value of an assignment (`default_loop = self.create_default_loop()`).
  const expression = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  const call = expression?.type === 'assignment' ? expression.childForFieldName('right') : expression;
  if (call?.type !== 'call') return undefined;
  // A method of the class or of a class of this file it derives from, called on `self` or `cls`.
  const definition = model.calleeDefinition(call, scope) ?? selfMethodCalled(call, scope, model);
  // A plain function's body runs when called, as the summary of another module's says (an `async def` or a generator's
  // does not).
  const runsBody =
    definition?.type === 'function_definition' && !hasAsyncKeyword(definition) && model.scopeOfDefinition(definition)?.yields.length === 0;
  if (definition) return runsBody && setsLoopInOwnBody(definition, model) ? statement : undefined;
  const name = project && model.calleeName(call, scope);
  return name !== undefined && project?.findFunction(project.absoluteName(name))?.setsLoopCurrent ? statement : undefined;
}

/**
 * `try: loop = asyncio.get_event_loop()` with `except RuntimeError:` (or a broader handler) setting a new loop current:
 * either the call returned the current loop, or the handler made one current. Every handler must set one, and the
 * `try` has no `finally`.
 */
function ensuresLoop(statement: SyntaxNode, model: SemanticModel): boolean {
  if (statement.type !== 'try_statement') return false;
  const body = statement.childForFieldName('body');
  const handlers = statement.namedChildren.filter((child) => child.type === 'except_clause');
  if (!body || handlers.length === 0 || statement.namedChildren.some((child) => child.type === 'finally_clause')) return false;
  const getsLoop = body.namedChildren.some((child) =>
    child.descendantsOfType('call').some((call) => model.calleeName(call, model.scopeOf(call)) === 'asyncio.get_event_loop'),
  );
  return (
    getsLoop &&
    handlers.every((clause) => {
      const block = clause.namedChildren.find((child) => child.type === 'block');
      return block?.namedChildren.some((child) => Boolean(loopSetBy(child, model, model.scopeOf(child)))) ?? false;
    })
  );
}

/**
 * `asyncio.set_event_loop(...)`, however imported (LOOP201 and LOOP203 ask): only a callee spelled so, or a bare name
 * (an alias of anything), is resolved.
 */
export function callsSetEventLoop(call: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const written = model.calleeText(call);
  const isBareName = !written.includes('.') && !written.includes('(') && !written.includes('[');
  if (!isBareName && model.calleeLastName(call) !== 'set_event_loop') return false;
  return model.calleeName(call, scope) === 'asyncio.set_event_loop';
}

/** asyncio's attributes on every CPython from 3.7 on: a `hasattr(asyncio, ...)` test of one is true there. */
const ASYNCIO_ATTRIBUTES: ReadonlySet<string> = new Set([
  'set_event_loop',
  'new_event_loop',
  'get_event_loop',
  'get_running_loop',
  'run',
  'create_task',
  'all_tasks',
  'current_task',
  'get_event_loop_policy',
  'set_event_loop_policy',
]);

/** The body of `if hasattr(asyncio, "<name>"):` where asyncio always has that name (see ASYNCIO_ATTRIBUTES). */
function bodyAlwaysRun(statement: SyntaxNode, model: SemanticModel, scope: Scope): SyntaxNode | undefined {
  if (statement.type !== 'if_statement') return undefined;
  const condition = statement.childForFieldName('condition');
  const test = condition && unparenthesize(condition);
  if (test?.type !== 'call' || model.calleeName(test, scope) !== 'builtins.hasattr') return undefined;
  const [owner, name] = test.childForFieldName('arguments')?.namedChildren ?? [];
  if (!owner || name?.type !== 'string' || model.qualifiedName(owner, scope) !== 'asyncio') return undefined;
  return ASYNCIO_ATTRIBUTES.has(plainStringText(name) ?? '') ? (statement.childForFieldName('consequence') ?? undefined) : undefined;
}
