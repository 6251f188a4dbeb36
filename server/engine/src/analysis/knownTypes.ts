// What the model knows about the values library calls return, so `loop = asyncio.get_event_loop()`
// or `p: Path` let rules recognise `loop.run_until_complete(...)` and `p.read_text()`.
import { detachedCopy } from './sourceText';

/** Types are named by qualified class name. */
export const EVENT_LOOP = 'asyncio.AbstractEventLoop';
const TASK = 'asyncio.Task';
export const PATH = 'pathlib.Path';

/** Classes whose instances rules ask about; calling one yields an instance of it. */
const KNOWN_CLASSES: ReadonlySet<string> = new Set([
  PATH,
  'pathlib.PosixPath',
  'pathlib.WindowsPath',
  'pathlib.PurePath',
  'httpx.Client',
  'httpx.AsyncClient',
  'requests.Session',
  'urllib3.PoolManager',
  'urllib3.HTTPConnectionPool',
  'urllib3.HTTPSConnectionPool',
  'socket.socket',
  'subprocess.Popen',
  'threading.Lock',
  'threading.RLock',
  'threading.Event',
  'threading.Semaphore',
  'threading.BoundedSemaphore',
  'threading.Condition',
  'threading.Thread',
  'asyncio.Lock',
  'asyncio.Event',
  'asyncio.Semaphore',
  'asyncio.BoundedSemaphore',
  'asyncio.Condition',
  'asyncio.Barrier',
  'asyncio.Queue',
  'asyncio.PriorityQueue',
  'asyncio.LifoQueue',
  'asyncio.TaskGroup',
  'asyncio.Runner',
  'asyncio.Timeout',
  'asyncio.Future',
  'concurrent.futures.ThreadPoolExecutor',
  'concurrent.futures.ProcessPoolExecutor',
]);

/** Calls whose result type is not the callee itself. */
const CALL_RESULTS: ReadonlyMap<string, string> = new Map([
  ['asyncio.get_event_loop', EVENT_LOOP],
  ['asyncio.get_running_loop', EVENT_LOOP],
  ['asyncio.new_event_loop', EVENT_LOOP],
  ['asyncio.AbstractEventLoopPolicy.get_event_loop', EVENT_LOOP],
  ['asyncio.AbstractEventLoopPolicy.new_event_loop', EVENT_LOOP],
  ['asyncio.Runner.get_loop', EVENT_LOOP],
  ['uvloop.new_event_loop', EVENT_LOOP],
  ['asyncio.get_event_loop_policy', 'asyncio.AbstractEventLoopPolicy'],
  ['asyncio.create_task', TASK],
  ['asyncio.ensure_future', TASK],
  [`${EVENT_LOOP}.create_task`, TASK],
  ['asyncio.TaskGroup.create_task', TASK],
  ['asyncio.current_task', TASK],
  ['asyncio.timeout', 'asyncio.Timeout'],
  ['asyncio.timeout_at', 'asyncio.Timeout'],
  [`${EVENT_LOOP}.create_future`, 'asyncio.Future'],
  [`${EVENT_LOOP}.run_in_executor`, 'asyncio.Future'],
  ['asyncio.gather', 'asyncio.Future'],
  ['asyncio.shield', 'asyncio.Future'],
  ['asyncio.wrap_future', 'asyncio.Future'],
  ['builtins.open', 'io.IOBase'],
  ['io.open', 'io.IOBase'],
  [`${PATH}.open`, 'io.IOBase'],
  ['requests.session', 'requests.Session'],
  ['socket.create_connection', 'socket.socket'],
  ['socket.create_server', 'socket.socket'],
  ['socket.socket.accept', 'tuple'],
  ['threading.Thread', 'threading.Thread'],
  ...[
    'cwd',
    'home',
    'resolve',
    'absolute',
    'expanduser',
    'with_name',
    'with_suffix',
    'with_stem',
    'joinpath',
    'relative_to',
    'readlink',
  ].map((method): [string, string] => [`${PATH}.${method}`, PATH]),
]);

/** Attributes whose type is known from their owner's (`path.parent`). */
const ATTRIBUTE_TYPES: ReadonlyMap<string, string> = new Map([[`${PATH}.parent`, PATH]]);

/** Aliases that name the same class or function (`asyncio.tasks.create_task` is `asyncio.create_task`). */
const ASYNCIO_SUBMODULES = new Set([
  'base_events',
  'events',
  'tasks',
  'futures',
  'locks',
  'queues',
  'runners',
  'taskgroups',
  'timeouts',
  'coroutines',
  'threads',
  'streams',
  'subprocess',
  'exceptions',
]);
const CLASS_ALIASES: ReadonlyMap<string, string> = new Map([
  ['asyncio.BaseEventLoop', EVENT_LOOP],
  ['asyncio.SelectorEventLoop', EVENT_LOOP],
  ['asyncio.ProactorEventLoop', EVENT_LOOP],
  ['asyncio.unix_events.SelectorEventLoop', EVENT_LOOP],
  ['pathlib._local.Path', PATH],
  ['socket.SocketType', 'socket.socket'],
]);

/** The first parts of the names `canonicalName` may rewrite. */
const ALIASED_ROOTS: ReadonlySet<string> = new Set([
  'asyncio',
  ...[...CLASS_ALIASES.keys()].map((alias) => alias.slice(0, alias.indexOf('.'))),
]);

/**
 * The canonical names of the names in ALIASED_ROOTS asked about so far. Code using asyncio asks about the same few
 * hundred of its names thousands of times (each resolved name is made canonical), and rewriting one splits it and tries
 * every alias; the names of asyncio and the other roots a program uses are few enough to keep for a process.
 */
const canonicalNames = new Map<string, string>();

/** Maps re-exported and private-module spellings onto the public name rules use. */
export function canonicalName(qualifiedName: string): string {
  // Asked for nearly every name the model resolves: most are in none of the families rewritten here.
  const dot = qualifiedName.indexOf('.');
  if (dot < 0 || !ALIASED_ROOTS.has(qualifiedName.slice(0, dot))) return qualifiedName;
  let canonical = canonicalNames.get(qualifiedName);
  if (canonical === undefined) {
    // Kept for the process: in copies of their own, not views into the text of the file they came from.
    canonical = detachedCopy(rewrittenName(qualifiedName));
    canonicalNames.set(detachedCopy(qualifiedName), canonical);
  }
  return canonical;
}

function rewrittenName(qualifiedName: string): string {
  const parts = qualifiedName.split('.');
  if (parts[0] === 'asyncio' && parts.length > 2 && ASYNCIO_SUBMODULES.has(parts[1]!)) {
    qualifiedName = ['asyncio', ...parts.slice(2)].join('.');
  }
  for (const [alias, canonical] of CLASS_ALIASES) {
    if (qualifiedName === alias || qualifiedName.startsWith(`${alias}.`)) return canonical + qualifiedName.slice(alias.length);
  }
  return qualifiedName;
}

/** The type of calling `callee` (a canonical qualified name), if the model knows it. */
export function callResultType(callee: string): string | undefined {
  return CALL_RESULTS.get(callee) ?? (KNOWN_CLASSES.has(callee) ? callee : undefined);
}

export function attributeType(qualifiedAttribute: string): string | undefined {
  return ATTRIBUTE_TYPES.get(qualifiedAttribute);
}
