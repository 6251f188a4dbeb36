// A fix pass that leaves more syntax errors than it found is undone. From text that parsed, that is
// a bug in some fix, reported (`brokenPass`: the server logs it as an error, the CLI as an internal
// error); from code already broken it is not (tree-sitter's recovery counts errors differently as
// the code around them changes: the server fuzz met a LOOP301 fix in broken code reported as a bug).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixText } from '../../server/engine/src/linter/fixes/fixApplication';
import { Linter } from '../../server/engine/src/linter/linter';
import type { Rule } from '../../server/engine/src/linter/rule';

/** A rule whose safe fix breaks the syntax: `pass` becomes `pass(`. */
const BREAKING_RULE: Rule = {
  code: 'LOOP999',
  name: 'breaking-fix',
  summary: 'A test rule whose fix breaks the syntax.',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: [],
  fixable: true,
  doc: { whatItDoes: '', whyIsThisBad: '', example: '', useInstead: '' },
  nodeKinds: ['pass_statement'],
  check(node, context) {
    context.report({
      node,
      message: 'pass',
      fix: { message: 'break it', safety: 'safe', edits: [{ start: node.endPosition, end: node.endPosition, newText: '(' }] },
    });
  },
};

test('a fix breaking code that parsed is undone and reported; in code already broken it is undone only', async () => {
  const linter = await Linter.create([BREAKING_RULE]);
  const clean = 'def f():\n    pass\n';
  const fromClean = fixText(linter, clean, {});
  assert.equal(fromClean.text, clean);
  assert.deepEqual(
    fromClean.brokenPass?.map((diagnostic) => diagnostic.code),
    ['LOOP999'],
  );

  const broken = 'x = (\ndef f():\n    pass\n';
  const fromBroken = fixText(linter, broken, {});
  assert.equal(fromBroken.text, broken);
  assert.equal(fromBroken.brokenPass, undefined);
});
