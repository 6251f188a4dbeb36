// A module summary as one string, for the CLI's lint cache: summaries of files that did not change are read back
// instead of parsing the files again. Compact (a project's summaries are most of the cache: call sites as tuples),
// and decoded only when a lookup reaches into the module: a run answered from the cache touches few of them, and
// decoding them all was a third of such a run (objects that live to the end cost every garbage collection).
import { detachedCopy } from '../analysis/sourceText';
import type { KnownArguments, KnownValue, ParameterGuard } from '../ruleSupport/parameterGuard';
import type { AttributeFromParameter, KeywordsHandedOn, PassedParameter } from '../ruleSupport/guardForwarding';
import type { PlainWrapperKind } from '../ruleSupport/plainWrappers';
import type { AttributeClasses } from '../ruleSupport/declaredAttributes';
import type { CallSite, FunctionSummary, ModuleSummary } from './moduleSummary';
import type { ModuleIdentity } from './moduleNames';

/**
 * target, start row, start column, end row, end column, and the condition, guard, known arguments and parameters
 * handed on, if any (null for one left out before another), then the call's SITE_FLAGS (1 for a call skipped where
 * pytest is loaded, see CallSite.outsideTests), then how it hands its function's `**kwargs` on (CallSite.handsOn).
 * Older texts read the same: one with an array eighth (the parameters handed on, no known arguments) as one with null
 * there and the array ninth.
 */
type CallSiteJson = readonly [
  string,
  number,
  number,
  number,
  number,
  (string | null)?,
  (ParameterGuard | null)?,
  (KnownArguments | readonly PassedParameter[] | null)?,
  (readonly PassedParameter[] | null)?,
  (number | null)?,
  KeywordsHandedOn?,
];

/** What a call site's flags say (CallSite.outsideTests, CallSite.loopsOnly, CallSite.runsGenerator, CallSite.onExit). */
const SITE_FLAGS = { outsideTests: 1, loopsOnly: 2, runsGenerator: 4, onExit: 8 } as const;

/**
 * name, its kind (DEF_KIND), its FLAGS, the index of the blocking call among the calls (-1: none), the calls, for an
 * `__init__` the attributes it sets from its parameters (null for none before a seventh), what it makes of a function
 * it decorates (FunctionSummary.plainWrapper) or, for a wrapped `async def`, its decorators (null for none before an
 * eighth), the coroutines its own body awaits where FLAGS.suspendsOnlyThrough is set (SuspensionSummary.awaits;
 * left out when there are none, null before a ninth), the class it is annotated to return
 * (FunctionSummary.returnsClass; null before a tenth), and for an `__init__` the classes it declares attributes to be
 * (FunctionSummary.attributeClasses).
 */
type FunctionSummaryJson = readonly [
  string,
  number,
  number,
  number,
  readonly CallSiteJson[],
  (readonly AttributeFromParameter[] | null)?,
  (PlainWrapperKind | readonly string[] | null)?,
  (readonly string[] | null)?,
  (string | null)?,
  AttributeClasses?,
];

/**
 * An `async def`, a plain `def` whose body yields (a generator function), a decorator running the function it is given
 * in a worker thread, another plain `def` a decorator wraps (FunctionSummary.wrappedByDecorator), any other `def`.
 * (Before generator functions were told apart, 1 for async, else 0: such a text reads the same.)
 */
const DEF_KIND = { plain: 0, async: 1, generator: 2, threadDecorator: 3, wrapped: 4 } as const;

/**
 * Facts of a function, one bit each: a coroutine function, a body making a loop current (FunctionSummary.setsLoopCurrent),
 * a decorator catching an error type around its call (FunctionSummary.catchesErrorTypeAroundCall), a body handing work
 * to another thread (FunctionSummary.startsThread), a body suspending only where kept and in the coroutines it awaits
 * (FunctionSummary.suspension), and of that body: it suspends, it loops or asserts; a decorator making a loop current
 * around its call (FunctionSummary.setsLoopAroundCall); a `create_task`-like method keeping the task it starts
 * (FunctionSummary.storesTaskItStarts); a coroutine that cannot fail (FunctionSummary.cannotFail). (Before the second, 1 or 0 for the first: such a text
 * reads the same.)
 */
const FLAGS = {
  coroutineFunction: 1,
  setsLoopCurrent: 2,
  catchesErrorTypeAroundCall: 4,
  startsThread: 8,
  suspendsOnlyThrough: 16,
  suspends: 32,
  loopsOrAsserts: 64,
  setsLoopAroundCall: 128,
  storesTaskItStarts: 256,
  cannotFail: 512,
} as const;

/** What is decoded when first asked for. */
interface SummaryBody {
  readonly functions: readonly FunctionSummaryJson[];
  readonly classes: readonly string[];
  /** Each class with bases, and the bases (see ModuleSummary.classBases). */
  readonly bases?: readonly (readonly [string, readonly string[]])[];
  readonly imports: readonly string[];
  readonly reexports: readonly (readonly [string, string])[];
  /** A conftest.py's fixtures (see ModuleSummary.fixtures). */
  readonly fixtures?: readonly (readonly [string, KnownValue | null])[];
  /** The names its functions spying on `run_in_executor` mention (see ModuleSummary.executorSpyNames). */
  readonly spied?: readonly string[];
  /** The paths at which it replaces `get_event_loop` (see ModuleSummary.getEventLoopPatches). */
  readonly patchedLoopGetters?: readonly string[];
}

/** `file`, the module name, 1 for a package (else 0), and the body as JSON, separated by NUL characters. */
export function summaryToText(summary: ModuleSummary): string {
  const body: SummaryBody = {
    functions: [...summary.functions.values()].map(functionToJson),
    classes: [...summary.classes],
    bases: [...summary.classBases],
    imports: [...summary.imports],
    reexports: [...summary.reexports],
    ...(summary.fixtures ? { fixtures: [...summary.fixtures] } : {}),
    ...(summary.executorSpyNames ? { spied: [...summary.executorSpyNames] } : {}),
    ...(summary.getEventLoopPatches ? { patchedLoopGetters: [...summary.getEventLoopPatches] } : {}),
  };
  return [summary.file, summary.module.name, summary.module.isPackage ? '1' : '0', JSON.stringify(body)].join('\0');
}

/**
 * The summary `text` was made from, its body decoded when first used; undefined when `text` is not of that form.
 * (A cache is written whole by this code and its version checked before any summary is read: a body that does
 * not decode reads as an empty module.)
 */
export function summaryFromText(text: string): ModuleSummary | undefined {
  const parts = text.split('\0', 3);
  if (parts.length !== 3 || (parts[2] !== '0' && parts[2] !== '1')) return undefined;
  const [file, name, packageFlag] = parts as [string, string, string];
  const bodyText = text.slice(file.length + name.length + 4);
  // The file and module name outlive the body's text (dropped once decoded): their own copies, not views into it.
  return new LazySummary(detachedCopy(file), { name: detachedCopy(name), isPackage: packageFlag === '1' }, bodyText);
}

class LazySummary implements ModuleSummary {
  private decoded:
    | {
        readonly functions: ReadonlyMap<string, FunctionSummary>;
        readonly classes: ReadonlySet<string>;
        readonly classBases: ReadonlyMap<string, readonly string[]>;
        readonly imports: ReadonlySet<string>;
        readonly reexports: ReadonlyMap<string, string>;
        readonly fixtures: ReadonlyMap<string, KnownValue | null> | undefined;
        readonly executorSpyNames: ReadonlySet<string> | undefined;
        readonly getEventLoopPatches: ReadonlySet<string> | undefined;
      }
    | undefined;

  constructor(
    readonly file: string,
    readonly module: ModuleIdentity,
    private bodyText: string,
  ) {}

  get functions(): ReadonlyMap<string, FunctionSummary> {
    return this.body().functions;
  }

  get classes(): ReadonlySet<string> {
    return this.body().classes;
  }

  get classBases(): ReadonlyMap<string, readonly string[]> {
    return this.body().classBases;
  }

  get imports(): ReadonlySet<string> {
    return this.body().imports;
  }

  get reexports(): ReadonlyMap<string, string> {
    return this.body().reexports;
  }

  get fixtures(): ReadonlyMap<string, KnownValue | null> | undefined {
    return this.body().fixtures;
  }

  get executorSpyNames(): ReadonlySet<string> | undefined {
    return this.body().executorSpyNames;
  }

  get getEventLoopPatches(): ReadonlySet<string> | undefined {
    return this.body().getEventLoopPatches;
  }

  private body(): NonNullable<LazySummary['decoded']> {
    if (!this.decoded) {
      let body: Partial<SummaryBody> = {};
      try {
        body = JSON.parse(this.bodyText) as Partial<SummaryBody>;
      } catch {
        // An empty module (see summaryFromText).
      }
      this.decoded = {
        functions: new Map((body.functions ?? []).map((tuple) => [tuple[0], functionFromJson(tuple)])),
        classes: new Set(body.classes ?? []),
        classBases: new Map(body.bases ?? []),
        imports: new Set(body.imports ?? []),
        reexports: new Map(body.reexports ?? []),
        fixtures: body.fixtures && new Map(body.fixtures),
        executorSpyNames: body.spied && new Set(body.spied),
        getEventLoopPatches: body.patchedLoopGetters && new Set(body.patchedLoopGetters),
      };
      this.bodyText = '';
    }
    return this.decoded;
  }
}

function functionToJson(summary: FunctionSummary): FunctionSummaryJson {
  const calls = summary.calls.map(
    ({ target, start, end, condition, guard, known, passes, outsideTests, loopsOnly, runsGenerator, onExit, handsOn }): CallSiteJson => {
      const where = [target, start.row, start.column, end.row, end.column] as const;
      const flags =
        (outsideTests ? SITE_FLAGS.outsideTests : 0) |
        (loopsOnly ? SITE_FLAGS.loopsOnly : 0) |
        (runsGenerator ? SITE_FLAGS.runsGenerator : 0) |
        (onExit ? SITE_FLAGS.onExit : 0);
      if (handsOn) return [...where, condition ?? null, guard ?? null, known ?? null, passes ?? null, flags === 0 ? null : flags, handsOn];
      if (flags !== 0) return [...where, condition ?? null, guard ?? null, known ?? null, passes ?? null, flags];
      if (passes !== undefined) return [...where, condition ?? null, guard ?? null, known ?? null, passes];
      if (known !== undefined) return [...where, condition ?? null, guard ?? null, known];
      if (guard !== undefined) return [...where, condition ?? null, guard];
      if (condition !== undefined) return [...where, condition];
      return where;
    },
  );
  const blocking = summary.blockingCall ? summary.calls.indexOf(summary.blockingCall) : -1;
  const kind = summary.isAsync
    ? DEF_KIND.async
    : summary.isGeneratorFunction
      ? DEF_KIND.generator
      : summary.runsArgumentInThread
        ? DEF_KIND.threadDecorator
        : summary.wrappedByDecorator
          ? DEF_KIND.wrapped
          : DEF_KIND.plain;
  const suspension = summary.suspension;
  const flags =
    (summary.isCoroutineFunction ? FLAGS.coroutineFunction : 0) |
    (summary.setsLoopCurrent ? FLAGS.setsLoopCurrent : 0) |
    (summary.catchesErrorTypeAroundCall ? FLAGS.catchesErrorTypeAroundCall : 0) |
    (summary.startsThread ? FLAGS.startsThread : 0) |
    (suspension ? FLAGS.suspendsOnlyThrough : 0) |
    (suspension?.suspends ? FLAGS.suspends : 0) |
    (suspension?.loopsOrAsserts ? FLAGS.loopsOrAsserts : 0) |
    (summary.setsLoopAroundCall ? FLAGS.setsLoopAroundCall : 0) |
    (summary.storesTaskItStarts ? FLAGS.storesTaskItStarts : 0) |
    (summary.cannotFail ? FLAGS.cannotFail : 0);
  const head = [summary.name, kind, flags, blocking, calls] as const;
  const decorating = summary.plainWrapper ?? summary.decorators;
  const awaits = suspension?.awaits ?? [];
  if (summary.attributeClasses !== undefined)
    return [
      ...head,
      summary.attributesFromParameters ?? null,
      decorating ?? null,
      awaits.length > 0 ? awaits : null,
      summary.returnsClass ?? null,
      summary.attributeClasses,
    ];
  if (summary.returnsClass !== undefined)
    return [...head, summary.attributesFromParameters ?? null, decorating ?? null, awaits.length > 0 ? awaits : null, summary.returnsClass];
  if (awaits.length > 0) return [...head, summary.attributesFromParameters ?? null, decorating ?? null, awaits];
  if (decorating !== undefined) return [...head, summary.attributesFromParameters ?? null, decorating];
  return summary.attributesFromParameters ? [...head, summary.attributesFromParameters] : head;
}

function functionFromJson([
  name,
  kind,
  flags,
  blocking,
  callTuples,
  assigned,
  decorating,
  awaits,
  returnsClass,
  attributeClasses,
]: FunctionSummaryJson): FunctionSummary {
  const calls = callTuples.map(
    ([target, startRow, startColumn, endRow, endColumn, condition, guard, eighth, ninth, tenth, handsOn]): CallSite => {
      // An array eighth: the parameters handed on, from before known arguments were kept.
      const known = eighth === undefined || eighth === null || Array.isArray(eighth) ? undefined : (eighth as KnownArguments);
      const passes = Array.isArray(eighth) ? (eighth as readonly PassedParameter[]) : (ninth ?? undefined);
      return {
        target,
        start: { row: startRow, column: startColumn },
        end: { row: endRow, column: endColumn },
        ...(condition === undefined || condition === null ? {} : { condition }),
        ...(guard === undefined || guard === null ? {} : { guard }),
        ...(known === undefined ? {} : { known }),
        ...(passes === undefined ? {} : { passes }),
        ...(typeof tenth === 'number' && (tenth & SITE_FLAGS.outsideTests) !== 0 ? { outsideTests: true } : {}),
        ...(typeof tenth === 'number' && (tenth & SITE_FLAGS.loopsOnly) !== 0 ? { loopsOnly: true } : {}),
        ...(typeof tenth === 'number' && (tenth & SITE_FLAGS.runsGenerator) !== 0 ? { runsGenerator: true } : {}),
        ...(typeof tenth === 'number' && (tenth & SITE_FLAGS.onExit) !== 0 ? { onExit: true } : {}),
        ...(handsOn === undefined ? {} : { handsOn }),
      };
    },
  );
  const blockingCall = calls[blocking];
  return {
    name,
    isAsync: kind === DEF_KIND.async,
    isCoroutineFunction: (flags & FLAGS.coroutineFunction) !== 0,
    isGeneratorFunction: kind === DEF_KIND.generator,
    ...(kind === DEF_KIND.threadDecorator ? { runsArgumentInThread: true } : {}),
    ...(kind === DEF_KIND.wrapped ? { wrappedByDecorator: true } : {}),
    ...(blockingCall ? { blockingCall } : {}),
    calls,
    ...(assigned === undefined || assigned === null ? {} : { attributesFromParameters: assigned }),
    ...((flags & FLAGS.setsLoopCurrent) !== 0 ? { setsLoopCurrent: true } : {}),
    ...((flags & FLAGS.catchesErrorTypeAroundCall) !== 0 ? { catchesErrorTypeAroundCall: true } : {}),
    ...((flags & FLAGS.startsThread) !== 0 ? { startsThread: true } : {}),
    ...((flags & FLAGS.setsLoopAroundCall) !== 0 ? { setsLoopAroundCall: true } : {}),
    ...((flags & FLAGS.storesTaskItStarts) !== 0 ? { storesTaskItStarts: true } : {}),
    ...((flags & FLAGS.cannotFail) !== 0 ? { cannotFail: true } : {}),
    ...(returnsClass === undefined || returnsClass === null ? {} : { returnsClass }),
    ...(attributeClasses === undefined ? {} : { attributeClasses }),
    ...(decorating === undefined || decorating === null
      ? {}
      : typeof decorating === 'string'
        ? { plainWrapper: decorating }
        : { decorators: decorating }),
    ...((flags & FLAGS.suspendsOnlyThrough) !== 0
      ? {
          suspension: {
            suspends: (flags & FLAGS.suspends) !== 0,
            loopsOrAsserts: (flags & FLAGS.loopsOrAsserts) !== 0,
            awaits: awaits ?? [],
          },
        }
      : {}),
  };
}
