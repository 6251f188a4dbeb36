// What a rule may ask about the rest of the project (other modules of the workspace), when the
// caller has indexed it: the language server's workspace index, or the CLI's index of linted files.
import type { Point } from './rule';
import type { KnownValue, ParameterGuard } from '../ruleSupport/parameterGuard';
import type { AttributeClasses } from '../ruleSupport/declaredAttributes';

export interface ProjectFunction {
  /** Absolute qualified name: `pkg.db.load`, `pkg.db.Store.refresh`. */
  readonly qualifiedName: string;
  readonly file: string;
  /** An `async def` that returns a coroutine (not an async generator, not wrapped by an unknown decorator). */
  readonly isCoroutineFunction: boolean;
  readonly isAsync: boolean;
  /** A plain `def` whose body yields (a `@contextmanager` too): calling it runs none of its body. Not a class. */
  readonly isGeneratorFunction: boolean;
  /** A decorator that runs the function it decorates in a worker thread (see ruleSupport/threadDecorators.ts). */
  readonly runsArgumentInThread: boolean;
  /** A plain function whose decorator may make calling it run something other than its body (`@async_dispatch(arun)`). */
  readonly wrappedByDecorator: boolean;
  /**
   * A plain function whose body leaves a loop current once it ran (`asyncio.set_event_loop(self.loop)`, under no
   * condition or on every branch, or through a function of its module that does: see ruleSupport/loopMadeCurrent.ts): a
   * test base's `setUp`, a helper a test calls, a `run()` making sure of a loop. For a class, its `__init__`.
   */
  readonly setsLoopCurrent: boolean;
  /**
   * A decorator whose wrapper makes a loop current before it calls the function it decorates (a test suite's
   * `@dedicatedloop`): see ruleSupport/loopSettingDecorators.ts. Not a class.
   */
  readonly setsLoopAroundCall: boolean;
  /** Its own body hands work to another thread (for a class, its `__init__`'s): see ruleSupport/threadStarts.ts. */
  readonly startsThread: boolean;
  /**
   * Its own body (for a class, its `__init__`'s) finds the thread's current loop (`self.loop = asyncio.get_event_loop()`:
   * see ruleSupport/currentLoopGetters.ts): what it makes keeps that loop, and schedules its work there.
   */
  readonly findsCurrentLoop: boolean;
  /** A plain `def` annotated to return a class (`-> EventLoop`): its absolute name. Not a class. */
  readonly returnsClass?: string;
  /**
   * A class: the classes its `__init__` declares attributes of its instances to be, by attribute (`self.data = data`,
   * `data: bytes | bytearray`: see ruleSupport/declaredAttributes.ts), where it declares some.
   */
  readonly attributeClasses?: AttributeClasses;
  /**
   * A method named as one making a task (`create_task`) that stores the task it starts in a collection of its object
   * (an event-loop wrapper's: see ruleSupport/taskKeepingSpawners.ts).
   */
  readonly storesTaskItStarts: boolean;
  /**
   * A coroutine function that cannot fail (see ruleSupport/catchAllCoroutines.ts), where its body suspends only where
   * kept and in the coroutines it awaits (FunctionSummary.suspension): not read of others.
   */
  readonly cannotFail: boolean;
}

/** How the project's other modules use a function or class of this module (see ProjectView.usesElsewhere). */
export interface ProjectUses {
  /** A coroutine of another module calls it (in its own body: ModuleSummary's calls of an `async def`). */
  readonly calledByCoroutine: boolean;
  /** A protocol factory another module hands to the event loop builds it (ModuleSummary.builtByLoopFactory). */
  readonly builtByLoopFactory: boolean;
  /** Another module uses it otherwise: calls it from plain code, hands it on, derives from it (ModuleSummary.usedOutsideCoroutines). */
  readonly usedOtherwise: boolean;
}

/** One hop of a blocking chain: a call site and what it calls. */
export interface BlockingLink {
  /** `fetch_all` for a function, `requests.get` for the blocking call at the end. */
  readonly label: string;
  /** Absolute path of the file holding the call site. */
  readonly file: string;
  readonly start: Point;
  readonly end: Point;
  /** This hop runs only under a condition of its function, quoted (LOOP108 then says "may block, when …"). */
  readonly condition?: string;
  /** That condition as a test of one parameter of the hop's function, when a caller's arguments can decide it. */
  readonly guard?: ParameterGuard;
  /** That condition is only loops' (the hop runs where its loops run at all: see CallSite.loopsOnly). */
  readonly loopsOnly?: true;
  /** The hop is a generator's call after its yield: a `@contextmanager`'s clean-up, run when the `with` is left. */
  readonly onExit?: true;
  /** The hop calls a method of the object its method runs on (`self._open()`): its tests of `self.<name>` are of it too. */
  readonly onSameObject?: true;
}

/**
 * How a coroutine of the project suspends, where it suspends nowhere or only where the loop or its object keeps the task
 * (see ruleSupport/coroutineSuspension.ts).
 */
export interface CoroutineSuspension {
  /** It, or a coroutine it awaits, suspends (in `asyncio.sleep`, on a future its object keeps); else it never does. */
  readonly suspends: boolean;
  /** It, or a coroutine it awaits, loops or asserts. */
  readonly loopsOrAsserts: boolean;
}

export interface ProjectView {
  /** This file's module (`pkg.app`), for resolving relative imports. */
  readonly moduleName: string;
  /** This file's absolute path, where the caller knows it. */
  readonly file?: string;
  /** Resolves `.db.load` (relative to this module) to `pkg.db.load`; absolute names are returned as they are. */
  absoluteName(qualifiedName: string): string;
  /** A function or class (its `__init__`) defined in another indexed module. */
  findFunction(qualifiedName: string): ProjectFunction | undefined;
  /** The bases of a class of the project (absolute names; see ModuleSummary.classBases), if it has any. */
  classBases(qualifiedName: string): readonly string[] | undefined;
  /**
   * For a plain function of the project: the calls from it to a blocking call, or undefined if it does not block.
   * `fromTest`: the caller is a test, where calls made only outside pytest are not (CallSite.outsideTests).
   */
  blockingChain(qualifiedName: string, fromTest: boolean): readonly BlockingLink[] | undefined;
  /**
   * A cheap pre-check before resolving `obj.name()`: false only when no coroutine function of the
   * project has that last name (an index still loading modules on demand answers true).
   */
  mayBeCoroutineFunctionName(name: string): boolean;
  /**
   * Whether an `async def` of the project, as parsed (decorated or not), has that last name: the exact answer where
   * `mayBeCoroutineFunctionName` may say yes for a name found only in a string, a comment or code that does not parse
   * (an index loading modules on demand first loads those that may define it).
   */
  definesAsyncFunction(name: string): boolean;
  /**
   * Whether an `async def` of the project named `name` (a call's last name: `set` of `signal.set(1)`) is wrapped by a
   * decorator of the project that makes it a plain function (`@AsyncStatus.wrap`: see ruleSupport/plainWrappers.ts).
   * Such a call may return what that wrapper returns, not a coroutine.
   */
  madePlainByDecorator(name: string): boolean;
  /**
   * Whether a decorator of the project (an absolute name, `()` after one called: `pkg.jobs.Job()`) calls the function it
   * decorates in a `try` catching a type no `ExceptionGroup` is (see ruleSupport/errorCatchingDecorators.ts): what the
   * decorated coroutine raises must reach it as it is.
   */
  decoratorCatchesErrorType(decorator: string): boolean;
  /**
   * What the pytest fixture `name` hands out, as the nearest conftest.py defining it says (of this file's folder, or of
   * one above: pytest's order): its value where it is known and not None (ModuleSummary.fixtures), null where it is not
   * known; undefined where none of them defines it.
   */
  conftestFixture(name: string): KnownValue | null | undefined;
  /**
   * For an `async def` of the project (an absolute name: `pkg.db.Store.release`): how it suspends, where its own body and
   * those of the coroutines of the project it awaits suspend nowhere but in `asyncio.sleep` or on a future their object
   * keeps (see ruleSupport/coroutineSuspension.ts); undefined where it may suspend elsewhere, is decorated, or is a method a class
   * of the project deriving from its class overrides.
   */
  coroutineSuspension(qualifiedName: string): CoroutineSuspension | undefined;
  /** Whether a class of the project deriving from `className` (an absolute name) defines `method` as an `async def`. */
  overridesMethod(className: string, method: string): boolean;
  /**
   * How the project's other modules (all of them: an index loading modules on demand reads those whose text mentions
   * its last name) use a module-level function or class of this module (`pkg.db.load`), through re-exports.
   */
  usesElsewhere(qualifiedName: string): ProjectUses;
  /**
   * Whether every use the project's other modules make of a module-level function or class of this module outside
   * coroutines (what makes usesElsewhere say usedOtherwise) is a call after its function got the current loop
   * (`self.loop = asyncio.get_event_loop()`, then `Manager(...)`: see ruleSupport/afterCurrentLoopCalls.ts), each made
   * by a module of its own top-level package (not an example, a script or a test outside it, which stand for its users).
   */
  usedOtherwiseOnlyAfterCurrentLoop(qualifiedName: string): boolean;
  /**
   * Whether a function of the project replacing the loop's `run_in_executor` (a test's `patch.object(loop,
   * "run_in_executor", wraps=...)`) names a function of that last name other than by calling it: it checks what the
   * executor is handed (see ruleSupport/executorSpies.ts).
   */
  namedByExecutorSpy(lastName: string): boolean;
  /**
   * The dotted paths at which functions of the modules importing this one (or of this one) replace `get_event_loop` (a
   * test's `mock.patch("asyncio.get_event_loop")`: see ruleSupport/getEventLoopPatches.ts); empty in almost every project.
   */
  getEventLoopPatches(): readonly string[];
}
