// The project's modules, summarised, and the questions rules ask across them: where is a function
// defined, is it a coroutine function, does calling it block (and through which calls).
import path from 'node:path';
import type { BlockingLink, CoroutineSuspension, ProjectFunction, ProjectUses, ProjectView } from '../linter/projectView';
import { guardHoldsFor, type KnownValue, type ParameterGuard } from '../ruleSupport/parameterGuard';
import {
  forwardedGuard,
  sameObjectGuards,
  testsAttribute,
  throughConstructor,
  throughPassedParameter,
  withPassedOn,
} from '../ruleSupport/guardForwarding';
import { projectCallGoesThroughMetaclass, type ProjectClasses } from '../ruleSupport/metaclassCalls';
import { derivesFromAny } from '../ruleSupport/projectSubclasses';
import { conditionRank } from '../ruleSupport/chainPreference';
import { CURRENT_LOOP_GETTERS } from '../ruleSupport/currentLoopGetters';
import { SPIED_METHOD } from '../ruleSupport/executorSpies';
import { PATCHED_FUNCTION } from '../ruleSupport/getEventLoopPatches';
import { REPLACING_WORDS } from '../ruleSupport/testReplacements';
import { absoluteName, type ModuleIdentity } from './moduleNames';
import type { CallSite, FunctionSummary, ModuleSummary } from './moduleSummary';
import type { NameUses } from './usesOutsideCoroutines';
import { contradictsItself } from '../ruleSupport/contradictoryGuards';

/**
 * A module of the project whose source mentions a name, which an index filling on demand reads again only when a rule
 * asks how the project uses a function of that last name (see WorkspaceIndex.setModuleLoader).
 */
export interface ModuleMentioning {
  readonly file: string;
  /** Its module name. */
  readonly module: string;
  /** How it uses the names through that last name (see namesThrough); undefined where it cannot be read or parsed. */
  uses(): NameUses | undefined;
  /** Whether its source holds `fragment` (ASCII) as written; false where it cannot be read. */
  includes(fragment: string): boolean;
}

/** Blocking chains are followed through at most this many functions. */
const MAX_CHAIN_HOPS = 32;

/** Re-export chains (`pkg/__init__.py` importing from `.db`) are followed this far. */
const MAX_REEXPORT_HOPS = 8;

/** Coroutines awaiting coroutines are followed through at most this many (see coroutineSuspension). */
const MAX_AWAIT_HOPS = 8;

/** The state of one blocking-chain search. */
interface ChainWalk {
  readonly visiting: Set<string>;
  /** Followed from a test: calls skipped where pytest is loaded are not made (CallSite.outsideTests). */
  readonly fromTest: boolean;
  /** Set when a cycle or the hop limit stopped the search somewhere below. */
  cut: boolean;
  /** Set when a function met below has a call skipped where pytest is loaded: a test's chain may differ there. */
  switched: boolean;
}

/**
 * A module in the index whose summary is made when a lookup first needs it (OnDemandProject's test modules): it takes
 * the place its summary would, so answers are those the summary would give. Only in an index filling on demand: the
 * answers read from every module (`definesAsyncFunction`, `madePlainByDecorator`) pass over pending modules, for
 * their loader summarises first those that may define the name asked about.
 */
export class PendingSummary {
  constructor(
    readonly file: string,
    readonly module: ModuleIdentity,
    /** Undefined when the file can no longer be read or parsed. May throw (ParserNotReadyError): it then stays pending. */
    readonly summarize: () => ModuleSummary | undefined,
  ) {}
}

type IndexedModule = ModuleSummary | PendingSummary;

interface FoundFunction {
  readonly module: ModuleSummary;
  readonly summary: FunctionSummary | undefined;
  readonly qualifiedName: string;
  /** Found as a class: `summary` is its `__init__`'s. */
  readonly isClass?: boolean;
}

export class WorkspaceIndex {
  private readonly byModule = new Map<string, IndexedModule>();
  private readonly byFile = new Map<string, IndexedModule>();
  private readonly fingerprints = new Map<string, string>();
  /** The chains found so far, from production code and from tests (which skip the calls made only outside pytest). */
  private chains = {
    production: new Map<string, readonly BlockingLink[] | null>(),
    tests: new Map<string, readonly BlockingLink[] | null>(),
  };
  /**
   * The functions whose production chain went through one with a call skipped where pytest is loaded: only for those
   * is a test's chain worked out apart (almost no project has such a call, and every test module asks).
   */
  private switchedChains = new Set<string>();
  /** The last names of the project's `async def`s, and of those among them that are coroutine functions. */
  private asyncFunctionNames: { readonly coroutines: Set<string>; readonly all: Set<string> } | undefined;
  /** Each name of a decorated `async def` of the project, with the decorators of each (ModuleSummary's `decorators`). */
  private decoratedAsyncDefs: Map<string, (readonly string[])[]> | undefined;
  /** Indexes a module found by name, when the index fills on demand (the CLI); true if it found one. */
  private moduleLoader: ((moduleName: string) => boolean) | undefined;
  /** With a loader: whether a name may be a coroutine function's in a module not loaded yet (else: it may). */
  private unloadedCoroutineName: ((name: string) => boolean) | undefined;
  /** With a loader: indexes the files that may define an `async def` of that name (else: all are indexed). */
  private definitionLoader: ((name: string) => void) | undefined;
  /** With a loader: indexes a file not indexed yet (a conftest.py, a module mentioning a name), if there is one at that path. */
  private fileLoader: ((file: string) => void) | undefined;
  /**
   * With a loader: the project's modules whose source mentions a name, read when asked (else: every module is indexed,
   * and each summary says how it uses what it imports).
   */
  private mentioning: ((lastName: string) => readonly ModuleMentioning[]) | undefined;
  private readonly triedModules = new Set<string>();
  /** With a loader: for each attribute asked about, the modules that may hold a test replacing it (see modulesReplacing). */
  private replacingModules = new Map<string, readonly string[]>();
  /** How each coroutine asked about suspends (null: it may suspend elsewhere), and which methods a subclass overrides. */
  private suspensions = new Map<string, CoroutineSuspension | null>();
  private overriddenMethods = new Map<string, boolean>();
  /** Each name of an `async def` of a class with bases, with those classes (`pkg.db.Store`): where overrides may be. */
  private asyncMethodsOfSubclasses: Map<string, string[]> | undefined;

  /** Forgets which module names the loader could not find (after it learned new places to look). */
  retryMissingModules(): void {
    this.triedModules.clear();
  }

  /**
   * Lets `find` index modules on demand instead of needing them all up front. `mayBeCoroutineName` answers, for the
   * modules the loader could load, the cheap pre-check `mayBeCoroutineFunctionName` (else every name may be one);
   * `loadDefinitions` indexes the files that may define an `async def` of a name, before `madePlainByDecorator` looks
   * at the modules indexed (else all are); `mentioning` lists the project's modules whose source mentions a name,
   * whose summaries leave out how they use what they import (see summarizeModule's `withUses`).
   */
  setModuleLoader(
    loader: ((moduleName: string) => boolean) | undefined,
    mayBeCoroutineName?: (name: string) => boolean,
    loadDefinitions?: (name: string) => void,
    loadFile?: (file: string) => void,
    mentioning?: (lastName: string) => readonly ModuleMentioning[],
  ): void {
    this.moduleLoader = loader;
    this.unloadedCoroutineName = loader ? mayBeCoroutineName : undefined;
    this.definitionLoader = loader ? loadDefinitions : undefined;
    this.fileLoader = loader ? loadFile : undefined;
    this.mentioning = loader ? mentioning : undefined;
    this.replacingModules.clear();
    this.triedModules.clear();
  }

  get moduleCount(): number {
    return this.byFile.size;
  }

  /** Stores a module's summary; true when what other modules see of it changed. */
  update(summary: ModuleSummary): boolean {
    const held = this.byFile.get(summary.file);
    if (held && held.module.name !== summary.module.name) this.byModule.delete(held.module.name);
    // A pending module was never seen: its summary replaces it as a new module's would.
    const previous = held instanceof PendingSummary ? undefined : held;
    this.byFile.set(summary.file, summary);
    this.byModule.set(summary.module.name, summary);
    // A module's first summary is not fingerprinted until a second one comes to compare (the CLI never sends one).
    if (previous) {
      const fingerprint = fingerprintOf(summary);
      const before = this.fingerprints.get(summary.file) ?? fingerprintOf(previous);
      this.fingerprints.set(summary.file, fingerprint);
      if (before === fingerprint) return false;
    }
    // While modules load on demand, a lookup finds any module it needs, so a module added later cannot
    // change an answer already given; only a changed module can.
    if (previous || !this.moduleLoader) this.invalidate();
    else this.addedOnDemand(summary);
    return true;
  }

  /** What a module new to an index filling on demand changes: the answers read from every module, not others. */
  private addedOnDemand(summary: ModuleSummary): void {
    this.asyncFunctionNames = undefined;
    if (this.decoratedAsyncDefs) addDecoratedAsyncDefs(this.decoratedAsyncDefs, summary);
    if (this.asyncMethodsOfSubclasses) addAsyncMethodsOfSubclasses(this.asyncMethodsOfSubclasses, summary);
  }

  /**
   * Indexes a module whose summary is made when a lookup first needs it (see PendingSummary), as `update` would index
   * the summary; only while modules load on demand (see setModuleLoader) and for a file not indexed yet.
   */
  addPending(pending: PendingSummary): void {
    if (!this.moduleLoader || this.byFile.has(pending.file)) throw new Error(`${pending.file}: no pending summary here`);
    this.byFile.set(pending.file, pending);
    // Nothing to forget: a pending module gives no answer until it is summarised (see summaryIn).
    this.byModule.set(pending.module.name, pending);
  }

  remove(file: string): boolean {
    const summary = this.byFile.get(file);
    if (!summary) return false;
    this.byFile.delete(file);
    this.fingerprints.delete(file);
    if (this.byModule.get(summary.module.name) === summary) this.byModule.delete(summary.module.name);
    this.invalidate();
    return true;
  }

  /** Whether the file is indexed (a pending module is: it is summarised when needed). */
  has(file: string): boolean {
    return this.byFile.has(file);
  }

  /** Whether a module of that name is indexed (pending or not). */
  hasModule(name: string): boolean {
    return this.byModule.has(name);
  }

  summaryOf(file: string): ModuleSummary | undefined {
    return this.summaryIn(this.byFile.get(file));
  }

  /** The summary of an indexed module, made now if it was pending. */
  private summaryIn(held: IndexedModule | undefined): ModuleSummary | undefined {
    if (!(held instanceof PendingSummary)) return held;
    const summary = held.summarize();
    if (!summary) {
      this.remove(held.file);
      return undefined;
    }
    this.byFile.set(held.file, summary);
    if (this.byModule.get(held.module.name) === held) this.byModule.set(held.module.name, summary);
    this.addedOnDemand(summary);
    return summary;
  }

  files(): IterableIterator<string> {
    return this.byFile.keys();
  }

  /**
   * Files importing from the module defined in `file` (their cross-module diagnostics may change with it); for a
   * conftest.py, also the files of its folder and those below, whose tests its fixtures are given to.
   */
  dependentsOf(file: string): string[] {
    const held = this.byFile.get(file);
    if (held === undefined) return [];
    // Imported also as a module of the namespace package named by the folder above its top package (see lookUp).
    const names = [held.module.name, `${path.basename(folderAboveTopPackage(held))}.${held.module.name}`];
    const folder = path.basename(file) === 'conftest.py' ? path.dirname(file) + path.sep : undefined;
    return [...this.byFile.keys()].filter((other) => {
      if (other === file) return false;
      if (folder && other.startsWith(folder)) return true;
      const imports = this.summaryOf(other)?.imports;
      return imports !== undefined && names.some((name) => imports.has(name));
    });
  }

  /** What the rules linting `file` (module `module`) may ask about the rest of the project. */
  view(module: ModuleIdentity, file?: string): ProjectView {
    const fixtures = new Map<string, KnownValue | null | undefined>();
    return {
      conftestFixture: (name) => {
        if (file === undefined) return undefined;
        if (!fixtures.has(name)) fixtures.set(name, this.conftestFixture(file, name));
        return fixtures.get(name);
      },
      moduleName: module.name,
      file,
      absoluteName: (name) => absoluteName(name, module),
      findFunction: (name) => this.projectFunction(name),
      classBases: (name) => this.classBases(name),
      blockingChain: (name, fromTest) =>
        this.blockingChain(name, { visiting: new Set(), fromTest, cut: false, switched: false }) ?? undefined,
      mayBeCoroutineFunctionName: (name) =>
        this.moduleLoader !== undefined ? (this.unloadedCoroutineName?.(name) ?? true) : this.asyncFunctionsByName().coroutines.has(name),
      definesAsyncFunction: (name) => {
        this.definitionLoader?.(name);
        return this.asyncFunctionsByName().all.has(name);
      },
      madePlainByDecorator: (name) => this.madePlainByDecorator(name),
      decoratorCatchesErrorType: (decorator) => this.decoratorCatchesErrorType(decorator),
      coroutineSuspension: (name) => this.coroutineSuspension(name) ?? undefined,
      overridesMethod: (className, method) => this.overridesMethod(className, method),
      usesElsewhere: (name) => this.usesElsewhere(name, module.name),
      usedOtherwiseOnlyAfterCurrentLoop: (name) => file !== undefined && this.usedOtherwiseOnlyAfterCurrentLoop(name, module.name, file),
      namedByExecutorSpy: (name) => this.namedByExecutorSpy(name),
      getEventLoopPatches: () => this.getEventLoopPatches(module.name),
    };
  }

  /**
   * How the coroutine `qualifiedName` suspends: its summary's own body (FunctionSummary.suspension) with the coroutines it
   * awaits, followed through their summaries; null where one of them may suspend elsewhere, is not known, or is a
   * method a class deriving from its class overrides (what runs may be the override), and where the awaits go round in
   * a cycle or further than MAX_AWAIT_HOPS. `visiting`: the coroutines whose awaits are being followed.
   */
  private coroutineSuspension(qualifiedName: string, visiting: Set<string> = new Set()): CoroutineSuspension | null {
    const known = this.suspensions.get(qualifiedName);
    if (known !== undefined) return known;
    if (visiting.has(qualifiedName) || visiting.size >= MAX_AWAIT_HOPS) return null;
    const found = this.find(qualifiedName);
    const own = found && found.isClass !== true ? found.summary?.suspension : undefined;
    let answer: CoroutineSuspension | null = null;
    if (found && own && !this.isOverridden(found)) {
      visiting.add(qualifiedName);
      answer = { suspends: own.suspends, loopsOrAsserts: own.loopsOrAsserts };
      for (const target of own.awaits) {
        const awaited = this.coroutineSuspension(target, visiting);
        if (!awaited) {
          answer = null;
          break;
        }
        answer = { suspends: answer.suspends || awaited.suspends, loopsOrAsserts: answer.loopsOrAsserts || awaited.loopsOrAsserts };
      }
      visiting.delete(qualifiedName);
    }
    // Only an answer worked out from the top is kept: one below may have been cut short by a cycle or the hop limit.
    if (visiting.size === 0) this.suspensions.set(qualifiedName, answer);
    return answer;
  }

  /** Whether `found` is a method (`Class.method` of a module-level class) a class deriving from its class overrides. */
  private isOverridden(found: FoundFunction): boolean {
    const local = found.summary?.name ?? '';
    const dot = local.lastIndexOf('.');
    return dot > 0 && this.overridesMethod(`${found.module.module.name}.${local.slice(0, dot)}`, local.slice(dot + 1));
  }

  /**
   * Whether a class of the project deriving from `className` defines `method` as an `async def` (an override of a
   * coroutine is one). With a loader, the files that may define an `async def` of that name are indexed first.
   */
  private overridesMethod(className: string, method: string): boolean {
    const key = `${className}:${method}`;
    const known = this.overriddenMethods.get(key);
    if (known !== undefined) return known;
    this.definitionLoader?.(method);
    const defined = this.find(className)?.qualifiedName ?? className;
    const classes = {
      absoluteName: (name: string) => name,
      findFunction: (name: string) => this.projectFunction(name),
      classBases: (name: string) => this.classBases(name),
    };
    const definers = this.asyncMethodsOfSubclassesByName().get(method) ?? [];
    const overridden = definers.some((subclass) => subclass !== defined && derivesFromAny(subclass, [defined], classes));
    this.overriddenMethods.set(key, overridden);
    return overridden;
  }

  private asyncMethodsOfSubclassesByName(): ReadonlyMap<string, readonly string[]> {
    if (!this.asyncMethodsOfSubclasses) {
      this.asyncMethodsOfSubclasses = new Map();
      for (const module of this.byFile.values())
        if (!(module instanceof PendingSummary)) addAsyncMethodsOfSubclasses(this.asyncMethodsOfSubclasses, module);
    }
    return this.asyncMethodsOfSubclasses;
  }

  /**
   * Files of the modules whose functions `file` uses (their diagnostics may change with it: a function all of whose
   * uses are in coroutines reads as running in one), where indexed: the modules it imports from, and those defining
   * what it imports through re-exports.
   */
  usedModulesOf(file: string): string[] {
    const summary = this.summaryOf(file);
    if (!summary) return [];
    const used = new Set<string>();
    for (const name of summary.imports) {
      const module = this.byModule.get(name) ?? this.find(name)?.module;
      if (module && module.file !== file) used.add(module.file);
    }
    return [...used];
  }

  /** Whether a module of that name is indexed, or can be loaded. */
  private isProjectModule(name: string): boolean {
    return this.summaryIn(this.byModule.get(name)) !== undefined || this.loadModule(name) !== undefined;
  }

  /**
   * Whether a name a module uses resolves to `qualifiedName`, or is a longer one through it (`load.__name__`); the last
   * part is compared first, for most names a module uses are of other modules.
   */
  private reachesName(qualifiedName: string): (name: string) => boolean {
    const lastName = qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1);
    return (name: string): boolean => {
      if (name === qualifiedName || name.startsWith(`${qualifiedName}.`)) return true;
      if (!name.endsWith(`.${lastName}`) && !name.includes(`.${lastName}.`)) return false;
      const parts = name.split('.');
      for (let end = parts.length; end >= 2; end--) {
        if (parts[end - 1] !== lastName) continue;
        const found = this.find(parts.slice(0, end).join('.'));
        if (found?.qualifiedName === qualifiedName) return true;
        // A name of a project module that its summary does not show (brought by a wildcard import): it may be this one.
        if (found === undefined && this.isProjectModule(parts.slice(0, end - 1).join('.'))) return true;
      }
      return false;
    };
  }

  /**
   * Whether every use other modules make of the function or class `qualifiedName` outside coroutines is a call after
   * their function got the current loop (see ProjectView.usedOtherwiseOnlyAfterCurrentLoop).
   */
  private usedOtherwiseOnlyAfterCurrentLoop(qualifiedName: string, moduleName: string, file: string): boolean {
    const reaches = this.reachesName(qualifiedName);
    // Only modules of its own package count: an example, a script or a test outside it stands for the package's users,
    // who may build it with no loop got first (aiosip's examples doing `loop = asyncio.get_event_loop()`, then
    // `aiosip.Application(loop=loop)`: its own fallback is the library's documented path).
    const inOwnPackage = ownPackageTest(file, moduleName);
    const onlyAfterLoop = (user: string, outside: ReadonlySet<string>, afterLoop: ReadonlySet<string> | undefined): boolean =>
      [...outside].every((name) => !reaches(name) || (afterLoop?.has(name) === true && inOwnPackage(user)));
    if (!this.mentioning)
      return [...this.byFile.values()].every(
        (held) =>
          held instanceof PendingSummary ||
          held.module.name === moduleName ||
          (held.usedOutsideCoroutines !== undefined && onlyAfterLoop(held.file, held.usedOutsideCoroutines, held.calledAfterCurrentLoop)),
      );
    const lastName = qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1);
    // Read first the modules a summary already made shows calling it from a plain function (usesElsewhere found such a
    // use): one of them mostly answers no, before the others are read again (reading them all cost a twelfth of a lint).
    const callsItPlainly = (file: string): boolean => {
      const held = this.byFile.get(file);
      return held !== undefined && !(held instanceof PendingSummary) && callsFrom(held, reaches, false);
    };
    const others = this.mentioning(lastName).filter((module) => module.module !== moduleName);
    return [...others.filter((module) => callsItPlainly(module.file)), ...others.filter((module) => !callsItPlainly(module.file))].every(
      (module) => {
        const uses = module.uses();
        return uses === undefined || onlyAfterLoop(module.file, uses.outsideCoroutines, uses.calledAfterCurrentLoop);
      },
    );
  }

  /** How modules other than `moduleName` use its function or class `qualifiedName` (see ProjectView.usesElsewhere). */
  private usesElsewhere(qualifiedName: string, moduleName: string): ProjectUses {
    const lastName = qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1);
    const reaches = this.reachesName(qualifiedName);
    // (The same answer whatever the order modules were indexed or read in: a lint cache keeps it.)
    const usedOtherwise: ProjectUses = { calledByCoroutine: false, builtByLoopFactory: false, usedOtherwise: true };
    const callsIt = (summary: ModuleSummary, isAsync: boolean): boolean => callsFrom(summary, reaches, isAsync);
    let calledByCoroutine = false;
    let builtByLoopFactory = false;
    if (!this.mentioning) {
      // Every module is indexed, its summary saying how it uses what it imports (the language server's index).
      for (const held of [...this.byFile.values()]) {
        if (held instanceof PendingSummary || held.module.name === moduleName) continue;
        // (A summary made without what it uses tells nothing: it may use it.)
        if (!held.usedOutsideCoroutines || [...held.usedOutsideCoroutines].some(reaches)) return usedOtherwise;
        calledByCoroutine ||= callsIt(held, true);
        builtByLoopFactory ||= [...(held.builtByLoopFactory ?? [])].some(reaches);
      }
      return { calledByCoroutine, builtByLoopFactory, usedOtherwise: false };
    }
    // The CLI's: the modules whose source mentions the name, read again. A call from a plain function, which a summary
    // already made shows, decides first, before any is read: most functions asked about have such a caller.
    const mentioning = this.mentioning(lastName).filter((module) => module.module !== moduleName);
    for (const module of mentioning) {
      const held = this.byFile.get(module.file);
      if (held && !(held instanceof PendingSummary) && callsIt(held, false)) return usedOtherwise;
    }
    for (const module of mentioning) {
      const uses = module.uses();
      if (!uses) continue;
      if ([...uses.outsideCoroutines].some(reaches)) return usedOtherwise;
      calledByCoroutine ||= [...uses.coroutineCalls].some(reaches);
      builtByLoopFactory ||= [...uses.loopFactoryBuilds].some(reaches);
    }
    return { calledByCoroutine, builtByLoopFactory, usedOtherwise: false };
  }

  /**
   * Whether a module of the project has a function replacing `run_in_executor` that names `lastName` other than by
   * calling it (ModuleSummary.executorSpyNames). Filling on demand (the CLI), only the modules whose source mentions
   * `run_in_executor` are read, indexed first if they were not: most projects have none.
   */
  private namedByExecutorSpy(lastName: string): boolean {
    return this.summariesReplacing(SPIED_METHOD).some((summary) => summary.executorSpyNames?.has(lastName));
  }

  /**
   * The paths at which modules of the project replace `get_event_loop` (ModuleSummary.getEventLoopPatches), found as
   * namedByExecutorSpy finds its modules: those of the modules that are `moduleName` or import it, or a package above
   * it (`import pkg`), as a test of it does. A test patching asyncio for the code of another part of the project does
   * not pin this module's calls.
   */
  private getEventLoopPatches(moduleName: string): readonly string[] {
    const imports = (summary: ModuleSummary): boolean =>
      summary.module.name === moduleName ||
      [...summary.imports].some((imported) => moduleName === imported || moduleName.startsWith(`${imported}.`));
    return this.summariesReplacing(PATCHED_FUNCTION)
      .filter((summary) => summary.getEventLoopPatches !== undefined && imports(summary))
      .flatMap((summary) => [...summary.getEventLoopPatches!]);
  }

  /**
   * The summaries of the modules that may hold a test replacing `attribute`: every module's when all are indexed (the
   * language server), else those modulesReplacing finds, indexed first if they were not.
   */
  private summariesReplacing(attribute: string): ModuleSummary[] {
    if (!this.mentioning) return [...this.byFile.values()].filter((held): held is ModuleSummary => !(held instanceof PendingSummary));
    const summaries: ModuleSummary[] = [];
    for (const file of this.modulesReplacing(attribute)) {
      if (!this.byFile.has(file)) this.fileLoader?.(file);
      const summary = this.summaryOf(file);
      if (summary) summaries.push(summary);
    }
    return summaries;
  }

  /**
   * With a loader: the project's modules that may hold a test replacing `attribute` (`run_in_executor`,
   * `get_event_loop`), found from their text once a run (a few in a whole project). Such a test names the attribute as
   * a string (`patch.object(loop, "run_in_executor", ...)`, `patch("asyncio.get_event_loop")`) and a way to replace it;
   * the many modules merely calling it are neither parsed ahead of their turn nor searched for each name asked about.
   */
  private modulesReplacing(attribute: string): readonly string[] {
    let found = this.replacingModules.get(attribute);
    if (!found) {
      const replacing = new Set(REPLACING_WORDS.flatMap((word) => this.mentioning!(word)).map(({ file }) => file));
      const quoted = [`${attribute}"`, `${attribute}'`];
      found = this.mentioning!(attribute)
        .filter((module) => replacing.has(module.file) && quoted.some((fragment) => module.includes(fragment)))
        .map(({ file }) => file);
      this.replacingModules.set(attribute, found);
    }
    return found;
  }

  /**
   * Whether a decorator (an absolute name, `()` after one called) is a function of the project, or a class called for
   * an instance that decorates through its `__call__` (`@Job(...)`), whose wrapper catches an error type around its call.
   */
  /**
   * The fixture `name` as the nearest conftest.py defining it, of `file`'s folder or one above, hands it out (see
   * ProjectView.conftestFixture).
   */
  private conftestFixture(file: string, name: string): KnownValue | null | undefined {
    for (let folder = path.dirname(file); ;) {
      const conftest = path.join(folder, 'conftest.py');
      if (!this.byFile.has(conftest)) this.fileLoader?.(conftest);
      const fixtures = this.summaryOf(conftest)?.fixtures;
      // (Its own fixtures first, then what a wildcard import may bring.)
      if (fixtures?.has(name)) return fixtures.get(name) ?? null;
      if (fixtures?.has('*')) return null;
      const parent = path.dirname(folder);
      if (parent === folder) return undefined;
      folder = parent;
    }
  }

  private decoratorCatchesErrorType(decorator: string): boolean {
    const { name, called } = decoratorCall(decorator);
    const found = this.find(name);
    if (found?.isClass !== true) return found?.summary?.catchesErrorTypeAroundCall === true;
    return called && this.find(`${name}.__call__`)?.summary?.catchesErrorTypeAroundCall === true;
  }

  private madePlainByDecorator(name: string): boolean {
    this.definitionLoader?.(name);
    const decorated = this.decoratedAsyncDefsByName().get(name) ?? [];
    return decorated.some((decorators) => decorators.some((decorator) => this.makesPlain(decorator)));
  }

  /** Whether a decorator (an absolute name, `()` after one called) is a function of the project making what it decorates plain. */
  private makesPlain(decorator: string): boolean {
    const { name, called } = decoratorCall(decorator);
    const found = this.find(name);
    return found !== undefined && found.isClass !== true && found.summary?.plainWrapper === (called ? 'factory' : 'decorator');
  }

  private projectFunction(qualifiedName: string): ProjectFunction | undefined {
    const found = this.find(qualifiedName);
    if (!found) return undefined;
    return {
      qualifiedName: found.qualifiedName,
      file: found.module.file,
      isAsync: found.summary?.isAsync ?? false,
      isCoroutineFunction: found.summary?.isCoroutineFunction ?? false,
      isGeneratorFunction: found.isClass !== true && (found.summary?.isGeneratorFunction ?? false),
      runsArgumentInThread: found.isClass !== true && found.summary?.runsArgumentInThread === true,
      wrappedByDecorator: found.isClass !== true && found.summary?.wrappedByDecorator === true,
      // A class: calling it runs its `__init__`, whose summary says.
      setsLoopCurrent: found.summary?.setsLoopCurrent === true,
      setsLoopAroundCall: found.isClass !== true && found.summary?.setsLoopAroundCall === true,
      startsThread: found.summary?.startsThread === true,
      findsCurrentLoop: found.summary?.calls.some((site) => CURRENT_LOOP_GETTERS.has(site.target)) === true,
      ...(found.isClass !== true && found.summary?.returnsClass !== undefined ? { returnsClass: found.summary.returnsClass } : {}),
      ...(found.isClass === true && found.summary?.attributeClasses !== undefined
        ? { attributeClasses: found.summary.attributeClasses }
        : {}),
      storesTaskItStarts: found.isClass !== true && found.summary?.storesTaskItStarts === true,
      cannotFail: found.isClass !== true && found.summary?.cannotFail === true,
    };
  }

  /** `pkg.db.load` → module `pkg.db`, function `load` (or class `Store` → `Store.__init__`), through re-exports. */
  private find(qualifiedName: string): FoundFunction | undefined {
    return this.lookUp(qualifiedName, 0, (module, local, name) => {
      const summary = module.functions.get(local);
      if (summary) return { module, summary, qualifiedName: name };
      if (module.classes.has(local))
        return { module, summary: module.functions.get(`${local}.__init__`), qualifiedName: name, isClass: true };
      return undefined;
    });
  }

  /** Its classes' bases and functions, as projectCallGoesThroughMetaclass asks. */
  private readonly classLookups: ProjectClasses = {
    classBases: (name) => this.classBases(name),
    findFunction: (name) => this.find(name),
  };

  /** The bases of a class of the project (`pkg.tests.MarketTests`, `pkg.base.Outer.Inner`), through re-exports. */
  private classBases(qualifiedName: string): readonly string[] | undefined {
    return this.lookUp(qualifiedName, 0, (module, local) => module.classBases.get(local));
  }

  /**
   * What `found` finds of `qualifiedName` in the module defining it, the longest module name first (`pkg.db.load`:
   * module `pkg.db`, local `load`), following re-exports (`pkg/__init__.py` importing from `.db`).
   */
  private lookUp<T>(
    qualifiedName: string,
    hops: number,
    found: (module: ModuleSummary, local: string, qualifiedName: string) => T | undefined,
  ): T | undefined {
    const parts = qualifiedName.split('.');
    for (let split = parts.length - 1; split >= 1; split--) {
      const moduleName = parts.slice(0, split).join('.');
      const module = this.summaryIn(this.byModule.get(moduleName)) ?? this.loadModule(moduleName);
      if (!module) {
        if (split > 1 && hops < MAX_REEXPORT_HOPS && this.inNamespacePackage(parts[0]!, parts.slice(1, split).join('.')))
          return this.lookUp(parts.slice(1).join('.'), hops + 1, found);
        continue;
      }
      const answer = found(module, parts.slice(split).join('.'), qualifiedName);
      if (answer !== undefined) return answer;
      const [head = '', ...rest] = parts.slice(split);
      const reexported = module.reexports.get(head);
      if (reexported !== undefined && hops < MAX_REEXPORT_HOPS) return this.lookUp([reexported, ...rest].join('.'), hops + 1, found);
      return undefined;
    }
    return undefined;
  }

  /**
   * Whether the module `inner` (`streaming.payloads`) is one of the namespace package `namespace` (`botframework`): a
   * folder with no `__init__.py` (PEP 420) is where the names of the modules below it start, so an import spelling
   * the namespace (`botframework.streaming.payloads`) finds the module under its shorter name when the folder holding
   * its top package is named so.
   */
  private inNamespacePackage(namespace: string, inner: string): boolean {
    const module = this.byModule.get(inner) ?? this.loadModule(inner);
    return module !== undefined && path.basename(folderAboveTopPackage(module)) === namespace;
  }

  private loadModule(moduleName: string): ModuleSummary | undefined {
    if (!this.moduleLoader || this.triedModules.has(moduleName)) return undefined;
    this.triedModules.add(moduleName);
    return this.moduleLoader(moduleName) ? this.summaryIn(this.byModule.get(moduleName)) : undefined;
  }

  private blockingChain(qualifiedName: string, walk: ChainWalk): readonly BlockingLink[] | null {
    const chains = walk.fromTest ? this.chains.tests : this.chains.production;
    const known =
      chains.get(qualifiedName) ??
      (walk.fromTest && !this.switchedChains.has(qualifiedName) ? this.chains.production.get(qualifiedName) : undefined);
    if (known !== undefined) {
      walk.switched ||= this.switchedChains.has(qualifiedName);
      return known;
    }
    // A cycle or the hop limit cuts the walk short: what is found below is then not remembered.
    if (walk.visiting.has(qualifiedName) || walk.visiting.size >= MAX_CHAIN_HOPS) {
      walk.cut = true;
      return null;
    }
    const found = this.find(qualifiedName);
    const summary = found?.summary;
    if (!found || !summary || summary.isAsync) return null;
    // Calling a class whose metaclass defines `__call__` runs that, which may not run `__init__` (see metaclassCalls.ts).
    if (found.isClass && projectCallGoesThroughMetaclass(found.qualifiedName, this.classLookups)) {
      chains.set(qualifiedName, null);
      return null;
    }
    const cutBefore = walk.cut;
    const switchedBefore = walk.switched;
    walk.cut = false;
    walk.switched = summary.blockingCall?.outsideTests === true || summary.calls.some((call) => call.outsideTests);
    walk.visiting.add(qualifiedName);
    const file = found.module.file;
    const moduleName = found.module.module.name;
    // A chain that blocks on every path is the one to show; else the first that blocks where its loops run; else the
    // first that blocks on some path (see conditionRank).
    const withCondition = (condition: string | undefined, guard: ParameterGuard | undefined, loopsOnly: true | undefined) => ({
      ...(condition === undefined ? {} : { condition }),
      ...(guard === undefined ? {} : { guard }),
      ...(condition !== undefined && loopsOnly ? { loopsOnly } : {}),
    });
    let chain: readonly BlockingLink[] | null = null;
    if (summary.blockingCall && !(walk.fromTest && summary.blockingCall.outsideTests)) {
      const { target, start, end, condition, guard, loopsOnly, onExit } = summary.blockingCall;
      chain = [
        {
          label: target.startsWith('builtins.') ? target.slice('builtins.'.length) : target,
          file,
          start,
          end,
          ...withCondition(condition, guard, loopsOnly),
          ...(onExit ? { onExit } : {}),
        },
      ];
    }
    if (!chain || conditionRank(chain) > 0) {
      for (const call of summary.calls) {
        if (walk.fromTest && call.outsideTests) continue;
        const rest = this.blockingChain(call.target, walk);
        if (!rest) continue;
        // Calling a generator function runs none of its body: followed only where the caller enters or iterates it.
        if (!call.runsGenerator && this.makesGenerator(call.target)) continue;
        // This call's own arguments may rule out the branch the rest blocks in (`parse(path, local_mode=True)`).
        const next = rest[0]?.guard;
        if (next && call.known && guardHoldsFor(next, call.known) === false) continue;
        // As LOOP108 does in one file: a test further down of a parameter this call hands on (by name, or in
        // `**kwargs`) decides it too.
        const own = call.condition === undefined ? (call.guard ?? constructorGuard(moduleName, summary, call, rest)) : call.guard;
        const guard = withPassedOn(withPassedOn(own, throughPassedParameter(next, call.passes ?? [])), forwardedGuard(next, call.handsOn));
        // Tests that cannot all hold (`location == ":memory:"` here, `!=` further down): no call goes this way.
        if (guard && contradictsItself(guard)) continue;
        const found = [
          {
            label: call.target.slice(call.target.lastIndexOf('.') + 1),
            file,
            start: call.start,
            end: call.end,
            ...withCondition(call.condition, guard, call.loopsOnly),
            ...(call.onExit ? { onExit: call.onExit } : {}),
            ...(ownMethodCalled(moduleName, summary, call) === undefined ? {} : { onSameObject: true as const }),
          },
          ...rest,
        ];
        const rank = conditionRank(found);
        if (!chain || rank < conditionRank(chain)) chain = found;
        if (rank === 0) break;
      }
    }
    walk.visiting.delete(qualifiedName);
    if (chain || !walk.cut) {
      chains.set(qualifiedName, chain);
      if (walk.switched && !walk.fromTest) this.switchedChains.add(qualifiedName);
    }
    walk.cut = walk.cut || cutBefore;
    walk.switched = walk.switched || switchedBefore;
    return chain;
  }

  /** Whether calling `qualifiedName` only makes a generator (a generator function, a `@contextmanager` too). */
  private makesGenerator(qualifiedName: string): boolean {
    const found = this.find(qualifiedName);
    return found?.isClass !== true && found?.summary?.isGeneratorFunction === true;
  }

  private asyncFunctionsByName(): { readonly coroutines: ReadonlySet<string>; readonly all: ReadonlySet<string> } {
    if (!this.asyncFunctionNames) {
      const names = { coroutines: new Set<string>(), all: new Set<string>() };
      for (const module of this.byFile.values()) {
        // (A pending module's `async def`s count once summarised: definesAsyncFunction's loader does it.)
        if (module instanceof PendingSummary) continue;
        for (const summary of module.functions.values()) {
          if (!summary.isAsync) continue;
          const name = summary.name.slice(summary.name.lastIndexOf('.') + 1);
          names.all.add(name);
          if (summary.isCoroutineFunction) names.coroutines.add(name);
        }
      }
      this.asyncFunctionNames = names;
    }
    return this.asyncFunctionNames;
  }

  private decoratedAsyncDefsByName(): ReadonlyMap<string, readonly (readonly string[])[]> {
    if (!this.decoratedAsyncDefs) {
      this.decoratedAsyncDefs = new Map();
      for (const module of this.byFile.values())
        if (!(module instanceof PendingSummary)) addDecoratedAsyncDefs(this.decoratedAsyncDefs, module);
    }
    return this.decoratedAsyncDefs;
  }

  private invalidate(): void {
    this.chains = { production: new Map(), tests: new Map() };
    this.suspensions = new Map();
    this.overriddenMethods = new Map();
    this.asyncMethodsOfSubclasses = undefined;
    this.switchedChains = new Set();
    this.asyncFunctionNames = undefined;
    this.decoratedAsyncDefs = undefined;
  }
}

/** The folder holding a module's top package (or the module, at top level): where its module name starts. */
function folderAboveTopPackage(held: IndexedModule): string {
  const levels = held.module.name.split('.').length + (held.module.isPackage ? 1 : 0);
  let folder = held.file;
  for (let level = 0; level < levels; level++) folder = path.dirname(folder);
  return folder;
}

/** Adds the module's decorated `async def`s to `byName`, under their last name. */
function addDecoratedAsyncDefs(byName: Map<string, (readonly string[])[]>, module: ModuleSummary): void {
  for (const summary of module.functions.values()) {
    if (summary.decorators === undefined) continue;
    const name = summary.name.slice(summary.name.lastIndexOf('.') + 1);
    const known = byName.get(name);
    if (known) known.push(summary.decorators);
    else byName.set(name, [summary.decorators]);
  }
}

/** Adds the `async def`s of the module's classes that have bases to `byName`, under their last name (see overridesMethod). */
function addAsyncMethodsOfSubclasses(byName: Map<string, string[]>, module: ModuleSummary): void {
  for (const summary of module.functions.values()) {
    const dot = summary.name.lastIndexOf('.');
    if (!summary.isAsync || dot < 0 || !module.classBases.has(summary.name.slice(0, dot))) continue;
    const name = summary.name.slice(dot + 1);
    const subclass = `${module.module.name}.${summary.name.slice(0, dot)}`;
    const known = byName.get(name);
    if (known) known.push(subclass);
    else byName.set(name, [subclass]);
  }
}

/** What other modules can observe of a module; unchanged fingerprints need no re-linting elsewhere. */
function fingerprintOf(summary: ModuleSummary): string {
  const functions = [...summary.functions.values()].map((f) => [
    f.name,
    f.isAsync,
    f.isCoroutineFunction,
    f.isGeneratorFunction,
    f.runsArgumentInThread,
    f.wrappedByDecorator,
    f.setsLoopCurrent,
    f.setsLoopAroundCall,
    f.plainWrapper,
    f.catchesErrorTypeAroundCall,
    f.startsThread,
    f.suspension,
    f.returnsClass,
    f.attributeClasses,
    f.storesTaskItStarts,
    f.cannotFail,
    f.decorators,
    f.blockingCall?.target,
    f.blockingCall?.condition,
    f.blockingCall?.guard,
    f.blockingCall?.loopsOnly,
    f.calls.map((c) => [c.target, c.condition, c.guard, c.loopsOnly, c.known, c.passes, c.handsOn, c.runsGenerator]),
  ]);
  const usedOutsideCoroutines = summary.usedOutsideCoroutines && [...summary.usedOutsideCoroutines];
  const builtByLoopFactory = summary.builtByLoopFactory && [...summary.builtByLoopFactory];
  const calledAfterCurrentLoop = summary.calledAfterCurrentLoop && [...summary.calledAfterCurrentLoop];
  const fixtures = summary.fixtures && [...summary.fixtures];
  const spied = summary.executorSpyNames && [...summary.executorSpyNames];
  const patchedLoopGetters = summary.getEventLoopPatches && [...summary.getEventLoopPatches];
  return JSON.stringify([
    summary.module,
    functions,
    [...summary.classes],
    [...summary.classBases],
    [...summary.reexports],
    fixtures,
    usedOutsideCoroutines,
    builtByLoopFactory,
    calledAfterCurrentLoop,
    spied,
    patchedLoopGetters,
  ]);
}

/** Whether a function of `summary` (a coroutine where `isAsync`, else a plain one) calls what `reaches` accepts. */
function callsFrom(summary: ModuleSummary, reaches: (name: string) => boolean, isAsync: boolean): boolean {
  return [...summary.functions.values()].some((f) => f.isAsync === isAsync && f.calls.some((call) => reaches(call.target)));
}

/**
 * Whether a file is of the top-level package holding `file` (the module `moduleName`): below that package's folder
 * (`aiosip/` for `aiosip.application`), or, for a module outside any package (`proxyman`, of a folder with no
 * `__init__.py`), in its very folder, not one below it (a project's `examples/`).
 */
function ownPackageTest(file: string, moduleName: string): (other: string) => boolean {
  const parts = moduleName.split('.').length;
  const levels = path.basename(file) === '__init__.py' ? parts - 1 : parts - 2;
  let folder = path.dirname(file);
  if (levels < 0) return (other) => path.dirname(other) === folder;
  for (let level = 0; level < levels; level++) folder = path.dirname(folder);
  return (other) => other.startsWith(folder + path.sep);
}

/**
 * For a call an `__init__` makes to a method of its class, when what the method leads to on the same object is guarded
 * by tests of attributes that `__init__` set from its parameters: those tests of the parameters (see `throughConstructor`).
 */
function constructorGuard(
  moduleName: string,
  summary: FunctionSummary,
  call: CallSite,
  rest: readonly BlockingLink[],
): ParameterGuard | undefined {
  const assigned = summary.attributesFromParameters;
  if (!assigned || !summary.name.endsWith('.__init__') || ownMethodCalled(moduleName, summary, call) === undefined) return undefined;
  const guards = sameObjectGuards(rest);
  return guards.some(testsAttribute) ? throughConstructor(guards, assigned, call.start) : undefined;
}

/** The method of its own class a method's call calls (`self._open()` in `Client.__init__`: `_open`), if it is one. */
function ownMethodCalled(moduleName: string, summary: FunctionSummary, call: CallSite): string | undefined {
  const dot = summary.name.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ownClass = `${moduleName}.${summary.name.slice(0, dot + 1)}`;
  const method = call.target.startsWith(ownClass) ? call.target.slice(ownClass.length) : '';
  return method !== '' && !method.includes('.') ? method : undefined;
}

/** A decorator as summaries write it: its absolute name, and whether it is called (`pkg.jobs.Job()`, `()` appended). */
function decoratorCall(decorator: string): { readonly name: string; readonly called: boolean } {
  const called = decorator.endsWith('()');
  return { name: called ? decorator.slice(0, -2) : decorator, called };
}
