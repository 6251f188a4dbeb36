// Re-linting after edits checks again only some top-level statements and keeps the others'
// diagnostics: after any sequence of edits the result must equal a full lint of the same text,
// fixes and related locations included. Random edits on every rule fixture and example, with
// snippets chosen to create and break the links between statements (definitions, imports, `global`,
// shadowing, wildcard imports, noqa comments, syntax errors).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Linter, type LintDiagnostic } from '../../server/engine/src/linter/linter';
import { RULES } from '../../server/engine/src/rules/registry';
import type { LintSettings } from '../../server/engine/src/linter/lintSettings';
import { NEWEST_KNOWN_VERSION } from '../../server/engine/src/linter/pythonVersion';
import { OpenDocument } from '../../server/src/lsp/openDocument';
import { WorkspaceIndex } from '../../server/engine/src/workspace/workspaceIndex';
import { seededRandom } from './seededRandom';

const ROOT = path.join(__dirname, '..', '..');
const SNIPPETS = [
  ' ',
  '\n',
  'x',
  '',
  ':',
  '(',
  ')',
  'await ',
  'async ',
  '    time.sleep(1)\n',
  'import asyncio\n',
  'import time as asyncio\n',
  'import asyncio as aio\n',
  'from asyncio import *\n',
  'import requests\n',
  '\ndef helper():\n    time.sleep(1)\n',
  '\ndef helper():\n    return 1\n',
  '\nasync def helper():\n    await asyncio.sleep(0)\n',
  '\nclass Worker:\n    async def run(self):\n        pass\n',
  'global loop\n',
  'loop = asyncio.get_event_loop()\n',
  '_background_tasks = set()\n',
  'sleep = time.sleep\n',
  'TimeoutError = None\n',
  '  # noqa',
  '  # noqa: LOOP101',
  '"""Docstring."""\n',
  '# comment\n',
  '\n\n',
];

function pythonFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const file = path.join(directory, name);
    if (statSync(file).isDirectory()) return pythonFiles(file);
    return name.endsWith('.py') ? [file] : [];
  });
}

const FILES = [...pythonFiles(path.join(ROOT, 'test', 'fixtures', 'rules')), ...pythonFiles(path.join(ROOT, 'examples'))];

/** Every rule, on the newest target version the rules know, so that every check takes part. */
const SETTINGS: LintSettings = { select: ['ALL'], targetVersion: NEWEST_KNOWN_VERSION };

test('after random edits, re-linting only what changed gives what a full lint gives', async () => {
  const linter = await Linter.create(RULES);
  const next = seededRandom(2024);

  for (const file of FILES) {
    const document = OpenDocument.open(`file://${file}`, 'python', 1, readFileSync(file, 'utf8'), linter);
    document.lint(SETTINGS, undefined);
    for (let version = 2; version < 42; version++) {
      const lines = document.text.split('\n');
      const changes = [];
      // Sometimes two changes in one notification (the second in the text after the first).
      for (let count = next(4) === 0 ? 2 : 1; count > 0; count--) {
        const line = next(lines.length);
        const character = next(lines[line]!.length + 1);
        const deleteTo = next(3) === 0 ? Math.min(lines[line]!.length, character + 1 + next(8)) : character;
        const insert = next(4) === 0 ? renamedIdentifier(lines, next) : SNIPPETS[next(SNIPPETS.length)]!;
        changes.push({ range: { start: { line, character }, end: { line, character: deleteTo } }, text: insert });
      }
      document.applyChanges(changes, version);
      const incremental = document.lint(SETTINGS, undefined);
      // On the same tree: this test is about the memo; that the tree is a fresh parse's, broken code
      // included, is the last test's business (and incrementalParse.test.ts's).
      const full = linter.lintTree(document.syntaxTree(), document.text, SETTINGS);
      assert.deepEqual(
        comparable(incremental.diagnostics),
        comparable(full.diagnostics),
        `${path.relative(ROOT, file)} after edit ${version} ${JSON.stringify(changes)}:\n${document.text}`,
      );
    }
    document.close();
  }
});

/** Whole lines that keep a file valid when inserted before a line, indented like it. */
const VALID_LINES = [
  'time.sleep(1)',
  'await asyncio.sleep(0)',
  'helper()',
  'loop = asyncio.get_event_loop()',
  'asyncio.create_task(main())',
  'pass',
  'x = [await f() for f in fs]',
];
/** Whole statements that keep a file valid when inserted before a top-level statement. */
const VALID_STATEMENTS = [
  'def helper():\n    time.sleep(1)\n',
  'async def helper():\n    await asyncio.sleep(0)\n',
  'import time\n',
  'import requests\n',
  'sleep = time.sleep\n',
  'class Worker:\n    async def run(self):\n        helper()\n',
];

test('after random valid edits, re-linting only what changed gives what a full lint of a fresh parse gives', async () => {
  const linter = await Linter.create(RULES);
  const next = seededRandom(99);
  for (const file of FILES) {
    const original = readFileSync(file, 'utf8');
    const start = linter.lintText(original, SETTINGS);
    if (start.diagnostics.some((diagnostic) => diagnostic.code === 'LOOP000')) continue;
    const document = OpenDocument.open(`file://${file}`, 'python', 1, original, linter);
    document.lint(SETTINGS, undefined);
    for (let version = 2; version < 30; version++) {
      const lines = document.text.split('\n');
      const line = next(lines.length);
      const current = lines[line]!;
      const indent = /^\s*/.exec(current)![0];
      let change;
      const choice = next(4);
      if (choice === 0 && current.trim() !== '') {
        change = {
          range: { start: { line, character: 0 }, end: { line, character: 0 } },
          text: `${indent}${VALID_LINES[next(VALID_LINES.length)]}\n`,
        };
      } else if (choice === 1 && indent === '' && /^\S/.test(current)) {
        change = {
          range: { start: { line, character: 0 }, end: { line, character: 0 } },
          text: VALID_STATEMENTS[next(VALID_STATEMENTS.length)]!,
        };
      } else if (choice === 2) {
        const words = [...current.matchAll(/\b[A-Za-z_]\w*\b/g)];
        const word = words[next(words.length + 1)];
        if (!word) continue;
        const character = word.index;
        change = {
          range: { start: { line, character }, end: { line, character: character + word[0].length } },
          text: renamedIdentifier(lines, next),
        };
      } else {
        change = { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' };
      }
      const before = document.text;
      document.applyChanges([change], version);
      const fresh = linter.lintText(document.text, SETTINGS);
      if (fresh.diagnostics.some((diagnostic) => diagnostic.code === 'LOOP000')) {
        // Keep the file valid: undo (the document still lints the edit and its undoing).
        document.lint(SETTINGS, undefined);
        const all = document.text.split('\n');
        const end = { line: all.length - 1, character: all.at(-1)!.length };
        document.applyChanges([{ range: { start: { line: 0, character: 0 }, end }, text: before }], ++version);
        document.lint(SETTINGS, undefined);
        continue;
      }
      assert.deepEqual(
        // Sometimes equal settings in another object: the memo does not apply, the edited statements' parse does.
        comparable(document.lint(version % 7 === 0 ? { ...SETTINGS } : SETTINGS, undefined).diagnostics),
        comparable(fresh.diagnostics),
        `${path.relative(ROOT, file)} after edit ${version} ${JSON.stringify(change)}:\n${document.text}`,
      );
    }
    document.close();
  }
});

/** A (short) identifier of the file, to type over another (creates and breaks links between statements). */
function renamedIdentifier(lines: readonly string[], next: (limit: number) => number): string {
  const words = lines.join('\n').match(/\b[A-Za-z_]\w{0,15}\b/g) ?? ['x'];
  return words[next(words.length)]!;
}

function comparable(diagnostics: readonly LintDiagnostic[]): unknown[] {
  return diagnostics.map((diagnostic) => ({ ...diagnostic, related: [...diagnostic.related] }));
}

const MODULE = [
  'import asyncio',
  'import time',
  '',
  'def fetch_all():',
  '    time.sleep(1)',
  '',
  'def load():',
  '    return fetch_all()',
  '',
  'async def main():',
  '    load()',
  '',
  'async def unrelated():',
  '    await asyncio.sleep(1)',
  '',
  'class Poller:',
  '    async def poll(self):',
  '        await asyncio.sleep(0)',
  '',
].join('\n');

/** Types `text` before the last character of line `line` (or at its end, if empty); returns how many statements were checked. */
function typeAt(document: OpenDocument, line: number, text: string, version: number): number {
  const character = Math.max(0, document.text.split('\n')[line]!.length - 1);
  document.applyChanges([{ range: { start: { line, character }, end: { line, character } }, text }], version);
  return document.lint(SETTINGS, undefined).checkedStatements!;
}

test('typing re-checks the statement typed in and those depending on what it defines', async () => {
  const linter = await Linter.create(RULES);
  const document = OpenDocument.open('file:///tmp/typing.py', 'python', 1, MODULE, linter);
  assert.equal(document.lint(SETTINGS, undefined).checkedStatements, 7, 'the first lint checks everything');
  // Inside a coroutine nothing else calls: only that statement.
  assert.equal(typeAt(document, 13, '0', 2), 1);
  assert.equal(typeAt(document, 17, '0', 3), 1);
  // Inside a helper: load (which calls it) and main (which calls load) are checked too.
  assert.equal(typeAt(document, 4, '0', 4), 3);
  // A blank line between statements: nothing.
  assert.equal(typeAt(document, 2, ' ', 5), 0);
  // An import's name: the statements using it (fetch_all), and those depending on them.
  assert.equal(typeAt(document, 1, 's', 6), 4);
  document.close();
});

/** Lines as LSP counts them: `\r\n`, lone `\r` and `\n` all end a line. */
function lspLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** `text` with each line break replaced by one of `\n`, `\r\n`, `\r`, chosen at random. */
function mixedLineEndings(text: string, next: (limit: number) => number): string {
  return text.replace(/\r\n|\r|\n/g, () => ['\n', '\r\n', '\r'][next(3)]!);
}

const LINE_BREAKS = ['\r', '\n', '\r\n', '\r\r', '\n\r', 'x\r', '\rx', '\r    time.sleep(1)\r', '\r\ndef helper():\r    time.sleep(1)\n'];

test('after random edits of files mixing \\r, \\r\\n and \\n, re-linting gives what a full lint gives', async () => {
  const linter = await Linter.create(RULES);
  const next = seededRandom(4242);
  for (const file of FILES) {
    const original = mixedLineEndings(readFileSync(file, 'utf8'), next);
    const document = OpenDocument.open(`file://${file}`, 'python', 1, original, linter);
    document.lint(SETTINGS, undefined);
    for (let version = 2; version < 30; version++) {
      const lines = lspLines(document.text);
      const line = next(lines.length);
      const character = next(lines[line]!.length + 1);
      const choice = next(4);
      // Deletions may span line breaks; insertions are line breaks of every kind, alone or with text.
      const end = choice === 0 ? { line: Math.min(lines.length - 1, line + 1), character: next(3) } : { line, character };
      if (end.line === line && end.character < character) end.character = character;
      const insert = choice === 0 ? '' : choice === 1 ? SNIPPETS[next(SNIPPETS.length)]! : LINE_BREAKS[next(LINE_BREAKS.length)]!;
      const change = { range: { start: { line, character }, end }, text: insert };
      document.applyChanges([change], version);
      const incremental = comparable(document.lint(SETTINGS, undefined).diagnostics);
      const message = `${path.relative(ROOT, file)} after edit ${version} ${JSON.stringify(change)}:\n${JSON.stringify(document.text)}`;
      assert.deepEqual(incremental, comparable(linter.lintTree(document.syntaxTree(), document.text, SETTINGS).diagnostics), message);
      // Where the text parses, the incrementally edited tree is the tree a fresh parse gives.
      const fresh = linter.lintText(document.text, SETTINGS);
      if (!fresh.diagnostics.some((diagnostic) => diagnostic.code === 'LOOP000'))
        assert.deepEqual(incremental, comparable(fresh.diagnostics), message);
    }
    document.close();
  }
});

type LspRange = { start: { line: number; character: number }; end: { line: number; character: number } };

/** The diagnostics of `text` after `change`, re-linted from the first lint's memo, and from scratch. */
/** `changes`: one notification's, each in the text after the one before it. */
async function relintedAndFresh(text: string, ...changes: readonly { range: LspRange; text: string }[]): Promise<[unknown[], unknown[]]> {
  const linter = await Linter.create(RULES);
  const document = OpenDocument.open('file:///tmp/relint.py', 'python', 1, text, linter);
  document.lint(SETTINGS, undefined);
  document.applyChanges(changes, 2);
  const relinted = comparable(document.lint(SETTINGS, undefined).diagnostics);
  const fresh = comparable(linter.lintText(document.text, SETTINGS).diagnostics);
  document.close();
  return [relinted, fresh];
}

test('a name bound in a branch a module constant rules out and bound again later resolves as in a fresh lint (found by the server fuzz)', async () => {
  // Re-linting builds a module name's defining statements one at a time, stopping at the first that binds it: the
  // `def time` that never runs (DEBUG is False) was taken for `time`, and the `import time` after it never looked at.
  const text =
    'import asyncio\n\nDEBUG = False\n\n\nasync def nap():\n    time.sleep(1)\n\n\nif DEBUG:\n    def time():\n        return 0\n\nimport time\n';
  const [relinted, fresh] = await relintedAndFresh(text, {
    range: { start: { line: 6, character: 15 }, end: { line: 6, character: 16 } },
    text: '2',
  });
  assert.equal((fresh as { code: string }[]).filter((diagnostic) => diagnostic.code === 'LOOP101').length, 1);
  assert.deepEqual(relinted, fresh);
});

test('deleting every statement from a line to the end of the text drops their diagnostics (found by the server fuzz)', async () => {
  // `Tree.edit` leaves the deleted statements in the tree, empty, where the text now ends.
  const text = 'import asyncio\n\nT = 1\n\n\nclass C:\n    async def f(self):\n        x = await g()\n        return 1\n\n\nclass R:  # ex';
  for (const start of [3, 4]) {
    const [relinted, fresh] = await relintedAndFresh(text, {
      range: { start: { line: start, character: 0 }, end: { line: 11, character: 14 } },
      text: '',
    });
    assert.deepEqual(relinted, fresh, `deleted from line ${start}`);
  }
});

test("a statement reading the module's code in the first lint is checked again when that code changes (found by the server fuzz)", async () => {
  // LOOP203's advice depends on a later `loop.run_forever()` in the module's code.
  const text =
    'import asyncio\n\n\nasync def main():\n    pass\n\n\nloop = asyncio.new_event_loop()\nloop.run_until_complete(main())\nprint("served")\nloop.run_forever()\n';
  const [relinted, fresh] = await relintedAndFresh(text, {
    range: { start: { line: 10, character: 0 }, end: { line: 11, character: 0 } },
    text: '',
  });
  assert.deepEqual(relinted, fresh);
  assert.doesNotMatch(JSON.stringify(relinted), /run_forever/);
});

test('an edit in code that does not parse gives the diagnostics a fresh parse gives (found by the server fuzz)', async () => {
  // tree-sitter recovers from this error differently when it reuses the tree from before the edit.
  const text =
    'def work(limit):\n    total = 0\n    for i in range(limit):\n        total += i  # @body\n    return total  # @return\n' +
    'print(work(int(sys.argvasync def deep():\n    return await await await await await await await await f()\n' +
    '[1]) if len(sys.argv) > 1 else 1000))  # @print\n';
  const [relinted, fresh] = await relintedAndFresh(text, {
    range: { start: { line: 1, character: 13 }, end: { line: 1, character: 13 } },
    text: '(',
  });
  assert.deepEqual(relinted, fresh);
});

test('re-linting after an edit that leaves the text opening with a line break ends (found by the server fuzz)', async () => {
  // The edited region started at offset 0, where finding the line's start read the opening `\r` (a line
  // break to the parser) as the line before: the region never took in the statement, and grew forever.
  const linter = await Linter.create(RULES);
  const document = OpenDocument.open(
    'file:///tmp/opening-break.py',
    'python',
    1,
    'async def ask():\r    name = input("name? ")  # x \'',
    linter,
  );
  document.lint(SETTINGS, undefined);
  document.applyChanges([{ range: { start: { line: 1, character: 99 }, end: { line: 1, character: 99 } }, text: '\ude00' }], 2);
  document.lint(SETTINGS, undefined);
  document.applyChanges([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 16 } }, text: '' }], 3);
  assert.deepEqual(
    comparable(document.lint(SETTINGS, undefined).diagnostics),
    comparable(linter.lintText(document.text, SETTINGS).diagnostics),
  );
  document.close();
});

test('a `# noqa` typed into a statement that is parsed again suppresses its diagnostic (found by the server fuzz)', async () => {
  // The quick re-lint parses the edited statements apart; the comment is not in the tree from before the edit.
  const linter = await Linter.create(RULES);
  const document = OpenDocument.open('file:///tmp/noqa-typed.py', 'python', 1, 'import asyncio\n', linter);
  document.lint(SETTINGS, undefined);
  document.applyChanges(
    [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'async def g():\r    open("x").read()\r' },
      { range: { start: { line: 2, character: 20 }, end: { line: 2, character: 20 } }, text: '# noqa\r' },
    ],
    2,
  );
  const relinted = comparable(document.lint(SETTINGS, undefined).diagnostics);
  assert.deepEqual(relinted, comparable(linter.lintText(document.text, SETTINGS).diagnostics));
  assert.doesNotMatch(JSON.stringify(relinted), /LOOP104/);
  document.close();
});

test('an edit that leaves the text ending in a line continuation reports the syntax error (found by the server fuzz)', async () => {
  // A parse of the edited lines alone does not see the end of the file after the backslash.
  const [relinted, fresh] = await relintedAndFresh('import asyncio\nlog = []\n\\\n\n', {
    range: { start: { line: 2, character: 1 }, end: { line: 4, character: 0 } },
    text: '',
  });
  assert.deepEqual(relinted, fresh);
  assert.match(JSON.stringify(fresh), /LOOP000/);
});

test('statements linted when nothing of the text parsed are checked again once it parses (found by the server fuzz)', async () => {
  // Before the edit tree-sitter makes the root an ERROR node; what a piece of a statement showed there depends on
  // everything around it (here LOOP305's handler, whose body the error recovery put elsewhere).
  const text =
    'import asyncio\n\nasync def sleeper():\n    try:\n        await asyncio.sleep(10)\n    except asyncio.CancelledError:\n' +
    '   \v    print("sleeper got CancelledError")\n        print("sleeper cleaned up")import time\n' +
    '    task = asyncio.create_task(sleeper())x = [[[[[[[[[[[[[\n    print(task.cancel("stop please"))\n    print(task.cancelled(), task.done())\n';
  const [relinted, fresh] = await relintedAndFresh(text, {
    range: { start: { line: 8, character: 0 }, end: { line: 11, character: 0 } },
    text: '',
  });
  assert.deepEqual(relinted, fresh);
});

test('a class whose name follows `class` after a zero-width space is a definition its users depend on (found by the server fuzz)', async () => {
  // tree-sitter reads U+200B (like U+FEFF and U+2060) as white space; the re-lint's reading of the text did not.
  const text =
    'class\u200bRecorder:\n    def __enter__(self):\n        return self\n\n    def __exit__(self, *exc_info):\n        return None\n\n\n' +
    'async def use():\n    async with Recorder() as recorder:\n        pass\n';
  // The class gains async methods: `async with Recorder()` is right now, which only its user's new check says.
  const [relinted, fresh] = await relintedAndFresh(text, {
    range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } },
    text: '    async def __aenter__(self):\n        return self\n\n    async def __aexit__(self, *exc_info):\n        return None\n',
  });
  assert.deepEqual(relinted, fresh);
  assert.doesNotMatch(JSON.stringify(fresh), /LOOP404/);
});

test('a function whose name tree-sitter takes past a syntax error re-checks its callers when its body changes (found by the mixed line-ending test)', async () => {
  // `def x\rread_cached(...)`: tree-sitter skips `x` and names the function `read_cached`, where the text's reading
  // of the statement (its `defines`) sees `x`. The edit moves `open()` out of the body; the caller's LOOP108 must go.
  const text =
    'def x\rread_cached(path, cache=None):\r    if cache is None:\n        with open(path) as file:\nx return cache\n' +
    '    async def first(self, path, cache):\n        read_cached(path, cache)\r';
  const [relinted, fresh] = await relintedAndFresh(text, {
    range: { start: { line: 2, character: 9 }, end: { line: 2, character: 9 } },
    text: '\rx',
  });
  assert.deepEqual(relinted, fresh);
  assert.doesNotMatch(JSON.stringify(fresh), /LOOP108/);
});

test('deleting from inside a statement through whole statements after it re-parses the one cut short (found by the full server fuzz)', async () => {
  // Tree.edit leaves deleted statements in the tree, empty, where the cut one now ends: after two deletions
  // without a full reparse between them, the re-lint took one of them for the cut statement and checked the
  // cut one from the tree before the edits (its deleted awaits gave LOOP406).
  const linter = await Linter.create(RULES);
  const text =
    'import asyncio\n\n\nclass A:\n    async def a(self):\n        await asyncio.sleep(0)\n\n    async def b(self):\n        await asyncio.sleep(1)\n\n\n' +
    'class B:\n    async def c(self):\n        await asyncio.sleep(2)\n\n\nclass C:\n    async def d(self):\n        await asyncio.sleep(3)\n\n\nif True:\n    pass\n';
  const document = OpenDocument.open('file:///tmp/cut-short.py', 'python', 1, text, linter);
  document.lint(SETTINGS, undefined);
  document.applyChanges([{ range: { start: { line: 13, character: 0 }, end: { line: 21, character: 0 } }, text: '' }], 2);
  document.lint(SETTINGS, undefined);
  document.applyChanges([{ range: { start: { line: 12, character: 0 }, end: { line: 13, character: 0 } }, text: '' }], 3);
  assert.deepEqual(
    comparable(document.lint(SETTINGS, undefined).diagnostics),
    comparable(linter.lintText(document.text, SETTINGS).diagnostics),
  );
  document.close();
});

test('a global a function sets, cut off from the function by an edit, re-checks the statements reading it (found by the fuzz run)', async () => {
  // LOOP203 leaves alone a loop a function keeps in a module global (`global _LOOP`); once an edit breaks that `def`,
  // `_LOOP = loop` is written in the module and the tear-downs driving `_LOOP` are reported. The binding reads the
  // same ("assignment loop"), where it is made does not: re-linting missed the two findings.
  const { original, edits } = JSON.parse(
    readFileSync(path.join(ROOT, 'test', 'fixtures', 'incremental', 'global_loop_edits.json'), 'utf8'),
  ) as {
    original: string;
    edits: { range: LspRange; text: string }[];
  };
  const linter = await Linter.create(RULES);
  const document = OpenDocument.open('file:///global_loop.py', 'python', 1, original, linter);
  document.lint(SETTINGS, undefined);
  edits.forEach((edit, index) => {
    document.applyChanges([edit], index + 2);
    const relinted = comparable(document.lint(SETTINGS, undefined).diagnostics);
    const fresh = comparable(linter.lintTree(document.syntaxTree(), document.text, SETTINGS).diagnostics);
    assert.deepEqual(relinted, fresh, `after edit ${index + 1}`);
  });
  document.close();
});

test('a line break inside a statement with a syntax error re-checks the statements reading module-level code', async () => {
  // Which of a broken statement's code tree-sitter puts in the module scope depends on white space: a line break
  // there changes the module's calls while the statement reads the same with white space folded.
  const { before, edit } = JSON.parse(
    readFileSync(path.join(ROOT, 'test', 'fixtures', 'incremental', 'recovered_module_code.json'), 'utf8'),
  ) as { before: string; edit: { range: LspRange; text: string } };
  const linter = await Linter.create(RULES);
  const document = OpenDocument.open('file:///recovered.py', 'python', 1, before, linter);
  document.lint(SETTINGS, undefined);
  document.applyChanges([edit], 2);
  assert.deepEqual(
    comparable(document.lint(SETTINGS, undefined).diagnostics),
    comparable(linter.lintTree(document.syntaxTree(), document.text, SETTINGS).diagnostics),
  );
  document.close();
});

test("a helper's finding that depends on its callers is checked again when a caller changes", async () => {
  // LOOP201 leaves a private helper alone when every caller catches the RuntimeError and sets a loop itself.
  const text = [
    'import asyncio',
    '',
    '',
    'def _current_loop():',
    '    return asyncio.get_event_loop()',
    '',
    '',
    'def thread_loop():',
    '    try:',
    '        return _current_loop()',
    '    except RuntimeError:',
    '        loop = asyncio.new_event_loop()',
    '        asyncio.set_event_loop(loop)',
    '        return loop',
    '',
  ].join('\n');
  // The caller stops catching: the helper's call is reported.
  const [relinted, fresh] = await relintedAndFresh(text, {
    range: { start: { line: 8, character: 0 }, end: { line: 14, character: 0 } },
    text: '    return _current_loop()\n',
  });
  assert.deepEqual(relinted, fresh);
  assert.match(JSON.stringify(relinted), /LOOP201/);
});

test("the branches a module constant rules out are checked again when the constant's binding changes", async () => {
  // `if _IS_SYNC:` never runs while the module binds `_IS_SYNC = False` and nothing else, and the `Event` bound there
  // is not the one `main` reads: `main` does not name `_IS_SYNC`, and must be checked again all the same.
  const text = [
    'import asyncio',
    'import threading',
    '',
    '_IS_SYNC = False',
    '',
    'if _IS_SYNC:',
    '    Event = asyncio.Event',
    'else:',
    '    Event = threading.Event',
    '',
    '',
    'async def fetch():',
    '    await asyncio.sleep(0)',
    '',
    '',
    'async def flavours():',
    '    if _IS_SYNC:',
    '        fetch()',
    '',
    '',
    'async def main():',
    '    Event().wait()',
    '',
  ].join('\n');
  const binding = { start: { line: 3, character: 0 }, end: { line: 3, character: 16 } };
  const edits = [
    { range: binding, text: '_IS_SYNC = True' },
    { range: binding, text: '_IS_SYNC = bool(0)' },
    { range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: '_IS_SYNC = False\n' },
    {
      range: { start: { line: 19, character: 0 }, end: { line: 19, character: 0 } },
      text: 'def flip():\n    global _IS_SYNC\n    _IS_SYNC = 1\n',
    },
  ];
  for (const edit of edits) {
    const [relinted, fresh] = await relintedAndFresh(text, edit);
    assert.deepEqual(relinted, fresh, edit.text);
    assert.match(JSON.stringify(relinted), /`fetch\(\)`/, edit.text);
    assert.equal(/`Event\(\)\.wait\(\)`/.test(JSON.stringify(relinted)), edit.text === '_IS_SYNC = True', edit.text);
  }
});

test('a module-level get_event_loop() is checked again when the statement before it changes', async () => {
  // The statement right before decides LOOP201 at module level (a loop made current there), and names nothing the
  // call reads: the call must be checked again when that statement changes, or one is put between.
  const text = ['import asyncio', '', 'asyncio.set_event_loop(asyncio.new_event_loop())', 'reactor = asyncio.get_event_loop()', ''].join(
    '\n',
  );
  const setter = { start: { line: 2, character: 0 }, end: { line: 2, character: 48 } };
  const edits = [
    { range: setter, text: 'print("no loop set")' },
    { range: setter, text: 'asyncio.set_event_loop(None)' },
    { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'print("between")\n' },
  ];
  for (const edit of edits) {
    const [relinted, fresh] = await relintedAndFresh(text, edit);
    assert.deepEqual(relinted, fresh, edit.text);
    assert.match(JSON.stringify(relinted), /LOOP201/, edit.text);
  }
  const [unchanged] = await relintedAndFresh(text, {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    text: '',
  });
  assert.doesNotMatch(JSON.stringify(unchanged), /LOOP201/);
  // An edit of the call's own statement parses it again on its own, with no siblings: the statement before is still
  // the one before it in the file (found by the server fuzz, deleting the blank line after it).
  for (const edit of [
    { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 7 } }, text: 'installed' },
    { range: { start: { line: 3, character: 90 }, end: { line: 4, character: 0 } }, text: '' },
  ]) {
    const [relinted, fresh] = await relintedAndFresh(text, edit);
    assert.deepEqual(relinted, fresh, edit.text);
    assert.doesNotMatch(JSON.stringify(relinted), /LOOP201/, edit.text);
  }
});

test('a re-lint parses again only the statements edited since the last lint, not all those edited since the last full parse', async () => {
  const linter = await Linter.create(RULES);
  const parsed: string[][] = [];
  const parseRange = linter.parseRange.bind(linter);
  linter.parseRange = (text, ranges) => {
    parsed.push(ranges.map(({ startIndex, endIndex }) => text.slice(startIndex, endIndex)));
    return parseRange(text, ranges);
  };
  const document = OpenDocument.open('file:///tmp/regions.py', 'python', 1, MODULE, linter);
  document.lint(SETTINGS, undefined);
  typeAt(document, 13, ' ', 2);
  typeAt(document, 17, ' ', 3);
  typeAt(document, 13, ' ', 4);
  assert.deepEqual(
    parsed.map((texts) => texts.map((text) => text.split('\n')[0])),
    [['async def unrelated():'], ['class Poller:'], ['async def unrelated():']],
  );
  // The statements of earlier small parses are the document's still: the result is a fresh lint's.
  assert.deepEqual(
    comparable(document.lint(SETTINGS, undefined).diagnostics),
    comparable(linter.lintText(document.text, SETTINGS).diagnostics),
  );
  document.close();
});

test("a test module's private function nothing names is checked again when a test starts or stops calling it", async () => {
  // A function of a test module that pytest never collects and nothing names never runs: nothing is reported in it.
  const project = new WorkspaceIndex().view({ name: 'tests.test_relint', isPackage: false }, '/tmp/tests/test_relint.py');
  const lintBoth = async (text: string, change: { range: LspRange; text: string }): Promise<[unknown[], unknown[]]> => {
    const linter = await Linter.create(RULES);
    const document = OpenDocument.open('file:///tmp/tests/test_relint.py', 'python', 1, text, linter);
    document.lint(SETTINGS, project);
    document.applyChanges([change], 2);
    const relinted = comparable(document.lint(SETTINGS, project).diagnostics);
    const fresh = comparable(linter.lintText(document.text, SETTINGS, project).diagnostics);
    document.close();
    return [relinted, fresh];
  };
  const helper = ['import time', '', '', 'async def _helper():', '    time.sleep(1)', '', ''];
  const caller = ['async def test_it():', '    await _helper()', ''];
  // A test starts calling it: its blocking call is reported.
  const [called, calledFresh] = await lintBoth([...helper, 'x = 1', ''].join('\n'), {
    range: { start: { line: 7, character: 0 }, end: { line: 8, character: 0 } },
    text: caller.join('\n'),
  });
  assert.deepEqual(called, calledFresh);
  assert.match(JSON.stringify(called), /LOOP101/);
  // The test stops calling it: nothing is reported.
  const [dropped, droppedFresh] = await lintBoth([...helper, ...caller].join('\n'), {
    range: { start: { line: 8, character: 0 }, end: { line: 8, character: 19 } },
    text: '    pass',
  });
  assert.deepEqual(dropped, droppedFresh);
  assert.doesNotMatch(JSON.stringify(dropped), /LOOP101/);
});

test('a statement tree-sitter reads as a wildcard import only after an edit elsewhere re-lints the whole file (found by the random-edit test)', async () => {
  // `from asyncio import tas*` does not spell a wildcard import, and is read as one only once `global loop` follows it:
  // its text is unchanged, but `sleep` now comes from asyncio.
  const text = 'def he:):\nfrom asyncio import tas*\n\n:    timeloop = asyncio.get_event_loop()\n.sleep(1)';
  const [relinted, fresh] = await relintedAndFresh(text, {
    range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
    text: 'global loop\n',
  });
  assert.equal((fresh as { code: string }[]).filter((diagnostic) => diagnostic.code === 'LOOP302').length, 1);
  assert.deepEqual(relinted, fresh);
});

test('an import an edit moves into a branch that never runs no longer binds its name (found by the mixed line-ending test)', async () => {
  // Indenting `import time as asyncio` puts it under `if False:`: the names it binds read the same, but bind nothing
  // now, so `asyncio.Event()` is asyncio's again and `woken.wait()` makes a coroutine nobody awaits.
  const text = 'import asyncio\n\nif False:\n    pass\nimport time as asyncio\n\nwoken = asyncio.Event()\nwoken.wait()\n';
  const [relinted, fresh] = await relintedAndFresh(text, {
    range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
    text: '    ',
  });
  assert.equal((fresh as { code: string }[]).filter((diagnostic) => diagnostic.code === 'LOOP302').length, 1);
  assert.deepEqual(relinted, fresh);
});

test("a loop published as a global and stopped by another function is linted again when that function's stop changes (found by the random-edit test)", async () => {
  // `run_global` is not reported while `stop_global` stops the loop `open_global` publishes: LOOP203 read that stop
  // anywhere in the file, but re-linting did not follow it there, and a line break inside `SHARED_LOOP.stop` hid it.
  const text = [
    'import asyncio',
    '',
    'async def open_global():',
    '    global SHARED_LOOP',
    '    SHARED_LOOP = asyncio.get_running_loop()',
    '',
    'def stop_global():',
    '    SHARED_LOOP.call_soon_threadsafe(SHARED_LOOP.stop)',
    '',
    'def run_global():',
    '    own_loop = asyncio.new_event_loop()',
    '    own_loop.run_until_complete(open_global())',
    '    own_loop.run_forever()',
    '',
  ].join('\n');
  const loop203 = (diagnostics: unknown[]): number =>
    (diagnostics as { code: string }[]).filter((diagnostic) => diagnostic.code === 'LOOP203').length;
  const [split, splitFresh] = await relintedAndFresh(text, {
    range: { start: { line: 7, character: 48 }, end: { line: 7, character: 48 } },
    text: '\r\n',
  });
  assert.equal(loop203(splitFresh), 0);
  assert.deepEqual(split, splitFresh);
  const [stopGone, stopGoneFresh] = await relintedAndFresh(text, {
    range: { start: { line: 7, character: 53 }, end: { line: 7, character: 53 } },
    text: 'x',
  });
  assert.equal(loop203(stopGoneFresh), 1);
  assert.deepEqual(stopGone, stopGoneFresh);
});

test('a statement whose LOOP108 chain was worked out for an earlier one is checked again when a function down the chain changes', async () => {
  const { before, edit } = JSON.parse(
    readFileSync(path.join(ROOT, 'test', 'fixtures', 'incremental', 'chain_reused_across_statements.json'), 'utf8'),
  ) as { before: string; edit: { range: LspRange; text: string } };
  const [relinted, fresh] = await relintedAndFresh(before, edit);
  assert.deepEqual(relinted, fresh);
});

test('a statement starting after other text on its line is checked again when an edit changes that text (found by the mixed line-ending test)', async () => {
  // tree-sitter takes the indented `async def` after `x = 2` for a top-level statement starting mid-line. Deleting the
  // blank line and one space before it leaves it untouched, but LOOP204's fix re-indents its body from the line's
  // indentation, which the edit changed.
  const text =
    'import asyncio\n\n\nasync def _timed():\n    return 1\nx = 2\n\n    async def _timed_routine():\n        return await asyncio.wait_for(_timed(), 1)\n';
  const [relinted, fresh] = await relintedAndFresh(text, {
    range: { start: { line: 6, character: 0 }, end: { line: 7, character: 1 } },
    text: '',
  });
  assert.match(JSON.stringify(fresh), /async with asyncio\.timeout\(1\):\\n {13}return/);
  assert.deepEqual(relinted, fresh);
});

test('an import bound again by a kept statement is checked again when an edit moves it past that statement (found by the random-edit test)', async () => {
  // `import asyncio` goes from before `import time as asyncio` to after it: the edited statements bind `asyncio` as
  // they did, but the binding that reaches `nap` is now time's, and `asyncio.sleep(1)` is time.sleep.
  const text = 'import asyncio\n\n\nasync def nap():\n    await asyncio.sleep(1)\n\n\nimport time as asyncio\n';
  const [relinted, fresh] = await relintedAndFresh(
    text,
    { range: { start: { line: 0, character: 13 }, end: { line: 0, character: 14 } }, text: 'a' },
    { range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, text: 'import asyncio\n' },
  );
  assert.equal((fresh as { code: string }[]).filter((diagnostic) => diagnostic.code === 'LOOP101').length, 1);
  assert.deepEqual(relinted, fresh);
});
