// `# noqa` comments: bare, or listing our codes, rule names or the equivalent Ruff / flake8-async codes;
// and file-wide `# loopscope: noqa[: CODES]` or `# ruff: noqa: CODES`. Only real comments count, never
// text inside a string literal. What each listed item suppressed is recorded, for LOOP001 unused-noqa.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { LineIndex } from '../analysis/sourceText';
import type { ReparsedRegions } from './linter';
import type { Point, RuleInfo } from './rule';

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
interface NoqaMatch {
  readonly index: number;
  readonly length: number;
  /** The listed codes and names as written; undefined for a bare `# noqa` (everything). */
  readonly items?: readonly string[];
  /** Where the list starts in `text` (it runs to the end of the match); undefined when nothing is listed. */
  readonly listIndex?: number;
}

export function* noqaMatches(text: string): Generator<NoqaMatch> {
  for (const match of text.matchAll(NOQA)) {
    const found = directive(match[0], match[1]);
    const list = match[1];
    yield {
      index: match.index,
      length: match[0].length,
      ...(found === 'all' ? {} : { items: list?.split(/[\s,]+/) ?? [] }),
      ...(list === undefined ? {} : { listIndex: match.index + match[0].length - list.length }),
    };
  }
}

/** A line's `# noqa: …` list, and what each item suppressed in one lint. */
export interface NoqaDirective {
  readonly row: number;
  /** The whole directive, `# noqa: A, B`. */
  readonly start: Point;
  readonly end: Point;
  /** Where the list of items starts (it ends with the directive). */
  readonly listStart: Point;
  readonly items: readonly { readonly text: string; readonly used: boolean }[];
}

/** A line's directive and, for a list, the items (upper case) that suppressed something. */
interface LineDirective {
  readonly row: number;
  readonly match: NoqaMatch;
  readonly directive: Directive;
  readonly used: Set<string>;
}

/** What one directive suppresses: everything, or the listed codes and names (upper case). */
type Directive = Set<string> | 'all';

/** Which rules are suppressed on which rows of one file. */
export class Suppressions {
  private constructor(
    private readonly byRow: ReadonlyMap<number, LineDirective>,
    private readonly fileWide: readonly Directive[],
    private readonly lines?: LineIndex,
  ) {}

  static none(): Suppressions {
    return new Suppressions(new Map(), []);
  }

  /** `root`: the file's syntax tree, to tell comments from strings (without it every match counts). */
  static parse(lines: LineIndex, root?: SyntaxNode, reparsed: readonly ReparsedRegions[] = []): Suppressions {
    const text = lines.text;
    if (!/noqa/i.test(text)) return Suppressions.none();
    const isComment = (offset: number): boolean => {
      if (!root) return true;
      const row = lines.rowAt(offset);
      const column = offset - lines.offsetAt(row, 0);
      // Text parsed again after an edit is in a small parse; `root` there is the tree before it.
      const tree = reparsed.find(({ spans }) => spans.some(({ start, end }) => offset >= start && offset < end))?.root ?? root;
      return tree.descendantForPosition({ row, column })?.type === 'comment';
    };
    const byRow = new Map<number, LineDirective>();
    // The first `# noqa` comment of a line counts.
    for (const match of noqaMatches(text)) {
      const row = lines.rowAt(match.index);
      if (byRow.has(row) || !isComment(match.index)) continue;
      const directive = match.items ? listedItems(match.items) : 'all';
      byRow.set(row, { row, match, directive, used: new Set() });
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
    return new Suppressions(byRow, fileWide, lines);
  }

  /** Whether a finding of `rule` on these rows is suppressed; every line directive that suppresses it is marked used. */
  isSuppressed(rule: RuleInfo, rows: readonly number[]): boolean {
    let suppressed = this.fileWide.some((entry) => matches(entry, rule));
    for (const row of new Set(rows)) {
      const line = this.byRow.get(row);
      if (!line || !matches(line.directive, rule)) continue;
      suppressed = true;
      if (line.directive !== 'all') for (const item of itemsNaming(line.directive, rule)) line.used.add(item);
    }
    return suppressed;
  }

  /** Whether a finding is suppressed, without counting as a use (for LOOP001's own findings). */
  wouldSuppress(rule: RuleInfo, rows: readonly number[]): boolean {
    return this.fileWide.some((entry) => matches(entry, rule)) || rows.some((row) => matches(this.byRow.get(row)?.directive, rule));
  }

  /** The lines' `# noqa: …` lists (not bare `# noqa`), with what the `isSuppressed` calls so far found each item used for. */
  listDirectives(): NoqaDirective[] {
    const lines = this.lines;
    if (!lines) return [];
    const point = (offset: number): Point => {
      const row = lines.rowAt(offset);
      return { row, column: offset - lines.offsetAt(row, 0) };
    };
    const result: NoqaDirective[] = [];
    for (const { row, match, used } of this.byRow.values()) {
      if (!match.items || match.listIndex === undefined || match.items.length === 0) continue;
      result.push({
        row,
        start: point(match.index),
        end: point(match.index + match.length),
        listStart: point(match.listIndex),
        items: match.items.map((text) => ({ text, used: used.has(text.toUpperCase()) })),
      });
    }
    return result.sort((a, b) => a.row - b.row);
  }
}

/** The items of a list naming `rule` (its code, name or an equivalent code). */
function itemsNaming(entry: ReadonlySet<string>, rule: RuleInfo): string[] {
  const names = [rule.code, rule.name.toUpperCase(), ...rule.equivalents.map((code) => code.toUpperCase())];
  const former = [...FORMER_RUFF_CODES].filter(([, codes]) => codes.some((code) => names.includes(code))).map(([code]) => code);
  return [...names, ...former].filter((item) => entry.has(item));
}

/**
 * Ruff's flake8-async codes before Ruff 0.5 (June 2024), still written in `# noqa` comments of many projects, and the
 * codes each became: ASYNC100 (blocking HTTP call) is ASYNC210; ASYNC101 (`open`, `time.sleep`, `subprocess`) was
 * split into ASYNC220, ASYNC221, ASYNC230 and ASYNC251; ASYNC102 (`os` process calls) went into ASYNC220 and ASYNC221.
 * Neither ASYNC101 nor ASYNC102 means anything we check today; ASYNC100 also names timeout-without-await now, and
 * keeps that meaning as well.
 */
const FORMER_RUFF_CODES: ReadonlyMap<string, readonly string[]> = new Map([
  ['ASYNC100', ['ASYNC210']],
  ['ASYNC101', ['ASYNC220', 'ASYNC221', 'ASYNC230', 'ASYNC251']],
  ['ASYNC102', ['ASYNC220', 'ASYNC221']],
]);

/** The listed items (upper case), with the codes a former Ruff code became (see FORMER_RUFF_CODES). */
function listedItems(items: readonly string[]): Set<string> {
  const listed = new Set<string>();
  for (const item of items) {
    const upper = item.toUpperCase();
    listed.add(upper);
    for (const code of FORMER_RUFF_CODES.get(upper) ?? []) listed.add(code);
  }
  return listed;
}

/** `# noqa` alone suppresses everything; `# noqa:` followed by a list, what it lists (nothing usable: nothing). */
function directive(whole: string, list: string | undefined): Directive {
  if (list !== undefined) return listedItems(list.split(/[\s,]+/));
  return /noqa[^\S\n]*:/i.test(whole) ? new Set() : 'all';
}

/** Whether a `# noqa:` list (as `noqaMatches` gives it) names `rule`: its code, name or an equivalent code. */
export function listsRule(items: readonly string[], rule: Pick<RuleInfo, 'code' | 'name' | 'equivalents'>): boolean {
  return matches(listedItems(items), rule);
}

function matches(entry: Directive | undefined, rule: Pick<RuleInfo, 'code' | 'name' | 'equivalents'>): boolean {
  if (entry === undefined) return false;
  if (entry === 'all') return true;
  return entry.has(rule.code) || entry.has(rule.name.toUpperCase()) || rule.equivalents.some((code) => entry.has(code.toUpperCase()));
}
