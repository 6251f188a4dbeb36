// Calls that read a clock: they return the time and do nothing else. LOOP306 tells a wait for time to pass (a condition
// comparing one with a deadline) from a poll of state; raiseFreeCode counts them among the calls that cannot raise.
// Also the calls that only convert a time (`int(...)`, `time.mktime(...)`, `.timestamp()`), through which a condition
// may read the clock: `int(time.mktime(datetime.utcnow().timetuple()))` is the clock still.
import type { SyntaxNode } from '../analysis/pythonParser';
import { EVENT_LOOP } from '../analysis/knownTypes';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

export const CLOCK_READINGS: ReadonlySet<string> = new Set([
  'time.time',
  'time.monotonic',
  'time.perf_counter',
  'time.time_ns',
  'time.monotonic_ns',
  'time.perf_counter_ns',
  `${EVENT_LOOP}.time`,
  'trio.current_time',
  'anyio.current_time',
  'datetime.datetime.now',
  'datetime.datetime.utcnow',
  'datetime.datetime.today',
  'datetime.date.today',
]);

/**
 * What a call makes of time (see timeCall): it reads the clock itself, or converts what it is handed, which is then a
 * time (or a number) only where that is one.
 */
interface TimeCall {
  /** It reads the clock (`time.monotonic()`, `datetime.now()`, `time.localtime()` with no argument). */
  readonly readsClock: boolean;
  /** What it converts (`x` of `int(x)`, `time.mktime(x)`, `x.timestamp()`): each must be a time or a number itself. */
  readonly converts: readonly SyntaxNode[];
  /**
   * It is a method known by name alone (`timestamp`, `total_seconds`): a time only where what it converts reads the
   * clock (`datetime.now().timestamp()`), since on any other object the method may ask that object's state.
   */
  readonly needsClock: boolean;
}

/**
 * For a call reading or converting a time: `time.monotonic()`, `datetime.utcnow()`; `time.localtime()` with no argument
 * (the clock) or with one (a conversion); a pure conversion of numbers or of a time (`int(...)`, `float(...)`,
 * `round(x, 3)`, `math.floor(...)`, `time.mktime(...)`, `calendar.timegm(...)`); a method turning a `datetime` or
 * `timedelta` into a number or a struct (`.timestamp()`, `.timetuple()`, `.total_seconds()`, with no argument).
 * Undefined for any other call.
 */
export function timeCall(call: SyntaxNode, model: SemanticModel, scope: Scope): TimeCall | undefined {
  const name = model.calleeName(call, scope);
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((arg) => arg.type !== 'comment');
  if (name !== undefined && CLOCK_READINGS.has(name)) return { readsClock: true, converts: [], needsClock: false };
  const positional = args.every((arg) => !NAMED_OR_UNPACKED.has(arg.type));
  if (name !== undefined && STRUCT_TIME_READINGS.has(name) && positional && args.length <= 1)
    return { readsClock: args.length === 0, converts: args, needsClock: false };
  if (name !== undefined && CONVERSIONS.has(name) && positional && args.length >= 1 && args.length <= 2)
    return { readsClock: false, converts: args, needsClock: false };
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  if (receiver && args.length === 0 && TIME_METHODS.has(callee!.childForFieldName('attribute')?.text ?? ''))
    return { readsClock: false, converts: [receiver], needsClock: true };
  return undefined;
}

const NAMED_OR_UNPACKED: ReadonlySet<string> = new Set(['keyword_argument', 'list_splat', 'dictionary_splat']);

/** The clock as a `struct_time` with no argument, a conversion of the seconds handed to them with one. */
const STRUCT_TIME_READINGS: ReadonlySet<string> = new Set(['time.localtime', 'time.gmtime']);

/** Pure conversions of a number (`round(x, 3)`: the digits too) or of a `struct_time` into seconds. */
const CONVERSIONS: ReadonlySet<string> = new Set([
  'builtins.int',
  'builtins.float',
  'builtins.round',
  'math.floor',
  'math.ceil',
  'math.trunc',
  'time.mktime',
  'calendar.timegm',
]);

/** A `datetime`'s (or `timedelta`'s) conversions into seconds or a `struct_time`. */
const TIME_METHODS: ReadonlySet<string> = new Set(['timestamp', 'timetuple', 'utctimetuple', 'total_seconds']);
