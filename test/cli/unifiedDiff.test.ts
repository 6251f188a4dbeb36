// `loopscope lint --diff` prints unified diffs: applying one to the old text must give the new text,
// for random edits and for a file with tens of thousands of changed lines (which a plain Myers diff,
// keeping its whole trace, could not finish).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unifiedDiff } from '../../cli/src/lint/unifiedDiff';
import { seededRandom } from '../server/seededRandom';

/** Applies a unified diff (as `patch` would, at the stated lines) to `text`. */
function applyDiff(text: string, diff: string): string {
  const old = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const result: string[] = [];
  let next = 0;
  const lines = diff.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  for (let i = 2; i < lines.length;) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/.exec(lines[i]!);
    assert.ok(header, `a hunk header, not ${JSON.stringify(lines[i])}`);
    const start = Number(header[1]) - (header[2] === '0' ? 0 : 1);
    while (next < start) result.push(old[next++]!);
    for (i++; i < lines.length && !lines[i]!.startsWith('@@'); i++) {
      const line = lines[i]!;
      if (line.startsWith('\\')) {
        // "\ No newline at end of file": the line before has no line break (after a removed line, that
        // is the old text's last line, which is not in the result).
        if (!lines[i - 1]!.startsWith('-')) result[result.length - 1] = result.at(-1)!.replace(/\n$/, '');
        continue;
      }
      const body = line.slice(1);
      if (line[0] === ' ' || line[0] === '-') {
        assert.equal(old[next]?.replace(/\n$/, ''), body.replace(/\n$/, ''), 'context and removed lines match the old text');
        next++;
      }
      if (line[0] === ' ' || line[0] === '+') result.push(body);
    }
  }
  while (next < old.length) result.push(old[next++]!);
  return result.join('');
}

test('applying the diff to the old text gives the new one, for random edits', () => {
  const next = seededRandom(11);
  const words = ['a', 'b', 'c', 'def f():', '    pass', '', 'x = 1', 'import asyncio'];
  for (let round = 0; round < 300; round++) {
    const before = Array.from({ length: next(60) }, () => words[next(words.length)]!);
    const after = [...before];
    for (let edits = next(8); edits > 0; edits--) {
      const at = next(after.length + 1);
      if (next(2) === 0) after.splice(at, 1);
      else after.splice(at, 0, words[next(words.length)]!);
    }
    const ending = next(2) === 0 ? '\n' : '';
    const oldText = before.join('\n') + (before.length > 0 ? ending : '');
    const newText = after.join('\n') + (after.length > 0 ? ending : '');
    const diff = unifiedDiff(oldText, newText, 'a.py', 'a.py');
    if (oldText === newText) assert.equal(diff, '');
    else assert.equal(applyDiff(oldText, diff), newText, JSON.stringify({ oldText, newText, diff }));
  }
});

test('a file with tens of thousands of changed lines is diffed', () => {
  const before: string[] = [];
  const after: string[] = [];
  for (let index = 0; index < 15_000; index++) {
    before.push(`async def job_${index}():`, '    time.sleep(1)', '');
    after.push(`async def job_${index}():`, '    await asyncio.sleep(1)', '');
  }
  const oldText = before.join('\n');
  const newText = after.join('\n');
  assert.equal(applyDiff(oldText, unifiedDiff(oldText, newText, 'big.py', 'big.py')), newText);
});
