// Which asyncio names and parameters are deprecated or removed, since which Python version (checked
// against CPython's signatures and What's New), and what to use instead: written once, read by the rules
// that flag them (LOOP207, LOOP206) and by hovers.
import { canonicalName } from '../analysis/knownTypes';
import { atLeast, type PythonVersion } from '../linter/pythonVersion';

export interface Deprecation {
  /** The rule that flags uses of it. */
  readonly rule: 'LOOP206' | 'LOOP207';
  /** First version that deprecates (or, for aliases, makes redundant) the name. */
  readonly since: PythonVersion;
  readonly removed?: PythonVersion;
  readonly plannedRemoval?: PythonVersion;
  /** For a name that became another's alias rather than deprecated: what it is now (`the builtin \`TimeoutError\``). */
  readonly aliasOf?: string;
  /** What to do instead, as a sentence fragment ("use `inspect.iscoroutinefunction()`"). */
  readonly instead: string;
  /** The qualified name of the API that replaces it one for one, if one does (`asyncio.all_tasks`). */
  readonly replacement?: string;
}

const v = (minor: number): PythonVersion => ({ major: 3, minor });

const LOOP_FACTORY = 'pass `loop_factory=` to `asyncio.run()` or `asyncio.Runner` to choose the loop';
const policy = (instead: string): Deprecation => ({ rule: 'LOOP207', since: v(14), plannedRemoval: v(16), instead });
const childWatcher: Deprecation = {
  rule: 'LOOP207',
  since: v(12),
  removed: v(14),
  instead: 'drop it: asyncio watches child processes itself (pidfd or a thread per child)',
};

/** The names LOOP207 flags wherever they are referenced, by canonical qualified name. */
export const DEPRECATED_ASYNCIO_NAMES: ReadonlyMap<string, Deprecation> = new Map([
  ['asyncio.get_event_loop_policy', policy(`${LOOP_FACTORY}, and \`asyncio.get_running_loop()\` to reach the loop`)],
  ['asyncio.set_event_loop_policy', policy(`${LOOP_FACTORY} (e.g. \`loop_factory=uvloop.new_event_loop\`)`)],
  ['asyncio.AbstractEventLoopPolicy', policy(`${LOOP_FACTORY} instead of writing a policy`)],
  ['asyncio.DefaultEventLoopPolicy', policy(LOOP_FACTORY)],
  [
    'asyncio.WindowsSelectorEventLoopPolicy',
    policy('pass `loop_factory=asyncio.SelectorEventLoop` to `asyncio.run()` or `asyncio.Runner`'),
  ],
  [
    'asyncio.WindowsProactorEventLoopPolicy',
    policy('pass `loop_factory=asyncio.ProactorEventLoop` to `asyncio.run()` or `asyncio.Runner`'),
  ],
  [
    'asyncio.iscoroutinefunction',
    {
      rule: 'LOOP207',
      since: v(14),
      plannedRemoval: v(16),
      instead: 'use `inspect.iscoroutinefunction()`',
      replacement: 'inspect.iscoroutinefunction',
    },
  ],
  ['asyncio.AbstractChildWatcher', childWatcher],
  ['asyncio.SafeChildWatcher', childWatcher],
  ['asyncio.FastChildWatcher', childWatcher],
  ['asyncio.ThreadedChildWatcher', childWatcher],
  ['asyncio.MultiLoopChildWatcher', childWatcher],
  ['asyncio.PidfdChildWatcher', childWatcher],
  ['asyncio.get_child_watcher', childWatcher],
  ['asyncio.set_child_watcher', childWatcher],
  ['asyncio.AbstractEventLoopPolicy.get_child_watcher', childWatcher],
  ['asyncio.AbstractEventLoopPolicy.set_child_watcher', childWatcher],
  [
    'asyncio.TimeoutError',
    { rule: 'LOOP207', since: v(11), aliasOf: 'the builtin `TimeoutError`', instead: 'use the builtin `TimeoutError`' },
  ],
  [
    'asyncio.Task.all_tasks',
    { rule: 'LOOP207', since: v(7), removed: v(9), instead: 'use `asyncio.all_tasks()`', replacement: 'asyncio.all_tasks' },
  ],
  [
    'asyncio.Task.current_task',
    { rule: 'LOOP207', since: v(7), removed: v(9), instead: 'use `asyncio.current_task()`', replacement: 'asyncio.current_task' },
  ],
]);

/** `@asyncio.coroutine`, the generator-based coroutines LOOP206 flags. */
export const ASYNCIO_COROUTINE_DECORATOR: Deprecation = {
  rule: 'LOOP206',
  since: v(8),
  removed: v(11),
  instead: 'write an `async def` and use `await` instead of `yield from`',
};

/** The deprecation of an asyncio name (any spelling the semantic model produces), whatever the target version. */
export function asyncioDeprecation(qualifiedName: string): Deprecation | undefined {
  const name = publicName(qualifiedName);
  return name === 'asyncio.coroutine' ? ASYNCIO_COROUTINE_DECORATOR : DEPRECATED_ASYNCIO_NAMES.get(name);
}

/** The deprecation of a (qualified) name LOOP207 flags that applies at `target`, if any. */
export function deprecatedName(qualifiedName: string, target: PythonVersion): Deprecation | undefined {
  const deprecation = DEPRECATED_ASYNCIO_NAMES.get(publicName(qualifiedName));
  return deprecation && atLeast(target, deprecation.since.major, deprecation.since.minor) ? deprecation : undefined;
}

/**
 * Functions and classes whose `loop` parameter was deprecated in 3.8 and removed in 3.10. Not here,
 * because they still take it: `ensure_future`, `run_coroutine_threadsafe`, `wrap_future`, `Future`,
 * `Task`, `StreamReader`, `all_tasks`, `current_task`, `set_event_loop`.
 */
export const LOOP_PARAMETER_REMOVED: ReadonlySet<string> = new Set(
  [
    'sleep',
    'gather',
    'shield',
    'wait_for',
    'wait',
    'as_completed',
    'open_connection',
    'start_server',
    'open_unix_connection',
    'start_unix_server',
    'create_subprocess_exec',
    'create_subprocess_shell',
    'Lock',
    'Event',
    'Condition',
    'Semaphore',
    'BoundedSemaphore',
    'Queue',
    'PriorityQueue',
    'LifoQueue',
  ].map((name) => `asyncio.${name}`),
);

export const LOOP_PARAMETER: Deprecation = {
  rule: 'LOOP207',
  since: v(8),
  removed: v(10),
  instead: 'drop it: asyncio uses the running loop',
};

export function removedLoopParameter(callee: string, target: PythonVersion): boolean {
  return LOOP_PARAMETER_REMOVED.has(callee) && atLeast(target, LOOP_PARAMETER.since.major, LOOP_PARAMETER.since.minor);
}

/** Passing coroutines (not Tasks) to `asyncio.wait()`. */
export const WAIT_WITH_COROUTINES: Deprecation = {
  rule: 'LOOP207',
  since: v(8),
  removed: v(11),
  instead: 'wrap each in `asyncio.create_task()` first (or use `asyncio.TaskGroup`)',
};

/** "was removed in Python 3.10" / "is deprecated since Python 3.14 (removal planned for 3.16)". */
export function describeDeprecation(deprecation: Deprecation, target: PythonVersion): string {
  const { since, removed, plannedRemoval, aliasOf } = deprecation;
  if (aliasOf) return `is an alias of ${aliasOf} since Python ${since.major}.${since.minor}`;
  if (removed && atLeast(target, removed.major, removed.minor)) return `was removed in Python ${removed.major}.${removed.minor}`;
  const removal = removed ?? plannedRemoval;
  const later = removal ? ` (${removed ? 'removed' : 'removal planned'} in ${removal.major}.${removal.minor})` : '';
  return `is deprecated since Python ${since.major}.${since.minor}${later}`;
}

/** `asyncio.unix_events.SafeChildWatcher` is `asyncio.SafeChildWatcher`. */
function publicName(qualifiedName: string): string {
  const name = canonicalName(qualifiedName);
  const match = /^asyncio\.(?:unix_events|windows_events)\.(.+)$/.exec(name);
  return match ? `asyncio.${match[1]}` : name;
}
