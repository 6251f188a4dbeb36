// What a `loopscope lint` run keeps until its end (module summaries for cross-module lookups, the findings it prints
// last) must not keep the files' texts: V8 substrings and concatenations are views into the strings they came from,
// and over a large project that was every file quoted by a summary or a message (see detachedCopy).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

interface ProbeReport {
  readonly textBytes: number;
  readonly largestString: number;
  /** What held the largest string, where it was as large as the text's half (see heapStrings' heldBy). */
  readonly heldBy: readonly string[];
  readonly findings: number;
  readonly codes: readonly string[];
  readonly summarised: boolean;
}

test('a linted module’s summary and findings do not keep its text alive', () => {
  const probe = path.join(__dirname, 'retainedText.probe.ts');
  const output = execFileSync(process.execPath, ['--import', 'tsx', probe], { encoding: 'utf8' });
  const report = JSON.parse(output) as ProbeReport;
  // The probe lints what it means to: findings that quote code, and a summary other modules can look up.
  assert.deepEqual(report.codes, ['LOOP101', 'LOOP108']);
  assert.equal(report.findings, 1000);
  assert.ok(report.summarised);
  // A summary or a message quoting the text through a view into it keeps the whole text: the largest string then.
  assert.ok(
    report.largestString < report.textBytes / 2,
    `a ${report.largestString}-byte string outlived the lint of a ${report.textBytes}-character module, held by:\n${report.heldBy.join('\n')}`,
  );
});
