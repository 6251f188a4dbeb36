// `# noqa` comments: bare, or listing our codes, rule names or the equivalent Ruff / flake8-async codes;
// and file-wide `# loopscope: noqa[: CODES]` or `# ruff: noqa: CODES`. Only real comments count, never
// text inside a string literal.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { LineIndex } from '../analysis/sourceText';
import type { RuleInfo } from './rule';
import type { ReparsedRegions } from './linter';

/** One listed item: a code (`LOOP101`, `ASYNC251`) or a rule name (`blocking-sleep`). */
const ITEM = String.raw`(?:[A-Za-z]+\d+|[a-z][a-z0-9]*(?:-[a-z0-9]+)+)`;
/** Items separated by commas or spaces, within one line (`[^\S\n]`: whitespace but line breaks). */
const LIST = String.raw`${ITEM}(?:(?:[^\S\n]*,[^\S\n]*|[^\S\n]+)${ITEM})*`;
/** `# noqa` anywhere in a line; after a colon, the list (or nothing usable: then it suppresses nothing). */
const NOQA = new RegExp(String.raw`#[^\S\n]*noqa(?![\w-])(?:[^\S\n]*:[^\S\n]*(${LIST})?)?`, 'gi');
/** A comment line of its own: `# loopscope: noqa`, `# loopscope: noqa: LIST`, `# ruff: noqa: LIST`. */
const FILE_NOQA = new RegExp(
  String.raw`^[^\S\n]*#[^\S\n]*(loopscope|ruff):[^\S\n]*noqa(?![\w-])(?:[^\S\n]*:[^\S\n]*(${LIST})?)?[^\S\n]*$`,
  'gim',
);

/** A `# noqa` in `text` (a comment or not: the caller decides): where it is and what it lists. */
export interface NoqaMatch {
  readonly index: number;
  readonly length: number;
  /** The listed codes and names as written; undefined for a bare `# noqa` (everything). */
  readonly items?: readonly string[];
}

export function* noqaMatches(text: string): Generator<NoqaMatch> {
  for (const match of text.matchAll(NOQA)) {
    const found = directive(match[0], match[1]);
    yield { index: match.index, length: match[0].length, ...(found === 'all' ? {} : { items: match[1]?.split(/[\s,]+/) ?? [] }) };
  }
}

/** What one directive suppresses: everything, or the listed codes and names (upper case). */
type Directive = Set<string> | 'all';

/** Which rules are suppressed on which rows of one file. */
export class Suppressions {
  private constructor(
    private readonly byRow: ReadonlyMap<number, Directive>,
    private readonly fileWide: readonly Directive[],
  ) {}

  static none(): Suppressions {
    return new Suppressions(new Map(), []);
  }

  /** `root`: the file's syntax tree, to tell comments from strings (without it every match counts). */
  static parse(lines: LineIndex, root?: SyntaxNode, reparsed?: ReparsedRegions): Suppressions {
    const text = lines.text;
    if (!/noqa/i.test(text)) return Suppressions.none();
    const isComment = (offset: number): boolean => {
      if (!root) return true;
      const row = lines.rowAt(offset);
      const column = offset - lines.offsetAt(row, 0);
      // Text parsed again after an edit is in the small parse; `root` there is the tree before it.
      const tree = reparsed?.spans.some(({ start, end }) => offset >= start && offset < end) ? reparsed.root : root;
      return tree.descendantForPosition({ row, column })?.type === 'comment';
    };
    const byRow = new Map<number, Directive>();
    // The first `# noqa` comment of a line counts.
    for (const match of noqaMatches(text)) {
      const row = lines.rowAt(match.index);
      if (byRow.has(row) || !isComment(match.index)) continue;
      byRow.set(row, match.items ? new Set(match.items.map((item) => item.toUpperCase())) : 'all');
    }
    const fileWide: Directive[] = [];
    for (const match of text.matchAll(FILE_NOQA)) {
      const hash = match.index + match[0].indexOf('#');
      if (!isComment(hash)) continue;
      const tool = match[1]!.toLowerCase();
      const list = match[2];
      // A bare `# ruff: noqa` is about Ruff's own rules; only the codes it lists can name ours.
      if (tool === 'ruff' && list === undefined) continue;
      fileWide.push(directive(match[0], list));
    }
    return new Suppressions(byRow, fileWide);
  }

  isSuppressed(rule: RuleInfo, rows: readonly number[]): boolean {
    if (this.fileWide.some((entry) => matches(entry, rule))) return true;
    return rows.some((row) => matches(this.byRow.get(row), rule));
  }
}

/** `# noqa` alone suppresses everything; `# noqa:` followed by a list, what it lists (nothing usable: nothing). */
function directive(whole: string, list: string | undefined): Directive {
  if (list !== undefined) return new Set(list.split(/[\s,]+/).map((item) => item.toUpperCase()));
  return /noqa[^\S\n]*:/i.test(whole) ? new Set() : 'all';
}

function matches(entry: Directive | undefined, rule: RuleInfo): boolean {
  if (entry === undefined) return false;
  if (entry === 'all') return true;
  return entry.has(rule.code) || entry.has(rule.name.toUpperCase()) || rule.equivalents.some((code) => entry.has(code.toUpperCase()));
}
