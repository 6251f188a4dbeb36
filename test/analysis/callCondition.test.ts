// The conditions a call runs under in its function (what LOOP108 quotes as "may block, when …"): every
// `if`/`elif`/`else`, conditional expression branch, `and`/`or` operand, `except` clause and loop body among its
// ancestors below the function, skipping those it is only the test of; quoted outermost first.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { createPythonParser } from '../../server/engine/src/analysis/pythonParser';
import type { Scope } from '../../server/engine/src/analysis/scope';
import { SemanticModel } from '../../server/engine/src/analysis/semanticModel';
import { describeConditions, earlyExits, enclosingConditions } from '../../server/engine/src/ruleSupport/callCondition';

let parser: Parser;
before(async () => {
  parser = await createPythonParser();
});

/** Each call of the function named `name` (its comprehensions' too), as `callee: condition` in source order. */
function conditions(source: string, name = 'f'): string[] {
  const model = SemanticModel.build(parser.parse(source)!.rootNode);
  const definition = model.scopes.find((scope) => scope.kind === 'function' && scope.name === name);
  assert.ok(definition, `no function ${name}`);
  const found: { start: number; text: string }[] = [];
  const visit = (scope: Scope): void => {
    for (const call of scope.calls) {
      const condition = describeConditions(enclosingConditions(call, definition.node, scope)) ?? 'always';
      found.push({ start: call.startIndex, text: `${call.firstChild!.text}: ${condition}` });
    }
    for (const child of scope.children) if (child.kind === 'comprehension') visit(child);
  };
  visit(definition);
  return found.sort((a, b) => a.start - b.start).map(({ text }) => text);
}

test('if, elif and else branches, each one around the call, the outermost first', () => {
  const source = [
    'def f(a, b):',
    '    one()',
    '    if a:',
    '        two()',
    '        if b:',
    '            three()',
    '    elif b:',
    '        four()',
    '    else:',
    '        five()',
    '    try:',
    '        six()',
    '    finally:',
    '        pass',
  ].join('\n');
  // An `elif` or `else` branch runs where every test before it is false: those are quoted negated, then the `elif`'s own.
  assert.deepEqual(conditions(source), [
    'one: always',
    'two: `a`',
    'three: `a` and `b`',
    'four: `not (a)` and `b`',
    'five: `not (a)` and `not (b)`',
    'six: always',
  ]);
});

test('past three conditions, the innermost three are quoted and the others counted', () => {
  const source = [
    'def f(a, b, c, d, e):',
    '    if a:',
    '        if b:',
    '            if c:',
    '                x = d and three()',
    '                if d:',
    '                    if e:',
    '                        five()',
    '    try:',
    '        pass',
    '    except OSError:',
    '        if a:',
    '            handled()',
  ].join('\n');
  assert.deepEqual(conditions(source), [
    'three: `b` and `c` and `d` (inside 1 more condition)',
    'five: `c` and `d` and `e` (inside 2 more conditions)',
    'handled: an exception is caught and `a`',
  ]);
});

test('a call in a test is under the conditions around that statement and the tests before it, not its own', () => {
  const source = [
    'def f(a):',
    '    if check():',
    '        pass',
    '    elif again():',
    '        pass',
    '    if a:',
    '        if inner():',
    '            pass',
  ].join('\n');
  // `again()` is evaluated only where `check()` was false.
  assert.deepEqual(conditions(source), ['check: always', 'again: `not (check())`', 'inner: `a`']);
});

test('conditional expressions, and/or operands and except clauses', () => {
  const source = [
    'def f(a, b):',
    '    x = yes() if a else no()',
    '    y = a and right()',
    '    z = b or other()',
    '    w = left() or b',
    '    try:',
    '        attempt()',
    '    except OSError:',
    '        recover()',
  ].join('\n');
  assert.deepEqual(conditions(source), [
    'yes: `a`',
    'no: `not (a)`',
    'right: `a`',
    'other: `not (b)`',
    'left: always',
    'attempt: always',
    'recover: an exception is caught',
  ]);
});

test('comprehensions and nested definitions: conditions stop at the function', () => {
  const source = [
    'if outer:',
    '    def f(a, items):',
    '        if a:',
    '            values = [g(x) for x in items]',
    '        def inner(y=a or h()):',
    '            if y:',
    '                k()',
  ].join('\n');
  assert.deepEqual(conditions(source), ['g: `a` and `items` is not empty', 'h: `not (a)`']);
  assert.deepEqual(conditions(source, 'inner'), ['k: `y`']);
});

test('a call holding a conditional is not under it', () => {
  const source = ['def f(a):', '    if a:', '        outer(1 if a else 2, a or b)'].join('\n');
  assert.deepEqual(conditions(source), ['outer: `a`']);
});

test('early returns before a call in the blocks around it: the call runs where each test is false', () => {
  const source = [
    'def f(a, b, items):',
    '    if a is None:',
    '        return',
    '    one()',
    '    for item in items:',
    '        if not item:',
    '            continue  # skip',
    '        two()',
    '    if b:',
    '        if a == 1:',
    '            raise ValueError(a)',
    '        three()',
    '    four()',
    '    if b:',
    '        pass',
    '    five()',
  ].join('\n');
  const model = SemanticModel.build(parser.parse(source)!.rootNode);
  const definition = model.scopes.find((scope) => scope.kind === 'function' && scope.name === 'f')!;
  const exits = definition.calls
    .filter((call) => call.firstChild!.type === 'identifier')
    .map((call) => `${call.firstChild!.text}: ${describeConditions([], earlyExits(call, definition.node, definition)) ?? 'none'}`);
  // `raise` leaves only the `if b:` block: four() does not depend on it; an `if` that does not leave is no condition.
  assert.deepEqual(exits, [
    'one: `a is not None`',
    'two: `a is not None` and `item`',
    'ValueError: `a is not None`',
    'three: `a is not None` and `a != 1`',
    'four: `a is not None`',
    'five: `a is not None`',
  ]);
});

test('a loop body runs where what it iterates is not empty, or its test holds; what it iterates and its else always', () => {
  const source = [
    'def f(doc, ready):',
    '    for include in doc.get("include", ()):',
    '        one(include)',
    '    else:',
    '        two()',
    '    for name in load():',
    '        pass',
    '    while not ready():',
    '        three()',
    '    while True:',
    '        four()',
    '    return [five(x) for x in doc if x] + [y for y in six()]',
  ].join('\n');
  // (Loops over what surely has items, `for name in ("a", "b")`, are left out by the caller: see iterableHasItems.)
  assert.deepEqual(conditions(source), [
    'doc.get: always',
    'one: `doc.get("include", ())` is not empty',
    'two: always',
    'load: always',
    'ready: always',
    'three: `not ready()`',
    'four: always',
    'five: `doc` is not empty and `x`',
    'six: always',
  ]);
});
