// What the blocking calls people most often make from coroutines do, for hovers. That they block and
// what to use instead is in blockingCalls.ts (which the rules read too); every other blocking call gets a
// hover built from that alone.
import type { ApiSection } from './apiEntry';

const requestsVerb = (verb: string) =>
  ({
    kind: 'function',
    signature: `${verb}(url, ...)`,
    summary: `Sends an HTTP ${verb.toUpperCase()} request and waits for the whole response.`,
  }) as const;
const PATH_IO = { kind: 'method' } as const;

export const BLOCKING_CALLS_API: readonly ApiSection[] = [
  {
    page: 'time.html',
    entries: {
      'time.sleep': {
        kind: 'function',
        signature: 'sleep(secs)',
        summary: 'Suspends the whole thread for `secs` seconds.',
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
      },
      'builtins.input': {
        kind: 'function',
        signature: 'input(prompt="")',
        summary: 'Reads a line from standard input, waiting until the user presses Enter.',
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
      },
      'pathlib.Path.read_bytes': {
        ...PATH_IO,
        signature: 'read_bytes()',
        summary: 'Reads the whole file as bytes.',
      },
      'pathlib.Path.write_text': {
        ...PATH_IO,
        signature: 'write_text(data, encoding=None, ...)',
        summary: 'Writes text to the file, replacing it.',
      },
      'pathlib.Path.write_bytes': {
        ...PATH_IO,
        signature: 'write_bytes(data)',
        summary: 'Writes bytes to the file, replacing it.',
      },
      'pathlib.Path.open': {
        ...PATH_IO,
        signature: 'open(mode="r", ...)',
        summary: 'Opens the file like the builtin `open()`.',
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
      },
      'subprocess.check_output': {
        kind: 'function',
        signature: 'check_output(args, ...)',
        summary: 'Runs a program, waits, and returns its output (raises on a non-zero exit).',
      },
      'subprocess.call': {
        kind: 'function',
        signature: 'call(args, ...)',
        summary: 'Runs a program and waits for its exit code.',
      },
      'subprocess.Popen': {
        kind: 'class',
        signature: 'Popen(args, ...)',
        summary: 'Starts a program; its `wait()` and `communicate()` block until it exits.',
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
      },
      'socket.gethostbyname': {
        kind: 'function',
        signature: 'gethostbyname(hostname)',
        summary: 'Resolves a host name to an IPv4 address, waiting for DNS.',
      },
      'socket.create_connection': {
        kind: 'function',
        signature: 'create_connection(address, timeout=..., ...)',
        summary: 'Resolves and connects a TCP socket, waiting for both.',
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
