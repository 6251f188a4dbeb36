// Text helpers shared by messages and fixes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leadingText } from '../../server/engine/src/analysis/sourceText';

test('a message cut at a surrogate pair keeps the pair whole, and a lone surrogate as a character of its own', () => {
  assert.equal(leadingText('ab\ud83d\ude00cd', 3), 'ab');
  assert.equal(leadingText('ab\ud83d\ude00cd', 4), 'ab\ud83d\ude00');
  // A lone high surrogate (what an edit splitting a pair leaves): saved, it is U+FFFD, which the CLI reads and keeps.
  assert.equal(leadingText('ab\ud83dcd', 3), 'ab\ud83d');
  assert.equal(leadingText('abc', 5), 'abc');
});
