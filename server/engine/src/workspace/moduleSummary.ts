// What other modules need to know about one module: its functions (async or not, what they call,
// whether they block directly; a conftest.py's fixtures). Small enough to keep for thousands of files.
import path from 'node:path';
import type { Point, SyntaxNode } from '../analysis/pythonParser';
import { detachedCopy } from '../analysis/sourceText';
import type { Scope } from '../analysis/scope';
import type { RuleInfo } from '../linter/rule';
import type { SemanticModel } from '../analysis/semanticModel';
import {
  callGuard,
  handedOutValue,
  knownArguments,
  type KnownArguments,
  type KnownValue,
  type ParameterGuard,
} from '../ruleSupport/parameterGuard';
import { fixtureName } from '../ruleSupport/pytestFixtures';
import {
  attributesFromParameters,
  keywordsHandedOn,
  passedParameters,
  type AttributeFromParameter,
  type KeywordsHandedOn,
  type PassedParameter,
} from '../ruleSupport/guardForwarding';
import { isCoroutineFunction, isGeneratorFunction, isWrappedByDecorator, returnsGenerator } from '../ruleSupport/coroutineCalls';
import { plainWrapperKind, type PlainWrapperKind } from '../ruleSupport/plainWrappers';
import { catchesErrorTypeAroundCall } from '../ruleSupport/errorCatchingDecorators';
import { runsArgumentInThread } from '../ruleSupport/threadDecorators';
import { localClassName, writtenBases, writtenMetaclass } from '../ruleSupport/classBases';
import { setsUpSharedObject } from '../ruleSupport/sharedObjectSetup';
import { conditionRank } from '../ruleSupport/chainPreference';
import { setsLoopAroundCall } from '../ruleSupport/loopSettingDecorators';
import { blocksOnlyWhen, returnsAtOnce } from '../ruleSupport/nonBlockingFlags';
import { isBriefSleep } from '../ruleSupport/briefSleep';
import { isAcceptedBlockingCall } from '../ruleSupport/acceptedBlockingCalls';
import { isInMemoryFileIo } from '../ruleSupport/pyodideOnlyCode';
import { setsLoopInOwnBody } from '../ruleSupport/loopMadeCurrent';
import { bodyStartsThread } from '../ruleSupport/threadStarts';
import { absoluteName, type ModuleIdentity } from './moduleNames';
import { behindEnvironmentSwitch } from '../ruleSupport/environmentSwitches';
import { skippedUnderPytest } from '../ruleSupport/pytestSwitches';
import { behindUndefinedName } from '../ruleSupport/undefinedNameTests';
import { calledName, hasLoopOrAssert, ownSuspension } from '../ruleSupport/coroutineSuspension';
import { calledDefinition, returnedClass } from '../ruleSupport/instanceClasses';
import { storesTaskItStarts, TASK_SPAWNING_METHODS } from '../ruleSupport/taskKeepingSpawners';
import { coroutineCannotFail } from '../ruleSupport/catchAllCoroutines';
import { namesUsedOutsideCoroutines } from './usesOutsideCoroutines';
import { executorSpyNames } from '../ruleSupport/executorSpies';
import { getEventLoopPatches } from '../ruleSupport/getEventLoopPatches';
import { declaredAttributeClasses, type AttributeClasses } from '../ruleSupport/declaredAttributes';
import { mayRunGeneratorItMakes } from '../ruleSupport/generatorHops';
import { runsAfterYield } from '../ruleSupport/generatorExits';

export interface CallSite {
  /** Absolute qualified name of what is called (`pkg.db.load`, `requests.get`). */
  readonly target: string;
  readonly start: Point;
  readonly end: Point;
  /** The call runs only under this condition of its function (`not (isinstance(fp, io.IOBase))`), as quoted code. */
  readonly condition?: string;
  /** That condition as a test of one parameter, when arguments can decide it. */
  readonly guard?: ParameterGuard;
  /** That condition is only loops' (a `for` over data, a `while` test): the call is on its function's main path. */
  readonly loopsOnly?: true;
  /** The call's arguments where their values can decide the guard of what it calls (`parse(path, local_mode=True)`). */
  readonly known?: KnownArguments;
  /** Its arguments that are parameters of its function handed on as they came: a test of them further down is one of these. */
  readonly passes?: readonly PassedParameter[];
  /** The call is skipped where pytest is loaded (`if "pytest" in sys.modules: return`): a test never makes it. */
  readonly outsideTests?: true;
  /** It hands its function's `**kwargs` on as they came: a test further down of a keyword they carry is one of these. */
  readonly handsOn?: KeywordsHandedOn;
  /** A generator makes it after its yield: a `@contextmanager`'s clean-up, run when the `with` is left (see generatorExits). */
  readonly onExit?: true;
  /**
   * Where it makes a generator, its function runs it (enters it in a `with`, iterates it; bound to a name, taken to run
   * unless the callee is of this module: see mayRunGeneratorItMakes); calling a generator function without that runs
   * none of its body, and a chain does not go through it.
   */
  readonly runsGenerator?: true;
}

export interface FunctionSummary {
  /** Name within the module: `load`, `Store.refresh`. */
  readonly name: string;
  readonly isAsync: boolean;
  readonly isCoroutineFunction: boolean;
  /** A plain `def` whose body yields (a `@contextmanager` too): calling it runs none of its body, entering it does. */
  readonly isGeneratorFunction: boolean;
  /** A decorator running the function it is given in a worker thread (`@concurrent`: see threadDecorators.ts). */
  readonly runsArgumentInThread?: true;
  /**
   * A plain `def` (neither of the two above) that a decorator not known to keep it as it is wraps
   * (`@async_dispatch(arun)`): calling it may run something other than its body (see isWrappedByDecorator).
   */
  readonly wrappedByDecorator?: true;
  /** Used as a decorator, it makes the function it decorates a plain one (`@AsyncStatus.wrap`: see plainWrappers.ts). */
  readonly plainWrapper?: PlainWrapperKind;
  /**
   * Used as a decorator (or, for a factory, what it returns; for a class's `__call__`, its instances), its wrapper
   * calls the function it decorates in a `try` catching a type no `ExceptionGroup` is (`@Job(...)`: see
   * errorCatchingDecorators.ts).
   */
  readonly catchesErrorTypeAroundCall?: true;
  /**
   * An `async def` that decorators wrap (isWrappedByDecorator): their absolute names, `()` after one called
   * (`@retry(3)`), so that a lookup can tell whether one makes it a plain function.
   */
  readonly decorators?: readonly string[];
  /** The first call in its body that blocks by itself (`requests.get`) on every path, else the first on some path. */
  readonly blockingCall?: CallSite;
  /** Calls made when it runs (not in nested functions), in source order. */
  readonly calls: readonly CallSite[];
  /** A class's `__init__`: the attributes it sets from its parameters, which decide tests in the methods it calls. */
  readonly attributesFromParameters?: readonly AttributeFromParameter[];
  /**
   * Its body leaves a loop current once it ran (`asyncio.set_event_loop(self.loop)`, not `None`, under no condition or
   * on every branch, or a call of a function of this module doing so; see setsLoopInOwnBody): a test base's `setUp`, and
   * the tests of classes deriving from it run with a loop; a helper a test calls by hand (`Base.tearDownClass()`), a
   * class's `__init__`, a method run before the loop (`FeedHandler.run(start_loop=False)`), and a `get_event_loop()`
   * after the call returns it.
   */
  readonly setsLoopCurrent?: true;
  /**
   * Used as a decorator, its wrapper makes a loop current before it calls the function it decorates (a test suite's
   * `@dedicatedloop`: see loopSettingDecorators.ts): the decorated function's body runs with a loop current.
   */
  readonly setsLoopAroundCall?: true;
  /**
   * Its own body hands work to another thread (see startsThread: makes or starts a thread, submits to an executor): a
   * class whose `__init__` or `start()` runs its work in a thread of its own (LOOP306: a test polling its state).
   */
  readonly startsThread?: true;
  /**
   * A coroutine function whose own body suspends nowhere but in `asyncio.sleep`, on a future its object keeps, and in the
   * coroutines it awaits (see ruleSupport/coroutineSuspension.ts): whether those suspend decides whether it does
   * (WorkspaceIndex asks their summaries).
   */
  readonly suspension?: SuspensionSummary;
  /** A plain `def` annotated to return a class (`-> EventLoop`): its absolute name (see returnedClass). */
  readonly returnsClass?: string;
  /** A class's `__init__`: the classes it declares attributes of its instances to be (see declaredAttributes.ts). */
  readonly attributeClasses?: AttributeClasses;
  /** A `create_task`-like method storing the task it starts in a collection of its object (see storesTaskItStarts). */
  readonly storesTaskItStarts?: true;
  /** With suspension: a coroutine function that cannot fail (see catchAllCoroutines.ts). */
  readonly cannotFail?: true;
}

/** What the body of a coroutine function suspending only where kept and in awaited coroutines does (see OwnSuspension). */
interface SuspensionSummary {
  readonly suspends: boolean;
  readonly loopsOrAsserts: boolean;
  /** The absolute names of the coroutines it awaits (`pkg.streams.Sender.flush`), in source order. */
  readonly awaits: readonly string[];
}

export interface ModuleSummary {
  readonly file: string;
  readonly module: ModuleIdentity;
  readonly functions: ReadonlyMap<string, FunctionSummary>;
  /** Module-level classes: calling one runs its `__init__`. */
  readonly classes: ReadonlySet<string>;
  /**
   * The bases of its classes (module-level, or nested in classes: `Outer.Inner`) that name a class (absolute names;
   * builtins left out), for classes that have such bases: which ones are test cases, through several modules.
   */
  readonly classBases: ReadonlyMap<string, readonly string[]>;
  /** Absolute names of the modules it imports from (for re-linting dependents). */
  readonly imports: ReadonlySet<string>;
  /**
   * The absolute names it imports and uses other than as a call in a coroutine or a callback handed to the event loop
   * (see namesUsedOutsideCoroutines): a function another module uses only in coroutines runs with their loop running.
   * Left out where the index reads a module's uses only when a rule asks about a function (the CLI's: see
   * summarizeModule's `withUses`), for reading every name of every module is a good part of a summary's cost.
   */
  readonly usedOutsideCoroutines?: ReadonlySet<string>;
  /** With usedOutsideCoroutines, where there are some: the classes a protocol factory handed to the event loop builds. */
  readonly builtByLoopFactory?: ReadonlySet<string>;
  /** With usedOutsideCoroutines, where there are some: those of them it only calls after getting the current loop. */
  readonly calledAfterCurrentLoop?: ReadonlySet<string>;
  /** Names imported at module level, which other modules may import from here: `load` → `pkg.db.load`. */
  readonly reexports: ReadonlyMap<string, string>;
  /**
   * A conftest.py's: the fixtures it gives the tests of its folder, by the name pytest knows each by, with what each
   * hands out where that is known and not None (see handedOutValue), else null; names it imports are null too (an
   * imported fixture is one), and a wildcard import is `*`, null.
   */
  readonly fixtures?: ReadonlyMap<string, KnownValue | null>;
  /**
   * The names its functions replacing the loop's `run_in_executor` mention other than by calling them (see
   * executorSpies.ts), where it has such functions.
   */
  readonly executorSpyNames?: ReadonlySet<string>;
  /**
   * The dotted paths (absolute) at which its functions replace `get_event_loop` (`asyncio.get_event_loop` for a test's
   * `mock.patch("asyncio.get_event_loop")`), and the names (no dot) those functions mention other than by calling them
   * (see getEventLoopPatches.ts), where it has such calls.
   */
  readonly getEventLoopPatches?: ReadonlySet<string>;
}

/** A call of `asyncio.set_event_loop()`: only a function making one sets a loop current (see setsLoopInOwnBody). */
function callsSetEventLoop(site: CallSite): boolean {
  return site.target === 'asyncio.set_event_loop';
}

/**
 * The functions of the module whose bodies may leave a loop current, to be read (see setsLoopInOwnBody): those calling
 * `asyncio.set_event_loop()`, and those calling one of them, a function or method of this module (a class's call
 * runs its `__init__`), however far down (`FeedHandler.run()` calling `_get_event_loop()`, which sets one where there
 * is none). Most modules call no `set_event_loop` at all, and no body is read then.
 */
function loopSetters(functions: ReadonlyMap<string, FunctionSummary>, module: ModuleIdentity): Set<string> {
  const setters = new Set<string>();
  for (const [name, summary] of functions) if (summary.calls.some(callsSetEventLoop)) setters.add(name);
  const prefix = `${module.name}.`;
  const callsSetter = (site: CallSite): boolean => {
    if (!site.target.startsWith(prefix)) return false;
    const local = site.target.slice(prefix.length);
    return setters.has(local) || setters.has(`${local}.__init__`);
  };
  for (let grew = setters.size > 0; grew;) {
    grew = false;
    for (const [name, summary] of functions)
      if (!setters.has(name) && summary.calls.some(callsSetter)) {
        setters.add(name);
        grew = true;
      }
  }
  return setters;
}

/**
 * What other modules need to know of `model`'s module. `blockingRule`: the rule saying a call to a qualified name
 * blocks the event loop by itself, if one does (the linter's blocking-call rules: Linter.blockingRule). `withUses`:
 * with usedOutsideCoroutines (not where the index reads a module's uses when asked: see WorkspaceIndex.setModuleLoader).
 */
export function summarizeModule(
  file: string,
  module: ModuleIdentity,
  model: SemanticModel,
  blockingRule: (qualifiedName: string) => RuleInfo | undefined,
  withUses = true,
): ModuleSummary {
  const functions = new Map<string, FunctionSummary>();
  const classes = new Set<string>();
  const classBases = new Map<string, readonly string[]>();
  const own = ownCopies();
  const absolute = (name: string): string => absoluteName(name, module);
  // Plain functions by name, whose bodies may leave a loop current (see loopSetters).
  const plainFunctions = new Map<string, Scope>();
  // A call blocking the event loop by itself; not a sleep of a few milliseconds (see isBriefSleep), nor one its author
  // accepted blocking (see acceptedBlockingCalls.ts), nor file I/O only Pyodide runs, in memory (see pyodideOnlyCode.ts).
  const blocksAt = (target: string, call: SyntaxNode, callScope: Scope): boolean => {
    const rule = blockingRule(target);
    return (
      rule !== undefined &&
      !returnsAtOnce(target, call, callScope, model) &&
      !isBriefSleep(target, call) &&
      !isAcceptedBlockingCall(call, rule) &&
      !isInMemoryFileIo(rule, callScope, model)
    );
  };
  for (const scope of model.scopes) {
    if (scope.kind === 'class') {
      const local = localClassName(scope);
      const metaclass = local === undefined ? undefined : writtenMetaclass(scope.node, model, module.name, absolute);
      const bases =
        local === undefined ? [] : [...writtenBases(scope.node, model, module.name, absolute), ...(metaclass ? [metaclass] : [])];
      if (local !== undefined && bases.length > 0) classBases.set(own(local), bases.map(own));
    }
    const addressable = addressableName(scope);
    if (addressable === undefined) continue;
    const name = own(addressable);
    if (scope.kind === 'class') {
      classes.add(name);
      continue;
    }
    const calls: CallSite[] = [];
    let blockingCall: CallSite | undefined;
    for (const callScope of scopesRunWith(scope))
      for (const call of callScope.calls) {
        // What the call targets is asked first: about two calls in three have no target a summary can name (a method of
        // an object of unknown class) or one leading nowhere, and the tests below, each reading the code around the
        // call, would leave them out anyway.
        const target = callTarget(call, callScope, model, module);
        if (target === undefined) continue;
        const blocking = blocksAt(target, call, callScope);
        // A builtin that does not block leads nowhere: no chain runs through it, so it is not kept.
        if (!blocking && target.startsWith('builtins.')) continue;
        // Made once, for every caller (a lazy singleton's first call, a memoized function's value): not followed from the
        // callers; nor a call in a branch that never runs (`if _IS_SYNC:` with `_IS_SYNC = False`), nor one made only
        // when the process environment sets a variable the module does not (see environmentSwitches.ts), nor one
        // behind a test reading a name bound nowhere (see undefinedNameTests.ts).
        // Nor `return gen(...)`, which only hands the caller a generator (see returnsGenerator).
        if (
          setsUpSharedObject(call, scope, model) ||
          model.isUnreachable(call) ||
          behindUndefinedName(call, scope.node, model, callScope) ||
          behindEnvironmentSwitch(call, scope.node, model, callScope) ||
          returnsGenerator(call, callScope, model)
        )
          continue;
        // A builtin's arguments decide nothing: no guard of ours is on its parameters.
        const known = target.startsWith('builtins.') ? undefined : knownArguments(call, model, callScope);
        const passes = blocking ? [] : passedParameters(call, callScope, scope.node, model);
        const handsOn = blocking ? undefined : keywordsHandedOn(call, scope.node);
        const site = detachedSite(own, absolute, {
          target,
          start: call.startPosition,
          end: call.endPosition,
          ...(blocking
            ? callGuard(call, scope.node, model, callScope, blocksOnlyWhen(target, call, callScope, model), (other, otherScope) => {
                // A blocking call on every other branch of an `if` around it (one blocking whatever its arguments) blocks
                // as well.
                const called = callTarget(other, otherScope, model, module);
                return (
                  called !== undefined &&
                  blocksAt(called, other, otherScope) &&
                  blocksOnlyWhen(called, other, otherScope, model) === undefined
                );
              })
            : callGuard(call, scope.node, model, callScope)),
          ...(known === undefined ? {} : { known }),
          ...(passes.length > 0 ? { passes } : {}),
          ...(handsOn === undefined ? {} : { handsOn }),
          ...(skippedUnderPytest(call, scope.node, model, callScope) ? { outsideTests: true } : {}),
          ...(!blocking && mayRunGeneratorItMakes(call, callScope, model) ? { runsGenerator: true } : {}),
          ...(scope.yields.length > 0 && runsAfterYield(call, scope.node, model) ? { onExit: true } : {}),
        });
        calls.push(site);
        if (blocking && (!blockingCall || preferredBlockingCall(site, blockingCall))) blockingCall = site;
      }
    const isAsync = scope.isAsyncFunction;
    const assigned =
      scope.name === '__init__' && scope.parent?.kind === 'class' && calls.length > 0
        ? attributesFromParameters(scope.node, model).map(({ compared, ...from }) => ({
            ...from,
            ...(compared && { compared: compared.equalTo === undefined ? compared : { ...compared, equalTo: own(compared.equalTo) } }),
            attribute: own(from.attribute),
            parameter: own(from.parameter),
          }))
        : [];
    const attributeClasses =
      scope.name === '__init__' && scope.parent?.kind === 'class' ? declaredAttributeClasses(scope.node, model) : undefined;
    const isGenerator = isGeneratorFunction(scope.node, model);
    if (!isAsync && !isGenerator) plainFunctions.set(name, scope);
    const threadDecorator = !isAsync && runsArgumentInThread(scope, model);
    // Only a function with a `def` of its own can return one (reading every body for a `return` cost more).
    const definesFunction = scope.children.some((child) => child.kind === 'function');
    const mayDecorate = !isAsync && !isGenerator && definesFunction;
    const plainWrapper = mayDecorate ? plainWrapperKind(scope.node) : undefined;
    const decorators = isAsync && isWrappedByDecorator(scope.node, model) ? decoratorNames(scope.node, model, module).map(own) : [];
    const isCoroutine = isAsync && isCoroutineFunction(scope.node, model);
    const suspension = isCoroutine ? suspensionSummary(scope, model, module, own) : undefined;
    const returnsClass = !isAsync && !isGenerator ? returnedClassName(scope, model, module) : undefined;
    const keepsTasks = !isAsync && TASK_SPAWNING_METHODS.has(scope.name) && storesTaskItStarts(scope.node, model);
    functions.set(name, {
      name,
      isAsync,
      isCoroutineFunction: isCoroutine,
      isGeneratorFunction: isGenerator,
      ...(threadDecorator ? { runsArgumentInThread: true } : {}),
      ...(!isAsync && !isGenerator && !threadDecorator && isWrappedByDecorator(scope.node, model) ? { wrappedByDecorator: true } : {}),
      ...(plainWrapper ? { plainWrapper } : {}),
      ...(mayDecorate && catchesErrorTypeAroundCall(scope.node) ? { catchesErrorTypeAroundCall: true } : {}),
      ...(mayDecorate && setsLoopAroundCall(scope.node, model) ? { setsLoopAroundCall: true } : {}),
      ...(decorators.length > 0 ? { decorators } : {}),
      ...(blockingCall ? { blockingCall } : {}),
      calls,
      ...(assigned.length > 0 ? { attributesFromParameters: assigned } : {}),
      ...(attributeClasses ? { attributeClasses: ownAttributeClasses(attributeClasses, own) } : {}),
      ...(bodyStartsThread(scope, model) ? { startsThread: true } : {}),
      ...(suspension ? { suspension } : {}),
      ...(returnsClass === undefined ? {} : { returnsClass: own(returnsClass) }),
      ...(keepsTasks ? { storesTaskItStarts: true } : {}),
      ...(suspension && coroutineCannotFail(scope.node, model) ? { cannotFail: true } : {}),
    });
  }
  for (const name of loopSetters(functions, module)) {
    const scope = plainFunctions.get(name);
    const summary = functions.get(name);
    if (scope && summary && setsLoopInOwnBody(scope.node, model)) functions.set(name, { ...summary, setsLoopCurrent: true });
  }
  const imports = new Set<string>();
  const reexports = new Map<string, string>();
  for (const [name, bindings] of model.module.bindings) {
    for (const binding of bindings) {
      if (binding.kind !== 'import' || binding.importedName === undefined) continue;
      const imported = own(absoluteName(binding.importedName, module));
      reexports.set(own(name), imported);
      imports.add(imported);
      const dot = imported.lastIndexOf('.');
      if (dot > 0) imports.add(imported.slice(0, dot));
    }
  }
  const fixtures = path.basename(file) === 'conftest.py' ? conftestFixtures(model, module, own) : undefined;
  const uses = withUses ? namesUsedOutsideCoroutines(model, module) : undefined;
  const usedOutsideCoroutines = uses && new Set([...uses.outsideCoroutines].map(own));
  const builtByLoopFactory = uses && uses.builtByLoopFactory.size > 0 ? new Set([...uses.builtByLoopFactory].map(own)) : undefined;
  const calledAfterCurrentLoop =
    uses && uses.calledAfterCurrentLoop.size > 0 ? new Set([...uses.calledAfterCurrentLoop].map(own)) : undefined;
  const spied = executorSpyNames(model);
  const patchedLoopGetters = getEventLoopPatches(model);
  return {
    file,
    module,
    functions,
    classes,
    classBases,
    imports,
    ...(usedOutsideCoroutines ? { usedOutsideCoroutines } : {}),
    ...(builtByLoopFactory ? { builtByLoopFactory } : {}),
    ...(calledAfterCurrentLoop ? { calledAfterCurrentLoop } : {}),
    reexports,
    ...(fixtures ? { fixtures } : {}),
    ...(spied.size > 0 ? { executorSpyNames: new Set([...spied].map(own)) } : {}),
    ...(patchedLoopGetters.size > 0
      ? {
          getEventLoopPatches: new Set(
            [...patchedLoopGetters].map((patched) => own(patched.includes('.') ? absoluteName(patched, module) : patched)),
          ),
        }
      : {}),
  };
}

/**
 * For a coroutine function (`scope`): what its own body does, where it suspends nowhere but in `asyncio.sleep` and in
 * the coroutines it awaits, and each of those can be named (a function or method of this module, one of another module,
 * a method of a class an object is known to be an instance of: see calledName). Otherwise undefined.
 */
function suspensionSummary(
  scope: Scope,
  model: SemanticModel,
  module: ModuleIdentity,
  own: (text: string) => string,
): SuspensionSummary | undefined {
  const body = ownSuspension(scope.node, model);
  if (!body) return undefined;
  const awaits: string[] = [];
  for (const call of body.awaited) {
    const name = awaitedName(call, scope, model, module);
    if (name === undefined) return undefined;
    awaits.push(own(absoluteName(name, module)));
  }
  return { suspends: body.suspends, loopsOrAsserts: hasLoopOrAssert(body.block), awaits };
}

/** For a plain `def` annotated to return a class (`-> EventLoop`): that class's absolute name. */
function returnedClassName(scope: Scope, model: SemanticModel, module: ModuleIdentity): string | undefined {
  if (!scope.node.childForFieldName('return_type')) return undefined;
  const returned = returnedClass(scope.node, model);
  if (!returned) return undefined;
  if ('name' in returned) return absoluteName(returned.name, module);
  const classScope = model.scopeOfDefinition(returned.local);
  const local = classScope && addressableName(classScope);
  return local === undefined ? undefined : `${module.name}.${local}`;
}

/** What an awaited call calls: a function or method of this module (a nested one has no name), or another module's. */
function awaitedName(call: SyntaxNode, scope: Scope, model: SemanticModel, module: ModuleIdentity): string | undefined {
  const definition = calledDefinition(call, scope, model);
  if (!definition) return calledName(call, scope, model);
  const definitionScope = model.scopeOfDefinition(definition);
  const local = definitionScope && addressableName(definitionScope);
  return local === undefined ? undefined : `${module.name}.${local}`;
}

/** A conftest.py's fixtures (see ModuleSummary.fixtures); class names in what they hand out are absolute. */
function conftestFixtures(model: SemanticModel, module: ModuleIdentity, own: (text: string) => string): Map<string, KnownValue | null> {
  const fixtures = new Map<string, KnownValue | null>();
  for (const [name, bindings] of model.module.bindings)
    if (bindings.some((binding) => binding.kind === 'import')) fixtures.set(own(name), null);
  if (model.module.wildcardImports.length > 0) fixtures.set('*', null);
  for (const scope of model.module.children) {
    const name = scope.kind === 'function' ? fixtureName(scope.node, model) : undefined;
    if (name === undefined) continue;
    const value = handedOutValue(scope.node, model);
    const className = value?.className === undefined ? undefined : absoluteName(value.className, module);
    const classObject = value?.classObject === undefined ? undefined : absoluteName(value.classObject, module);
    fixtures.set(
      own(name),
      value === undefined
        ? null
        : detachedValue(own, {
            ...value,
            ...(className === undefined ? {} : { className }),
            ...(classObject === undefined ? {} : { classObject }),
          }),
    );
  }
  return fixtures;
}

/**
 * Copies of the names and code a summary quotes: it outlives its file's text (see detachedCopy). Equal strings share
 * one copy (a module calls the same few names many times).
 */
/** Attribute classes with names of their own (not views into the file's text, which a summary outlives). */
function ownAttributeClasses(declared: AttributeClasses, own: (text: string) => string): AttributeClasses {
  return Object.fromEntries(Object.entries(declared).map(([attribute, classes]) => [own(attribute), classes.map(own)]));
}

function ownCopies(): (text: string) => string {
  const copies = new Map<string, string>();
  return (text) => {
    let copy = copies.get(text);
    if (copy === undefined) {
      copy = detachedCopy(text);
      copies.set(copy, copy);
    }
    return copy;
  };
}

/**
 * Of a function's blocking calls, the one its summary keeps: one that always blocks before one only loops hold, before
 * one behind a branch (see conditionRank), then one a test makes too before one skipped where pytest is loaded (a
 * test's chain cannot go through that).
 */
function preferredBlockingCall(site: CallSite, kept: CallSite): boolean {
  const rank = conditionRank([site]);
  const keptRank = conditionRank([kept]);
  if (rank !== keptRank) return rank < keptRank;
  return kept.outsideTests === true && site.outsideTests === undefined;
}

/**
 * The call site with `own` copies of the names and code it quotes, and the classes its guard tests as other modules
 * read them (`absolute`: `.base.Store` made `pkg.base.Store`).
 */
function detachedSite(
  own: (text: string) => string,
  absolute: (name: string) => string,
  { target, condition, guard, known, passes, handsOn, ...where }: CallSite,
): CallSite {
  return {
    target: own(target),
    ...where,
    ...(handsOn === undefined ? {} : { handsOn: { ...handsOn, held: handsOn.held.map(own) } }),
    ...(condition === undefined ? {} : { condition: own(condition) }),
    ...(guard === undefined ? {} : { guard: detachedGuard(own, absolute, guard) }),
    ...(known === undefined ? {} : { known: detachedArguments(own, known) }),
    ...(passes === undefined
      ? {}
      : {
          passes: passes.map((passed) => ({
            ...passed,
            parameter: own(passed.parameter),
            ...(passed.keyword === undefined ? {} : { keyword: own(passed.keyword) }),
            ...(passed.default === undefined ? {} : { default: detachedValue(own, passed.default) }),
          })),
        }),
  };
}

function detachedGuard(own: (text: string) => string, absolute: (name: string) => string, guard: ParameterGuard): ParameterGuard {
  return {
    ...guard,
    parameter: own(guard.parameter),
    ...(guard.classes ? { classes: guard.classes.map((name) => own(absolute(name))) } : {}),
    ...(guard.protocols
      ? {
          protocols: Object.fromEntries(Object.entries(guard.protocols).map(([name, members]) => [own(absolute(name)), members.map(own)])),
        }
      : {}),
    ...(guard.equalTo === undefined ? {} : { equalTo: own(guard.equalTo) }),
    ...(guard.prefixes === undefined ? {} : { prefixes: guard.prefixes.map(own) }),
    ...(guard.default === undefined ? {} : { default: detachedValue(own, guard.default) }),
    ...(guard.also ? { also: guard.also.map((test) => detachedGuard(own, absolute, test)) } : {}),
  };
}

/** A known value with `own` copies of its class's name and its text (a literal's, quoted from the code). */
function detachedValue(own: (text: string) => string, value: KnownValue): KnownValue {
  return {
    ...value,
    ...(value.className === undefined ? {} : { className: own(value.className) }),
    ...(value.text === undefined ? {} : { text: own(value.text) }),
    ...(value.classObject === undefined ? {} : { classObject: own(value.classObject) }),
  };
}

function detachedArguments(own: (text: string) => string, known: KnownArguments): KnownArguments {
  const value = (argument: KnownValue | null): KnownValue | null => (argument === null ? null : detachedValue(own, argument));
  const keywords: Record<string, KnownValue | null> = {};
  for (const [name, argument] of Object.entries(known.keywords)) keywords[own(name)] = value(argument);
  return { ...known, positional: known.positional.map(value), keywords };
}

/** `f` and `C.m` for module-level functions, classes and their methods; undefined for anything nested deeper. */
function addressableName(scope: Scope): string | undefined {
  if (scope.kind !== 'function' && scope.kind !== 'class') return undefined;
  const parent = scope.parent;
  if (parent?.kind === 'module') return scope.name;
  if (scope.kind === 'function' && parent?.kind === 'class' && parent.parent?.kind === 'module') return `${parent.name}.${scope.name}`;
  return undefined;
}

/** The absolute names of a `def`'s decorators that name something (`pkg.status.AsyncStatus.wrap`), `()` after a call. */
function decoratorNames(definition: SyntaxNode, model: SemanticModel, module: ModuleIdentity): string[] {
  const decorated = definition.parent;
  if (decorated?.type !== 'decorated_definition') return [];
  const names: string[] = [];
  for (const decorator of decorated.namedChildren) {
    const written = decorator.type === 'decorator' ? decorator.firstNamedChild : null;
    const expression = written?.type === 'call' ? written.childForFieldName('function') : written;
    if (!expression) continue;
    const local = model.definitionOf(expression);
    const localScope = local && model.scopeOfDefinition(local);
    const localName = localScope && addressableName(localScope);
    const imported = localName === undefined ? model.qualifiedName(expression) : undefined;
    const name = localName !== undefined ? `${module.name}.${localName}` : imported && absoluteName(imported, module);
    if (name) names.push(written?.type === 'call' ? `${name}()` : name);
  }
  return names;
}

/**
 * The scopes whose calls are made when `scope` runs: itself and its comprehensions (not nested functions), in the
 * order their calls are listed. (A generator of the calls made an object and an iterator result for each call.)
 */
function scopesRunWith(scope: Scope, scopes: Scope[] = []): Scope[] {
  scopes.push(scope);
  for (const child of scope.children) if (child.kind === 'comprehension') scopesRunWith(child, scopes);
  return scopes;
}

/** The absolute name a call targets: a function of this module (`pkg.db.helper`), or what its callee resolves to. */
function callTarget(call: SyntaxNode, scope: Scope, model: SemanticModel, module: ModuleIdentity): string | undefined {
  const definition = model.calleeDefinition(call, scope);
  if (definition) {
    const definitionScope = model.scopeOfDefinition(definition);
    const local = definitionScope && addressableName(definitionScope);
    return local === undefined ? undefined : `${module.name}.${local}`;
  }
  const name = model.calleeName(call, scope);
  return name === undefined ? undefined : absoluteName(name, module);
}
