// The output comparison the differential tests use (sameOutput.ts): exact, except python3 printing a time
// one rounding step late on a busy machine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertSameOutput } from './sameOutput';

test('python3 may print a time one step late, nothing else', () => {
  assertSameOutput('tick at 1.6s\nelapsed: 0.1\n', 'tick at 1.6s\nelapsed: 0.1\n');
  assertSameOutput('tick at 1.6s\nelapsed: 0.1\n', 'tick at 1.7s\nelapsed: 0.2\n');
  assertSameOutput('took 0.25 s\n', 'took 0.26 s\n');
  assert.throws(() => assertSameOutput('tick at 1.6s\n', 'tick at 1.5s\n'), /tick at/, 'python3 early');
  assert.throws(() => assertSameOutput('tick at 1.6s\n', 'tick at 1.8s\n'), /tick at/, 'two steps late');
  assert.throws(() => assertSameOutput('tick at 1.6s\n', 'tick at 1.60s\n'), /tick at/, 'other precision');
  assert.throws(() => assertSameOutput('tick at 1.6s\n', 'tock at 1.7s\n'), /tick at/, 'other words');
  assert.throws(() => assertSameOutput('a\n', 'a\nb\n'), /a/, 'other lines');
  assert.throws(() => assertSameOutput('count 3\n', 'count 4\n'), /count/, 'whole numbers are exact');
});
