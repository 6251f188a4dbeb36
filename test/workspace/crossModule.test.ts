// Cross-module analysis: the workspace index lets LOOP108 follow blocking calls into other modules
// and LOOP302 recognise coroutine functions defined elsewhere, on a multi-module fixture project.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { Linter } from '../../server/engine/src/linter/linter';
import { RULES } from '../../server/engine/src/rules/registry';
import { absoluteName, moduleIdentity } from '../../server/engine/src/workspace/moduleNames';
import { ProjectIndexer } from '../../server/engine/src/workspace/projectIndexer';
import { WorkspaceIndex } from '../../server/engine/src/workspace/workspaceIndex';
import { runCli } from '../cli/runCli';
import { readExpectations } from '../rules/fixtureExpectations';

const PROJECT = path.join(__dirname, '..', 'fixtures', 'projects', 'shop');

function pythonFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? pythonFiles(full) : name.endsWith('.py') ? [full] : [];
  });
}

let linter: Linter;
let indexer: ProjectIndexer;
before(async () => {
  linter = await Linter.create(RULES);
  indexer = new ProjectIndexer(linter, new WorkspaceIndex());
  for (const file of pythonFiles(PROJECT)) indexer.indexFile(file);
});

function lint(file: string, text = readFileSync(file, 'utf8')) {
  return linter.lintText(text, {}, indexer.index.view(moduleIdentity(file)));
}

describe('module names', () => {
  test('packages, modules, scripts', () => {
    assert.deepEqual(moduleIdentity(path.join(PROJECT, 'shop', 'storage.py')), { name: 'shop.storage', isPackage: false });
    assert.deepEqual(moduleIdentity(path.join(PROJECT, 'shop', '__init__.py')), { name: 'shop', isPackage: true });
    assert.deepEqual(moduleIdentity(path.join(PROJECT, 'scripts', 'report.py')), { name: 'report', isPackage: false });
  });

  test('relative imports', () => {
    const module = { name: 'shop.checkout', isPackage: false };
    assert.equal(absoluteName('.storage.load', module), 'shop.storage.load');
    assert.equal(absoluteName('.x', { name: 'shop', isPackage: true }), 'shop.x');
    assert.equal(absoluteName('..util.f', { name: 'a.b.c', isPackage: false }), 'a.util.f');
    assert.equal(absoluteName('requests.get', module), 'requests.get');
  });
});

describe('cross-module diagnostics', () => {
  for (const file of pythonFiles(PROJECT)) {
    test(path.relative(PROJECT, file), () => {
      const text = readFileSync(file, 'utf8');
      const result = lint(file, text);
      assert.deepEqual(result.internalErrors, []);
      const actual = result.diagnostics.map((d) => `${d.start.row + 1}:${d.name}`).sort();
      const expected = readExpectations(text)
        .map((e) => `${e.row + 1}:${e.rule}`)
        .sort();
      assert.deepEqual(actual, expected);
    });
  }

  test('the chain crosses modules and re-exports, with related locations in the other files', () => {
    const file = path.join(PROJECT, 'shop', 'checkout.py');
    const [first] = lint(file).diagnostics.filter((d) => d.code === 'LOOP108');
    assert.match(first!.message, /load_inventory\(\) → fetch_remote\(\) → requests\.get\(\)/);
    assert.deepEqual(
      first!.related.map((r) => [path.basename(r.file ?? '(same file)'), r.start.row + 1, r.message]),
      [
        ['storage.py', 11, 'calls fetch_remote()'],
        ['storage.py', 7, 'calls requests.get()'],
      ],
    );
  });

  test('updating a module changes its dependents’ diagnostics', () => {
    const storage = path.join(PROJECT, 'shop', 'storage.py');
    const checkout = path.join(PROJECT, 'shop', 'checkout.py');
    const original = readFileSync(storage, 'utf8');
    try {
      assert.equal(indexer.indexText(storage, original.replace('requests.get(url).json()', '{"sku": url}')), true);
      assert.ok(indexer.index.dependentsOf(storage).includes(checkout));
      const codes = lint(checkout).diagnostics.map((d) => `${d.start.row + 1}:${d.code}`);
      assert.deepEqual(codes, ['13:LOOP108', '15:LOOP302']);
      assert.equal(
        indexer.indexText(storage, original.replace('requests.get(url).json()', '{"sku": url}')),
        false,
        'same summary, nothing to re-lint',
      );
    } finally {
      indexer.indexText(storage, original);
    }
  });

  test('a removed module no longer resolves', () => {
    const index = new WorkspaceIndex();
    const local = new ProjectIndexer(linter, index);
    for (const file of pythonFiles(PROJECT)) local.indexFile(file);
    assert.equal(index.remove(path.join(PROJECT, 'shop', 'notify.py')), true);
    const codes = linter
      .lintText(
        readFileSync(path.join(PROJECT, 'shop', 'checkout.py'), 'utf8'),
        {},
        index.view(moduleIdentity(path.join(PROJECT, 'shop', 'checkout.py'))),
      )
      .diagnostics.map((d) => d.code);
    assert.equal(codes.includes('LOOP302'), false);
  });
});

describe('the CLI follows calls across the modules it lints', () => {
  test('a whole project, run from its root', () => {
    const result = runCli(['lint', '--format', 'json', '.'], PROJECT);
    const found = (JSON.parse(result.stdout) as { file: string; line: number; code: string }[]).map(
      (item) => `${item.file}:${item.line}:${item.code}`,
    );
    assert.deepEqual(found.sort(), [
      'scripts/report.py:7:LOOP108',
      'shop/checkout.py:11:LOOP108',
      'shop/checkout.py:12:LOOP108',
      'shop/checkout.py:13:LOOP108',
      'shop/checkout.py:15:LOOP302',
    ]);
  });

  test('one file: the modules it imports are read on demand', () => {
    const result = runCli(['lint', '--format', 'json', 'shop/checkout.py'], PROJECT);
    assert.equal((JSON.parse(result.stdout) as unknown[]).length, 4);
  });
});
