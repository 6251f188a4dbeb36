// Statements making an event loop current in their thread (`asyncio.set_event_loop(loop)`, or a call of a function
// doing so): the loop-API rules read them before a call, and module summaries record a function whose own body makes
// one current (a test base's `setUp`, a `run()` making sure of a loop), so that LOOP201 knows the tests of a class
// deriving from it, or the code after the call, in another module, run with a loop current.
import type { SyntaxNode } from '../analysis/pythonParser';
import { argumentAt, endsInExit, hasAsyncKeyword, ifBranches, plainStringText, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { ProjectView } from '../linter/projectView';
import { selfMethodCalled } from './classBases';
import { calledDefinition, instanceClass } from './instanceClasses';

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
 * nested function) that decides sets a loop, not `None`, makes sure one is, sets one on every branch of an `if` with
 * an `else` (a test base's `tearDownClass()`: `if cls.loop is not None: set_event_loop(cls.loop)` /
 * `else: set_event_loop(new_event_loop())`), or calls a function that leaves one (see callLeavesLoop: a
 * `FeedHandler.run()` whose `loop = _get_event_loop()` makes sure of one), with no `return` before it. A test case's
 * `setUp` setting `self.loop`; a helper a test calls by hand. `project`: the calls of other modules' functions are read
 * from their summaries too (a summary, made of one module, reads this module's own).
 */
export function setsLoopInOwnBody(functionNode: SyntaxNode, model: SemanticModel, project?: ProjectView): boolean {
  return leavesLoop(functionNode, { model, project, read: new Map(), returnEndsPath: false });
}

/** What reading bodies for one question holds: the file's model, the project, and what each function read leaves. */
interface BodyReading {
  readonly model: SemanticModel;
  readonly project: ProjectView | undefined;
  /** By definition node: whether it leaves a loop; false while it is being read (a recursive call decides nothing). */
  readonly read: Map<number, boolean>;
  /**
   * Whether a `return` ends the path read, as a `raise` does: it does where the question is what a statement leaves
   * for the code after it in its function (loopEnsuredBy), not where it is what a function leaves once it has run.
   */
  readonly returnEndsPath: boolean;
}

function leavesLoop(functionNode: SyntaxNode, reading: BodyReading): boolean {
  const known = reading.read.get(functionNode.id);
  if (known !== undefined) return known;
  reading.read.set(functionNode.id, false);
  const body = functionNode.childForFieldName('body');
  const leaves = body !== null && blockLeavesLoop(body, { ...reading, returnEndsPath: false }) === true;
  reading.read.set(functionNode.id, leaves);
  return leaves;
}

/**
 * What running `block` leaves current, by its last statement that decides: true for a loop, false for none (`None`, or
 * a statement that may set one on some paths only, or one an earlier `return` may skip), undefined when no statement
 * touches the current loop.
 */
function blockLeavesLoop(block: SyntaxNode, reading: BodyReading): boolean | undefined {
  const { model } = reading;
  const statements = block.namedChildren;
  for (let index = statements.length - 1; index >= 0; index--) {
    const statement = statements[index]!;
    const leaves = statementLeavesLoop(statement, reading);
    if (leaves === true) return !statements.slice(0, index).some((before) => mayReturn(before, model));
    if (leaves !== undefined) return leaves;
    // A loop or a `try` setting one (or `None`) on some paths: what it leaves is not known.
    if (
      statement.type !== 'expression_statement' &&
      statement.descendantsOfType('call').some((call) => callsSetEventLoop(call, model, model.scopeOf(call)))
    )
      return false;
  }
  return undefined;
}

/** What one statement leaves current, where it decides (see blockLeavesLoop); undefined where it does not. */
function statementLeavesLoop(statement: SyntaxNode, reading: BodyReading): boolean | undefined {
  const { model } = reading;
  const scope = model.scopeOf(statement);
  const set = loopSetBy(statement, model, scope);
  if (set !== undefined) return set !== null;
  if (ensuresLoop(statement, reading)) return true;
  if (statement.type === 'if_statement') return ifLeavesLoop(statement, reading);
  const call = callRunBy(statement);
  return call && callLeavesLoop(call, scope, reading) ? true : undefined;
}

/** Whether a statement holds a `return` of its own function (not of one nested in it): what follows may not run. */
function mayReturn(statement: SyntaxNode, model: SemanticModel): boolean {
  if (statement.type === 'return_statement') return true;
  const scope = model.scopeOf(statement);
  return statement.descendantsOfType('return_statement').some((found) => model.scopeOf(found) === scope);
}

/** The call a statement makes, as a statement, as the value it assigns (`loop = _get_event_loop()`) or returns. */
function callRunBy(statement: SyntaxNode): SyntaxNode | undefined {
  const expression = statement.type === 'expression_statement' || statement.type === 'return_statement' ? statement.firstNamedChild : null;
  const value = expression?.type === 'assignment' ? expression.childForFieldName('right') : expression;
  return value?.type === 'call' ? value : undefined;
}

/**
 * Whether a call runs a body that leaves a loop current (see setsLoopInOwnBody): a plain function of this file (not an
 * `async def` nor a generator, whose call runs none of its body), a method of a class of this file called through
 * `self` or `cls` or on an instance of it (`feed = Feed()`, then `feed.start()`), or a class of this file whose
 * `__init__` does; with the project, a function, class or method of another module whose summary says its body does
 * (`FeedHandler.run()` on `handler = FeedHandler()`, a class imported from the project).
 */
function callLeavesLoop(call: SyntaxNode, scope: Scope, reading: BodyReading): boolean {
  const { model, project } = reading;
  const definition = calledDefinition(call, scope, model) ?? selfMethodCalled(call, scope, model);
  if (definition) {
    const body = definition.type === 'class_definition' ? constructorOf(definition, model) : definition;
    return body !== undefined && runsBodyWhenCalled(body, model) && leavesLoop(body, reading);
  }
  if (!project) return false;
  const name = model.calleeName(call, scope);
  if (name !== undefined) return project.findFunction(project.absoluteName(name))?.setsLoopCurrent === true;
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  const method = callee?.childForFieldName('attribute')?.text;
  const owner = receiver && method !== undefined ? instanceClass(receiver, scope, { model, project }) : undefined;
  return owner !== undefined && 'name' in owner && project.findFunction(`${owner.name}.${method}`)?.setsLoopCurrent === true;
}

/** A plain function's body runs when called, as the summary of another module's says (an `async def` or a generator's does not). */
function runsBodyWhenCalled(definition: SyntaxNode, model: SemanticModel): boolean {
  return (
    definition.type === 'function_definition' && !hasAsyncKeyword(definition) && model.scopeOfDefinition(definition)?.yields.length === 0
  );
}

/** The `__init__` a class of this file defines in its own body, which calling the class runs. */
function constructorOf(classDefinition: SyntaxNode, model: SemanticModel): SyntaxNode | undefined {
  const classScope = model.scopeOfDefinition(classDefinition);
  const bindings = classScope ? model.bindingsIn(classScope, '__init__') : [];
  return bindings.length === 1 && bindings[0]!.kind === 'function' ? bindings[0]!.definition : undefined;
}

/**
 * What running an `if` leaves current: true where every branch, an `else` included, leaves a loop or never runs on
 * (see neverRunsOn: `else: raise`), at least one leaving a loop; undefined where no branch touches the current loop;
 * false otherwise.
 */
function ifLeavesLoop(statement: SyntaxNode, reading: BodyReading): boolean | undefined {
  const { blocks, hasElse } = ifBranches(statement);
  const leaves = blocks.map((branch) => blockLeavesLoop(branch, reading));
  if (leaves.every((leave) => leave === undefined)) return undefined;
  return hasElse && leaves.some(Boolean) && blocks.every((branch, index) => leaves[index] === true || neverRunsOn(branch, reading));
}

/**
 * Whether no path through a block runs on to what follows it: it ends in a `raise` on every path (see endsInExit), or
 * in a `return` where that ends the path read too. Such a branch leaves nothing current for the code after it.
 */
function neverRunsOn(block: SyntaxNode, reading: BodyReading): boolean {
  return endsInExit(block) && (reading.returnEndsPath || !mayReturn(block, reading.model));
}

/**
 * For a statement after which a loop is current though it calls no `set_event_loop` itself: a `try` making sure of one
 * (see ensuresLoop), an `if` with an `else` setting one on every branch, or a call (its value assigned or not) whose
 * body leaves one current (see callLeavesLoop: a function of the file or the project, a method through `self` or `cls`
 * or on an instance of a class of the file or the project; `IsolatedAsyncioWrapperTestCase.tearDownClass()` called by a
 * test, `default_loop = self.create_default_loop()`, `handler.run(start_loop=False)`); that statement, else undefined.
 * LOOP201 asks, for the statement right before a call.
 */
export function loopEnsuredBy(statement: SyntaxNode, model: SemanticModel, project: ProjectView | undefined): SyntaxNode | undefined {
  // (`asyncio.set_event_loop(...)` itself is loopSetBy's, asked first: this one would not tell `None` apart.)
  if (statement.type === 'return_statement') return undefined;
  return statementLeavesLoop(statement, { model, project, read: new Map(), returnEndsPath: true }) === true ? statement : undefined;
}

/**
 * `try: loop = asyncio.get_event_loop()` with `except RuntimeError:` (or a broader handler) setting a new loop current:
 * either the call returned the current loop, or the handler made one current. Every handler must set one (a statement
 * of its own, or an `if` setting one on every branch that goes on) or never run on (see neverRunsOn: a handler
 * re-raising an error it did not expect), one at least setting one, and the `try` has no `finally`.
 */
function ensuresLoop(statement: SyntaxNode, reading: BodyReading): boolean {
  const { model } = reading;
  if (statement.type !== 'try_statement') return false;
  const body = statement.childForFieldName('body');
  const handlers = statement.namedChildren.filter((child) => child.type === 'except_clause');
  if (!body || handlers.length === 0 || statement.namedChildren.some((child) => child.type === 'finally_clause')) return false;
  const getsLoop = body.namedChildren.some((child) =>
    child.descendantsOfType('call').some((call) => model.calleeName(call, model.scopeOf(call)) === 'asyncio.get_event_loop'),
  );
  if (!getsLoop) return false;
  const setsLoop = (block: SyntaxNode): boolean =>
    block.namedChildren.some((child) => Boolean(loopSetBy(child, model, model.scopeOf(child)))) || blockLeavesLoop(block, reading) === true;
  const blocks = handlers.map((clause) => clause.namedChildren.find((child) => child.type === 'block'));
  return (
    blocks.some((block) => block !== undefined && setsLoop(block)) &&
    blocks.every((block) => block !== undefined && (setsLoop(block) || neverRunsOn(block, reading)))
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
