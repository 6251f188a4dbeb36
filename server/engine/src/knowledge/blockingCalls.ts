// Which calls block the thread, by the rule that flags them in async code (LOOP101–LOOP106), and what to
// use instead, as the sentence fragment the rule's message ends with; hovers say the same. The calls a
// project declares blocking (`blocking-calls`, LOOP107) are matched here too.
import { PATH } from '../analysis/knownTypes';
import { matchBlockingCall, type BlockingCallPattern } from '../linter/blockingCallPatterns';

export interface BlockingCall {
  /** The rule that flags it. */
  readonly rule: string;
  /** What to do instead, as a sentence fragment: "use `await asyncio.sleep(...)`". */
  readonly instead: string;
}

const SLEEP: Record<string, string> = {
  'time.sleep': 'use `await asyncio.sleep(...)` so other tasks can run meanwhile',
};

const ASYNC_CLIENT = 'use an async client (`httpx.AsyncClient`, `aiohttp`) or `await asyncio.to_thread(...)`';
const HTTP: Record<string, string> = {
  'urllib.request.urlopen': 'use `await asyncio.to_thread(urllib.request.urlopen, ...)` or an async HTTP client',
  'urllib.request.urlretrieve': 'use `await asyncio.to_thread(urllib.request.urlretrieve, ...)` or an async HTTP client',
  'urllib.request.OpenerDirector.open': 'use `await asyncio.to_thread(opener.open, ...)` or an async HTTP client',
  'http.client.HTTPConnection.request': ASYNC_CLIENT,
  'http.client.HTTPConnection.getresponse': ASYNC_CLIENT,
  'http.client.HTTPSConnection.request': ASYNC_CLIENT,
  'http.client.HTTPSConnection.getresponse': ASYNC_CLIENT,
  'urllib3.request': ASYNC_CLIENT,
  'urllib3.PoolManager.request': ASYNC_CLIENT,
  'urllib3.PoolManager.urlopen': ASYNC_CLIENT,
  'urllib3.HTTPConnectionPool.request': ASYNC_CLIENT,
  'urllib3.HTTPConnectionPool.urlopen': ASYNC_CLIENT,
  'urllib3.HTTPSConnectionPool.request': ASYNC_CLIENT,
  'urllib3.HTTPSConnectionPool.urlopen': ASYNC_CLIENT,
  'httpx.stream': 'use `httpx.AsyncClient().stream(...)`',
  'httpx.Client.send': 'use `httpx.AsyncClient` and `await client.send(...)`',
  'httpx.Client.stream': 'use `httpx.AsyncClient` and `client.stream(...)` with `async with`',
};
for (const verb of ['get', 'options', 'head', 'post', 'put', 'patch', 'delete', 'request']) {
  HTTP[`requests.${verb}`] = ASYNC_CLIENT;
  HTTP[`requests.api.${verb}`] = ASYNC_CLIENT;
  HTTP[`requests.Session.${verb}`] = ASYNC_CLIENT;
  HTTP[`httpx.${verb}`] = `use \`await httpx.AsyncClient().${verb}(...)\``;
  HTTP[`httpx.Client.${verb}`] = `use \`httpx.AsyncClient\` and \`await client.${verb}(...)\``;
}

const CREATE = 'use `await asyncio.create_subprocess_exec(...)` (or `create_subprocess_shell`)';
const RUN = 'use `await asyncio.create_subprocess_exec(...)` and `await process.communicate()`';
const WAIT = 'use `await process.wait()` on an `asyncio` subprocess, or `await asyncio.to_thread(...)`';
const SUBPROCESS: Record<string, string> = {
  'subprocess.run': RUN,
  'subprocess.call': RUN,
  'subprocess.check_call': RUN,
  'subprocess.check_output': RUN,
  'subprocess.getoutput': RUN,
  'subprocess.getstatusoutput': RUN,
  'subprocess.Popen': CREATE,
  'subprocess.Popen.wait': WAIT,
  'subprocess.Popen.communicate': 'use an `asyncio` subprocess and `await process.communicate()`',
  'os.system': 'use `await asyncio.create_subprocess_shell(...)`',
  'os.popen': 'use `await asyncio.create_subprocess_shell(..., stdout=asyncio.subprocess.PIPE)`',
  'os.posix_spawn': CREATE,
  'os.posix_spawnp': CREATE,
};
/**
 * `os.spawn*`, which wait for the child to exit in the mode `os.P_WAIT` only: their first argument, the mode, may say
 * not to wait (see nonBlockingFlags, where the blocking rules and LOOP108's chains read it).
 */
export const OS_SPAWN_FUNCTIONS: readonly string[] = [
  'spawnl',
  'spawnle',
  'spawnlp',
  'spawnlpe',
  'spawnv',
  'spawnve',
  'spawnvp',
  'spawnvpe',
].map((variant) => `os.${variant}`);
for (const name of OS_SPAWN_FUNCTIONS) SUBPROCESS[name] = CREATE;
for (const variant of ['wait', 'wait3', 'wait4', 'waitpid', 'waitid']) SUBPROCESS[`os.${variant}`] = WAIT;

const TO_THREAD = 'use `await asyncio.to_thread(...)` (or an async file library such as `aiofiles`)';
/**
 * Opening a file in a thread would leave every later `f.read()` / `f.write()` blocking: the advice is
 * to move the whole file work into a thread.
 */
const WHOLE_FILE_WORK =
  'reading and writing the file it opens block too: do the whole file work in a plain function run with `await asyncio.to_thread(...)` (or use an async file library such as `aiofiles`)';
/**
 * Calls opening a file to read and write through the object they return: also those of the compression modules, which
 * open the path given (a file object given instead is only wrapped: see nonWaitingArguments), functions and classes.
 */
export const FILE_OPENERS: readonly string[] = [
  'builtins.open',
  'io.open',
  'io.open_code',
  'codecs.open',
  `${PATH}.open`,
  'gzip.open',
  'bz2.open',
  'lzma.open',
  'gzip.GzipFile',
  'bz2.BZ2File',
  'lzma.LZMAFile',
];
const FILE_IO: Record<string, string> = {
  ...Object.fromEntries(FILE_OPENERS.map((name) => [name, WHOLE_FILE_WORK])),
  'shutil.copyfile': TO_THREAD,
  'shutil.copy': TO_THREAD,
  'shutil.copy2': TO_THREAD,
  'shutil.copytree': TO_THREAD,
  'shutil.rmtree': TO_THREAD,
  'shutil.move': TO_THREAD,
};
for (const method of ['read_text', 'read_bytes', 'write_text', 'write_bytes']) {
  FILE_IO[`${PATH}.${method}`] = `use \`await asyncio.to_thread(...)\` with this call's method and arguments`;
}

const INPUT: Record<string, string> = {
  'builtins.input': 'use `await asyncio.to_thread(input, prompt)`',
};

const DNS = 'use `await asyncio.get_running_loop().getaddrinfo(...)`';
const SOCKET: Record<string, string> = {
  'socket.getaddrinfo': DNS,
  'socket.gethostbyname': DNS,
  'socket.gethostbyname_ex': DNS,
  'socket.gethostbyaddr': 'use `await asyncio.get_running_loop().getnameinfo(...)`',
  'socket.getnameinfo': 'use `await asyncio.get_running_loop().getnameinfo(...)`',
  'socket.getfqdn': 'use `await asyncio.to_thread(socket.getfqdn, ...)`',
  'socket.create_connection': 'use `await asyncio.open_connection(...)` (streams) or the `loop.sock_*` coroutines',
};
for (const method of ['connect', 'accept', 'recv', 'recv_into', 'recvfrom', 'recvfrom_into', 'send', 'sendall', 'sendto', 'sendfile'])
  SOCKET[`socket.socket.${method}`] = `use \`await loop.sock_${method}(sock, ...)\` or asyncio streams`;

/** Each rule's calls: qualified name → what to use instead. */
const BY_RULE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  LOOP101: SLEEP,
  LOOP102: HTTP,
  LOOP103: SUBPROCESS,
  LOOP104: FILE_IO,
  LOOP105: INPUT,
  LOOP106: SOCKET,
};

/** The rule that flags the calls of the `blocking-calls` setting. */
const CONFIGURED_CALLS_RULE = 'LOOP107';

const KNOWN: ReadonlyMap<string, BlockingCall> = new Map(
  Object.entries(BY_RULE).flatMap(([rule, calls]) => Object.entries(calls).map(([name, instead]) => [name, { rule, instead }] as const)),
);

/** The blocking calls a rule flags (LOOP101–LOOP106), by qualified name. */
export function blockingCallsFlaggedBy(rule: string): ReadonlyMap<string, BlockingCall> {
  return new Map([...KNOWN].filter(([, call]) => call.rule === rule));
}

/** A call the project's `blocking-calls` setting declares blocking. */
export function configuredBlockingCall(qualifiedName: string, configured: readonly BlockingCallPattern[]): BlockingCall | undefined {
  const pattern = matchBlockingCall(configured, qualifiedName);
  if (!pattern) return undefined;
  const instead = pattern.suggestion ?? `it is listed as blocking in the \`blocking-calls\` setting (\`${pattern.pattern}\`)`;
  return { rule: CONFIGURED_CALLS_RULE, instead };
}

/** Whether a call to `qualifiedName` blocks, known to Loopscope or declared by the project, and what to do instead. */
export function blockingCall(qualifiedName: string, configured: readonly BlockingCallPattern[]): BlockingCall | undefined {
  return KNOWN.get(qualifiedName) ?? configuredBlockingCall(qualifiedName, configured);
}
