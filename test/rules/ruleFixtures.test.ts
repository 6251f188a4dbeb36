// Runs every rule fixture under test/fixtures/rules and checks its diagnostics exactly against
// the expectations written in its comments: nothing unexpected, nothing missing.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { Linter, type LintDiagnostic } from '../../server/engine/src/linter/linter';
import { RULES } from '../../server/engine/src/rules/registry';
import { readExpectations, readFixtureProject, readFixtureSettings, type Expectation } from './fixtureExpectations';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules');

let linter: Linter;
before(async () => {
  linter = await Linter.create(RULES);
});

/** `# noqa` fixtures: several rules each, so kept out of the rule folders (which other tests walk as the rules' own). */
const SUPPRESSION_FIXTURES = path.join(__dirname, '..', 'fixtures', 'suppression');

for (const directory of [
  ...readdirSync(FIXTURES)
    .sort()
    .map((name) => path.join(FIXTURES, name)),
  SUPPRESSION_FIXTURES,
]) {
  const ruleDirectory = path.basename(directory);
  describe(ruleDirectory, () => {
    for (const file of readdirSync(directory)
      .filter((name) => name.endsWith('.py'))
      .sort()) {
      test(file, () => {
        const text = readFileSync(path.join(directory, file), 'utf8');
        const result = linter.lintText(text, readFixtureSettings(text), readFixtureProject(text));
        assert.deepEqual(result.internalErrors, []);
        const problems = compare(result.diagnostics, readExpectations(text), (row, column) => result.lines.codePointColumn(row, column));
        assert.ok(problems.length === 0, `${ruleDirectory}/${file}:\n  ${problems.join('\n  ')}`);
      });
    }
  });
}

test('every rule has a fixture directory with at least one expected diagnostic', () => {
  for (const rule of RULES) {
    const directory = path.join(FIXTURES, rule.name);
    const files = readdirSync(directory).filter((name) => name.endsWith('.py'));
    const expected = files.flatMap((file) => readExpectations(readFileSync(path.join(directory, file), 'utf8')));
    assert.ok(
      expected.some((expectation) => expectation.rule === rule.name || expectation.rule === rule.code),
      `${rule.code} ${rule.name}: no fixture expects it`,
    );
  }
});

function compare(
  diagnostics: readonly LintDiagnostic[],
  expectations: readonly Expectation[],
  toCodePoints: (row: number, column: number) => number,
): string[] {
  const unmatched = [...diagnostics];
  const problems: string[] = [];
  for (const expectation of expectations) {
    const index = unmatched.findIndex((diagnostic) => matches(diagnostic, expectation, toCodePoints));
    if (index >= 0) unmatched.splice(index, 1);
    else
      problems.push(
        `line ${expectation.row + 1}: expected ${describeExpectation(expectation)} (written at line ${expectation.writtenAt + 1}), not reported`,
      );
  }
  for (const diagnostic of unmatched) {
    problems.push(
      `line ${diagnostic.start.row + 1}:${toCodePoints(diagnostic.start.row, diagnostic.start.column) + 1}: unexpected ${diagnostic.code} ${diagnostic.name}: ${diagnostic.message}`,
    );
  }
  return problems;
}

function matches(diagnostic: LintDiagnostic, expectation: Expectation, toCodePoints: (row: number, column: number) => number): boolean {
  if (diagnostic.start.row !== expectation.row) return false;
  if (diagnostic.name !== expectation.rule && diagnostic.code !== expectation.rule) return false;
  if (expectation.messageIncludes && !diagnostic.message.includes(expectation.messageIncludes)) return false;
  if (expectation.columns) {
    if (toCodePoints(diagnostic.start.row, diagnostic.start.column) !== expectation.columns.start) return false;
    if (diagnostic.end.row === diagnostic.start.row && toCodePoints(diagnostic.end.row, diagnostic.end.column) !== expectation.columns.end)
      return false;
  }
  return true;
}

function describeExpectation(expectation: Expectation): string {
  const columns = expectation.columns ? ` at columns ${expectation.columns.start + 1}-${expectation.columns.end}` : '';
  const message = expectation.messageIncludes ? ` with "${expectation.messageIncludes}"` : '';
  return `${expectation.rule}${columns}${message}`;
}
