// A public function or class only coroutines of the project use, across modules: LOOP201 reads its
// `get_event_loop()` as in a coroutine once every module using it (through re-exports, test modules, wildcard imports)
// calls it from a coroutine, in the workspace index the language server keeps and in the CLI's, cache included.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { Linter } from '../../server/engine/src/linter/linter';
import { RULES } from '../../server/engine/src/rules/registry';
import { moduleIdentity } from '../../server/engine/src/workspace/moduleNames';
import { ProjectIndexer } from '../../server/engine/src/workspace/projectIndexer';
import { WorkspaceIndex } from '../../server/engine/src/workspace/workspaceIndex';
import { makeProject, runCli } from '../cli/runCli';

const TICKS = `import asyncio


def start_ticker(coro):
    loop = asyncio.get_event_loop()
    return loop.create_task(coro)


class Channel:
    def __init__(self):
        self.loop = asyncio.get_event_loop()
`;

const RUNNER = `from app import start_ticker
from app.ticks import Channel


async def work():
    pass


async def run():
    start_ticker(work())
    return Channel()
`;

const TESTS = `from app.ticks import *


async def test_ticker():
    start_ticker(None)
`;

const FILES = {
  'app/__init__.py': 'from .ticks import start_ticker\n',
  'app/ticks.py': TICKS,
  'app/runner.py': RUNNER,
  'app/test_ticks.py': TESTS,
};

const IN_COROUTINES = 'in `start_ticker`, which only coroutines of this project call,';
const CONSTRUCTED = 'in `__init__` of `Channel`, a class only coroutines of this project build,';
const RAISES = 'raises RuntimeError';

interface CliFinding {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

/** The LOOP201 findings of ticks.py, `line: message`. */
function ticksFindings(root: string, cacheDir: string): string[] {
  const result = runCli(['lint', '--format', 'json', '--select', 'LOOP201', '--cache-dir', cacheDir, 'app'], root, undefined, {
    LOOPSCOPE_NO_CACHE: '',
  });
  return (JSON.parse(result.stdout) as CliFinding[])
    .filter((finding) => finding.file.endsWith('ticks.py') && !finding.file.endsWith('test_ticks.py'))
    .map((finding) => `${finding.line}: ${finding.message}`);
}

/** Dates every file below `root` a minute back: the lint cache then vouches for them by time and size. */
function settle(root: string): void {
  const past = new Date(Date.now() - 60_000);
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) utimesSync(path.join(entry.parentPath, entry.name), past, past);
}

function messageAt(findings: readonly string[], line: number): string {
  return findings.find((finding) => finding.startsWith(`${line}: `)) ?? '';
}

describe('LOOP201: a public function only coroutines of the project use', () => {
  test('the CLI reads every module using it, and a plain call in a test module brings the old message back', () => {
    const root = makeProject(FILES);
    const cacheDir = path.join(root, '.cache');
    const first = ticksFindings(root, cacheDir);
    assert.ok(messageAt(first, 5).includes(IN_COROUTINES), messageAt(first, 5));
    assert.ok(messageAt(first, 11).includes(CONSTRUCTED), messageAt(first, 11));
    // ticks.py is unchanged: its cached lint must not survive a new plain caller elsewhere.
    const tests = path.join(root, 'app', 'test_ticks.py');
    writeFileSync(tests, readFileSync(tests, 'utf8') + '\n\ndef test_plain():\n    start_ticker(None)\n');
    const second = ticksFindings(root, cacheDir);
    assert.ok(messageAt(second, 5).includes(RAISES), messageAt(second, 5));
    assert.ok(messageAt(second, 11).includes(CONSTRUCTED), messageAt(second, 11));
  });

  test('the cache keeps which files mention the name, and a new folder with a plain caller is read', () => {
    const root = makeProject(FILES);
    const cacheDir = path.join(root, '.cache');
    settle(root);
    assert.ok(messageAt(ticksFindings(root, cacheDir), 5).includes(IN_COROUTINES));
    const [cacheFile] = readdirSync(cacheDir).filter((name) => name.endsWith('.cache'));
    assert.match(readFileSync(path.join(cacheDir, cacheFile!), 'latin1'), /^M\t"start_ticker"\t/m);
    // Answered from the cache: the same.
    assert.ok(messageAt(ticksFindings(root, cacheDir), 5).includes(IN_COROUTINES));
    mkdirSync(path.join(root, 'app', 'late'));
    writeFileSync(path.join(root, 'app', 'late', '__init__.py'), '');
    writeFileSync(path.join(root, 'app', 'late', 'main.py'), 'from app import start_ticker\n\n\ndef main():\n    start_ticker(None)\n');
    settle(root);
    assert.ok(messageAt(ticksFindings(root, cacheDir), 5).includes(RAISES));
  });

  test('handed on, derived from, or called in a lambda of a coroutine: the old message', () => {
    const uses: [string, number][] = [
      ['import asyncio\nfrom app.ticks import start_ticker\n\nasync def run():\n    await asyncio.to_thread(start_ticker, None)\n', 5],
      ['from app import ticks\n\nasync def run():\n    return lambda: ticks.start_ticker(None)\n', 5],
      ['from app.ticks import Channel\n\nclass Pipe(Channel):\n    pass\n', 11],
    ];
    for (const [use, line] of uses) {
      const root = makeProject({ ...FILES, 'app/other.py': use });
      const findings = ticksFindings(root, path.join(root, '.cache'));
      assert.ok(messageAt(findings, line).includes(RAISES), `${use}\n${messageAt(findings, line)}`);
    }
  });
});

const PROTOCOLS = `import asyncio


class TrapProtocol(asyncio.DatagramProtocol):
    def __init__(self, handler):
        self.loop = asyncio.get_event_loop()
        self.handler = handler
`;

const SERVER = `import asyncio
from typing import Tuple

from .protocols import TrapProtocol


async def serve(handler) -> Tuple[asyncio.BaseTransport, TrapProtocol]:
    loop = asyncio.get_running_loop()
    return await loop.create_datagram_endpoint(lambda: TrapProtocol(handler), local_addr=("127.0.0.1", 0))
`;

const PROTOCOL_FILES = { 'app/__init__.py': '', 'app/protocols.py': PROTOCOLS, 'app/server.py': SERVER };
const BUILT_BY_FACTORY =
  'in `__init__` of `TrapProtocol`, a class only coroutines of this project and protocol factories handed to the event loop build,';

describe('LOOP201: a protocol only a factory handed to the loop builds, in another module', () => {
  /** The message at protocols.py:6 from the CLI and from the language server's index of every module. */
  async function messages(files: Record<string, string>): Promise<[string, string]> {
    const root = makeProject(files);
    const result = runCli(['lint', '--format', 'json', '--select', 'LOOP201', '--no-cache', 'app'], root, undefined, {
      LOOPSCOPE_NO_CACHE: '',
    });
    const cli = (JSON.parse(result.stdout) as CliFinding[]).find((finding) => finding.file.endsWith('protocols.py') && finding.line === 6);
    const linter = await Linter.create(RULES);
    const indexer = new ProjectIndexer(linter, new WorkspaceIndex());
    for (const name of Object.keys(files)) indexer.indexFile(path.join(root, name));
    const protocols = path.join(root, 'app', 'protocols.py');
    const [server] = linter
      .lintText(readFileSync(protocols, 'utf8'), { select: ['LOOP201'] }, indexer.index.view(moduleIdentity(protocols), protocols))
      .diagnostics.map((diagnostic) => diagnostic.message);
    return [cli?.message ?? '', server ?? ''];
  }

  test('built by a lambda the loop calls, named in an annotation: the running loop, in the CLI and the server alike', async () => {
    for (const message of await messages(PROTOCOL_FILES)) assert.ok(message.includes(BUILT_BY_FACTORY), message);
  });

  test('also built in plain code, or its lambda handed to something else: the old message', async () => {
    for (const other of [
      'from .protocols import TrapProtocol\n\ndef make():\n    return TrapProtocol(print)\n',
      'from .protocols import TrapProtocol\n\nasync def later(run):\n    return await run(lambda: TrapProtocol(print))\n',
    ])
      for (const message of await messages({ ...PROTOCOL_FILES, 'app/other.py': other }))
        assert.ok(message.includes(RAISES), `${other}\n${message}`);
  });
});

describe('LOOP201 in the workspace index: a module changing its use of a function re-lints the function', () => {
  let linter: Linter;
  before(async () => {
    linter = await Linter.create(RULES);
  });

  test('usedModulesOf names the module defining what a file uses, through a re-export', () => {
    const root = makeProject(FILES);
    const indexer = new ProjectIndexer(linter, new WorkspaceIndex());
    for (const name of Object.keys(FILES)) indexer.indexFile(path.join(root, name));
    const ticks = path.join(root, 'app', 'ticks.py');
    const runner = path.join(root, 'app', 'runner.py');
    assert.ok(indexer.index.usedModulesOf(runner).includes(ticks));
    const lint = (): string[] =>
      linter
        .lintText(readFileSync(ticks, 'utf8'), { select: ['LOOP201'] }, indexer.index.view(moduleIdentity(ticks), ticks))
        .diagnostics.map((diagnostic) => diagnostic.message);
    assert.ok(lint()[0]?.includes(IN_COROUTINES), lint()[0]);
    // The caller changes: a plain function calls it too.
    assert.equal(indexer.indexText(runner, RUNNER + '\n\ndef main():\n    start_ticker(work())\n'), true);
    assert.ok(lint()[0]?.includes(RAISES), lint()[0]);
  });
});
