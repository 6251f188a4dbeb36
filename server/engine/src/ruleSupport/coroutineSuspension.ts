// Where a coroutine gives the event loop a turn: nowhere, or only where the loop or its object keeps the task (in
// `asyncio.sleep`, on a future the object holds or was handed), as its own body and the bodies of the coroutines it
// awaits (of this file, or of other modules through their summaries) say. A task of such a coroutine finishes in its
// first step or is held while it waits (LOOP301), and a `try` awaiting only coroutines that never suspend cannot be
// cancelled (LOOP305).
import type { SyntaxNode } from '../analysis/pythonParser';
import { DEFINITION_KINDS, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { ProjectView } from '../linter/projectView';
import { localClassName } from './classBases';
import { isCoroutineFunction } from './coroutineCalls';
import { calledDefinition, valueClass } from './instanceClasses';
import { isOverrideHook } from './overrideHooks';
import { awaitsHandedOverFuture, isHeldByObject } from './handedOverFutures';
import { streamReaderRead, waitsInLoopMachinery } from './loopKeptWaits';
import { waitedStoredPrimitive } from './asyncioPrimitives';

/** How deep awaited coroutines of this file are followed. */
const AWAIT_DEPTH = 3;

const LASTING_OR_CHECKING = new Set(['while_statement', 'for_statement', 'assert_statement']);

/**
 * What the body of an `async def` does, where it suspends nowhere but where the loop or its object keeps the task (see
 * ownSuspension) and in the coroutines it awaits.
 */
interface OwnSuspension {
  /**
   * It awaits `asyncio.sleep(...)`, a wait the loop's machinery keeps (see loopKeptWaits), a future its object holds, or
   * one it handed over to its object (see ownSuspension).
   */
  readonly suspends: boolean;
  /** The other calls it awaits: whether it suspends elsewhere is theirs to say. */
  readonly awaited: readonly SyntaxNode[];
  /** Its body, for hasLoopOrAssert. */
  readonly block: SyntaxNode;
}

/**
 * For a coroutine function (an `async def` with no `yield`, undecorated, and no hook meant to be overridden: see overrideHooks.ts):
 * what its own body does, when it suspends nowhere but in `await asyncio.sleep(...)` (the loop's timer holds the task),
 * in a wait the loop's machinery keeps (`asyncio.to_thread(...)`, a subprocess's `wait()`: see loopKeptWaits; or a read of
 * a connection's StreamReader its object holds, or a wait on a primitive it stored on its object right before),
 * on a future its object holds (`await self.closed`), on a future of its own it first handed to its object (a listener
 * registered with `self.once(event, on_change)` setting it: see handedOverFutures), and in other awaited calls. Undefined
 * where it may suspend elsewhere: an `async with` or `async for`, an `await` in a comprehension, another awaited object
 * (a future or task passed in, one nobody keeps).
 */
export function ownSuspension(definition: SyntaxNode, model: SemanticModel): OwnSuspension | undefined {
  if (!isCoroutineFunction(definition, model) || isOverrideHook(definition, model)) return undefined;
  const body = model.scopeOfDefinition(definition);
  const block = definition.childForFieldName('body');
  if (!body || !block || body.asyncStatements.length > 0) return undefined;
  if (body.children.some((child) => child.kind === 'comprehension' && suspendsIn(child))) return undefined;
  let suspends = false;
  const awaited: SyntaxNode[] = [];
  for (const awaitNode of body.awaits) {
    const operand = awaitNode.firstNamedChild && unparenthesize(awaitNode.firstNamedChild);
    if (operand?.type === 'call' && (model.calleeName(operand, body) === 'asyncio.sleep' || waitsWhereLoopKeeps(operand, body, model)))
      suspends = true;
    else if (operand?.type === 'call') awaited.push(operand);
    else if (awaitsObjectFuture(operand) || awaitsHandedOverFuture(awaitNode, body, model, isHeldByObject)) suspends = true;
    else return undefined;
  }
  return { suspends, awaited, block };
}

/**
 * A wait the event loop's machinery keeps (`asyncio.to_thread(...)`, `proc.wait()`: see loopKeptWaits), a read of a
 * connection's StreamReader the object holds (`self.reader.readline()`), or a wait on an asyncio primitive the
 * coroutine has just handed to its object (`self._pending[key]["flag"].wait()` right after `self._pending[key] =
 * {"flag": asyncio.Event()}`: see asyncioPrimitives), as a future it handed over (see handedOverFutures).
 */
function waitsWhereLoopKeeps(call: SyntaxNode, body: Scope, model: SemanticModel): boolean {
  if (waitsInLoopMachinery(call, body, model, undefined)) return true;
  const held = streamReaderRead(call, body, model, undefined) ?? waitedStoredPrimitive(call, model);
  return held !== undefined && isHeldByObject(held);
}

/** `await self.closed`, `await cls.stopped`: a future (or task) the instance or class holds. */
function awaitsObjectFuture(operand: SyntaxNode | null | undefined): boolean {
  const owner = operand?.type === 'attribute' ? operand.childForFieldName('object') : null;
  return owner?.type === 'identifier' && (owner.text === 'self' || owner.text === 'cls');
}

/** Whether a comprehension (or one nested in it) awaits or iterates asynchronously. */
function suspendsIn(comprehension: Scope): boolean {
  return (
    comprehension.awaits.length > 0 ||
    comprehension.asyncStatements.length > 0 ||
    comprehension.children.some((child) => child.kind === 'comprehension' && suspendsIn(child))
  );
}

/** A loop or `assert` among the statements of `block`, outside functions, classes and lambdas nested there. */
export function hasLoopOrAssert(block: SyntaxNode): boolean {
  // Most bodies have no such word: their nodes need not be read (making them is the costly part).
  return LOOP_OR_ASSERT_WORD.test(block.text) && hasStatementOf(block);
}

const LOOP_OR_ASSERT_WORD = /\b(?:while|for|assert)\b/;

function hasStatementOf(block: SyntaxNode): boolean {
  return block.namedChildren.some(
    (child) => LASTING_OR_CHECKING.has(child.type) || (!DEFINITION_KINDS.has(child.type) && hasStatementOf(child)),
  );
}

/**
 * The qualified name (as this module writes it) of what `call` calls where that is not a `def` of this file: the callee's
 * name through imports (`streams.flush`, `flush` after `from .streams import flush`), or a method of another module's
 * class the receiver is known to be an instance of (see valueClass: `self._ops.send()` where `__init__` set
 * `self._ops = Operations(...)`, `manager.signal()` where `manager: RequestManager`). Undefined where the code does not say.
 */
export function calledName(call: SyntaxNode, scope: Scope, model: SemanticModel): string | undefined {
  const name = model.calleeName(call, scope);
  if (name !== undefined) return name.startsWith('builtins.') ? undefined : name;
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  const method = callee?.childForFieldName('attribute')?.text;
  const owner = receiver && method !== undefined ? valueClass(receiver, scope, model) : undefined;
  return owner && 'name' in owner ? `${owner.name}.${method}` : undefined;
}

/** How another module's coroutine that `call` calls suspends, as the project's summaries say (see calledName). */
export function projectCallSuspension(
  call: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  project: ProjectView | undefined,
): { readonly suspends: boolean; readonly loopsOrAsserts: boolean } | undefined {
  const name = project && calledName(call, scope, model);
  return name === undefined ? undefined : project!.coroutineSuspension(project!.absoluteName(name));
}

/**
 * Whether the coroutine `call` (in `scope`) makes never suspends: an `async def` of this file whose body awaits only
 * coroutines that never suspend, if anything (see ownSuspension; a method that no class deriving from its class
 * overrides, in this file or, through `project`, in the project), or one of another module whose summary says so.
 * Until it returns, nothing else runs on the loop, and no cancellation can be delivered to its task.
 */
export function neverSuspends(call: SyntaxNode, scope: Scope, model: SemanticModel, project: ProjectView | undefined, depth = 0): boolean {
  const definition = calledDefinition(call, scope, model);
  if (!definition) return projectCallSuspension(call, scope, model, project)?.suspends === false;
  const own = ownSuspension(definition, model);
  const body = model.scopeOfDefinition(definition);
  if (!own || own.suspends || !body || mayBeOverridden(body, model, project)) return false;
  return (
    own.awaited.length === 0 || (depth < AWAIT_DEPTH && own.awaited.every((inner) => neverSuspends(inner, body, model, project, depth + 1)))
  );
}

/**
 * Whether the method `method` (a function scope of this file) may not be what runs: a class of this file deriving from
 * its class binds the same name, or, for a class at module level, a class of the project deriving from it defines it.
 */
function mayBeOverridden(method: Scope, model: SemanticModel, project: ProjectView | undefined): boolean {
  const owner = method.parent;
  if (owner?.kind !== 'class') return false;
  if (subclassesInFile(owner.node, model).some((subclass) => bindsInClass(subclass, method.name, model))) return true;
  const local = localClassName(owner);
  return project !== undefined && local !== undefined && project.overridesMethod(`${project.moduleName}.${local}`, method.name);
}

/** The classes of this file deriving from `classNode` through bases written as names of this file (a class writes its base's name). */
function subclassesInFile(classNode: SyntaxNode, model: SemanticModel): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const layer = [classNode];
  for (let index = 0; index < layer.length && index < MAX_SUBCLASSES; index++) {
    const base = layer[index]!;
    const name = base.childForFieldName('name')?.text;
    // (mentionsOf records that the answer depends on every statement writing the name.)
    for (const mention of name === undefined ? [] : model.mentionsOf(name)) {
      const subclass = mention.parent?.type === 'argument_list' ? mention.parent.parent : null;
      if (subclass?.type !== 'class_definition' || layer.some((known) => known.id === subclass.id)) continue;
      if (model.definitionOf(mention, model.scopeOf(subclass))?.id !== base.id) continue;
      layer.push(subclass);
      found.push(subclass);
    }
  }
  return found;
}

/** Classes followed down from one whose method is asked about at most this far. */
const MAX_SUBCLASSES = 32;

function bindsInClass(classNode: SyntaxNode, name: string, model: SemanticModel): boolean {
  const scope = model.scopeOfDefinition(classNode);
  return scope !== undefined && model.bindingsIn(scope, name).length > 0;
}
