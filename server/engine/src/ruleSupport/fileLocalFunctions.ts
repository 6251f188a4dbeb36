// Functions only the file defining them can reach (a nested function, a module-level `_name`; by convention, a method
// private to its class, `self.__retry`), and where it uses them: a rule may then judge a function's body by what holds
// at each of its call sites (LOOP201 asks whether a loop is set before each, whether each catches a RuntimeError, or
// whether each is in a coroutine). Also the function of this file a call runs (a plain one, or a method too where only
// what the call gives matters), whose `return`s say what the call gives.
import type { SyntaxNode } from '../analysis/pythonParser';
import { endsInExit, hasAsyncKeyword, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { ProjectView } from '../linter/projectView';
import { decoratorNames } from './decoratorNames';
import { LOOP_PROTOCOL_FACTORY_METHODS } from '../knowledge/asyncioLoopApi';
import { classConstructedBy } from './constructionHooks';
import { isLoopProtocolCallback } from './loopProtocolCallbacks';

/**
 * The uses of the function `scope` is the body of, when only this file can reach it: a function nested in another
 * function, or a module-level function named `_like_this`, bound once; in a script (`inScript`: see isScript), a
 * public module-level function too, since no other module imports a script's functions. Undefined for a method, a
 * public module-level function of another module (another module may call it), a name bound again, or a function
 * never used here.
 */
export function fileLocalUses(scope: Scope, model: SemanticModel, inScript = false): readonly SyntaxNode[] | undefined {
  const definition = scope.node;
  if (!scope.parent || definition.type !== 'function_definition' || scope.parent.kind === 'class') return undefined;
  if (scope.parent.kind === 'module' && !scope.name.startsWith('_') && !inScript) return undefined;
  const bindings = model.bindingsIn(scope.parent, scope.name);
  if (bindings.length !== 1 || bindings[0]!.definition?.id !== definition.id) return undefined;
  const references = model.references(bindings[0]!);
  return references.length > 0 ? references : undefined;
}

/**
 * The uses of the method `scope` is the body of, when it is private to its class by convention (`_retry`, or `__retry`,
 * whose name Python mangles): each mention of its name in the file as an attribute (`self.__retry`, `other._retry`),
 * where the class binds the name once, to this `def`. Undefined for a public or dunder method, one whose name the file
 * also mentions bare (an alias in the class body, a function of the same name), or one never used here. The uses of
 * another class's method of the same name are among them: a call `x._now()` may run either.
 */
function privateMethodUses(scope: Scope, model: SemanticModel): readonly SyntaxNode[] | undefined {
  const definition = scope.node;
  const owner = scope.parent;
  if (definition.type !== 'function_definition' || owner?.kind !== 'class') return undefined;
  if (!scope.name.startsWith('_') || (scope.name.startsWith('__') && scope.name.endsWith('__'))) return undefined;
  const bindings = model.bindingsIn(owner, scope.name);
  if (bindings.length !== 1 || bindings[0]!.definition?.id !== definition.id) return undefined;
  const uses: SyntaxNode[] = [];
  for (const mention of model.mentionsOf(scope.name)) {
    const parent = mention.parent;
    // A method's name where it is defined: this one, or another class's of the same name.
    if (parent?.type === 'function_definition' && parent.childForFieldName('name')?.id === mention.id) continue;
    if (parent?.type !== 'attribute' || parent.childForFieldName('attribute')?.id !== mention.id) return undefined;
    uses.push(parent);
  }
  return uses.length > 0 ? uses : undefined;
}

/**
 * The plain function of this file a call runs: `helper(...)` naming a `def` (not a method, which a subclass may
 * override), not an `async def` (its call returns a coroutine), a generator (its call runs none of its body), nor one a
 * decorator may have replaced. What its body returns is what the call gives.
 */
export function plainFunctionCalled(call: SyntaxNode, scope: Scope, model: SemanticModel): SyntaxNode | undefined {
  if (call.childForFieldName('function')?.type !== 'identifier') return undefined;
  const definition = model.calleeDefinition(call, scope);
  if (definition?.type !== 'function_definition' || hasAsyncKeyword(definition) || definition.parent?.type === 'decorated_definition')
    return undefined;
  return model.scopeOfDefinition(definition)?.yields.length === 0 ? definition : undefined;
}

/** Decorators that leave a method's call giving what its body returns. */
const TRANSPARENT_METHOD_DECORATORS: ReadonlySet<string> = new Set(['builtins.staticmethod', 'builtins.classmethod']);

/**
 * The function or method of this file a call runs (`make_config()`, `self.make_config()`, `Factory.make()`): as
 * plainFunctionCalled, a method too, read as its class writes it. A subclass may override it, but rarely to give
 * something else in kind: enough to ask what the call gives, not what its body does. Not an `async def`, a generator,
 * nor one a decorator other than `@staticmethod` or `@classmethod` may have replaced.
 */
export function functionOrMethodCalled(call: SyntaxNode, scope: Scope, model: SemanticModel): SyntaxNode | undefined {
  const definition = model.calleeDefinition(call, scope);
  if (definition?.type !== 'function_definition' || hasAsyncKeyword(definition)) return undefined;
  if (!decoratorNames(definition, model).every((name) => name !== undefined && TRANSPARENT_METHOD_DECORATORS.has(name))) return undefined;
  return model.scopeOfDefinition(definition)?.yields.length === 0 ? definition : undefined;
}

/**
 * The values a function's own `return`s give (`return ip, port` as written, parentheses aside), where calling it returns
 * one of them: undefined where it may return None instead, by a bare `return` or by a body that may run to its end.
 */
export function returnedValues(definition: SyntaxNode, model: SemanticModel): SyntaxNode[] | undefined {
  const scope = model.scopeOfDefinition(definition);
  const body = definition.childForFieldName('body');
  if (!scope || !body || !endsInExit(body)) return undefined;
  const returns = body.descendantsOfType('return_statement').filter((statement) => model.scopeOf(statement) === scope);
  const values = returns.map((statement) => statement.firstNamedChild);
  if (returns.length === 0 || !values.every((value): value is SyntaxNode => value !== null)) return undefined;
  return values.map((value) => unparenthesize(value));
}

/** The call a use of a function is the callee of (`helper(...)`), or undefined when it is handed on instead. */
export function callOf(reference: SyntaxNode): SyntaxNode | undefined {
  const call = reference.parent;
  return call?.type === 'call' && call.childForFieldName('function')?.id === reference.id ? call : undefined;
}

/**
 * Whether only coroutines run the function `scope` is the body of: a plain function only this file reaches (see
 * fileLocalUses; `inScript`, a public one of a script too) or a method private to its class (see privateMethodUses: `Transaction.__retry`, called by the
 * coroutine `run()` and rescheduling itself), each of whose uses is a call written in the body of an `async def` itself
 * (a comprehension there too; not a function or lambda nested in it, which may run anywhere), or in other plain code
 * the running loop runs (`'loopCode'`: a protocol callback, `connection_made`, or a function of this file only such code
 * runs, as a callback the loop was handed: see runsInLoopCode). Not a generator (its body runs where it is iterated),
 * nor a decorated function (the decorator may run it elsewhere: in a thread). It runs while the calling coroutine runs,
 * with that coroutine's loop running in its thread.
 */
function calledOnlyByCoroutines(scope: Scope, asked: ReasonQuestion): 'called' | 'scheduled' | 'loopCode' | undefined {
  const { model, inScript } = asked;
  if (scope.isAsyncContext || scope.node.parent?.type === 'decorated_definition') return undefined;
  if (scope.yields.length > 0) return undefined;
  const uses = fileLocalUses(scope, model, inScript) ?? privateMethodUses(scope, model);
  if (uses === undefined) return undefined;
  let scheduled = false;
  let loopCode = false;
  for (const use of uses) {
    if (callOf(use) !== undefined) {
      const caller = model.scopeOf(use);
      if (caller.isAsyncContext) continue;
      if (runsInLoopCode(caller, asked)) {
        loopCode = true;
        continue;
      }
    }
    if (!scheduledOnLoop(use, model)) return undefined;
    scheduled = true;
  }
  return loopCode ? 'loopCode' : scheduled ? 'scheduled' : 'called';
}

/**
 * Whether plain code calling a function (the body of `caller`, or a comprehension in it) runs only while the loop runs:
 * a protocol callback the loop calls (see isLoopProtocolCallback), or a function only coroutines, loop callbacks or
 * such code run (see coroutineOnlyReason), as `_periodic_ping()`, handed to `loop.call_later()`, calling
 * `_schedule_ping()`. Not a lambda, which may be handed anywhere.
 */
function runsInLoopCode(caller: Scope, asked: ReasonQuestion): boolean {
  const body = caller.kind === 'comprehension' ? caller.functionScope : caller;
  if (body?.kind !== 'function' || body.isAsyncContext) return false;
  return isLoopProtocolCallback(body, asked.model, asked.project) || reasonOf(body, asked) !== undefined;
}

/** Loop methods that run a callback in the loop's thread while it runs, and where the callback is among their arguments. */
export const LOOP_CALLBACK_ARGUMENT: ReadonlyMap<string, number> = new Map([
  ['call_soon', 0],
  ['call_soon_threadsafe', 0],
  ['call_later', 1],
  ['call_at', 1],
  ['add_signal_handler', 1],
  ['add_reader', 1],
  ['add_writer', 1],
]);

/**
 * Whether a use of a function hands it to the event loop as a callback (`loop.add_signal_handler(sig, stop)`,
 * `loop.call_later(5, stop)`), also bound by `functools.partial(stop, loop)` or called by a lambda that is the callback
 * (`loop.call_soon(lambda: stop(loop))`): the loop runs it in its thread while it runs, as it runs a coroutine's steps.
 */
export function scheduledOnLoop(use: SyntaxNode, model: SemanticModel): boolean {
  const callback = callbackAround(use, model);
  const argumentList = callback.parent;
  const scheduler = argumentList?.type === 'argument_list' ? argumentList.parent : undefined;
  if (scheduler?.type !== 'call') return false;
  const index = LOOP_CALLBACK_ARGUMENT.get(model.calleeLastName(scheduler));
  return index !== undefined && argumentList!.namedChildren[index]?.id === callback.id;
}

/**
 * Whether a mention of a class (`Proto`, `Outer.Proto`) hands it to the event loop as a protocol factory, or is called by
 * one: `loop.create_server(Proto, ...)`, `protocol_factory=functools.partial(Proto, handler)`,
 * `loop.create_datagram_endpoint(lambda: Proto(communities, handler), ...)`. The loop builds the protocol in its thread,
 * while it runs (not `socket.create_connection`, whose first argument is an address).
 */
export function builtByLoopFactory(mention: SyntaxNode, model: SemanticModel): boolean {
  const parent = mention.parent;
  const use = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === mention.id ? parent : mention;
  const factory = callbackAround(use, model);
  let argument = factory;
  if (argument.parent?.type === 'keyword_argument') {
    if (argument.parent.childForFieldName('name')?.text !== 'protocol_factory') return false;
    argument = argument.parent;
  }
  const argumentList = argument.parent;
  const maker = argumentList?.type === 'argument_list' ? argumentList.parent : undefined;
  if (maker?.type !== 'call' || !LOOP_PROTOCOL_FACTORY_METHODS.has(model.calleeLastName(maker))) return false;
  if (model.calleeName(maker, model.scopeOf(maker))?.startsWith('socket.')) return false;
  return argument.type === 'keyword_argument' || argumentList!.namedChildren[0]?.id === argument.id;
}

/**
 * What a use of a function hands on as a callable: the use itself, `functools.partial(use, ...)` around it, or the lambda
 * whose body is its call (`lambda: use(...)`).
 */
function callbackAround(use: SyntaxNode, model: SemanticModel): SyntaxNode {
  const call = callOf(use);
  if (call?.parent?.type === 'lambda' && call.parent.childForFieldName('body')?.id === call.id) return call.parent;
  const around = use.parent?.type === 'argument_list' ? use.parent.parent : undefined;
  if (around?.type === 'call' && around.childForFieldName('arguments')?.namedChildren[0]?.id === use.id) {
    if (model.calleeName(around, model.scopeOf(around)) === 'functools.partial') return around;
  }
  return use;
}

/** Whether a mention is in an annotation (`-> Tuple[Transport, Proto]`, `proto: Optional[Proto]`): it uses nothing. */
export function inAnnotation(mention: SyntaxNode): boolean {
  for (let node = mention.parent; node; node = node.parent) {
    if (node.type === 'type') return true;
    if (node.type === 'block' || node.type === 'module' || node.type.endsWith('statement')) return false;
  }
  return false;
}

/**
 * Whether only coroutines run the `__init__` `scope` is the body of (or the hook an attrs or dataclass `__init__`
 * calls: see classConstructedBy): that of a class only this file is expected to build (nested in a function or another
 * class, as a `Protocol` a transport makes for itself, or a module-level `_Name`, or any module-level class of a script:
 * see fileLocalUses), that coroutines build (see classBuiltOnlyByCoroutines). The constructor runs in the calling
 * coroutine, or in the loop's thread while it runs.
 */
function constructedOnlyByCoroutines(scope: Scope, model: SemanticModel, inScript: boolean): 'constructed' | 'factory' | undefined {
  const owner = classConstructedBy(scope, model);
  if (!owner?.parent || scope.yields.length > 0) return undefined;
  if (owner.parent.kind === 'module' && !owner.name.startsWith('_') && !inScript) return undefined;
  const nameNode = owner.node.childForFieldName('name');
  return classBuiltOnlyByCoroutines(
    model.mentionsOf(owner.name).filter((mention) => mention.id !== nameNode?.id),
    model,
  );
}

/**
 * Whether the mentions of a class's name in a file (bare or as `Outer.Name`; its definition left out) all build it in a
 * coroutine: the callee of a call written in the body of an `async def` itself (`'constructed'`), or a protocol factory
 * the event loop calls, as some of them (`'factory'`: see builtByLoopFactory); annotations do not count. A mention
 * anywhere else (a base of another class, handed on, called in a nested def or another lambda, bound again) may run its
 * `__init__` elsewhere. Undefined also where no mention builds it.
 */
export function classBuiltOnlyByCoroutines(mentions: readonly SyntaxNode[], model: SemanticModel): 'constructed' | 'factory' | undefined {
  let built = 0;
  let factory = false;
  for (const mention of mentions) {
    if (inAnnotation(mention)) continue;
    if (builtByLoopFactory(mention, model)) factory = true;
    else if (!isCoroutineCallOf(mention, model)) return undefined;
    built++;
  }
  return built === 0 ? undefined : factory ? 'factory' : 'constructed';
}

/** Whether `mention` is called (`Name(...)`, `Outer.Name(...)`) in the body of an `async def` itself. */
function isCoroutineCallOf(mention: SyntaxNode, model: SemanticModel): boolean {
  const parent = mention.parent;
  const callee = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === mention.id ? parent : mention;
  return callOf(callee) !== undefined && model.scopeOf(mention).isAsyncContext;
}

/** Why a plain function runs only in coroutines (see coroutineOnlyReason). */
export type CoroutineOnlyReason = 'called' | 'scheduled' | 'loopCode' | 'loopCallback' | 'constructed' | 'factory' | 'protocol';

/** The methods Python calls for `async with`, `async for` and `await`: written as plain defs, they run in a coroutine. */
const ASYNC_PROTOCOL_METHODS: ReadonlySet<string> = new Set(['__aenter__', '__aexit__', '__aiter__', '__anext__', '__await__']);

/**
 * Why the plain function `scope` is the body of runs only in coroutines, with their loop running: only coroutines of
 * this file call it (`'called'`, see calledOnlyByCoroutines), or they and the loop, to which the file hands it as a
 * callback (`'scheduled'`: `loop.add_signal_handler(sig, functools.partial(stop, loop))`), or other plain code only the
 * running loop runs calls it too (`'loopCode'`: a protocol's `connection_made`, a callback of the loop), it is the
 * `__init__` of a class only they build (`'constructed'`), or they and the loop, to which they hand it as a protocol
 * factory (`'factory'`), or it is a method Python calls for `async with`, `async for` or `await` (`'protocol'`: a plain
 * `def __aexit__` returning an awaitable), or a protocol callback the loop calls itself (`'loopCallback'`:
 * `data_received` of an `asyncio.Protocol`). Undefined where it may run elsewhere. `inScript`: the file is a script,
 * whose public module-level functions and classes only it reaches (see fileLocalUses); `project`, where indexed, follows
 * a protocol class's bases into other modules.
 */
export function coroutineOnlyReason(
  scope: Scope,
  model: SemanticModel,
  inScript = false,
  project?: ProjectView,
): CoroutineOnlyReason | undefined {
  return reasonOf(scope, { model, inScript, project, pending: new Set(), met: new Set() });
}

/** What coroutineOnlyReason asks of one file, and the functions being judged further up (a caller's caller...). */
interface ReasonQuestion {
  readonly model: SemanticModel;
  readonly inScript: boolean;
  readonly project: ProjectView | undefined;
  /** The functions being judged: a function met again through its callers (a cycle) is not taken to run in loop code. */
  readonly pending: Set<Scope>;
  /** The pending functions an answer so far rested on, which the cycle decided: until they are judged, not one to keep. */
  met: Set<Scope>;
}

/** Each file's answers of coroutineOnlyReason, by scope, for each way of asking (script or not, project or not). */
const reasonsByModel = new WeakMap<SemanticModel, Map<string, Map<Scope, CoroutineOnlyReason | null>>>();

/** coroutineOnlyReason, remembered per file: the callers' callers are judged for each function they call. */
function reasonOf(scope: Scope, asked: ReasonQuestion): CoroutineOnlyReason | undefined {
  let byWay = reasonsByModel.get(asked.model);
  if (!byWay) reasonsByModel.set(asked.model, (byWay = new Map()));
  const way = `${asked.inScript}:${asked.project !== undefined}`;
  let known = byWay.get(way);
  if (!known) byWay.set(way, (known = new Map()));
  const answer = known.get(scope);
  if (answer !== undefined) return answer ?? undefined;
  if (asked.pending.has(scope)) {
    asked.met.add(scope);
    return undefined;
  }
  asked.pending.add(scope);
  const metBefore = asked.met;
  asked.met = new Set();
  const reason = judgeReason(scope, asked);
  asked.pending.delete(scope);
  asked.met.delete(scope);
  // An answer resting on a function still being judged further up holds for this question only; others ask again.
  if (asked.met.size === 0) known.set(scope, reason ?? null);
  for (const pending of metBefore) asked.met.add(pending);
  return reason;
}

/** coroutineOnlyReason's answer, worked out (see reasonOf for the remembered one). */
function judgeReason(scope: Scope, asked: ReasonQuestion): CoroutineOnlyReason | undefined {
  const called = calledOnlyByCoroutines(scope, asked);
  if (called) return called;
  const constructed = constructedOnlyByCoroutines(scope, asked.model, asked.inScript);
  if (constructed) return constructed;
  if (scope.kind === 'function' && scope.parent?.kind === 'class' && ASYNC_PROTOCOL_METHODS.has(scope.name)) return 'protocol';
  if (isLoopProtocolCallback(scope, asked.model, asked.project)) return 'loopCallback';
  return undefined;
}
