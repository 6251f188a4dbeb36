// The blocking calls people most often make from coroutines, with their async alternatives. Every
// other call the LOOP1xx rules flag gets a generic hover built from the rule's own suggestion.
import type { ApiSection } from './apiEntry';

const TO_THREAD = '`await asyncio.to_thread(...)` around the call';
const HTTP_INSTEAD = 'An async client: `httpx.AsyncClient` or `aiohttp`; or `await asyncio.to_thread(requests.get, url)`.';
const requestsVerb = (verb: string) =>
  ({
    kind: 'function',
    signature: `${verb}(url, ...)`,
    summary: `Sends an HTTP ${verb.toUpperCase()} request and waits for the whole response.`,
    blocks: true,
    instead: HTTP_INSTEAD,
    rules: ['LOOP102'],
  }) as const;
const PATH_IO = { kind: 'method', blocks: true, rules: ['LOOP104'] } as const;
const SUBPROCESS_INSTEAD = '`proc = await asyncio.create_subprocess_exec(...)` then `await proc.communicate()`.';

export const BLOCKING_CALLS_API: readonly ApiSection[] = [
  {
    page: 'time.html',
    entries: {
      'time.sleep': {
        kind: 'function',
        signature: 'sleep(secs)',
        summary: 'Suspends the whole thread for `secs` seconds.',
        blocks: true,
        instead: '`await asyncio.sleep(secs)`: only the current task waits.',
        rules: ['LOOP101'],
      },
    },
  },
  {
    page: 'functions.html',
    entries: {
      'builtins.open': {
        kind: 'function',
        signature: 'open(file, mode="r", ...)',
        summary: 'Opens a file; opening, reading and writing all wait for the disk.',
        blocks: true,
        instead: `${TO_THREAD} (e.g. \`await asyncio.to_thread(path.read_text)\`), or an async file library such as \`aiofiles\`.`,
        rules: ['LOOP104'],
      },
      'builtins.input': {
        kind: 'function',
        signature: 'input(prompt="")',
        summary: 'Reads a line from standard input, waiting until the user presses Enter.',
        blocks: true,
        instead: '`await asyncio.to_thread(input, prompt)`.',
        rules: ['LOOP105'],
      },
    },
  },
  {
    page: 'io.html',
    entries: {
      'io.open': {
        kind: 'function',
        signature: 'open(file, mode="r", ...)',
        summary: 'The builtin `open()`.',
        blocks: true,
        instead: `${TO_THREAD}, or an async file library.`,
        rules: ['LOOP104'],
      },
    },
  },
  {
    page: 'pathlib.html',
    entries: {
      'pathlib.Path.read_text': {
        ...PATH_IO,
        signature: 'read_text(encoding=None, errors=None)',
        summary: 'Reads the whole file as text.',
        instead: '`await asyncio.to_thread(path.read_text)`.',
      },
      'pathlib.Path.read_bytes': {
        ...PATH_IO,
        signature: 'read_bytes()',
        summary: 'Reads the whole file as bytes.',
        instead: '`await asyncio.to_thread(path.read_bytes)`.',
      },
      'pathlib.Path.write_text': {
        ...PATH_IO,
        signature: 'write_text(data, encoding=None, ...)',
        summary: 'Writes text to the file, replacing it.',
        instead: '`await asyncio.to_thread(path.write_text, data)`.',
      },
      'pathlib.Path.write_bytes': {
        ...PATH_IO,
        signature: 'write_bytes(data)',
        summary: 'Writes bytes to the file, replacing it.',
        instead: '`await asyncio.to_thread(path.write_bytes, data)`.',
      },
      'pathlib.Path.open': {
        ...PATH_IO,
        signature: 'open(mode="r", ...)',
        summary: 'Opens the file like the builtin `open()`.',
        instead: `${TO_THREAD}, or an async file library.`,
      },
    },
  },
  {
    page: 'subprocess.html',
    entries: {
      'subprocess.run': {
        kind: 'function',
        signature: 'run(args, *, stdin=None, input=None, capture_output=False, check=False, ...)',
        summary: 'Runs a program and waits for it to exit.',
        blocks: true,
        instead: SUBPROCESS_INSTEAD,
        rules: ['LOOP103'],
      },
      'subprocess.check_output': {
        kind: 'function',
        signature: 'check_output(args, ...)',
        summary: 'Runs a program, waits, and returns its output (raises on a non-zero exit).',
        blocks: true,
        instead: SUBPROCESS_INSTEAD,
        rules: ['LOOP103'],
      },
      'subprocess.call': {
        kind: 'function',
        signature: 'call(args, ...)',
        summary: 'Runs a program and waits for its exit code.',
        blocks: true,
        instead: SUBPROCESS_INSTEAD,
        rules: ['LOOP103'],
      },
      'subprocess.Popen': {
        kind: 'class',
        signature: 'Popen(args, ...)',
        summary: 'Starts a program; its `wait()` and `communicate()` block until it exits.',
        blocks: true,
        instead: '`await asyncio.create_subprocess_exec(...)`, whose `wait()`/`communicate()` are awaitable.',
        rules: ['LOOP103'],
      },
    },
  },
  {
    page: 'os.html',
    entries: {
      'os.system': {
        kind: 'function',
        signature: 'system(command)',
        summary: 'Runs a shell command and waits for it.',
        blocks: true,
        instead: '`proc = await asyncio.create_subprocess_shell(command)` then `await proc.wait()`.',
        rules: ['LOOP103'],
      },
    },
  },
  {
    page: 'urllib.request.html',
    entries: {
      'urllib.request.urlopen': {
        kind: 'function',
        signature: 'urlopen(url, data=None, timeout=..., ...)',
        summary: 'Opens a URL and waits for the response headers; reading the body waits again.',
        blocks: true,
        instead: 'An async client (`httpx.AsyncClient`, `aiohttp`), or `await asyncio.to_thread(urllib.request.urlopen, url)`.',
        rules: ['LOOP102'],
      },
    },
  },
  {
    page: 'socket.html',
    entries: {
      'socket.getaddrinfo': {
        kind: 'function',
        signature: 'getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)',
        summary: 'Resolves a host name (DNS), waiting for the answer.',
        blocks: true,
        instead: '`await asyncio.get_running_loop().getaddrinfo(host, port)`.',
        rules: ['LOOP106'],
      },
      'socket.gethostbyname': {
        kind: 'function',
        signature: 'gethostbyname(hostname)',
        summary: 'Resolves a host name to an IPv4 address, waiting for DNS.',
        blocks: true,
        instead: '`await asyncio.get_running_loop().getaddrinfo(hostname, None)`.',
        rules: ['LOOP106'],
      },
      'socket.create_connection': {
        kind: 'function',
        signature: 'create_connection(address, timeout=..., ...)',
        summary: 'Resolves and connects a TCP socket, waiting for both.',
        blocks: true,
        instead: '`reader, writer = await asyncio.open_connection(host, port)`.',
        rules: ['LOOP106'],
      },
    },
  },
  {
    page: 'https://requests.readthedocs.io/en/latest/api/',
    anchors: 'none',
    entries: {
      'requests.get': requestsVerb('get'),
      'requests.post': requestsVerb('post'),
      'requests.put': requestsVerb('put'),
      'requests.patch': requestsVerb('patch'),
      'requests.delete': requestsVerb('delete'),
      'requests.head': requestsVerb('head'),
      'requests.request': {
        ...requestsVerb('request'),
        signature: 'request(method, url, ...)',
        summary: 'Sends an HTTP request and waits for the whole response.',
      },
    },
  },
];
