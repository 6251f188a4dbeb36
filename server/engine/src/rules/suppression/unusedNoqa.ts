// LOOP001 unused-noqa (off by default): a `# noqa: CODES` that names one of our rules but suppressed
// nothing of it, as Ruff's RUF100 does for its own codes. Codes of other tools are left alone: only
// they know whether the comment is still needed.
import { endOfLine } from '../../linter/fixes/sourceLayout';
import { replaceRange, safeFix } from '../../linter/fixes/textEdits';
import type { Fix, Rule, RuleInfo, SuppressionContext } from '../../linter/rule';
import type { NoqaDirective } from '../../linter/suppression';

const CODE = 'LOOP001';
const NAME = 'unused-noqa';

export const unusedNoqa: Rule = {
  code: CODE,
  name: NAME,
  summary: 'A `# noqa` comment names a Loopscope rule that has nothing to suppress on its line.',
  defaultSeverity: 'warning',
  enabledByDefault: false,
  equivalents: [],
  fixable: true,
  nodeKinds: [],
  check() {
    // Nothing to visit: the work is done in checkSuppressions, once the other findings are known.
  },
  checkSuppressions(context) {
    const ours = ruleIndex(context.rules);
    for (const directive of context.directives) {
      // A directive listing this rule opts out of it.
      if (directive.items.some(({ text }) => [CODE, NAME.toUpperCase()].includes(text.toUpperCase()))) continue;
      const unused = { unused: [] as string[], 'non-enabled': [] as string[], unknown: [] as string[] };
      for (const { text, used } of directive.items) {
        if (used) continue;
        const upper = text.toUpperCase();
        const rule = ours.get(upper);
        if (rule === undefined && /^LOOP\d+$/.test(upper)) unused.unknown.push(text);
        else if (rule === undefined || rule.code === 'LOOP000')
          continue; // another tool's code, or not suppressible by noqa
        else unused[context.enabledCodes.has(rule.code) ? 'unused' : 'non-enabled'].push(text);
      }
      const kinds = Object.entries(unused).filter(([, items]) => items.length > 0);
      if (kinds.length === 0) continue;
      const removed = new Set(kinds.flatMap(([, items]) => items));
      context.report({
        start: directive.start,
        end: directive.end,
        message: `Unused \`noqa\` directive (${kinds.map(([kind, items]) => `${kind}: ${items.join(', ')}`).join('; ')})`,
        fix: removalFix(directive, removed, context),
      });
    }
  },
  doc: {
    whatItDoes:
      'Flags a `# noqa: …` comment that lists a Loopscope rule (its code, like `LOOP101`, or its name, like `blocking-sleep`) with no finding of that rule to suppress on its line: the code below it changed, or the rule is not enabled (`non-enabled`), or the code names no rule (`unknown`). Codes of other tools (`ASYNC251`, `E501`) and a bare `# noqa` are never flagged, since only those tools know whether they are needed; a comment that lists `LOOP001` or `unused-noqa` itself is left alone. Off by default (enable it with `extend-select = ["LOOP001"]`), like Ruff\'s `RUF100`, which does the same for Ruff\'s codes.',
    whyIsThisBad:
      'A stale `# noqa` hides the next real problem on that line, and tells readers the line is known to do something it no longer does.',
    example: 'import asyncio\n\n\nasync def main():\n    await asyncio.sleep(1)  # noqa: LOOP101',
    useInstead: 'import asyncio\n\n\nasync def main():\n    await asyncio.sleep(1)',
    fixSafety:
      'Safe: it removes the unused codes from the list, or the whole `# noqa` comment when nothing else is listed (the line, when the comment stood alone on it; the text of the comment after the list stays). Comments do not change what the program does.',
  },
};

/** Our rules by code and by name, upper case. */
function ruleIndex(rules: readonly RuleInfo[]): Map<string, RuleInfo> {
  const index = new Map<string, RuleInfo>();
  for (const rule of rules) {
    index.set(rule.code, rule);
    index.set(rule.name.toUpperCase(), rule);
  }
  return index;
}

/** Removes the `removed` items from the directive: the list's other items stay; with none left, the directive goes. */
function removalFix(directive: NoqaDirective, removed: ReadonlySet<string>, context: SuppressionContext): Fix {
  const kept = directive.items.map(({ text }) => text).filter((text) => !removed.has(text));
  if (kept.length > 0) return safeFix('Remove the unused codes', [replaceRange(directive.listStart, directive.end, kept.join(', '))]);
  const { row } = directive;
  const line = context.lines.lineText(row);
  const before = line.slice(0, directive.start.column);
  const after = line.slice(directive.end.column);
  const message = 'Remove the unused `noqa` directive';
  // Another comment after it (`# noqa: LOOP101  # type: ignore`): that one stays, where the directive was.
  const following = /^[ \t\f]*#/.exec(after);
  if (following) {
    const next = { row, column: directive.end.column + following[0].length - 1 };
    return safeFix(message, [replaceRange(directive.start, next, '')]);
  }
  // More text in the same comment (`# noqa: LOOP101 because …`): it stays a comment (`# because …`).
  if (after.trim() !== '') return safeFix(message, [replaceRange(directive.start, directive.end, '#')]);
  if (before.trim() === '') {
    // The comment alone on its line: the line goes.
    const lastRow = context.lines.lineCount - 1;
    if (row < lastRow) return safeFix(message, [replaceRange({ row, column: 0 }, { row: row + 1, column: 0 }, '')]);
    if (row > 0) return safeFix(message, [replaceRange(endOfLine(context.lines, row - 1), endOfLine(context.lines, row), '')]);
    return safeFix(message, [replaceRange({ row, column: 0 }, endOfLine(context.lines, row), '')]);
  }
  // After code (or another comment): the directive and the spaces before it go.
  const trimmed = before.replace(/[ \t\f]+$/, '');
  return safeFix(message, [replaceRange({ row, column: trimmed.length }, endOfLine(context.lines, row), '')]);
}
