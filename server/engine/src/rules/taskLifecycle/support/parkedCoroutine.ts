// Tasks the event loop itself keeps: one whose coroutine, an `async def` of this file, is parked until it is cancelled
// (it first awaits `asyncio.sleep` for ever: `await sleep(math.inf)`, or `while True: await asyncio.sleep(1)` with
// nothing else in the loop, a clean-up that runs when the loop shuts down and cancels it, maybe inside the `async with`
// of a resource it holds open until then: see parkingContexts), or suspends nowhere but in
// `asyncio.sleep`, on a future its object holds (`await self.closer`), on a future of its own first handed to a keeper
// (a listener on its object: see handedOverFutures), on tasks the caller's object keeps and hands it (see
// handedInTasks), on an asyncio primitive someone keeps (`await self.ready.wait()`, see keptPrimitives), in steps of an
// `async for` over a kept object whose `__anext__` does (`async for tick in self.clock:`, see keptIterators), in waits
// the loop's machinery keeps (`asyncio.to_thread`, `proc.wait()`, see loopKeptWaits), or in `asyncio.wait_for` of such
// a wait or with a timeout known to be a number (see timedWaits), or in coroutines of other modules of the project that
// suspend nowhere or only where kept so (see coroutineSuspension). LOOP301 does not say such a task can be collected
// mid-run.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { argumentAt, hasAsyncKeyword, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import type { ProjectView } from '../../../linter/projectView';
import { awaitedCall, hasCheckpoint } from './syntaxShapes';
import { isWrappedByDecorator } from '../../../ruleSupport/coroutineCalls';
import { isOverrideHook } from '../../../ruleSupport/overrideHooks';
import { calledDefinition } from '../../../ruleSupport/instanceClasses';
import { entersKeptLocks, isKept, waitsOnKeptPrimitive } from './keptPrimitives';
import { awaitsHandedOverFuture, isHeldByObject } from '../../../ruleSupport/handedOverFutures';
import { keptIteratorStep } from './keptIterators';
import { awaitsHandedInTask } from './handedInTasks';
import { hasNumericTimeout } from './timedWaits';
import { enclosingContexts, suspendsBeforeParking } from './parkingContexts';
import { hasLoopOrAssert, projectCallSuspension } from '../../../ruleSupport/coroutineSuspension';
import { streamReaderRead, waitsInLoopMachinery } from '../../../ruleSupport/loopKeptWaits';

/** How deep awaited coroutines of this file are followed. */
const AWAIT_DEPTH = 3;

const INFINITY_TEXT = /^float\(\s*(['"])[+]?inf(?:inity)?\1\s*\)$/i;

/**
 * Whether the task `spawn` (`create_task(coro(...))`) starts waits on an infinite `asyncio.sleep` before anything else
 * it awaits, on every call, maybe inside a `try` or the `with` of objects made before it (see parkingContexts). While it
 * sleeps, the loop's timer holds the sleep's future, whose wake-up callback holds the task: the loop keeps it, though
 * only weakly in its set of tasks, until it is cancelled. A task waiting on anything else (a fresh `Event().wait()`, a
 * future nobody holds) has no such keeper.
 */
export function isParkedUntilCancelled(spawn: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const coroutine = spawnedCall(spawn, model, scope);
  if (!coroutine) return false;
  const definition = calledDefinition(coroutine, scope, model);
  if (definition?.type !== 'function_definition' || !hasAsyncKeyword(definition)) return false;
  const body = model.scopeOfDefinition(definition);
  const first = body?.awaits[0];
  const sleep = first && awaitedCall(first);
  if (!body || !sleep || model.calleeName(sleep, body) !== 'asyncio.sleep') return false;
  const statement = first.parent;
  if (statement?.type !== 'expression_statement') return false;
  const delay = argumentAt(sleep, 0, 'delay');
  // `await asyncio.sleep(math.inf)`, or `while True: await asyncio.sleep(n)` and nothing else: it sleeps for ever, one
  // timer at a time.
  const parked = delay !== undefined && isInfinity(delay, model, body) ? statement : sleepingLoop(statement);
  // Reached on every call, entering at most objects made before (see parkingContexts) on the way.
  const contexts = parked && enclosingContexts(parked, definition);
  return contexts !== undefined && !suspendsBeforeParking(body, first.startIndex, contexts);
}

/** The `while True:` loop whose body is only `statement` (comments and `pass` aside), if there is one. */
function sleepingLoop(statement: SyntaxNode): SyntaxNode | undefined {
  const block = statement.parent;
  const loop = block?.parent;
  if (block?.type !== 'block' || loop?.type !== 'while_statement' || loop.childForFieldName('body')?.id !== block.id) return undefined;
  if (loop.childForFieldName('alternative') || unparenthesize(loop.childForFieldName('condition') ?? statement).type !== 'true')
    return undefined;
  const others = block.namedChildren.filter(
    (child) => child.id !== statement.id && child.type !== 'comment' && child.type !== 'pass_statement',
  );
  return others.length === 0 ? loop : undefined;
}

function isInfinity(expression: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const node = unparenthesize(expression);
  return INFINITY_TEXT.test(node.text) || model.qualifiedName(node, scope) === 'math.inf';
}

/**
 * Whether the coroutine `spawn` (`create_task(coro(...))`, in `scope`) starts, an `async def` of this file, suspends
 * nowhere but in `asyncio.sleep`, on a future its object holds (`await self.closer`) or was first handed (see
 * handedOverFutures), on tasks the caller's object keeps and hands it (see handedInTasks), on an asyncio primitive kept
 * by its object, by the module or by the `async def` starting it (`await self.ready.wait()`, `await LOBBY.inbox.get()`,
 * `async with reconnector.lock:`, see keptPrimitives), in the steps of an `async for` over a kept object of a class of
 * this file whose `__anext__` does (see keptIterators), in `asyncio.wait_for` of one of those or with a timeout known
 * to be a number (its timer holds the task: see timedWaits), or in awaited coroutines of this file that do (itself
 * again, a retry, among them), if it suspends at all; or a coroutine of another module of the project whose summary
 * says it suspends nowhere or only where kept so (through `project`, also where a coroutine of this file awaits it).
 * Such a task is never only in the loop's weak set of tasks: while it sleeps, the loop's timer holds the sleep's future,
 * whose wake-up callback holds the task; while it waits on `self.closer`, the object holds that future and the future
 * its wake-up callback; while it waits on a kept primitive, the primitive holds its waiter's future; while it is ready
 * to run, the loop's ready queue holds its next step. It cannot be collected mid-run.
 */
export function suspendsOnlyWhereKept(spawn: SyntaxNode, model: SemanticModel, scope: Scope, project: ProjectView | undefined): boolean {
  const coroutine = spawnedCall(spawn, model, scope);
  return coroutine !== undefined && callsSleeper(coroutine, { model, project, starter: scope, entered: new Set() }, scope, 0);
}

/**
 * What the search of callsSleeper keeps: `starter` is the scope starting the task, which may keep what it waits on;
 * `entered`, the `async def`s whose bodies are being read, from the task's coroutine down to the current one, each with
 * the call entering it (see enteredKey).
 */
interface SleeperSearch {
  readonly model: SemanticModel;
  readonly project: ProjectView | undefined;
  readonly starter: Scope;
  readonly entered: Set<string>;
}

/** `self.closer`, `cls.stopped` (awaited): a future (or task) the instance or class holds. */
function isHeldFuture(awaited: SyntaxNode | null): boolean {
  const node = awaited && unparenthesize(awaited);
  const owner = node?.type === 'attribute' ? node.childForFieldName('object') : null;
  return owner?.type === 'identifier' && (owner.text === 'self' || owner.text === 'cls');
}

/** The call making the coroutine a task is started with (`create_task(coro(...))`), if it is written there. */
/**
 * The call making the coroutine `spawn` (`create_task(...)`, in `scope`) starts: its argument, or the call a local name
 * given there is bound to once in that scope (`coro = job(); asyncio.create_task(coro)`).
 */
export function spawnedCall(spawn: SyntaxNode, model: SemanticModel, scope: Scope): SyntaxNode | undefined {
  const argument = argumentAt(spawn, 0, 'coro');
  const coroutine = argument && unparenthesize(argument);
  if (coroutine?.type === 'call') return coroutine;
  if (coroutine?.type !== 'identifier') return undefined;
  const bindings = model.bindingsIn(scope, coroutine.text);
  const [only] = bindings;
  const value = bindings.length === 1 && only?.kind === 'assignment' && only.value ? unparenthesize(only.value) : undefined;
  return value?.type === 'call' && only!.position < spawn.startIndex ? value : undefined;
}

function callsSleeper(call: SyntaxNode, search: SleeperSearch, scope: Scope, depth: number): boolean {
  const { model, project } = search;
  const definition = calledDefinition(call, scope, model);
  // Another module's coroutine: its summary says whether it suspends only in `asyncio.sleep`, if at all.
  if (!definition) return projectCallSuspension(call, scope, model, project) !== undefined;
  if (definition.type !== 'function_definition' || !hasAsyncKeyword(definition)) return false;
  // What runs is not the body read: a subclass's override, or a decorator's wrapper.
  if (isOverrideHook(definition, model) || isWrappedByDecorator(definition, model)) return false;
  // A recursive call (a retry: `await self.send(event, attempt + 1)`) runs the body again, entered by that call (whose
  // arguments may decide a timeout, see timedWaits): read once so, that body's waits are those being checked, and the
  // same call met again there adds none.
  const key = enteredKey(definition, call);
  if (search.entered.has(key)) return true;
  search.entered.add(key);
  try {
    return suspendsInBodyOnlyWhereKept(definition, call, search, depth);
  } finally {
    search.entered.delete(key);
  }
}

/** The `async def` `definition` as the call `entry` enters it (see SleeperSearch). */
function enteredKey(definition: SyntaxNode, entry: SyntaxNode): string {
  return `${definition.id}:${entry.id}`;
}

/**
 * Whether the `async def` `definition`, entered by the call `entry` (none for an `async for` step's `__anext__`),
 * suspends only where something keeps the task: its `async with` enter kept locks, its `async for` step through kept
 * objects whose `__anext__` does (see keptIterators), and its awaits wait where kept (see waitsWhereKept).
 */
function suspendsInBodyOnlyWhereKept(definition: SyntaxNode, entry: SyntaxNode | undefined, search: SleeperSearch, depth: number): boolean {
  const { model } = search;
  const body = model.scopeOfDefinition(definition);
  if (!body || !body.asyncStatements.every((statement) => entersOrStepsWhereKept(statement, body, search, depth))) return false;
  // A comprehension runs inline: an `await` or `async for` in it suspends the coroutine on something else.
  if (body.children.some((child) => child.kind === 'comprehension' && hasCheckpoint(child, child.start, child.end))) return false;
  return body.awaits.every((awaitNode) => {
    const awaited = awaitedCall(awaitNode);
    if (awaited) return waitsWhereKept(awaited, entry, search, body, depth);
    // A future or task its object holds, or the caller's object hands it (`for task in tasks: await task`), or one of
    // its own it first handed to a keeper (a listener registered on its object, a list the object keeps).
    if (isHeldFuture(awaitNode.firstNamedChild) || awaitsHandedInTask(awaitNode, body, entry, model)) return true;
    return awaitsHandedOverFuture(
      awaitNode,
      body,
      model,
      (keeper) => isHeldByObject(keeper) || isKept(keeper, body, search.starter, model),
    );
  });
}

/**
 * `async with` of kept locks, or `async for` over a kept object whose `__anext__` suspends only where kept (`async for
 * tick in self.clock:`, the clock's step waiting on the Event the clock holds): the task is held while it waits there.
 */
function entersOrStepsWhereKept(statement: SyntaxNode, body: Scope, search: SleeperSearch, depth: number): boolean {
  const { model, starter } = search;
  if (entersKeptLocks(statement, body, starter, model)) return true;
  const step = depth < AWAIT_DEPTH ? keptIteratorStep(statement, body, starter, model) : undefined;
  return step !== undefined && suspendsInBodyOnlyWhereKept(step, undefined, search, depth + 1);
}

/**
 * Whether the awaited call `awaited` (in `body`, the code `entry` calls) suspends only where something keeps the task:
 * in `asyncio.sleep`, on a kept primitive, where the loop's machinery keeps it (an executor, a selector handle, a
 * subprocess's transport: see loopKeptWaits), in a read of a kept connection's StreamReader, in a coroutine of this file
 * or of another module that does (see callsSleeper), or in `asyncio.wait_for` of such a wait or of a held future, or
 * with a timeout known to be a number, whose timer holds the task until it fires (see timedWaits).
 */
function waitsWhereKept(awaited: SyntaxNode, entry: SyntaxNode | undefined, search: SleeperSearch, body: Scope, depth: number): boolean {
  const { model, starter } = search;
  const name = model.calleeName(awaited, body);
  if (name === 'asyncio.sleep' || waitsOnKeptPrimitive(awaited, body, starter, model)) return true;
  // The executor, a selector handle or the child watcher holds the wait (see loopKeptWaits); a connection's
  // StreamReader, which its protocol holds only weakly, holds it where the reader is kept.
  if (waitsInLoopMachinery(awaited, body, model, entry)) return true;
  const reader = streamReaderRead(awaited, body, model, entry);
  if (reader && isKept(reader, body, starter, model)) return true;
  if (name === 'asyncio.wait_for') {
    if (hasNumericTimeout(awaited, body, entry, model)) return true;
    const inner = argumentAt(awaited, 0, 'fut');
    const wrapped = inner && unparenthesize(inner);
    if (wrapped?.type !== 'call') return isHeldFuture(wrapped ?? null);
    return waitsWhereKept(wrapped, entry, search, body, depth);
  }
  return depth < AWAIT_DEPTH && callsSleeper(awaited, search, body, depth + 1);
}

/**
 * Whether the coroutine `spawn` starts (see suspendsOnlyWhereKept) loops or asserts, in its body or in an awaited
 * coroutine of this file or, as its summary says, of another module. Its failure then matters beyond asyncio's log
 * line: a background loop ends for good (the heartbeat or writer stops and nothing notices), and a failed `assert` does
 * not fail the test that started it. A task that sleeps and then does one thing has its error logged, with its
 * traceback, as soon as the finished task is freed: there is little left to say.
 */
export function sleeperLoopsOrAsserts(spawn: SyntaxNode, model: SemanticModel, scope: Scope, project: ProjectView | undefined): boolean {
  const coroutine = spawnedCall(spawn, model, scope);
  return coroutine !== undefined && loopsOrAsserts(coroutine, model, scope, project, 0);
}

function loopsOrAsserts(call: SyntaxNode, model: SemanticModel, scope: Scope, project: ProjectView | undefined, depth: number): boolean {
  const definition = calledDefinition(call, scope, model);
  if (!definition) return projectCallSuspension(call, scope, model, project)?.loopsOrAsserts === true;
  const body = definition.type === 'function_definition' ? model.scopeOfDefinition(definition) : undefined;
  const block = definition.childForFieldName('body');
  if (!body || !block) return false;
  if (hasLoopOrAssert(block)) return true;
  return (
    depth < AWAIT_DEPTH &&
    body.awaits.some((awaitNode) => {
      const awaited = awaitedCall(awaitNode);
      return awaited !== undefined && loopsOrAsserts(awaited, model, body, project, depth + 1);
    })
  );
}
