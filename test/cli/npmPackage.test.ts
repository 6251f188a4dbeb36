// The npm package `loopscope` as a user gets it: packed from this checkout (the dist/ that `npm test` built; a
// publish or git install builds it with `prepare`), installed globally into a temporary prefix, and run from
// another folder: lint, rule, run (its snapshot in the user cache, also from a read-only install), the language
// server and the debug adapter. Packing and installing take a few seconds; the runs most of the rest.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AdapterClient, startAdapterServer } from '../debugAdapter/adapterClient';
import { LspTestClient } from '../server/lspClient';

const ROOT = path.join(__dirname, '..', '..');
const MANIFEST = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  bin: Record<string, string>;
};

/** Every file the package may hold: the bundles that run outside VS Code, their wasm and Python, the rule pages. */
const ALLOWED =
  /^(package\.json|README\.md|LICENSE|dist\/(cli|server|debugAdapter|lintWorker|runtimeWorker|ioWorker)\.js|dist\/(web-tree-sitter|tree-sitter-python)\.wasm|dist\/pyodide\/(pyodide\.asm\.wasm|pyodide\.asm\.mjs|pyodide\.mjs|python_stdlib\.zip|pyodide-lock\.json)|dist\/python\/_loopscope\/[\w/]+\.py|docs\/rules\/[\w-]+\.md)$/;
const NEEDED = [
  'package.json',
  'README.md',
  'LICENSE',
  'dist/cli.js',
  'dist/server.js',
  'dist/debugAdapter.js',
  'dist/lintWorker.js',
  'dist/runtimeWorker.js',
  'dist/ioWorker.js',
  'dist/web-tree-sitter.wasm',
  'dist/tree-sitter-python.wasm',
  'dist/pyodide/pyodide.asm.wasm',
  'dist/pyodide/python_stdlib.zip',
  'dist/python/_loopscope/loop.py',
  'docs/rules/blocking-sleep.md',
];

const BLOCKING = 'import time\n\nasync def main():\n    time.sleep(1)\n';
const PROGRAM = [
  'import asyncio, time',
  '',
  'async def main():',
  '    await asyncio.sleep(3600)',
  '    print("slept an hour", time.monotonic() >= 3600)',
  '',
  'asyncio.run(main())',
  '',
].join('\n');

/** Root's writes ignore file modes: a read-only install is tried as `nobody`, which setpriv can become. */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((file) => existsSync(file));
const IS_ROOT = process.getuid?.() === 0;
const READ_ONLY_SKIP =
  process.platform === 'win32'
    ? 'file modes do not make a folder read-only on Windows'
    : IS_ROOT && !SETPRIV
      ? 'running as root without setpriv to drop to an unprivileged user'
      : false;

let scratch: string;
let prefix: string;
let installed: string;
let bin: string;
let project: string;
let packedFiles: string[];

before(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'loopscope-npm-'));
  // `nobody` must reach the install and the project for the read-only runs.
  chmodSync(scratch, 0o755);
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: ROOT });
  assert.equal(pack.status, 0, pack.stderr);
  const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  packedFiles = packed!.files.map((file) => file.path);
  prefix = path.join(scratch, 'prefix');
  // Offline: the package has no dependencies to fetch.
  const install = run(
    'npm',
    ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', path.join(scratch, packed!.filename)],
    {
      cwd: scratch,
    },
  );
  assert.equal(install.status, 0, install.stderr);
  installed = path.join(prefix, 'lib', 'node_modules', MANIFEST.name);
  bin = path.join(prefix, 'bin', 'loopscope');
  project = path.join(scratch, 'project');
  mkdirSync(project);
  writeFileSync(path.join(project, 'app.py'), BLOCKING);
  writeFileSync(path.join(project, 'program.py'), PROGRAM);
});

after(() => {
  if (!scratch) return;
  if (installed && existsSync(installed)) makeWritable(installed);
  rmSync(scratch, { recursive: true, force: true });
});

describe('npm package', { skip: process.platform === 'win32' ? 'the installed command is a shell shim on Windows' : false }, () => {
  it('holds the bundles, wasm and rule pages that run outside VS Code, and nothing else; no dependencies', () => {
    assert.deepEqual(
      packedFiles.filter((file) => !ALLOWED.test(file)),
      [],
    );
    for (const needed of NEEDED) assert.ok(packedFiles.includes(needed), `${needed} is packed`);
    assert.equal(MANIFEST.dependencies, undefined, 'the bundles carry their dependencies');
    assert.equal(MANIFEST.bin.loopscope, 'dist/cli.js');
    assert.equal(existsSync(path.join(installed, 'node_modules')), false, 'a global install adds no node_modules');
  });

  it('`loopscope -V` and `--version` print the version', () => {
    for (const flag of ['-V', '--version']) {
      const result = loopscope([flag]);
      assert.equal(result.stdout, `loopscope ${MANIFEST.version}\n`, result.stderr);
    }
  });

  it('`loopscope lint` reports findings (exit 1) that link to rule pages in the install', () => {
    const text = loopscope(['lint', 'app.py']);
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /^app\.py:4:5: LOOP101 /m);
    const rules = loopscope(['rules', '--format', 'json']);
    const pages = (JSON.parse(rules.stdout) as { code: string; documentation: string }[]).map((rule) => fileURLToPath(rule.documentation));
    assert.ok(pages.length > 30);
    for (const page of pages) {
      assert.ok(page.startsWith(installed + path.sep), `${page} is in the install`);
      assert.ok(existsSync(page), `${page} exists`);
    }
  });

  it('`loopscope rule CODE` prints the rule page', () => {
    const page = loopscope(['rule', 'ASYNC251']);
    assert.equal(page.status, 0, page.stderr);
    assert.equal(page.stdout.trimEnd(), readFileSync(path.join(installed, 'docs', 'rules', 'blocking-sleep.md'), 'utf8').trimEnd());
    const unknown = loopscope(['rule', 'LOOP999']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no rule 'LOOP999'/);
  });

  it('`loopscope run` keeps its snapshot in the user cache, never in the install', () => {
    const cache = path.join(scratch, 'cache');
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = loopscope(['run', 'program.py'], { LOOPSCOPE_CACHE_DIR: cache });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, 'slept an hour True\n');
      assert.equal(result.stderr, '', 'stderr is the program’s alone');
    }
    assert.equal(snapshotsBelow(path.join(cache, 'snapshots')).length, 1);
    assert.deepEqual(snapshotsBelow(installed), []);
  });

  describe('installed read-only', { skip: READ_ONLY_SKIP }, () => {
    before(() => {
      makeReadOnly(installed);
    });

    it('`loopscope run` still caches its snapshot (in the user cache)', () => {
      const cache = path.join(scratch, 'unprivileged-cache');
      mkdirSync(cache, { mode: 0o777 });
      chmodSync(cache, 0o777);
      const result = unprivileged(['run', 'program.py'], { LOOPSCOPE_CACHE_DIR: cache });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, 'slept an hour True\n');
      assert.equal(result.stderr, '');
      assert.equal(snapshotsBelow(path.join(cache, 'snapshots')).length, 1);
      assert.deepEqual(snapshotsBelow(installed), []);
    });

    it('with no writable cache either, `loopscope run` works and says once why it starts cold', () => {
      const nowhere = path.join(installed, 'cache');
      const result = unprivileged(['run', 'program.py'], { LOOPSCOPE_CACHE_DIR: nowhere });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, 'slept an hour True\n');
      const note =
        /^loopscope: cannot write the runtime's snapshot to (.+) \(EACCES\), so every run starts Python from scratch; set LOOPSCOPE_CACHE_DIR to a writable folder\n$/.exec(
          result.stderr,
        );
      assert.ok(note, `one line, then the program's (empty) stderr: ${result.stderr}`);
      assert.equal(path.dirname(note[1]!), path.join(nowhere, 'snapshots'));
      assert.equal(existsSync(nowhere), false);
    });
  });

  it('`loopscope server` is the language server on stdio', async () => {
    const client = LspTestClient.start(undefined, { executable: bin, args: ['server'], cwd: project });
    try {
      await client.initialize();
      const uri = pathToFileURL(path.join(project, 'app.py')).href;
      const published = await client.open(uri, BLOCKING);
      assert.deepEqual(
        published.diagnostics.map((diagnostic) => diagnostic.code),
        ['LOOP101'],
      );
      const page = fileURLToPath(published.diagnostics[0]!.codeDescription!.href);
      assert.equal(page, path.join(installed, 'docs', 'rules', 'blocking-sleep.md'));
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.process.kill();
    }
  });

  it('`loopscope debug-adapter` speaks DAP on stdio and runs a program', async () => {
    const client = new AdapterClient(bin, 'debug-adapter', {
      cwd: project,
      env: { ...process.env, LOOPSCOPE_CACHE_DIR: path.join(scratch, 'cache') },
    });
    await client.start();
    try {
      await client.launch({ program: path.join(project, 'program.py') });
      await client.next('terminated');
      assert.match(client.outputText('stdout'), /slept an hour True/);
    } finally {
      await client.close();
    }
  });

  it('`loopscope debug-adapter --port 0` serves DAP on 127.0.0.1 with a token', async () => {
    const server = await startAdapterServer(
      { ...process.env, LOOPSCOPE_CACHE_DIR: path.join(scratch, 'cache') },
      { executable: bin, args: ['debug-adapter', '--port', '0'] },
    );
    try {
      assert.ok(server.port > 0);
      assert.match(server.token ?? '', /^[0-9a-f]{64}$/);
      const client = new AdapterClient();
      client.token = server.token;
      await client.start(server.port);
      await client.launch({ program: path.join(project, 'program.py') });
      await client.next('terminated');
      assert.match(client.outputText('stdout'), /slept an hour True/);
      await client.dc.disconnectRequest({});
    } finally {
      server.process.kill();
    }
  });
});

/** The installed command, from the project folder, as a user's shell would run it. */
function loopscope(args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return run(bin, args, { cwd: project, env: { ...process.env, NO_COLOR: '1', ...env } });
}

/** The installed command as a user who may not write the install (root ignores file modes). */
function unprivileged(args: string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  // Only node on PATH (no python3 whose environment nobody may not read), no home to fall back on.
  const environment = { PATH: path.dirname(process.execPath), HOME: '/nonexistent', NO_COLOR: '1', ...env };
  return IS_ROOT
    ? run(SETPRIV!, ['--reuid=65534', '--regid=65534', '--clear-groups', bin, ...args], { cwd: project, env: environment })
    : run(bin, args, { cwd: project, env: environment });
}

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): SpawnSyncReturns<string> {
  return spawnSync(command, args, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function snapshotsBelow(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) => /(^|\/)snapshot-[0-9a-f]+\.bin$/.test(file));
}

function makeReadOnly(folder: string): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory()) makeReadOnly(path.join(folder, entry.name));
    else chmodSync(path.join(folder, entry.name), statSync(path.join(folder, entry.name)).mode & 0o555);
  }
  chmodSync(folder, 0o555);
}

function makeWritable(folder: string): void {
  chmodSync(folder, 0o755);
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory()) makeWritable(path.join(folder, entry.name));
    else chmodSync(path.join(folder, entry.name), 0o644);
  }
}
