// Comparing a program's output under python3 with its output under `loopscope run`. The runtime's clock is
// virtual (a time.sleep(1) lasts exactly 1 s), python3's is the machine's: on a busy machine its loop wakes
// late, and a printed time rounds one step up ("1.7s" for 1.6 s). Such a line is accepted when every number
// in it is the same except times python3 printed later by at most one unit of their last decimal; anything
// else must match exactly.
import assert from 'node:assert/strict';

const NUMBER = /\d+\.\d+/g;

/** Asserts that `actual` (loopscope) prints what `expected` (python3) printed, allowing python3 to be late. */
export function assertSameOutput(actual: string, expected: string, message?: string): void {
  if (!sameOutput(actual, expected)) assert.equal(actual, expected, message);
}

/** Whether `actual` (loopscope) prints what `expected` (python3) printed, allowing python3 to be late. */
export function sameOutput(actual: string, expected: string): boolean {
  if (actual === expected) return true;
  const actualLines = actual.split('\n');
  const expectedLines = expected.split('\n');
  return actualLines.length === expectedLines.length && actualLines.every((line, index) => latePythonOnly(line, expectedLines[index]!));
}

function latePythonOnly(ours: string, python: string): boolean {
  if (ours === python) return true;
  if (ours.replace(NUMBER, '#') !== python.replace(NUMBER, '#')) return false;
  const ourNumbers = ours.match(NUMBER) ?? [];
  const pythonNumbers = python.match(NUMBER) ?? [];
  return ourNumbers.every((text, index) => {
    const theirs = pythonNumbers[index]!;
    if (text === theirs) return true;
    const decimals = text.split('.')[1]!.length;
    if (theirs.split('.')[1]!.length !== decimals) return false;
    const late = Number(theirs) - Number(text);
    return late > 0 && late <= 10 ** -decimals + 1e-9;
  });
}
