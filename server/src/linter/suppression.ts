// `# noqa` comments: bare, or with our codes or the equivalent Ruff / flake8-async codes.
import type { LineIndex } from '../analysis/sourceText';
import type { RuleInfo } from './rule';

/** Within one line (`[^\S\n]`: whitespace but line breaks). */
const NOQA = /#[^\S\n]*noqa(?::[^\S\n]*([A-Za-z]+\d+(?:(?:[^\S\n]|,)+[A-Za-z]+\d+)*))?/gi;
const FILE_NOQA = /^#\s*loopscope:\s*noqa(?::\s*([A-Za-z]+\d+(?:[\s,]+[A-Za-z]+\d+)*))?\s*$/im;

/** Which rules are suppressed on which rows of one file. */
export class Suppressions {
  private constructor(
    /** Row → codes (upper case), or 'all' for a bare `# noqa`. */
    private readonly byRow: ReadonlyMap<number, Set<string> | 'all'>,
    private readonly fileWide: Set<string> | 'all' | undefined,
  ) {}

  static none(): Suppressions {
    return new Suppressions(new Map(), undefined);
  }

  static parse(lines: LineIndex): Suppressions {
    const text = lines.text;
    if (!/noqa/i.test(text)) return Suppressions.none();
    const byRow = new Map<number, Set<string> | 'all'>();
    // The first `# noqa` of a line counts.
    for (const match of text.matchAll(NOQA)) {
      const row = lines.rowAt(match.index);
      if (!byRow.has(row)) byRow.set(row, codeSet(match[1]));
    }
    const fileMatch = FILE_NOQA.exec(text);
    return new Suppressions(byRow, fileMatch ? codeSet(fileMatch[1]) : undefined);
  }

  isSuppressed(rule: RuleInfo, rows: readonly number[]): boolean {
    if (matches(this.fileWide, rule)) return true;
    return rows.some((row) => matches(this.byRow.get(row), rule));
  }
}

function codeSet(list: string | undefined): Set<string> | 'all' {
  return list === undefined ? 'all' : new Set(list.split(/[\s,]+/).map((code) => code.toUpperCase()));
}

function matches(entry: Set<string> | 'all' | undefined, rule: RuleInfo): boolean {
  if (entry === undefined) return false;
  if (entry === 'all') return true;
  return entry.has(rule.code) || rule.equivalents.some((code) => entry.has(code.toUpperCase()));
}
