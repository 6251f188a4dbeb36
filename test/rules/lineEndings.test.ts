// Every rule fixture linted again with its line breaks written as `\r\n` or as lone `\r` (old Mac),
// and after one blank line (`\n`, `\r`, `\r\n`) put before it: the same diagnostics at the same
// rows and columns (one row lower), the same noqa suppressions, and fixes that edit the same text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { fixText } from '../../server/engine/src/linter/fixes/fixApplication';
import { Linter, type LintDiagnostic } from '../../server/engine/src/linter/linter';
import { RULES } from '../../server/engine/src/rules/registry';
import { readFixtureSettings, ruleFixtureFiles } from './fixtureExpectations';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules');

let linter: Linter;
before(async () => {
  linter = await Linter.create(RULES);
});

interface Variant {
  readonly name: string;
  readonly eol: string;
  /** Text put before the file (a blank line), moving every row down by `shift`. */
  readonly prefix: string;
  readonly shift: number;
}

const VARIANTS: readonly Variant[] = [
  { name: 'CRLF', eol: '\r\n', prefix: '', shift: 0 },
  { name: 'lone CR', eol: '\r', prefix: '', shift: 0 },
  { name: 'leading LF', eol: '\n', prefix: '\n', shift: 1 },
  { name: 'leading lone CR', eol: '\r', prefix: '\r', shift: 1 },
  { name: 'leading CRLF', eol: '\r\n', prefix: '\r\n', shift: 1 },
];

/** A diagnostic as comparable text: rows shifted back, line breaks in fix texts written as `\n`. */
function describeDiagnostic(diagnostic: LintDiagnostic, variant: Variant): string {
  const at = (point: { row: number; column: number }): string => `${point.row - variant.shift}:${point.column}`;
  const fix = diagnostic.fix
    ? ` fix[${diagnostic.fix.edits.map((edit) => `${at(edit.start)}-${at(edit.end)}=${JSON.stringify(edit.newText.split(variant.eol).join('\n'))}`).join(', ')}]`
    : '';
  return `${at(diagnostic.start)}-${at(diagnostic.end)} ${diagnostic.code}${fix}`;
}

const fixtures = ruleFixtureFiles(FIXTURES);

describe('rule fixtures under every line ending', () => {
  for (const file of fixtures) {
    test(file, () => {
      const original = readFileSync(path.join(FIXTURES, file), 'utf8');
      assert.ok(!original.includes('\r'), `${file} is expected to use \\n line breaks`);
      const settings = readFixtureSettings(original);
      const plain: Variant = { name: 'LF', eol: '\n', prefix: '', shift: 0 };
      const expected = linter.lintText(original, settings).diagnostics.map((diagnostic) => describeDiagnostic(diagnostic, plain));
      const expectedFixed = fixText(linter, original, settings, { unsafe: true }).text;
      for (const variant of VARIANTS) {
        const text = variant.prefix + original.split('\n').join(variant.eol);
        const result = linter.lintText(text, settings);
        assert.deepEqual(result.internalErrors, [], `${variant.name}`);
        assert.deepEqual(
          result.diagnostics.map((diagnostic) => describeDiagnostic(diagnostic, variant)),
          expected,
          `${file} with ${variant.name} line breaks`,
        );
        const fixed = fixText(linter, text, settings, { unsafe: true }).text;
        assert.equal(fixed, variant.prefix + expectedFixed.split('\n').join(variant.eol), `${file} fixed with ${variant.name} line breaks`);
      }
    });
  }
});

test('a syntax error ending in a comment on a `\\r\\n` line ends before the line break (found by the server fuzz)', () => {
  // tree-sitter's comment token takes in the `\r` of `\r\n`, and the ERROR node holding it ends after it.
  const text =
    "PGO_TESTS = [\r    if not cmdline_args and not pgo_extended:\n    'test_xml_etree_c',\r]\r\n        # run default set of tests for PGO training\r\n";
  const lines = text.split(/\r\n|\r|\n/);
  const [syntaxError] = linter.lintText(text, {}).diagnostics;
  assert.equal(syntaxError?.code, 'LOOP000');
  assert.deepEqual(syntaxError.end, { row: 4, column: lines[4]!.length });
});
