// `loopscope lint` configuration as Ruff users expect it: which file applies, exclusions, per-file
// ignores, --config, --isolated, and unknown keys or selectors as errors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeProject, runCli } from './runCli';

const BLOCKING = 'import time\n\nasync def main():\n    time.sleep(1)\n';
// Flagged (LOOP207) only when the target version is 3.11 or later.
const TIMEOUT_ALIAS =
  'import asyncio\n\nasync def f(q):\n    try:\n        await q.get()\n    except asyncio.TimeoutError:\n        pass\n';

function codes(args: string[], cwd: string): string[] {
  const result = runCli(['lint', '--format', 'json', ...args], cwd);
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  return (JSON.parse(result.stdout) as { file: string; code: string }[]).map((item) => `${item.file}:${item.code}`);
}

function shownFiles(args: string[], cwd: string): string[] {
  const result = runCli(['lint', '--show-files', ...args], cwd);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trimEnd().split('\n').filter(Boolean);
}

describe('which configuration applies', () => {
  test('a pyproject.toml without [tool.loopscope] is skipped, but its requires-python gives the target version', () => {
    const root = makeProject({
      'pyproject.toml': '[tool.loopscope]\nignore = ["LOOP101"]\n',
      'sub/pyproject.toml': '[project]\nname = "sub"\nrequires-python = ">=3.11"\n',
      'sub/a.py': BLOCKING + TIMEOUT_ALIAS,
      'old/pyproject.toml': '[project]\nname = "old"\nrequires-python = ">=3.9"\n',
      'old/a.py': TIMEOUT_ALIAS,
    });
    assert.deepEqual(codes(['sub/a.py'], root), ['sub/a.py:LOOP207'], "the parent's ignore applies; 3.11 from sub's requires-python");
    assert.deepEqual(codes(['old/a.py'], root), []);
  });

  test("where no folder above declares a Python version, a monorepo root's code gets the lowest its packages declare", () => {
    const packages = {
      'core/pyproject.toml': '[project]\nname = "core"\nrequires-python = ">=3.12"\n',
      'pool/setup.cfg': '[options]\npython_requires = >=3.10\n',
      '.venv/pyproject.toml': '[project]\nname = "stray"\nrequires-python = ">=3.8"\n',
      'tests/test_a.py': TIMEOUT_ALIAS,
      'core/core/a.py': TIMEOUT_ALIAS,
    };
    const targetOf = (cwd: string, file: string) =>
      (JSON.parse(runCli(['lint', '--show-settings', file], cwd).stdout) as { targetVersion: string }).targetVersion;
    // psycopg's layout: tool settings at the root; its tests run on the lowest Python any package supports.
    const monorepo = makeProject({ 'pyproject.toml': '[tool.mypy]\nstrict = true\n', ...packages });
    assert.equal(targetOf(monorepo, 'tests/test_a.py'), '3.10', 'the lowest of core/ and pool/; a hidden folder is no package');
    assert.deepEqual(codes(['.'], monorepo), ['core/core/a.py:LOOP207'], "a package's own code keeps its own version");
    // A version declared above wins over the packages below it.
    const declared = makeProject({ 'pyproject.toml': '[project]\nname = "all"\nrequires-python = ">=3.11"\n', ...packages });
    assert.equal(targetOf(declared, 'tests/test_a.py'), '3.11');
    // A folder holding no project file is no monorepo root (a folder of unrelated checkouts): the default, which is no
    // stated version, so the alias (the builtin only from 3.11) is not reported.
    const unrelated = makeProject(packages);
    assert.equal(targetOf(unrelated, 'tests/test_a.py'), '3.11');
    assert.deepEqual(codes(['tests'], unrelated), []);
  });

  test('.loopscope.toml, then loopscope.toml, then pyproject.toml: the first in the nearest folder wins', () => {
    const root = makeProject({
      'pyproject.toml': '[tool.loopscope]\nignore = ["LOOP101"]\n',
      'a.py': BLOCKING,
      'b/loopscope.toml': 'select = ["LOOP101"]\n',
      'b/pyproject.toml': '[tool.loopscope]\nignore = ["LOOP101"]\n',
      'b/a.py': BLOCKING,
      'c/.loopscope.toml': 'ignore = ["LOOP101"]\n',
      'c/loopscope.toml': 'select = ["LOOP101"]\n',
      'c/a.py': BLOCKING,
    });
    assert.deepEqual(codes(['.'], root), ['b/a.py:LOOP101']);
    const shown = JSON.parse(runCli(['lint', '--show-settings', 'b/a.py'], root).stdout) as { configFile: string };
    assert.match(shown.configFile, /b\/loopscope\.toml$/);
  });

  test('--config FILE applies one file everywhere; --isolated none', () => {
    const root = makeProject({
      'pyproject.toml': '[tool.loopscope]\nignore = ["LOOP101"]\n',
      'sub/pyproject.toml': '[tool.loopscope]\nignore = ["LOOP101"]\n',
      'sub/a.py': BLOCKING,
      'ci.toml': 'select = ["LOOP1"]\nper-file-ignores = { "sub/b.py" = ["LOOP101"] }\n',
      'sub/b.py': BLOCKING,
      'nothing/pyproject.toml': '[project]\nname = "x"\n',
    });
    assert.deepEqual(codes(['sub'], root), []);
    assert.deepEqual(codes(['--config', 'ci.toml', 'sub'], root), ['sub/a.py:LOOP101'], 'patterns relative to the working directory');
    assert.deepEqual(codes(['--isolated', 'sub'], root), ['sub/a.py:LOOP101', 'sub/b.py:LOOP101']);
    for (const args of [
      ['--config', 'missing.toml'],
      ['--config', 'nothing/pyproject.toml'],
      ['--config', 'ci.toml', '--isolated'],
    ]) {
      const result = runCli(['lint', ...args, 'sub'], root);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /^loopscope: --config/, args.join(' '));
    }
  });
});

describe("pytest's configuration", () => {
  // A test switched off by its name never runs, unless pytest's `python_functions` collects it.
  const SWITCHED_OFF = 'import time\n\nasync def xtest_waits():\n    time.sleep(1)\n';

  test('python_functions, from the file pytest reads: the nearest pytest.ini, pyproject.toml, tox.ini or setup.cfg saying pytest', () => {
    const root = makeProject({
      'pyproject.toml': '[project]\nname = "x"\n\n[tool.pytest.ini_options]\npython_functions = ["test_*", "xtest_*"]\n',
      'tests/test_a.py': SWITCHED_OFF,
      'ini/pytest.ini': '[pytest]\naddopts = -q\n',
      'ini/test_a.py': SWITCHED_OFF,
      'tox/tox.ini': '[tox]\nenvlist = py312\n\n[pytest]\npython_functions =\n    test\n    x*\n',
      'tox/test_a.py': SWITCHED_OFF,
      'cfg/setup.cfg': '[metadata]\nname = x\n\n[tool:pytest]\npython_functions = check_*\n',
      'cfg/test_a.py': SWITCHED_OFF,
      'nopytest/tox.ini': '[tox]\nenvlist = py312\n',
      'nopytest/test_a.py': SWITCHED_OFF,
    });
    assert.deepEqual(codes(['.'], root), ['nopytest/test_a.py:LOOP101', 'tests/test_a.py:LOOP101', 'tox/test_a.py:LOOP101']);
    const shown = JSON.parse(runCli(['lint', '--show-settings', 'tox/test_a.py'], root).stdout) as {
      settings: { pytestFunctions?: string[] };
    };
    assert.deepEqual(shown.settings.pytestFunctions, ['test', 'x*']);
    assert.deepEqual(codes(['--isolated', '.'], root), [], 'no configuration file at all');
  });
});

describe('exclusions', () => {
  test('extend-exclude adds gitignore-style patterns, relative to the configuration file', () => {
    const root = makeProject({
      'pyproject.toml': '[tool.loopscope]\nextend-exclude = ["generated", "src/legacy_*.py"]\n',
      'src/app.py': BLOCKING,
      'src/legacy_db.py': BLOCKING,
      'src/generated/models.py': BLOCKING,
      'generated/x.py': BLOCKING,
      'other/src/legacy_db.py': BLOCKING,
      '.venv/lib.py': BLOCKING,
    });
    assert.deepEqual(shownFiles(['.'], root), ['other/src/legacy_db.py', 'src/app.py']);
    assert.deepEqual(shownFiles(['src/legacy_db.py'], root), ['src/legacy_db.py'], 'a file named explicitly is linted');
  });

  test('exclude replaces the built-in folders; force-exclude applies it to files named explicitly', () => {
    const root = makeProject({
      'pyproject.toml': '[tool.loopscope]\nexclude = ["build"]\nforce-exclude = true\n',
      'app.py': BLOCKING,
      'build/out.py': BLOCKING,
      'node_modules/x.py': BLOCKING,
    });
    assert.deepEqual(shownFiles(['.'], root), ['app.py', 'node_modules/x.py']);
    assert.deepEqual(shownFiles(['build/out.py', 'app.py'], root), ['app.py']);
  });

  test('--force-exclude does what force-exclude = true does, for the files pre-commit names', () => {
    const root = makeProject({
      'pyproject.toml': '[tool.loopscope]\nextend-exclude = ["migrations"]\n',
      'app.py': BLOCKING,
      'migrations/0001.py': BLOCKING,
    });
    assert.deepEqual(shownFiles(['migrations/0001.py', 'app.py'], root), ['migrations/0001.py', 'app.py']);
    assert.deepEqual(shownFiles(['--force-exclude', 'migrations/0001.py', 'app.py'], root), ['app.py']);
    assert.deepEqual(codes(['--force-exclude', 'migrations/0001.py'], root), []);
  });
});

describe('per-file ignores', () => {
  test('per-file-ignores and extend-per-file-ignores by pattern, also negated; --ignore does not replace them', () => {
    const root = makeProject({
      'pyproject.toml':
        '[tool.loopscope]\nper-file-ignores = { "tests/*" = ["LOOP101"], "__init__.py" = ["blocking-sleep"] }\n' +
        'extend-per-file-ignores = { "!src/**" = ["LOOP105"] }\n',
      'tests/test_a.py': BLOCKING + 'async def g():\n    input()\n',
      'pkg/__init__.py': BLOCKING,
      'src/a.py': BLOCKING + 'async def g():\n    input()\n',
    });
    assert.deepEqual(codes(['.'], root), ['src/a.py:LOOP101', 'src/a.py:LOOP105']);
    assert.deepEqual(codes(['--ignore', 'LOOP104', '.'], root), ['src/a.py:LOOP101', 'src/a.py:LOOP105']);
  });
});

describe('mistakes in the configuration', () => {
  test('an unknown key or selector is an error (exit 2), whatever the output format; invalid TOML only warns', () => {
    const cases: Record<string, string> = {
      "unknown setting 'selct'": '[tool.loopscope]\nselct = ["LOOP101"]\n',
      "unknown rule selector 'blocking-slep'": '[tool.loopscope]\nignore = ["blocking-slep"]\n',
      "unknown rule selector 'LOOP999'": '[tool.loopscope]\nper-file-ignores = { "x.py" = ["LOOP999"] }\n',
      "unknown rule selectors 'NOPE2', 'NOPE1'": '[tool.loopscope]\nseverity = { NOPE1 = "error" }\nextend-select = ["NOPE2"]\n',
    };
    for (const [message, toml] of Object.entries(cases)) {
      const root = makeProject({ 'pyproject.toml': toml, 'a.py': BLOCKING });
      for (const format of ['text', 'json']) {
        const result = runCli(['lint', '--format', format, 'a.py'], root);
        assert.equal(result.status, 2, message);
        assert.equal(result.stdout, '', message);
        assert.ok(result.stderr.includes(message), `${message} in ${result.stderr}`);
        assert.match(result.stderr, /^loopscope: error: .*pyproject\.toml/);
      }
      assert.equal(runCli(['lint', '--stdin-filename', 'a.py'], root, BLOCKING).status, 2, `${message} (stdin)`);
    }
    const loopscopeToml = makeProject({ 'loopscope.toml': '[tool.loopscope]\nignore = ["LOOP101"]\n', 'a.py': BLOCKING });
    const wrongPlace = runCli(['lint', 'a.py'], loopscopeToml);
    assert.equal(wrongPlace.status, 2);
    assert.match(wrongPlace.stderr, /loopscope\.toml: unknown setting 'tool'/);
    const invalid = makeProject({ 'pyproject.toml': '[tool.loopscope\n', 'a.py': BLOCKING });
    assert.equal(runCli(['lint', 'a.py'], invalid).status, 1);
  });
});
