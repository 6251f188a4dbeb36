// How the runtime finds a program's environment (runtime/src/environment/): the lookup order, virtualenv
// layouts read from files, interpreters asked once and cached, pyenv shims resolved without running them,
// .pth folders, WebAssembly wheel tags, and the errors for a bad `python`. Interpreters here are small
// scripts that answer the probe as Python would, so every case is exact and fast.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { findPythonEnvironment, PythonEnvironmentError, type EnvironmentQuery } from '../../runtime/src/environment/pythonEnvironment';
import { programEnvironment } from '../../runtime/src/environment/programEnvironment';
import { pthFolders } from '../../runtime/src/environment/pthFolders';
import { resolvePyenvShim } from '../../runtime/src/environment/versionManagerShim';
import { selectWasmWheels, type RuntimePlatform } from '../../runtime/src/environment/wasmWheels';

const scratch = mkdtempSync(path.join(tmpdir(), 'loopscope-environment-'));
// Interpreter answers are cached in the user cache folder: this test keeps its own.
process.env.LOOPSCOPE_CACHE_DIR = path.join(scratch, 'cache');

function file(name: string, text = '', executable = false): string {
  mkdirSync(path.dirname(name), { recursive: true });
  writeFileSync(name, text);
  if (executable) chmodSync(name, 0o755);
  return name;
}

/** A virtualenv as venv/uv write it: pyvenv.cfg, bin/python, lib/pythonX.Y/site-packages. */
function venv(root: string, cfg: string, version = '3.12'): string {
  file(path.join(root, 'pyvenv.cfg'), cfg);
  file(path.join(root, 'bin', 'python'), '#!/bin/sh\nexit 1\n', true);
  mkdirSync(path.join(root, 'lib', `python${version}`, 'site-packages'), { recursive: true });
  return root;
}

/** A base interpreter: a script answering the probe with `facts`, counting its runs in `<script>.runs`; its
 * site-packages folders are made, except those named missing-…. */
function interpreter(script: string, facts: { version: string; prefix: string; sitePackages: string[]; user?: string }): string {
  const answer = JSON.stringify({
    executable: script,
    version: facts.version,
    prefix: facts.prefix,
    sitePackages: facts.sitePackages,
    userSitePackages: facts.user ?? null,
  });
  file(script, `#!/bin/sh\necho run >> "${script}.runs"\necho '${answer}'\n`, true);
  for (const folder of facts.sitePackages) if (!path.basename(folder).startsWith('missing-')) mkdirSync(folder, { recursive: true });
  return script;
}

function runs(script: string): number {
  try {
    return readFileSync(`${script}.runs`, 'utf8').trim().split('\n').length;
  } catch {
    return 0;
  }
}

function find(query: Partial<EnvironmentQuery> & { program: string }): ReturnType<typeof findPythonEnvironment> {
  return findPythonEnvironment({ cwd: path.dirname(query.program), env: { PATH: '' }, cacheEnv: process.env, ...query });
}

describe('finding the program’s environment', () => {
  const project = path.join(scratch, 'project');
  const program = file(path.join(project, 'app', 'main.py'), 'print(1)\n');

  it('reads virtualenvs from pyvenv.cfg: version from version or version_info, else from lib/python3.X', () => {
    const a = venv(path.join(scratch, 'venv-a'), 'home = /usr/bin\nversion = 3.12.1\n');
    const b = venv(path.join(scratch, 'venv-b'), 'home = /usr/bin\nversion_info = 3.13.0.final.0\n', '3.13');
    const c = venv(path.join(scratch, 'venv-c'), 'home = /usr/bin\n', '3.11');
    assert.deepEqual(find({ program, python: path.join(a, 'bin', 'python') }), {
      interpreter: path.join(a, 'bin', 'python'),
      root: a,
      version: '3.12',
      foundBy: '--python',
      sitePackages: [path.join(a, 'lib', 'python3.12', 'site-packages')],
    });
    assert.equal(find({ program, python: b })!.version, '3.13');
    assert.deepEqual(find({ program, python: c, pythonChosenBy: 'the launch attribute "python"' })!.sitePackages, [
      path.join(c, 'lib', 'python3.11', 'site-packages'),
    ]);
    assert.equal(find({ program, python: c, pythonChosenBy: 'the launch attribute "python"' })!.foundBy, 'the launch attribute "python"');
  });

  it('order: python, VIRTUAL_ENV, .venv/venv beside the program, in the workspace, in cwd, python3 on PATH', () => {
    const chosen = venv(path.join(scratch, 'order', 'chosen'), 'version = 3.12.0\n');
    const active = venv(path.join(scratch, 'order', 'active'), 'version = 3.12.0\n');
    const beside = venv(path.join(project, 'app', '.venv'), 'version = 3.12.0\n');
    const workspace = venv(path.join(project, 'venv'), 'version = 3.12.0\n');
    const cwd = path.join(scratch, 'order', 'cwd');
    const inCwd = venv(path.join(cwd, '.venv'), 'version = 3.12.0\n');
    const bin = path.join(scratch, 'order', 'bin');
    const onPath = interpreter(path.join(bin, 'python3'), {
      version: '3.11.2',
      prefix: '/opt/py',
      sitePackages: [path.join(scratch, 'order', 'global-site')],
    });
    const env = { PATH: bin, VIRTUAL_ENV: active };
    const where = (query: Partial<EnvironmentQuery>): string | null => {
      const found = find({ program, cwd, workspaceFolder: project, env, ...query });
      return found ? `${found.root ?? found.interpreter} | ${found.foundBy}` : null;
    };
    assert.equal(where({ python: chosen }), `${chosen} | --python`);
    assert.equal(where({}), `${active} | VIRTUAL_ENV`);
    assert.equal(where({ env: { PATH: bin, VIRTUAL_ENV: path.join(scratch, 'gone') } }), `${beside} | .venv beside the program`);
    assert.equal(where({ env: { PATH: bin } }), `${beside} | .venv beside the program`);
    const lone = file(path.join(project, 'lone', 'main.py'));
    assert.equal(where({ program: lone, env: { PATH: bin } }), `${workspace} | venv in the workspace`);
    assert.equal(where({ program: lone, env: { PATH: bin }, workspaceFolder: null }), `${inCwd} | .venv in the working directory`);
    const outside = file(path.join(scratch, 'outside', 'main.py'));
    assert.equal(
      where({ program: outside, cwd: path.dirname(outside), env: { PATH: bin }, workspaceFolder: null }),
      `${onPath} | python3 on PATH`,
    );
    assert.equal(where({ program: outside, cwd: path.dirname(outside), env: { PATH: '' }, workspaceFolder: null }), null);
  });

  it('asks a base interpreter once, then reads the cached answer; user site-packages unless PYTHONNOUSERSITE', () => {
    const user = path.join(scratch, 'base', 'user-site');
    mkdirSync(user, { recursive: true });
    const base = interpreter(path.join(scratch, 'base', 'bin', 'python3'), {
      version: '3.11.7',
      prefix: path.join(scratch, 'base'),
      sitePackages: [path.join(scratch, 'base', 'site'), path.join(scratch, 'base', 'missing-site')],
      user,
    });
    const found = find({ program, python: base })!;
    assert.deepEqual(found.sitePackages, [user, path.join(scratch, 'base', 'site')]);
    assert.equal(found.version, '3.11');
    assert.equal(found.root, null);
    find({ program, python: base });
    assert.equal(runs(base), 1, 'the second lookup must come from the cache');
    assert.deepEqual(find({ program, python: base, env: { PATH: '', PYTHONNOUSERSITE: '1' } })!.sitePackages, [
      path.join(scratch, 'base', 'site'),
    ]);
  });

  it('include-system-site-packages adds the base interpreter’s packages after the venv’s own', () => {
    const base = interpreter(path.join(scratch, 'system', 'bin', 'python3'), {
      version: '3.12.2',
      prefix: path.join(scratch, 'system'),
      sitePackages: [path.join(scratch, 'system', 'site')],
    });
    const root = venv(
      path.join(scratch, 'with-system'),
      `home = ${path.dirname(base)}\ninclude-system-site-packages = true\nversion = 3.12.2\n`,
    );
    assert.deepEqual(find({ program, python: root })!.sitePackages, [
      path.join(root, 'lib', 'python3.12', 'site-packages'),
      path.join(scratch, 'system', 'site'),
    ]);
  });

  it('resolves pyenv shims from PYENV_VERSION, .python-version (prefixes too) and $PYENV_ROOT/version', () => {
    const root = path.join(scratch, 'pyenv');
    const shim = file(
      path.join(root, 'shims', 'python3'),
      `#!/usr/bin/env bash\nset -e\nprogram="\${0##*/}"\nexport PYENV_ROOT="${root}"\nexec "${root}/libexec/pyenv" exec "$program" "$@"\n`,
      true,
    );
    for (const version of ['3.11.7', '3.12.1', '3.12.10', '3.13.0']) file(path.join(root, 'versions', version, 'bin', 'python3'), '', true);
    file(path.join(root, 'version'), '3.13.0\n');
    const system = file(path.join(scratch, 'usr-bin', 'python3'), '', true);
    const folder = path.join(scratch, 'pyenv-project', 'sub');
    mkdirSync(folder, { recursive: true });
    const pathVariable = `${path.join(root, 'shims')}:${path.dirname(system)}`;
    const resolve = (env: Record<string, string>): string | null => resolvePyenvShim(shim, folder, { PATH: pathVariable, ...env });
    assert.equal(resolve({}), path.join(root, 'versions', '3.13.0', 'bin', 'python3'));
    file(path.join(scratch, 'pyenv-project', '.python-version'), '# pinned\n3.12\n');
    assert.equal(resolve({}), path.join(root, 'versions', '3.12.10', 'bin', 'python3'));
    assert.equal(resolve({ PYENV_VERSION: '3.11.7' }), path.join(root, 'versions', '3.11.7', 'bin', 'python3'));
    assert.equal(resolve({ PYENV_VERSION: '3.9.1:system' }), system);
    assert.equal(resolvePyenvShim(system, folder, { PATH: pathVariable }), null, 'not a shim');
  });

  it('a bad python is a PythonEnvironmentError that says what is wrong', () => {
    const notExecutable = file(path.join(scratch, 'bad', 'python'), '');
    const broken = file(path.join(scratch, 'bad', 'broken'), '#!/bin/sh\necho oops >&2\nexit 3\n', true);
    const old = interpreter(path.join(scratch, 'bad', 'python2'), { version: '2.7.18', prefix: '/usr', sitePackages: [] });
    const error = (python: string): string => {
      try {
        find({ program, python });
      } catch (thrown) {
        assert.ok(thrown instanceof PythonEnvironmentError, String(thrown));
        return thrown.message;
      }
      return assert.fail(`no error for ${python}`);
    };
    assert.equal(error('/nonexistent/python'), '--python /nonexistent/python: not found');
    assert.equal(error('no-such-python'), '--python no-such-python: not found on PATH');
    assert.equal(
      error(path.join(scratch, 'bad')),
      `--python ${path.join(scratch, 'bad')}: is a folder, not a Python interpreter or environment`,
    );
    assert.equal(error(notExecutable), `--python ${notExecutable}: is not executable`);
    assert.equal(error(broken), `--python ${broken}: is not a working Python interpreter (oops)`);
    assert.match(error(old), /is Python 2\.7; the runtime runs Python 3/);
  });
});

describe('what the worker gets', () => {
  it('.pth files: path lines (relative and absolute), not import lines, editable finders’ folders', () => {
    const site = path.join(scratch, 'pth', 'site-packages');
    const source = path.join(scratch, 'pth', 'src');
    const editable = path.join(scratch, 'pth', 'editable', 'pkg');
    mkdirSync(path.join(site, 'extra'), { recursive: true });
    mkdirSync(source, { recursive: true });
    mkdirSync(editable, { recursive: true });
    file(path.join(site, 'a.pth'), `# comment\nextra\n${source}\nimport os\n/does/not/exist\n`);
    file(path.join(site, '__editable__.pkg-1.0.pth'), 'import __editable___pkg_1_0_finder; __editable___pkg_1_0_finder.install()\n');
    file(
      path.join(site, '__editable___pkg_1_0_finder.py'),
      `import sys\nMAPPING: dict[str, str] = {'pkg': '${editable}'}\nNAMESPACES = {}\n`,
    );
    assert.deepEqual(pthFolders(site).sort(), [path.join(site, 'extra'), source, editable].sort());
  });

  it('site-packages as real paths, PYTHONPATH after the program, no environment described as none', () => {
    const real = path.join(scratch, 'real-site');
    mkdirSync(real, { recursive: true });
    const linked = path.join(scratch, 'linked-site');
    symlinkSync(real, linked);
    const prepared = programEnvironment({
      environment: { interpreter: '/x/bin/python', root: '/x', version: '3.12', foundBy: 'VIRTUAL_ENV', sitePackages: [linked] },
      cwd: scratch,
      env: { PYTHONPATH: `${real}:relative-missing` },
      pyodideDir: path.join(__dirname, '..', '..', 'dist', 'pyodide'),
      bytecodeCacheDir: null,
      cacheEnv: process.env,
    });
    assert.deepEqual(prepared.sitePackages, [real]);
    assert.deepEqual(prepared.pythonPath, [real]);
    assert.equal(prepared.description, '/x (VIRTUAL_ENV)');
    assert.equal(prepared.bytecodeCache, null);
    const none = programEnvironment({
      environment: null,
      cwd: scratch,
      env: {},
      pyodideDir: scratch,
      bytecodeCacheDir: null,
      cacheEnv: process.env,
    });
    assert.equal(none.description, null);
    assert.deepEqual(none.sitePackages, []);
  });

  it('WebAssembly wheels: the runtime’s tags only, the newest of each distribution, the rest explained', () => {
    const folder = path.join(scratch, 'wheels');
    const platform: RuntimePlatform = { pythonVersion: [3, 14], platformTags: ['pyemscripten_2026_0_wasm32', 'emscripten_5_0_3_wasm32'] };
    for (const name of [
      'pure-1.0-py3-none-any.whl',
      'pure-1.10-py2.py3-none-any.whl',
      'pure-1.9-py3-none-any.whl',
      'fast-2.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl',
      'stable-1.0-cp312-abi3-emscripten_5_0_3_wasm32.whl',
      'old-1.0-cp313-cp313-pyemscripten_2026_0_wasm32.whl',
      'linux-1.0-cp311-cp311-manylinux_2_17_x86_64.whl',
      'notawheel.whl',
      'readme.txt',
    ])
      file(path.join(folder, name));
    const selection = selectWasmWheels(folder, platform);
    assert.deepEqual(
      selection.wheels.map((wheel) => path.basename(wheel)),
      [
        'fast-2.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl',
        'pure-1.10-py2.py3-none-any.whl',
        'stable-1.0-cp312-abi3-emscripten_5_0_3_wasm32.whl',
      ],
    );
    assert.deepEqual(
      selection.notices.map((notice) => notice.replace(`${folder}/`, '')),
      [
        "loopscope: skipped the wheel linux-1.0-cp311-cp311-manylinux_2_17_x86_64.whl: built for manylinux_2_17_x86_64, not for the runtime's WebAssembly CPython (pyemscripten_2026_0_wasm32)",
        'loopscope: skipped the wheel notawheel.whl: not a wheel file name (name-version-python-abi-platform.whl)',
        'loopscope: skipped the wheel old-1.0-cp313-cp313-pyemscripten_2026_0_wasm32.whl: built for cp313 (cp313), not for CPython 3.14',
      ],
    );
    assert.throws(() => selectWasmWheels(path.join(folder, 'readme.txt'), platform), /readme\.txt: not a folder/);
  });
});
