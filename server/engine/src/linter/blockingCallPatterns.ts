// User-configured blocking calls (`blocking-calls = ["mylib.query -> use mylib.aquery"]`). The
// patterns come from a repository's settings, which the server reads even in Restricted Mode, so
// matching them must never be slow: no regular expression is built from them, and a match costs
// time linear in the name and the pattern (see `matchesSegment`).

export interface BlockingCallPattern {
  /** The configured text, for messages. */
  readonly source: string;
  /** Qualified name, `*` matching one dotted segment, a trailing `.*` any suffix. */
  readonly pattern: string;
  readonly suggestion?: string;
  /** The segments before a trailing `.*` (or all of them), each as its literal parts between `*`s. */
  readonly segments: readonly SegmentPattern[];
  /** Ends with `.*`: any further segments (or none) match. */
  readonly anySuffix: boolean;
}

/** A segment pattern: the literal parts around its `*`s (one part: no `*`), each with its search table. */
type SegmentPattern = readonly LiteralPart[];

interface LiteralPart {
  readonly text: string;
  /** Knuth–Morris–Pratt failure table: the longest proper border of each prefix. */
  readonly borders: readonly number[];
}

const SEGMENT_CHARACTER = /^[A-Za-z0-9_*]$/;

/** The form of a pattern, for messages. */
export const BLOCKING_CALL_FORM = '"module.function" or "module.function -> suggestion" (`*` matches one name part)';

/** A regular expression accepting what `parseBlockingCallPattern` accepts, for the editor's settings schema. */
export const BLOCKING_CALL_REGEXP = '^\\s*[A-Za-z_*][A-Za-z0-9_*]*(\\.[A-Za-z_*][A-Za-z0-9_*]*)*\\s*(->.*)?$';

export function parseBlockingCallPattern(text: string): BlockingCallPattern | { error: string } {
  const [rawPattern = '', ...rest] = text.split('->');
  const pattern = rawPattern.trim();
  const suggestion = rest.join('->').trim();
  const parts = pattern.split('.');
  const wellFormed = parts.every(
    (segment) => segment.length > 0 && !/^[0-9]/.test(segment) && [...segment].every((character) => SEGMENT_CHARACTER.test(character)),
  );
  if (!wellFormed) {
    return { error: `'${text}' is not ${BLOCKING_CALL_FORM}` };
  }
  const anySuffix = parts.length > 1 && parts.at(-1) === '*';
  const segments = (anySuffix ? parts.slice(0, -1) : parts).map((segment) => segment.split('*').map(literalPart));
  const parsed = { source: text, pattern, segments, anySuffix };
  return suggestion ? { ...parsed, suggestion } : parsed;
}

export function matchBlockingCall(patterns: readonly BlockingCallPattern[], qualifiedName: string): BlockingCallPattern | undefined {
  if (patterns.length === 0) return undefined;
  const names = qualifiedName.split('.');
  return patterns.find((pattern) => matchesName(pattern, names));
}

function matchesName({ segments, anySuffix }: BlockingCallPattern, names: readonly string[]): boolean {
  if (anySuffix ? names.length < segments.length : names.length !== segments.length) return false;
  return segments.every((segment, index) => matchesSegment(segment, names[index]!));
}

/**
 * Whether `name` is the literal parts in order with anything between them. The first part must
 * start the name and the last end it; each middle part is taken at its leftmost place after the
 * previous one (taking it any later can only leave less room for the rest). Each search resumes
 * where the previous match ended and never looks back, so the whole costs O(|name| + |parts|).
 */
function matchesSegment(parts: SegmentPattern, name: string): boolean {
  const first = parts[0]!;
  if (parts.length === 1) return name === first.text;
  const last = parts.at(-1)!;
  if (name.length < first.text.length + last.text.length) return false;
  if (!name.startsWith(first.text) || !name.endsWith(last.text)) return false;
  let from = first.text.length;
  const limit = name.length - last.text.length;
  for (let index = 1; index < parts.length - 1; index++) {
    const found = findFrom(name, parts[index]!, from, limit);
    if (found < 0) return false;
    from = found;
  }
  return true;
}

/** The end of the first occurrence of `part` in `text[from, limit)`, or -1 (Knuth–Morris–Pratt). */
function findFrom(text: string, { text: part, borders }: LiteralPart, from: number, limit: number): number {
  if (part.length === 0) return from;
  let matched = 0;
  for (let i = from; i < limit; i++) {
    const character = text.charCodeAt(i);
    while (matched > 0 && part.charCodeAt(matched) !== character) matched = borders[matched - 1]!;
    if (part.charCodeAt(matched) === character) matched++;
    if (matched === part.length) return i + 1;
  }
  return -1;
}

function literalPart(text: string): LiteralPart {
  const borders = new Array<number>(text.length).fill(0);
  let border = 0;
  for (let i = 1; i < text.length; i++) {
    while (border > 0 && text.charCodeAt(i) !== text.charCodeAt(border)) border = borders[border - 1]!;
    if (text.charCodeAt(i) === text.charCodeAt(border)) border++;
    borders[i] = border;
  }
  return { text, borders };
}
