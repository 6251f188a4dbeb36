// `loopscope lint`'s cache: a warm run prints what a run without the cache prints, and a file is linted again when
// it, its settings, or what its rules were told about other modules changed.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Linter, RULES } from '../../server/engine/src';
import { lintFiles } from '../../cli/src/lint/lintFiles';
import { LintCache } from '../../cli/src/lint/lintCache';
import { makeProject, runCli, type CliResult } from './runCli';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const caches: string[] = [];
after(() => caches.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function cacheFolder(): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'loopscope-lint-cache-'));
  caches.push(folder);
  return folder;
}

/** `loopscope lint` with the cache in `cache` (on unless `args` say --no-cache). */
function lint(args: readonly string[], cwd: string, cache: string, env: Record<string, string> = {}): CliResult {
  return runCli(['lint', '--output-format', 'concise', '--cache-dir', cache, ...args], cwd, undefined, { LOOPSCOPE_NO_CACHE: '', ...env });
}

function cacheFiles(folder: string): string[] {
  return readdirSync(folder).filter((name) => name.endsWith('.cache'));
}

/**
 * Rewrites every cached message of the cache in `folder` (and the digest of the entries in its first line): a run that
 * prints the new text took its findings from the cache.
 */
function markCachedMessages(folder: string): void {
  for (const name of cacheFiles(folder)) {
    const file = path.join(folder, name);
    const [header, ...entries] = readFileSync(file, 'utf8').split('\n');
    const marked = entries.map((line) => {
      // L TAB path TAB key TAB stamp TAB JSON
      if (!line.startsWith('L\t')) return line;
      const fields = line.split('\t');
      const lint = JSON.parse(fields[4]!) as { diagnostics: { message: string }[] };
      for (const diagnostic of lint.diagnostics) diagnostic.message = `(cached) ${diagnostic.message}`;
      return [
        ...fields.slice(0, 4),
        JSON.stringify(lint).replace(/[^\0-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`),
      ].join('\t');
    });
    const body = marked.join('\n');
    const digest = createHash('sha1').update(body, 'latin1').digest('base64');
    writeFileSync(file, `${header!.slice(0, header!.lastIndexOf('\t'))}\t${digest}\n${body}`);
  }
}

const HELPER_BLOCKS = 'import time\n\n\ndef pause():\n    time.sleep(1)\n';
const HELPER_RETURNS = 'import time\n\n\ndef pause():\n    return time.monotonic()\n';
const APP = 'import asyncio\n\nfrom pkg.helpers import pause\n\n\nasync def main():\n    pause()\n    await asyncio.sleep(0)\n';
/** A test module (summarised only when a lookup reaches it), with a finding of its own, and one importing it. */
const TEST_BASE = 'import time\n\n\ndef wait_for_server():\n    time.sleep(1)\n\n\nasync def test_base():\n    time.sleep(2)\n';
const TEST_CLIENT = 'from tests.test_base import wait_for_server\n\n\nasync def test_client():\n    wait_for_server()\n';

describe('lint cache', () => {
  test('a warm run prints what a run without the cache prints, and takes every finding from the cache', () => {
    const cache = cacheFolder();
    const cold = lint(['--no-cache', '.'], EXAMPLES, cache);
    assert.deepEqual(cacheFiles(cache), [], '--no-cache writes nothing');
    assert.equal(lint(['.'], EXAMPLES, cache).stdout, cold.stdout);
    assert.equal(cacheFiles(cache).length, 1);
    assert.equal(lint(['.'], EXAMPLES, cache).stdout, cold.stdout);
    // ASCII only (a message's `→` escaped), so that it reads back at one byte a character.
    assert.match(cold.stdout, /→/);
    for (const name of cacheFiles(cache)) assert.match(readFileSync(path.join(cache, name), 'latin1'), /^[\0-\x7f]*$/);
    markCachedMessages(cache);
    const warm = lint(['.'], EXAMPLES, cache);
    assert.equal(warm.status, cold.status);
    const findings = warm.stdout.split('\n').filter((line) => / LOOP\d+ /.test(line));
    assert.ok(findings.length > 10, warm.stdout);
    for (const line of findings) assert.match(line, / LOOP\d+ (\[\*\] )?\(cached\) /);
  });

  test('a module that changes what it does changes the findings of the modules using it', () => {
    const cache = cacheFolder();
    const root = makeProject({ 'pkg/__init__.py': '', 'pkg/helpers.py': HELPER_BLOCKS, 'pkg/app.py': APP });
    assert.match(lint(['.'], root, cache).stdout, /pkg\/app\.py:7:5: LOOP108 /);
    writeFileSync(path.join(root, 'pkg', 'helpers.py'), HELPER_RETURNS);
    assert.match(lint(['.'], root, cache).stdout, /No asyncio problems found/);
    writeFileSync(path.join(root, 'pkg', 'helpers.py'), HELPER_BLOCKS);
    assert.match(lint(['pkg/app.py'], root, cache).stdout, /pkg\/app\.py:7:5: LOOP108 /, 'linting only the user of the module');
  });

  test('a lookup that must parse a module again (its comment changed) keeps the answer, and the lint, from the cache', () => {
    const cache = cacheFolder();
    const root = makeProject({ 'pkg/__init__.py': '', 'pkg/helpers.py': HELPER_BLOCKS, 'pkg/app.py': APP });
    assert.match(lint(['pkg/app.py'], root, cache).stdout, /pkg\/app\.py:7:5: LOOP108 /);
    markCachedMessages(cache);
    writeFileSync(path.join(root, 'pkg', 'helpers.py'), `${HELPER_BLOCKS}# a comment\n`);
    assert.match(lint(['pkg/app.py'], root, cache).stdout, /pkg\/app\.py:7:5: LOOP108 \(cached\) /);
  });

  test("a file's time and size stand for its bytes once it had settled when it was read; a file just written is read again", () => {
    const cache = cacheFolder();
    const blocking = 'import time\n\nasync def main():\n    time.sleep(1)\n';
    const clean = 'import time\n\nasync def main():\n    time.time(11)\n';
    assert.equal(blocking.length, clean.length);
    const root = makeProject({ 'old.py': blocking, 'new.py': blocking });
    const [old, recent] = [path.join(root, 'old.py'), path.join(root, 'new.py')];
    const tenSecondsAgo = new Date(Date.now() - 10_000);
    utimesSync(old, tenSecondsAgo, tenSecondsAgo);
    assert.equal(lint(['.'], root, cache).stdout.match(/LOOP101/g)?.length, 2);
    // Same size, same time: old.py is taken as unchanged without being read (as Git and Ruff do); new.py had been
    // written just before it was read, so its time vouches for nothing and its bytes are compared.
    const recentTime = statSync(recent).mtime;
    writeFileSync(old, clean);
    utimesSync(old, tenSecondsAgo, tenSecondsAgo);
    writeFileSync(recent, clean);
    utimesSync(recent, recentTime, recentTime);
    const second = lint(['--output-format', 'json', '.'], root, cache);
    assert.deepEqual(
      (JSON.parse(second.stdout) as { file: string }[]).map((item) => item.file),
      ['old.py'],
    );
    // A later time (any edit gives one) is seen.
    utimesSync(old, new Date(), new Date());
    assert.match(lint(['.'], root, cache).stdout, /No asyncio problems found/);
  });

  test('a module that appears is looked up again', () => {
    const cache = cacheFolder();
    const root = makeProject({ 'pkg/__init__.py': '', 'pkg/app.py': APP });
    assert.match(lint(['.'], root, cache).stdout, /No asyncio problems found/);
    writeFileSync(path.join(root, 'pkg', 'helpers.py'), HELPER_BLOCKS);
    assert.match(lint(['.'], root, cache).stdout, /pkg\/app\.py:7:5: LOOP108 /);
  });

  test('other settings, another cache entry', () => {
    const cache = cacheFolder();
    const root = makeProject({ 'a.py': 'import time\n\nasync def main():\n    time.sleep(1)\n' });
    assert.match(lint(['.'], root, cache).stdout, /LOOP101/);
    assert.match(lint(['--ignore', 'LOOP101', '.'], root, cache).stdout, /No asyncio problems found/);
    writeFileSync(path.join(root, 'pyproject.toml'), '[tool.loopscope]\nignore = ["LOOP1"]\n');
    assert.match(lint(['.'], root, cache).stdout, /No asyncio problems found/);
  });

  test('a damaged cache is ignored and written anew; LOOPSCOPE_NO_CACHE turns it off', () => {
    const cache = cacheFolder();
    const root = makeProject({ 'pkg/__init__.py': '', 'pkg/helpers.py': HELPER_BLOCKS, 'pkg/app.py': APP });
    const expected = lint(['.'], root, cache).stdout;
    const [name] = cacheFiles(cache);
    const written = readFileSync(path.join(cache, name!), 'utf8');
    const [header, ...entries] = written.split('\n');
    const damages = [
      // Cut short, another version, not a cache at all, every entry's fields garbled.
      written.slice(0, written.length / 2),
      `${header!.replace(/"$/, 'x"')}\n${entries.join('\n')}`,
      '\u0000\u0001',
      `${header}\n${entries.map((entry) => entry.replace(/\t/g, '\t\u0001')).join('\n')}`,
      `${header}\n${entries.map((entry) => entry.replace(/\{/g, '[')).join('\n')}`,
    ];
    for (const damage of damages) {
      writeFileSync(path.join(cache, name!), damage);
      const result = lint(['.'], root, cache);
      assert.equal(result.stdout, expected, damage);
      assert.equal(result.stderr, '');
    }
    const other = cacheFolder();
    assert.equal(lint(['.'], root, other, { LOOPSCOPE_NO_CACHE: '1' }).stdout, expected);
    assert.deepEqual(cacheFiles(other), []);
  });

  test('a cache folder that cannot be made costs only speed', () => {
    const blocker = path.join(cacheFolder(), 'a-file');
    writeFileSync(blocker, '');
    const root = makeProject({ 'a.py': 'import time\n\nasync def main():\n    time.sleep(1)\n' });
    const result = lint(['.'], root, path.join(blocker, 'lint'));
    assert.match(result.stdout, /LOOP101/);
    assert.equal(result.stderr, '');
    assert.equal(result.status, 1);
  });

  test("another working folder's cache unused for 30 days is removed", () => {
    const cache = cacheFolder();
    const old = path.join(cache, 'old.cache');
    const recent = path.join(cache, 'recent.cache');
    writeFileSync(old, '{}');
    writeFileSync(recent, '{}');
    const days = (count: number): Date => new Date(Date.now() - count * 24 * 60 * 60 * 1000);
    utimesSync(old, days(31), days(31));
    utimesSync(recent, days(29), days(29));
    lint(['.'], makeProject({ 'a.py': 'x = 1\n' }), cache);
    assert.deepEqual(cacheFiles(cache).length, 2);
    assert.equal(existsSync(old), false);
    assert.equal(existsSync(recent), true);
  });

  test('a run answered from the cache never loads the parser; one that is not loads it', async () => {
    const root = makeProject({ 'pkg/__init__.py': '', 'pkg/helpers.py': HELPER_BLOCKS, 'app.py': APP });
    const files = ['app.py', 'pkg/__init__.py', 'pkg/helpers.py'].map((name) => path.join(root, name));
    const cacheDir = cacheFolder();
    const first = LintCache.open(cacheDir, root, 'test');
    const cold = await lintFiles(files, await Linter.create(RULES), {}, { cache: first });
    first.save();
    const linter = Linter.starting(RULES);
    const warm = await lintFiles(files, linter, {}, { cache: LintCache.open(cacheDir, root, 'test') });
    assert.deepEqual(warm, cold);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(linter.canParse, false);
    // A lint the cache does not have: the parser loads then.
    const other = Linter.starting(RULES);
    assert.deepEqual(await lintFiles(files, other, {}, { cache: LintCache.open(cacheDir, root, 'another version') }), cold);
    assert.equal(other.canParse, true);
  });

  test("a test module's lint is taken from the cache without a summary, made when another module's lookup reaches it", () => {
    const cache = cacheFolder();
    const root = makeProject({ 'tests/__init__.py': '', 'tests/test_base.py': TEST_BASE, 'tests/test_client.py': TEST_CLIENT });
    const cold = lint(['.'], root, cache).stdout;
    assert.match(cold, /tests\/test_base\.py:9:5: LOOP101 /);
    assert.match(cold, /tests\/test_client\.py:5:5: LOOP108 /);
    markCachedMessages(cache);
    writeFileSync(path.join(root, 'tests', 'test_client.py'), `${TEST_CLIENT}# edited\n`);
    const warm = lint(['.'], root, cache).stdout;
    assert.match(warm, /tests\/test_base\.py:9:5: LOOP101 \(cached\) /, 'test_base.py is not linted again');
    assert.match(
      warm,
      /tests\/test_client\.py:5:5: LOOP108 `wait_for_server\(\)`/,
      'test_client.py is, through the summary of test_base.py',
    );
  });

  test('a run answered from the cache never loads the parser, where a lookup reaches a test module summarised on demand', async () => {
    const root = makeProject({ 'tests/__init__.py': '', 'tests/test_base.py': TEST_BASE, 'tests/test_client.py': TEST_CLIENT });
    const files = ['tests/__init__.py', 'tests/test_base.py', 'tests/test_client.py'].map((name) => path.join(root, name));
    const cacheDir = cacheFolder();
    const first = LintCache.open(cacheDir, root, 'test');
    const cold = await lintFiles(files, await Linter.create(RULES), {}, { cache: first });
    first.save();
    assert.deepEqual(
      cold.flatMap((result) =>
        result.diagnostics.map((diagnostic) => `${path.basename(result.file)}:${diagnostic.line}:${diagnostic.code}`),
      ),
      ['test_base.py:9:LOOP101', 'test_client.py:5:LOOP108'],
    );
    // test_base.py's lint comes without a summary; replaying test_client.py's lookups summarises it, from the summary the
    // first run kept when test_client.py's lint reached it.
    const linter = Linter.starting(RULES);
    const warm = await lintFiles(files, linter, {}, { cache: LintCache.open(cacheDir, root, 'test') });
    assert.deepEqual(warm, cold);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(linter.canParse, false);
  });

  test('the names found in a file are kept while its time and size are as they were', () => {
    const root = makeProject({ 'db.py': 'async def load():\n    return 1\n' });
    const file = path.join(root, 'db.py');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(file, anHourAgo, anHourAgo);
    const cacheDir = cacheFolder();
    const first = LintCache.open(cacheDir, root, 'test');
    first.keepNamesIn(file, ['load', '작업']);
    first.save();
    assert.deepEqual(LintCache.open(cacheDir, root, 'test').namesIn(file), ['load', '작업']);
    // Another size (the time put back): read again.
    writeFileSync(file, 'def load():\n    return 11\n');
    utimesSync(file, anHourAgo, anHourAgo);
    assert.equal(LintCache.open(cacheDir, root, 'test').namesIn(file), undefined);
    // A file written just now may still change within its time's resolution: not kept.
    const second = LintCache.open(cacheDir, root, 'test');
    second.keepNamesIn(file, ['load']);
    const fresh = path.join(root, 'fresh.py');
    writeFileSync(fresh, 'async def fresh():\n    pass\n');
    second.keepNamesIn(fresh, ['fresh']);
    second.save();
    assert.equal(LintCache.open(cacheDir, root, 'test').namesIn(fresh), undefined);
    assert.deepEqual(LintCache.open(cacheDir, root, 'test').namesIn(file), ['load']);
  });

  test('lint workers send what they linted back to the cache', async () => {
    const root = makeProject(
      Object.fromEntries(
        Array.from({ length: 1100 }, (_, index) => [`m${index}.py`, `import time\n\nasync def f${index}():\n    time.sleep(${index})\n`]),
      ),
    );
    const files = readdirSync(root).map((name) => path.join(root, name));
    const linter = await Linter.create(RULES);
    const cacheDir = cacheFolder();
    const first = LintCache.open(cacheDir, root, 'test');
    const cold = await lintFiles(
      files,
      linter,
      {},
      { maxWorkers: 2, cache: first, workerScript: path.join(__dirname, '..', '..', 'dist', 'lintWorker.js') },
    );
    first.save();
    const reopened = LintCache.open(cacheDir, root, 'test');
    const missing = files.filter((file) => !reopened.lintOf(file, readFileSync(file), {}));
    assert.deepEqual(missing, [], 'the files the workers linted are cached too');
    const warm = await lintFiles(files, linter, {}, { maxWorkers: 2, cache: reopened });
    assert.deepEqual(warm, cold);
    assert.equal(LintCache.open(cacheDir, root, 'another version').lintOf(files[0]!, readFileSync(files[0]!), {}), undefined);
  });
});
