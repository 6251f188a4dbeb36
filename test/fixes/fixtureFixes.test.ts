// Applies every fix found in every rule fixture (test/fixtures/rules/*/*.py), one at a time: the
// result must parse as well as the original did, and the fixed diagnostic must not fire there
// again. Then fixes each fixture as a whole, as `--fix --unsafe-fixes` does: passes must settle.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { LineIndex } from '../../server/engine/src/analysis/sourceText';
import { findSyntaxProblems } from '../../server/engine/src/linter/fileProblems';
import { applyTextEdits, fixText, isApplicable, MAX_FIX_PASSES } from '../../server/engine/src/linter/fixes/fixApplication';
import { Linter, type LintDiagnostic } from '../../server/engine/src/linter/linter';
import type { LintSettings } from '../../server/engine/src/linter/lintSettings';
import type { TextEdit } from '../../server/engine/src/linter/rule';
import { RULES } from '../../server/engine/src/rules/registry';
import { readFixtureSettings, ruleFixtureFiles } from '../rules/fixtureExpectations';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules');

let linter: Linter;
before(async () => {
  linter = await Linter.create(RULES);
});

const fixtureFiles = ruleFixtureFiles(FIXTURES);

/** Codes whose fixes the fixtures exercised, to check that every fixable rule is covered. */
const exercised = new Map<string, number>();
/** Every fixture with one fix applied, for the CPython check below. */
const fixedSources: { readonly where: string; readonly before: string; readonly after: string }[] = [];

describe('every fix in the rule fixtures', () => {
  for (const file of fixtureFiles) {
    test(file, () => {
      const text = readFileSync(path.join(FIXTURES, file), 'utf8');
      const settings = readFixtureSettings(text);
      const result = linter.lintText(text, settings);
      const syntaxErrors = countSyntaxErrors(text);
      const loop000 = count(result.diagnostics, 'LOOP000');
      for (const diagnostic of result.diagnostics) {
        if (!diagnostic.fix) continue;
        exercised.set(diagnostic.code, (exercised.get(diagnostic.code) ?? 0) + 1);
        const where = `${file}:${diagnostic.start.row + 1} ${diagnostic.code} (${diagnostic.fix.message})`;
        const fixed = applyTextEdits(text, diagnostic.fix.edits);
        assert.notEqual(fixed, text, `${where}: the fix changes nothing`);
        fixedSources.push({ where, before: text, after: fixed });
        assert.equal(countSyntaxErrors(fixed), syntaxErrors, `${where}: the fix breaks the syntax:\n${fixed}`);
        const after = linter.lintText(fixed, settings);
        assert.equal(count(after.diagnostics, 'LOOP000'), loop000, `${where}: LOOP000 count changed`);
        const region = mappedRange(text, fixed, diagnostic, diagnostic.fix.edits);
        const again = after.diagnostics.filter((other) => other.code === diagnostic.code && within(offsetOf(fixed, other), region));
        assert.deepEqual(
          again.map((other) => other.message),
          [],
          `${where}: still reported after the fix:\n${fixed.slice(region.start - 200 < 0 ? 0 : region.start - 200, region.end + 200)}`,
        );
      }
    });
  }

  test('fixing each fixture completely (safe and unsafe fixes) settles without syntax errors', () => {
    for (const file of fixtureFiles) {
      const text = readFileSync(path.join(FIXTURES, file), 'utf8');
      const settings: LintSettings = readFixtureSettings(text);
      const fixed = fixText(linter, text, settings, { unsafe: true });
      assert.equal(fixed.brokenPass, undefined, `${file}: a pass broke the syntax`);
      assert.ok(fixed.passes < MAX_FIX_PASSES, `${file}: fixes did not settle in ${MAX_FIX_PASSES} passes`);
      assert.equal(countSyntaxErrors(fixed.text), countSyntaxErrors(text), `${file}: syntax errors changed`);
      const left = fixed.result.diagnostics.filter((diagnostic) => isApplicable(diagnostic.fix, true));
      assert.deepEqual(
        left.map((diagnostic) => `${diagnostic.code}@${diagnostic.start.row + 1}`),
        [],
        `${file}: fixable diagnostics remain`,
      );
    }
  });

  // tree-sitter accepts more than Python does (`await` outside a coroutine, say): where a CPython is
  // at hand, every fixed fixture that compiled before must compile after.
  const python = spawnSync('python3', ['-c', 'import sys; print(sys.version_info >= (3, 11))'], { encoding: 'utf8' });
  test(
    'CPython compiles every fixed fixture that it compiled before',
    { skip: python.stdout?.trim() !== 'True' && 'no python3 ≥ 3.11' },
    () => {
      const check = [
        'import json, sys, warnings',
        'warnings.simplefilter("ignore")',
        'def ok(source):',
        '    try:',
        '        compile(source, "<fixture>", "exec", flags=0x2000)', // PyCF_ALLOW_TOP_LEVEL_AWAIT: notebook fixtures
        '        return True',
        '    except SyntaxError:',
        '        return False',
        'for item in json.load(sys.stdin):',
        '    if ok(item["before"]) and not ok(item["after"]):',
        '        print(item["where"])',
      ].join('\n');
      const result = spawnSync('python3', ['-c', check], {
        input: JSON.stringify(fixedSources),
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      assert.equal(result.status, 0, result.stderr);
      assert.ok(fixedSources.length > 100, `the fixes were collected first (${fixedSources.length})`);
      assert.equal(result.stdout, '', `fixes that CPython rejects:\n${result.stdout}`);
    },
  );

  test('the fixtures exercise every fixable rule', () => {
    const fixable = RULES.filter((rule) => rule.fixable).map((rule) => rule.code);
    assert.deepEqual(
      fixable.filter((code) => !exercised.has(code)),
      [],
    );
    // Fixable rules are exactly the ones the issues list (LOOP001's removal of an unused noqa: issue 16).
    assert.deepEqual(fixable, [
      'LOOP001',
      'LOOP101',
      'LOOP102',
      'LOOP104',
      'LOOP105',
      'LOOP106',
      'LOOP201',
      'LOOP202',
      'LOOP204',
      'LOOP205',
      'LOOP207',
      'LOOP301',
      'LOOP302',
      'LOOP401',
      'LOOP403',
    ]);
    for (const rule of RULES) assert.equal(rule.doc.fixSafety !== undefined, rule.fixable, `${rule.code}: doc.fixSafety iff fixable`);
  });
});

function count(diagnostics: readonly LintDiagnostic[], code: string): number {
  return diagnostics.filter((diagnostic) => diagnostic.code === code).length;
}

function countSyntaxErrors(text: string): number {
  const tree = linter.parse(text);
  try {
    return findSyntaxProblems(tree.rootNode).length;
  } finally {
    tree.delete();
  }
}

interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

function offsetOf(text: string, diagnostic: LintDiagnostic): number {
  return new LineIndex(text).offsetAt(diagnostic.start.row, diagnostic.start.column);
}

function within(offset: number, range: OffsetRange): boolean {
  return offset >= range.start && offset <= range.end;
}

/** Where the diagnostic's range (grown by the edits that touch it) lies in the fixed text. */
function mappedRange(before: string, after: string, diagnostic: LintDiagnostic, edits: readonly TextEdit[]): OffsetRange {
  const lines = new LineIndex(before);
  let start = lines.offsetAt(diagnostic.start.row, diagnostic.start.column);
  let end = lines.offsetAt(diagnostic.end.row, diagnostic.end.column);
  const offsets = edits
    .map((edit) => ({
      start: lines.offsetAt(edit.start.row, edit.start.column),
      end: lines.offsetAt(edit.end.row, edit.end.column),
      length: edit.newText.length,
    }))
    .sort((a, b) => a.start - b.start);
  for (const edit of offsets) {
    if (edit.start <= end && edit.end >= start) {
      start = Math.min(start, edit.start);
      end = Math.max(end, edit.end);
    }
  }
  const shift = (offset: number, inclusive: boolean): number => {
    let delta = 0;
    for (const edit of offsets) {
      if (edit.end < offset || (inclusive && edit.end === offset && edit.start < offset)) delta += edit.length - (edit.end - edit.start);
      else if (edit.start < offset && offset <= edit.end) return edit.start + delta + edit.length;
    }
    return offset + delta;
  };
  const mappedStart = shift(start, false);
  const mappedEnd = shift(end, true);
  assert.ok(mappedEnd <= after.length);
  return { start: mappedStart, end: Math.max(mappedStart, mappedEnd) };
}
