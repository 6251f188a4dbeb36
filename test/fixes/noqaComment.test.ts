// "Disable LOOPnnn for this line": where the `# noqa` comment goes, and that it then suppresses the diagnostic.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { applyTextEdits } from '../../server/engine/src/linter/fixes/fixApplication';
import { noqaEdit } from '../../server/engine/src/linter/fixes/noqaComment';
import { Linter } from '../../server/engine/src/linter/linter';
import { RULES } from '../../server/engine/src/rules/registry';

let linter: Linter;
before(async () => {
  linter = await Linter.create(RULES);
});

/** The text with the first diagnostic disabled, or undefined when no comment can be added. */
function disabled(lines: readonly string[]): string | undefined {
  const text = lines.join('\n');
  const [diagnostic] = linter.lintText(text, {}).diagnostics;
  assert.ok(diagnostic, 'a diagnostic to disable');
  const tree = linter.parse(text);
  try {
    const edit = noqaEdit(diagnostic.code, diagnostic.start, diagnostic.end, linter.lintText(text, {}).lines, tree.rootNode);
    if (!edit) return undefined;
    const result = applyTextEdits(text, [edit]);
    assert.deepEqual(
      linter.lintText(result, {}).diagnostics.filter((other) => other.code === diagnostic.code),
      [],
      `${diagnostic.code} still reported:\n${result}`,
    );
    return result;
  } finally {
    tree.delete();
  }
}

const HEAD = ['import time', '', 'async def f():'];

test('appends a comment, replacing trailing whitespace', () => {
  assert.equal(disabled([...HEAD, '    time.sleep(1)   ']), [...HEAD, '    time.sleep(1)  # noqa: LOOP101'].join('\n'));
});

test('extends an existing noqa list, or follows another comment', () => {
  assert.equal(
    disabled([...HEAD, '    time.sleep(1)  # noqa: ASYNC100']),
    [...HEAD, '    time.sleep(1)  # noqa: ASYNC100, LOOP101'].join('\n'),
  );
  assert.equal(disabled([...HEAD, '    time.sleep(1)  # why not']), [...HEAD, '    time.sleep(1)  # why not  # noqa: LOOP101'].join('\n'));
});

test('skips lines ending in a backslash or inside a multi-line string', () => {
  assert.equal(
    disabled([...HEAD, '    time.sleep(1 + \\', '        2)']),
    [...HEAD, '    time.sleep(1 + \\', '        2)  # noqa: LOOP101'].join('\n'),
  );
  assert.equal(
    disabled([...HEAD, '    time.sleep(len("""', 'x', '"""))']),
    [...HEAD, '    time.sleep(len("""', 'x', '"""))  # noqa: LOOP101'].join('\n'),
  );
});

test('a `# noqa` inside a string is not the comment to extend', () => {
  assert.equal(
    disabled([...HEAD, '    s = "# noqa: X1"; time.sleep(1)']),
    [...HEAD, '    s = "# noqa: X1"; time.sleep(1)  # noqa: LOOP101'].join('\n'),
  );
});

test('a `# noqa:` listing nothing usable gets the code; one listing rule names is extended', () => {
  assert.equal(disabled([...HEAD, '    time.sleep(1)  # noqa:']), [...HEAD, '    time.sleep(1)  # noqa: LOOP101'].join('\n'));
  assert.equal(
    disabled([...HEAD, '    time.sleep(1)  # noqa: blocking-input']),
    [...HEAD, '    time.sleep(1)  # noqa: blocking-input, LOOP101'].join('\n'),
  );
});
