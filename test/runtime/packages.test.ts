// The program's own packages (issue 10, part 6), with real components: a virtualenv built by pip from
// packages/requirements.txt (cachedVenv.ts), `loopscope run` as a process, python3 as the reference. Covers how
// the environment is found, pure-Python fallbacks of compiled accelerators, the error for native-only
// modules, read-only site-packages, the bytecode cache, --wheels and a bad --python.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { runtimePlatform } from '../../runtime/src/environment/wasmWheels';
import { basePython, cachedVenv, type CachedVenv } from './packages/cachedVenv';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const PACKAGES = path.join(__dirname, 'packages');
const USING_PACKAGES = path.join(PACKAGES, 'using_packages.py');
const base = basePython();

interface Outcome {
  stdout: string;
  stderr: string;
  status: number;
}

/** The environment of the test process without anything that would pick an environment by itself. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'VIRTUAL_ENV') env[key] = value;
  return { ...env, PYTHONDONTWRITEBYTECODE: '1', ...extra };
}

function run(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? tmpdir(), env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), status: code ?? 128 }),
    );
  });
}

function loopscope(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Outcome> {
  return run(process.execPath, [CLI, 'run', ...args], options);
}

/** A fresh virtualenv (no pip) whose site-packages get `files` (relative path → text or bytes). */
function smallVenv(parent: string, name: string, files: Record<string, string | Buffer>): { root: string; python: string; site: string } {
  const root = path.join(parent, name);
  const made = spawnSync('python3', ['-m', 'venv', '--without-pip', root], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const lib = readdirSync(path.join(root, 'lib')).find((entry) => entry.startsWith('python3'))!;
  const site = path.join(root, 'lib', lib, 'site-packages');
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(site, file)), { recursive: true });
    writeFileSync(path.join(site, file), content);
  }
  return { root, python: path.join(root, 'bin', 'python'), site };
}

/** Every file below `folder` (relative paths), to check that a run wrote nothing there. */
function filesBelow(folder: string): string[] {
  return (readdirSync(folder, { recursive: true }) as string[]).sort();
}

/** A wheel file made with python3's zipfile: `files` plus a dist-info with METADATA, WHEEL and RECORD. */
function makeWheel(folder: string, fileName: string, files: Record<string, string>): string {
  const [distribution, version] = fileName.split('-') as [string, string];
  const distInfo = `${distribution}-${version}.dist-info`;
  const tag = fileName
    .split('-')
    .slice(2)
    .join('-')
    .replace(/\.whl$/, '');
  const entries: Record<string, string> = {
    ...files,
    [`${distInfo}/METADATA`]: `Metadata-Version: 2.1\nName: ${distribution.replace(/_/g, '-')}\nVersion: ${version}\n`,
    [`${distInfo}/WHEEL`]: `Wheel-Version: 1.0\nGenerator: loopscope-test\nRoot-Is-Purelib: ${tag.endsWith('any')}\nTag: ${tag}\n`,
    [`${distInfo}/RECORD`]: '',
  };
  const file = path.join(folder, fileName);
  const script =
    'import json, sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n    for name, text in json.loads(sys.argv[2]).items():\n        z.writestr(name, text)\n';
  const made = spawnSync('python3', ['-c', script, file, JSON.stringify(entries)], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  return file;
}

const ELF_HEADER = Buffer.from('7f454c4602010100000000000000000003003e00', 'hex');

describe('the program’s own packages', { skip: 'skip' in base ? base.skip : false, concurrency: 4, timeout: 20 * 60_000 }, () => {
  let venv: CachedVenv;
  let scratch: string;

  before(() => {
    venv = cachedVenv(path.join(PACKAGES, 'requirements.txt'));
    scratch = mkdtempSync(path.join(tmpdir(), 'loopscope-packages-'));
  });

  it('aiohttp, httpx, websockets and anyio import and work as under python3 (--python)', async () => {
    const [expected, actual] = await Promise.all([
      run(venv.python, [USING_PACKAGES]),
      loopscope(['--python', venv.python, USING_PACKAGES]),
    ]);
    assert.equal(expected.status, 0, expected.stderr);
    assert.equal(actual.stdout, expected.stdout, `--- loopscope stderr:\n${actual.stderr}`);
    assert.equal(actual.stderr, expected.stderr);
    assert.equal(actual.status, 0);
  });

  it('finds the environment from VIRTUAL_ENV, and from a .venv beside the program, without --python', async () => {
    const expected = await run(venv.python, [USING_PACKAGES]);
    const fromVirtualEnv = await loopscope([USING_PACKAGES], { env: cleanEnv({ VIRTUAL_ENV: venv.root }) });
    assert.equal(fromVirtualEnv.stdout, expected.stdout, fromVirtualEnv.stderr);

    const project = path.join(scratch, 'project-with-venv');
    mkdirSync(project);
    spawnSync('ln', ['-s', venv.root, path.join(project, '.venv')]);
    writeFileSync(path.join(project, 'main.py'), 'import httpx, yarl\nprint(httpx.URL("http://a.b/c"), yarl.URL("http://a.b/c").path)\n');
    const beside = await loopscope(['main.py'], { cwd: project });
    assert.equal(beside.stdout, 'http://a.b/c /c\n', beside.stderr);
  });

  it('picks --python, then VIRTUAL_ENV, then .venv beside the program, then venv in the working directory', async () => {
    const root = path.join(scratch, 'order');
    const venvs = Object.fromEntries(
      ['chosen', 'active', 'beside', 'cwd'].map((label) => [
        label,
        smallVenv(root, `venv-${label}`, { 'which_env.py': `NAME = '${label}'\n` }),
      ]),
    );
    const programFolder = path.join(root, 'app');
    mkdirSync(programFolder, { recursive: true });
    const program = path.join(programFolder, 'main.py');
    writeFileSync(program, 'import which_env\nprint(which_env.NAME)\n');
    spawnSync('ln', ['-s', venvs.beside!.root, path.join(programFolder, '.venv')]);
    spawnSync('ln', ['-s', venvs.cwd!.root, path.join(root, 'venv')]);
    const active = cleanEnv({ VIRTUAL_ENV: venvs.active!.root });
    assert.equal((await loopscope(['--python', venvs.chosen!.python, program], { cwd: root, env: active })).stdout, 'chosen\n');
    assert.equal((await loopscope(['--python', venvs.chosen!.root, program], { cwd: root, env: active })).stdout, 'chosen\n');
    assert.equal((await loopscope([program], { cwd: root, env: active })).stdout, 'active\n');
    assert.equal((await loopscope([program], { cwd: root })).stdout, 'beside\n');
    const elsewhere = path.join(root, 'elsewhere.py');
    writeFileSync(elsewhere, 'import which_env\nprint(which_env.NAME)\n');
    assert.equal((await loopscope([elsewhere], { cwd: root })).stdout, 'cwd\n');
  });

  it('a module that is only native code for another platform: fallbacks still work, else one clear error', async () => {
    const env = smallVenv(scratch, 'native-venv', {
      'fastthing/__init__.py': 'from ._core import speed\n',
      'fastthing/_core.cpython-311-x86_64-linux-gnu.so': ELF_HEADER,
      'fast_thing-1.0.dist-info/METADATA': 'Metadata-Version: 2.1\nName: fast-thing\nVersion: 1.0\n',
      'fast_thing-1.0.dist-info/top_level.txt': 'fastthing\n',
      'fast_thing-1.0.dist-info/RECORD': 'fastthing/__init__.py,,\nfastthing/_core.cpython-311-x86_64-linux-gnu.so,,\n',
      'withfallback/__init__.py': 'try:\n    from ._speedups import twice\nexcept ImportError:\n    from ._pure import twice\n',
      'withfallback/_speedups.abi3.so': ELF_HEADER,
      'withfallback/_pure.py': 'def twice(x):\n    return 2 * x\n',
    });
    const before = filesBelow(env.root);
    const fallback = path.join(scratch, 'fallback.py');
    writeFileSync(
      fallback,
      'import importlib.util, withfallback\nprint(withfallback.twice(21), importlib.util.find_spec("absent_module"), importlib.util.find_spec("withfallback._nothing"))\n',
    );
    const [expected, actual] = await Promise.all([run(env.python, [fallback]), loopscope(['--python', env.python, fallback])]);
    assert.equal(actual.stdout, expected.stdout, actual.stderr);
    assert.equal(actual.stdout, '42 None None\n');

    const nativeOnly = path.join(scratch, 'native_only.py');
    writeFileSync(nativeOnly, 'import fastthing\n');
    const failed = await loopscope(['--python', env.python, nativeOnly]);
    assert.equal(failed.status, 1);
    const last = failed.stderr.trim().split('\n').at(-1)!;
    const file = path.join(env.site, 'fastthing', '_core.cpython-311-x86_64-linux-gnu.so');
    assert.ok(last.startsWith("ModuleNotFoundError: No module named 'fastthing._core' that the runtime can load: "), last);
    assert.ok(last.includes(`${file} (package fast-thing) is native code for CPython 3.11 on x86_64 Linux`), last);
    assert.match(last, /pure-Python alternative.*WebAssembly build of fast-thing.*--wheels/);
    assert.deepEqual(filesBelow(env.root), before, 'the runtime wrote into the environment');
  });

  it('a missing package is reported with the environment that was searched and how it was found', async () => {
    const program = path.join(scratch, 'missing.py');
    writeFileSync(program, 'import surely_not_installed_anywhere\n');
    const missing = await loopscope([program], { env: cleanEnv({ VIRTUAL_ENV: venv.root }) });
    assert.equal(missing.status, 1);
    const site = readdirSync(path.join(venv.root, 'lib')).map((entry) => path.join(venv.root, 'lib', entry, 'site-packages'))[0]!;
    assert.equal(
      missing.stderr.trim().split('\n').at(-1),
      `ModuleNotFoundError: No module named 'surely_not_installed_anywhere' (not in the program's folder, the standard library or the environment ${venv.root} (VIRTUAL_ENV): ${site})`,
    );
  });

  it('site-packages are read-only, and their bytecode is cached outside them', async () => {
    const cache = path.join(scratch, 'user-cache');
    const env = smallVenv(scratch, 'readonly-venv', { 'plain_module.py': 'VALUE = 7\n' });
    const before = filesBelow(env.root);
    const program = path.join(scratch, 'readonly.py');
    writeFileSync(
      program,
      [
        'import errno, os, plain_module',
        'print(plain_module.VALUE)',
        'for attempt in (lambda: open(os.path.join(os.path.dirname(plain_module.__file__), "new.txt"), "w"),',
        '                lambda: open(plain_module.__file__, "a"), lambda: os.remove(plain_module.__file__)):',
        '    try:',
        '        attempt()',
        '    except OSError as error:',
        '        print(errno.errorcode[error.errno])',
        '',
      ].join('\n'),
    );
    const result = await loopscope(['--python', env.python, program], { env: cleanEnv({ LOOPSCOPE_CACHE_DIR: cache }) });
    assert.equal(result.stdout, '7\nEROFS\nEROFS\nEROFS\n', result.stderr);
    assert.deepEqual(filesBelow(env.root), before);
    const cached = path.join(cache, 'bytecode', 'site', env.site, 'plain_module.cpython-314.pyc');
    assert.ok(existsSync(cached), `no bytecode at ${cached}`);
    assert.ok(
      readdirSync(path.join(cache, 'bytecode')).some((entry) => entry.startsWith('stdlib-')),
      'no stdlib bytecode cache',
    );
  });

  it('--wheels installs WebAssembly wheels from a folder, ahead of the environment, and says which it skipped', async () => {
    const wheels = path.join(scratch, 'wheels');
    mkdirSync(wheels);
    const platform = runtimePlatform(path.join(__dirname, '..', '..', 'dist', 'pyodide')).platformTags[0]!;
    makeWheel(wheels, 'tinywheel-1.0-py3-none-any.whl', { 'tinywheel/__init__.py': 'VALUE = "from a wheel"\n' });
    makeWheel(wheels, `fast_thing-2.0-cp314-cp314-${platform}.whl`, { 'fastthing/__init__.py': 'speed = "WebAssembly build"\n' });
    makeWheel(wheels, 'native-1.0-cp311-cp311-manylinux_2_17_x86_64.whl', { 'native/__init__.py': '' });
    const env = smallVenv(scratch, 'wheels-venv', {
      'fastthing/__init__.py': 'from ._core import speed\n',
      'fastthing/_core.cpython-311-x86_64-linux-gnu.so': ELF_HEADER,
    });
    const program = path.join(scratch, 'wheels.py');
    writeFileSync(
      program,
      'import importlib.metadata, tinywheel, fastthing\nprint(tinywheel.VALUE, fastthing.speed, importlib.metadata.version("fast-thing"))\n',
    );
    const result = await loopscope(['--python', env.python, '--wheels', wheels, program]);
    assert.equal(result.stdout, 'from a wheel WebAssembly build 2.0\n', result.stderr);
    assert.equal(result.status, 0);
    assert.match(
      result.stderr,
      /^loopscope: skipped the wheel .*native-1\.0-cp311-cp311-manylinux_2_17_x86_64\.whl: built for manylinux_2_17_x86_64/,
    );
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });

  it('a bad --python or --wheels is a usage error (status 2) that says what is wrong', async () => {
    const program = path.join(scratch, 'hello.py');
    writeFileSync(program, 'print("hello")\n');
    const cases: [string[], RegExp][] = [
      [['--python', '/nonexistent/bin/python'], /^loopscope: --python \/nonexistent\/bin\/python: not found\n$/],
      [['--python', 'no-such-python-anywhere'], /^loopscope: --python no-such-python-anywhere: not found on PATH\n$/],
      [['--python', scratch], /^loopscope: --python .*: is a folder, not a Python interpreter or environment\n$/],
      [['--python', program], /^loopscope: --python .*hello\.py: is not executable\n$/],
      [['--wheels', path.join(scratch, 'no-wheels-here')], /^loopscope: --wheels .*no-wheels-here: not a folder\n$/],
    ];
    for (const [args, message] of cases) {
      const result = await loopscope([...args, program]);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, message);
    }
  });
});
