// Counts in the views read as English: one task, two tasks, thousands with separators.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { counted } from '../../client/src/views/counted';

it('counted: the noun agrees with the count', () => {
  assert.equal(counted(1, 'task'), '1 task');
  assert.equal(counted(0, 'step'), '0 steps');
  assert.equal(counted(1204, 'step'), '1,204 steps');
  assert.equal(counted(1, 'live task'), '1 live task');
  assert.equal(counted(2, 'child', 'children'), '2 children');
});
