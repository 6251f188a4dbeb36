// `loopscope lint`: output formats, exit statuses, file discovery, settings and suppressions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonItem } from '../../cli/src/lint/formats/jsonFormat';
import { makeProject, runCli } from './runCli';

const BLOCKING = 'import time\n\nasync def main():\n    time.sleep(1)\n';
const CLEAN = 'import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n';

function lintJson(args: string[], cwd: string): { status: number | null; items: JsonItem[]; stderr: string } {
  const result = runCli(['lint', '--format', 'json', ...args], cwd);
  return { status: result.status, items: JSON.parse(result.stdout) as JsonItem[], stderr: result.stderr };
}

describe('exit status', () => {
  test('0 when clean, 1 when problems are found', () => {
    const root = makeProject({ 'clean.py': CLEAN, 'bad.py': BLOCKING });
    const clean = runCli(['lint', 'clean.py'], root);
    assert.equal(clean.status, 0);
    assert.match(clean.stdout, /No asyncio problems found \(1 file checked\)/);
    const bad = runCli(['lint', 'bad.py'], root);
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /^bad\.py:4:5: LOOP101 \[blocking-sleep\] /m);
    assert.match(bad.stdout, /Found 1 problem in 1 file/);
  });

  test('2 on usage errors, with a message on stderr', () => {
    const root = makeProject({ 'a.py': CLEAN });
    for (const args of [
      ['lint', 'missing.py'],
      ['lint', '--format', 'xml'],
      ['lint', '--select', 'NOPE1'],
      ['lint', '--target-version', 'three'],
      ['lint', '--what'],
      ['frobnicate'],
    ]) {
      const result = runCli(args, root);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /^loopscope: /, args.join(' '));
      assert.equal(result.stderr.includes('    at '), false, `no stack trace for ${args.join(' ')}`);
    }
  });
});

describe('formats', () => {
  test('json items have exactly the contract fields, 1-based code-point columns', () => {
    const root = makeProject({ 'k.py': 'import time\n\nasync def 작업():\n    s = "😀한"; time.sleep(1)\n' });
    const { status, items } = lintJson(['k.py'], root);
    assert.equal(status, 1);
    assert.deepEqual(items, [
      {
        file: 'k.py',
        line: 4,
        column: 15,
        endLine: 4,
        endColumn: 28,
        code: 'LOOP101',
        name: 'blocking-sleep',
        severity: 'warning',
        message: items[0]!.message,
        fix: {
          message: 'Replace with `await asyncio.sleep(...)`',
          applicability: 'unsafe',
          edits: [
            { line: 1, column: 12, endLine: 1, endColumn: 12, newText: '\nimport asyncio' },
            { line: 4, column: 15, endLine: 4, endColumn: 28, newText: 'await asyncio.sleep(1)' },
          ],
        },
      },
    ]);
  });

  test('sarif is SARIF 2.1.0 with rules and results', () => {
    const root = makeProject({ 'bad.py': BLOCKING });
    const result = runCli(['lint', '--format', 'sarif', 'bad.py'], root);
    assert.equal(result.status, 1);
    const log = JSON.parse(result.stdout) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        columnKind: string;
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
        }[];
      }[];
    };
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0]!;
    assert.ok(run.tool.driver.rules.some((rule) => rule.id === 'LOOP101'));
    assert.equal(run.columnKind, 'unicodeCodePoints');
    assert.equal(run.results.length, 1);
    assert.equal(run.results[0]!.ruleId, 'LOOP101');
    assert.equal(run.results[0]!.level, 'warning');
    assert.equal(run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'bad.py');
    assert.deepEqual(run.results[0]!.locations[0]!.physicalLocation.region, { startLine: 4, startColumn: 5, endLine: 4, endColumn: 18 });
  });

  test('rules lists every rule in text and json', () => {
    const text = runCli(['rules']);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /^LOOP101\s+blocking-sleep\s+warning\s+fix\s+ASYNC251, S7488$/m);
    const json = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as {
      code: string;
      name: string;
      severity: string;
      fixable: boolean;
      equivalents: string[];
    }[];
    assert.ok(json.some((rule) => rule.code === 'LOOP000'));
    assert.deepEqual(json.find((rule) => rule.code === 'LOOP101')?.equivalents, ['ASYNC251', 'S7488']);
  });
});

describe('files and folders', () => {
  test('folders give every *.py below, honouring .gitignore and skipping virtualenvs', () => {
    const root = makeProject({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'generated/\nskip_me.py\n',
      'src/app.py': BLOCKING,
      'src/skip_me.py': BLOCKING,
      'src/notes.txt': BLOCKING,
      'generated/out.py': BLOCKING,
      'env/pyvenv.cfg': 'home = /usr\n',
      'env/lib/site.py': BLOCKING,
      'node_modules/x.py': BLOCKING,
    });
    const { items } = lintJson(['.'], root);
    assert.deepEqual(
      items.map((item) => item.file),
      ['src/app.py'],
    );
    // .gitignore at the repository root applies when linting a subfolder too.
    assert.deepEqual(
      lintJson(['src'], root).items.map((item) => item.file),
      ['src/app.py'],
    );
    // A file named explicitly is linted whatever .gitignore says.
    assert.equal(lintJson(['src/skip_me.py'], root).items.length, 1);
  });

  test(
    '.gitignore patterns match names case-sensitively, as git does on Linux',
    { skip: process.platform === 'darwin' || process.platform === 'win32' },
    () => {
      // TwitchIO ignores `TOKENS.py` (a file kept out of commits); its `tokens.py` module is code.
      const root = makeProject({
        '.git/HEAD': 'ref: refs/heads/main\n',
        '.gitignore': 'TOKENS.py\n',
        'auth/tokens.py': BLOCKING,
        'TOKENS.py': BLOCKING,
      });
      assert.deepEqual(
        lintJson(['.'], root).items.map((item) => item.file),
        ['auth/tokens.py'],
      );
    },
  );

  test('a folder named explicitly is linted even when an ancestor .gitignore excludes it', () => {
    const root = makeProject({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': '/versions/\n', 'versions/lib/a.py': BLOCKING });
    assert.deepEqual(
      lintJson(['versions/lib'], root).items.map((item) => item.file),
      ['versions/lib/a.py'],
    );
    assert.deepEqual(lintJson(['.'], root).items, []);
  });

  test('the default path is the current folder', () => {
    const root = makeProject({ 'a.py': BLOCKING, 'sub/b.py': BLOCKING });
    assert.equal(lintJson([], root).items.length, 2);
  });
});

describe('settings', () => {
  test('--select, --ignore, --extend-select accept codes, prefixes, names and equivalents', () => {
    const root = makeProject({ 'a.py': BLOCKING + 'async def ask():\n    input()\n' });
    const codes = (args: string[]): string[] => lintJson([...args, 'a.py'], root).items.map((item) => item.code);
    assert.deepEqual(codes([]), ['LOOP101', 'LOOP105']);
    assert.deepEqual(codes(['--select', 'LOOP101']), ['LOOP101']);
    assert.deepEqual(codes(['--select', 'blocking-input']), ['LOOP105']);
    assert.deepEqual(codes(['--ignore', 'ASYNC251']), ['LOOP105']);
    assert.deepEqual(codes(['--select', 'LOOP1', '--ignore', 'LOOP105,LOOP101']), []);
  });

  test('pyproject.toml [tool.loopscope] applies; flags override it; invalid TOML warns and uses defaults', () => {
    const root = makeProject({
      'pyproject.toml': '[tool.loopscope]\nignore = ["LOOP101"]\nblocking-calls = ["mydb.query -> use mydb.aquery"]\n',
      'a.py': BLOCKING + 'import mydb\nasync def q():\n    mydb.query()\n',
      'broken/pyproject.toml': '[tool.loopscope\nignore = [',
      'broken/b.py': BLOCKING,
    });
    assert.deepEqual(
      lintJson(['a.py'], root).items.map((item) => item.code),
      ['LOOP107'],
    );
    assert.deepEqual(
      lintJson(['--ignore', 'LOOP107', 'a.py'], root).items.map((item) => item.code),
      ['LOOP101'],
    );
    const broken = lintJson(['broken/b.py'], root);
    assert.deepEqual(
      broken.items.map((item) => item.code),
      ['LOOP101'],
    );
    assert.match(broken.stderr, /invalid TOML, using default settings/);
  });

  test('the target version comes from pyproject.toml (requires-python, Poetry), then setup.cfg or setup.py python_requires, then the lowest version classifier; advice depending on it is given only then', () => {
    // `asyncio.TimeoutError` is flagged only where the project states 3.11 or later, and its fix is then safe.
    const TIMEOUT = 'import asyncio\n\nasync def f(q):\n    try:\n        await q.get()\n    except asyncio.TimeoutError:\n        pass\n';
    const root = makeProject({
      'cfg/setup.cfg': '[metadata]\nname = x\n\n[options]\npython_requires = >=3.10\n',
      'cfg/a.py': TIMEOUT,
      'py/setup.py': 'from setuptools import setup\n\nsetup(name="x", python_requires=">=3.12, <4")\n',
      'py/a.py': TIMEOUT,
      'both/pyproject.toml': '[project]\nname = "x"\n',
      'both/setup.py': 'setup(python_requires=">=3.9")\n',
      'both/a.py': TIMEOUT,
      // The arguments of `setup(**arguments)` in a dictionary (Sanic's setup.py).
      'dict/setup.py':
        'from setuptools import setup\n\narguments = {\n    "name": "x",\n    "python_requires": ">=3.10",\n}\nsetup(**arguments)\n',
      'dict/a.py': TIMEOUT,
      // Poetry before 2.0: the Python version is a dependency (tortoise-orm's pyproject.toml).
      'poetry/pyproject.toml': '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.8"\n',
      'poetry/a.py': TIMEOUT,
      'none/a.py': TIMEOUT,
      // No python_requires, only classifiers (py-ipv8's setup.py): the lowest Python they list.
      'classified/setup.py':
        'from setuptools import setup\n\nsetup(\n    name="x",\n    classifiers=[\n        "Programming Language :: Python :: 3",\n        "Programming Language :: Python :: 3.12",\n        "Programming Language :: Python :: 3.10",\n    ],\n)\n',
      'classified/a.py': TIMEOUT,
      'classified-new/pyproject.toml': '[project]\nname = "x"\nclassifiers = ["Programming Language :: Python :: 3.12"]\n',
      'classified-new/a.py': TIMEOUT,
    });
    assert.deepEqual(lintJson(['--select', 'LOOP207', 'cfg/a.py'], root).items, [], 'the project supports 3.10: nothing to say');
    assert.deepEqual(
      lintJson(['--select', 'LOOP207', 'both/a.py'], root).items,
      [],
      'setup.py beside a pyproject.toml without requires-python',
    );
    assert.deepEqual(lintJson(['--select', 'LOOP207', 'dict/a.py'], root).items, [], "setup.py's arguments in a dictionary");
    assert.deepEqual(lintJson(['--select', 'LOOP207', 'poetry/a.py'], root).items, [], 'Poetry\'s python = "^3.8"');
    assert.deepEqual(lintJson(['--select', 'LOOP207', 'classified/a.py'], root).items, [], 'classifiers from 3.10 on');
    assert.equal(lintJson(['--select', 'LOOP207', 'classified-new/a.py'], root).items.length, 1, 'classifiers from 3.12 on');
    assert.match(
      runCli(['lint', '--select', 'LOOP207', '--diff', 'classified-new/a.py'], root).stdout,
      /\+    except TimeoutError:/,
      'a version the classifiers give is known: the safe fix applies',
    );
    assert.equal(lintJson(['--select', 'LOOP207', 'py/a.py'], root).items.length, 1);
    assert.deepEqual(
      lintJson(['--select', 'LOOP207', 'none/a.py'], root).items,
      [],
      'no version stated: the project may run on 3.10, where the two classes differ',
    );
    const diff = (file: string) => runCli(['lint', '--select', 'LOOP207', '--diff', file], root).stdout;
    assert.match(diff('py/a.py'), /\+    except TimeoutError:/, 'known 3.12+: the safe fix applies');
  });

  test('# noqa suppresses by our code, an equivalent code, or entirely', () => {
    const root = makeProject({
      'a.py':
        'import time\nasync def f():\n    time.sleep(1)  # noqa: LOOP101\n    time.sleep(1)  # noqa: ASYNC251\n    time.sleep(1)  # noqa\n    time.sleep(1)  # noqa: LOOP105\n',
    });
    assert.deepEqual(
      lintJson(['a.py'], root).items.map((item) => item.line),
      [6],
    );
  });

  test('# noqa counts in comments only; a rule name suppresses that rule only; file-level loopscope and ruff directives', () => {
    const root = makeProject({
      'a.py': 'import time\nasync def f():\n    print("# noqa"); time.sleep(1)\n    time.sleep(input())  # noqa: blocking-sleep\n',
      'b.py': '# ruff: noqa: ASYNC251\nimport time\nasync def f():\n    time.sleep(input())\n',
      'c.py': '# loopscope: noqa\nimport time\nasync def f():\n    time.sleep(input())\n',
    });
    assert.deepEqual(
      lintJson(['.'], root).items.map((item) => `${item.file}:${item.line}:${item.code}`),
      ['a.py:3:LOOP101', 'a.py:4:LOOP105', 'b.py:4:LOOP105'],
    );
  });
});
