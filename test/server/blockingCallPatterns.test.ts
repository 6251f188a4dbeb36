// `blocking-calls` patterns come from a repository's settings: matching must give what the documented
// glob says (`*` one name part or any text within it, a trailing `.*` any suffix) and must stay
// linear whatever the pattern, so that no repository can stall the editor.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchBlockingCall, parseBlockingCallPattern, type BlockingCallPattern } from '../../server/engine/src/linter/blockingCallPatterns';
import { seededRandom } from './seededRandom';

function parsed(text: string): BlockingCallPattern {
  const result = parseBlockingCallPattern(text);
  if ('error' in result) throw new Error(result.error);
  return result;
}

function matches(pattern: string, name: string): boolean {
  return matchBlockingCall([parsed(pattern)], name) !== undefined;
}

/** The glob's meaning written as a regular expression: fine for the short samples here, never for user text. */
function oracle(pattern: string, name: string): boolean {
  const parts = pattern.split('.');
  const anySuffix = parts.length > 1 && parts.at(-1) === '*';
  const body = (anySuffix ? parts.slice(0, -1) : parts).map((part) => part.split('*').join('[^.]*')).join('\\.');
  return new RegExp(`^${body}${anySuffix ? '(?:\\..*)?' : ''}$`).test(name);
}

test('patterns match as documented', () => {
  assert.ok(matches('mydb.query', 'mydb.query'));
  assert.ok(!matches('mydb.query', 'mydb.query_all'));
  assert.ok(!matches('mydb.query', 'other.mydb.query'));
  assert.ok(matches('mydb.*', 'mydb'));
  assert.ok(matches('mydb.*', 'mydb.pool.query'));
  assert.ok(!matches('mydb.*', 'mydbx.query'));
  assert.ok(matches('pkg.*.fetch', 'pkg.client.fetch'));
  assert.ok(!matches('pkg.*.fetch', 'pkg.a.b.fetch'));
  assert.ok(matches('pkg.fetch_*', 'pkg.fetch_all'));
  assert.ok(matches('pkg.*_sync', 'pkg.read_sync'));
  assert.ok(matches('pkg.a*b*a', 'pkg.aba'));
  assert.ok(!matches('pkg.a*b*a', 'pkg.ab'));
  assert.ok(matches('pkg.ab*ab*ab', 'pkg.ababab'));
  assert.ok(!matches('pkg.ab*ab*ab', 'pkg.ababa'));
  assert.equal(matchBlockingCall([parsed('a.b -> use a.c')], 'a.b')?.suggestion, 'use a.c');
});

test('random patterns and names match as the glob says', () => {
  const next = seededRandom(7);
  const pick = (alphabet: string, length: number): string => Array.from({ length }, () => alphabet[next(alphabet.length)]).join('');
  for (let round = 0; round < 20_000; round++) {
    const pattern = Array.from({ length: 1 + next(3) }, () => pick('ab*', 1 + next(5)).replace(/^[0-9]/, 'a')).join('.');
    const name = Array.from({ length: 1 + next(4) }, () => pick('ab', next(6))).join('.');
    if ('error' in parseBlockingCallPattern(pattern)) continue;
    assert.equal(matches(pattern, name), oracle(pattern, name), `${pattern} on ${name}`);
  }
});

test('a pattern that makes a backtracking matcher take minutes is answered at once', () => {
  // With `x*x*…*y` turned into a regular expression, a 34-character name took over a minute.
  const pattern = 'x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*x*y';
  assert.ok(!matches(pattern, 'x'.repeat(34)));
  assert.ok(!matches(pattern, 'x'.repeat(100_000)));
  assert.ok(matches(pattern, `${'x'.repeat(100_000)}y`));
  assert.ok(!matches(`pkg.${'a*'.repeat(2_000)}b`, `pkg.${'a'.repeat(200_000)}`));
});

test('malformed patterns are refused with a message', () => {
  for (const text of ['', 'mydb.', '.query', 'my db.query', '1abc.x', 'a..b', 'a.b(']) {
    assert.ok('error' in parseBlockingCallPattern(text), text);
  }
});
