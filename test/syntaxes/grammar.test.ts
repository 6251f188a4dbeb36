// The call-graph grammar (syntaxes/) tokenises format_call_graph text and task trees as the
// assertions in test/syntaxes/*.test.txt say, checked by vscode-tmgrammar-test; and the extension declares it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.join(__dirname, '..', '..');

test('the asyncio-callgraph grammar passes its syntax tests', () => {
  const cli = path.join(ROOT, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');
  const result = spawnSync(process.execPath, [cli, '-g', 'syntaxes/asyncio-callgraph.tmLanguage.json', 'test/syntaxes/*.test.txt'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('package.json contributes the language and its grammar', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { languages: { id: string }[]; grammars: { language: string; scopeName: string; path: string }[] };
  };
  assert.ok(manifest.contributes.languages.some((language) => language.id === 'asyncio-callgraph'));
  const grammar = manifest.contributes.grammars.find((entry) => entry.language === 'asyncio-callgraph');
  assert.equal(grammar?.scopeName, 'source.asyncio-callgraph');
  assert.equal(JSON.parse(readFileSync(path.join(ROOT, grammar!.path), 'utf8')).scopeName, 'source.asyncio-callgraph');
});
