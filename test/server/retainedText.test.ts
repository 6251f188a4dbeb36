// What the server keeps of an open document's lint from one keystroke to the next (each top-level statement's
// findings and what they depend on, kept while the statement is not edited) must not keep the texts it was cut from:
// a substring is a view into its string, and each statement edited at another time kept another whole version.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

interface ProbeReport {
  readonly textLength: number;
  readonly findings: number;
  readonly texts: number;
}

test('typing in many statements of an open document does not keep a text per version', () => {
  const probe = path.join(__dirname, 'retainedText.probe.ts');
  const report = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', probe], { encoding: 'utf8' })) as ProbeReport;
  // Every coroutine's blocking call is found, after each of the 40 keystrokes in as many of them.
  assert.equal(report.findings, 600);
  // The current text, and at most one other the last parse read: not one per edited statement (41 before the fix).
  assert.ok(report.texts <= 2, `${report.texts} versions of the ${report.textLength}-character text are alive`);
});
