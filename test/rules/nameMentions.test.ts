// LOOP301 calls a task "assigned to a local nobody reads" when its name is not found again in the function's text:
// the search must see whole words only (identifier boundaries by Unicode code point, `obj.task` is not `task`),
// skip comments and the assignment itself, and look only within the range it is given.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMentionedAgain } from '../../server/engine/src/rules/taskLifecycle/support/nameMentions';

/** Whether `name` is mentioned again in `text`, the assignment being its first occurrence. */
function mentioned(name: string, text: string): boolean {
  return isMentionedAgain(name, text.indexOf(name), 0, text.length, text);
}

test('a later use of the name is a mention, the assignment itself is not', () => {
  assert.equal(mentioned('task', 'task = f()\nawait task\n'), true);
  assert.equal(mentioned('task', 'task = f()\nreturn 1\n'), false);
});

test('a name inside a longer identifier, or after a dot, is another name', () => {
  assert.equal(mentioned('task', 'task = f()\nmy_task = 1\ntask2 = 2\ntasks = 3\nself.task = 4\n'), false);
  assert.equal(mentioned('task', 'task = f()\nprint(task)'), true);
  assert.equal(mentioned('task', 'task = f()\n(task,)'), true);
});

test('identifier boundaries are Unicode letters and digits, astral ones read as whole code points', () => {
  assert.equal(mentioned('t', 't = f()\nét\ntà\nt٣\n'), false);
  // A superscript digit is a number (\p{No}), so `t²` is another word, whereas `t+` ends one.
  assert.equal(mentioned('t', 't = f()\nt²'), false);
  assert.equal(mentioned('t', 't = f()\nt+1'), true);
  assert.equal(mentioned('t', 't = f()\n\u{1d465}t\nt\u{1d465}\n'), false);
  assert.equal(mentioned('tâche', 'tâche = f()\nmy_tâche\nawait tâche'), true);
  assert.equal(mentioned('tâche', 'tâche = f()\ntâches\n'), false);
  assert.equal(mentioned('\u{1d465}', '\u{1d465} = f()\n\u{1d466}\u{1d465}\n'), false);
  assert.equal(mentioned('\u{1d465}', '\u{1d465} = f()\n(\u{1d465})\n'), true);
});

test('mentions in comments do not count, mentions in strings do', () => {
  assert.equal(mentioned('task', 'task = f()\n# keep task alive\n'), false);
  assert.equal(mentioned('task', 'task = f()\nx = 1  # task\n'), false);
  assert.equal(mentioned('task', 'task = f()\nlog("# task")\n'), true);
  assert.equal(mentioned('tâche', 'tâche = f()\n# tâche\n'), false);
});

test('only the range given is read, even to tell where a word begins', () => {
  const text = 'xtask = 1\ntask = f()\n';
  const self = text.lastIndexOf('task =');
  // From offset 1 the first `task` starts the range, so nothing before it makes it part of a longer word.
  assert.equal(isMentionedAgain('task', self, 1, text.length, text), true);
  assert.equal(isMentionedAgain('task', self, 0, text.length, text), false);
  // A range ending inside a longer word ends the mention there.
  const cut = 'task = f()\ntasks\n';
  assert.equal(isMentionedAgain('task', 0, 4, cut.indexOf('tasks') + 4, cut), true);
});
