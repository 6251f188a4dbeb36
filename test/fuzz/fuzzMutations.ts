// How the server fuzz damages a file before opening it, and the edits it then sends: line breaks of
// every kind, surrogate pairs and lone surrogates, odd whitespace, cut and shuffled lines, deep
// nesting; edits with ranges past a line's end or past the document's end, as a careless client sends.
import { applyClientChanges, clientLines, type ClientChange, type ClientPosition } from '../server/clientText';

/** A seeded source: an integer in [0, limit). */
export type Next = (limit: number) => number;

/** Characters that are easy to get wrong: UTF-16 pairs and halves of them, odd spaces, line-like separators. */
const ODD_CHARACTERS = ['😀', '\ud83d', '\udc00x', 'é', '\t', '\f', '\v', '\u00a0', '\u200b', '\u2028', '\u0085', '\ufeff'];

/** Text inserted by edits and mutations: code the rules look at, and pieces that break the syntax. */
export const INSERTS = [
  '\r',
  '\n',
  '\r\n',
  '😀',
  '\ud83d',
  '\ude00',
  'await ',
  'async ',
  'async def f():\n    time.sleep(1)\n',
  'async def g():\r    open("x").read()\r',
  'import time\n',
  'import asyncio\r\n',
  'asyncio.get_event_loop()\n',
  'asyncio.create_task(f())\n',
  '(',
  ')',
  ':',
  '    ',
  '\t',
  '"""',
  "'",
  '# noqa\r',
  '  # noqa: LOOP101\n',
  'é',
  '\\\n',
  'x',
];

/** `text` with one to three mutations drawn from `next`. */
export function mutateFile(text: string, next: Next): string {
  let result = text;
  for (let count = 1 + next(3); count > 0; count--) result = MUTATIONS[next(MUTATIONS.length)]!(result, next);
  return result;
}

const MUTATIONS: readonly ((text: string, next: Next) => string)[] = [
  // Line breaks of mixed kinds.
  (text, next) => text.replace(/\r\n|\r|\n/g, () => ['\n', '\r\n', '\r'][next(3)]!),
  // Odd characters in place of some spaces.
  (text, next) => text.replace(/ /g, (space) => (next(40) === 0 ? ODD_CHARACTERS[next(ODD_CHARACTERS.length)]! : space)),
  // Cut short anywhere, even inside a surrogate pair or a `\r\n`.
  (text, next) => text.slice(0, next(text.length + 1)),
  // Some lines deleted, doubled or swapped.
  (text, next) => {
    const lines = text.split('\n');
    for (let count = 1 + next(5); count > 0 && lines.length > 1; count--) {
      const at = next(lines.length);
      const other = next(lines.length);
      const operation = next(3);
      if (operation === 0) lines.splice(at, 1);
      else if (operation === 1) lines.splice(at, 0, lines[other]!);
      else [lines[at], lines[other]] = [lines[other]!, lines[at]!];
    }
    return lines.join('\n');
  },
  // Some lines indented differently (spaces, tabs, or none).
  (text, next) =>
    text.replace(/^[ \t]*/gm, (indent) => (next(12) === 0 ? ['', '\t', ' ', indent + '    ', indent + '\t'][next(5)]! : indent)),
  // Snippets put in at line starts.
  (text, next) => text.replace(/^/gm, () => (next(15) === 0 ? INSERTS[next(INSERTS.length)]! : '')),
  // Deep nesting somewhere: brackets, awaits, or blocks.
  (text, next) => {
    const depth = 1 + next(400);
    const nesting = [
      `x = ${'('.repeat(depth)}1${')'.repeat(depth)}\n`,
      `async def deep():\n    return ${'await '.repeat(depth)}f()\n`,
      `${Array.from({ length: Math.min(depth, 90) }, (_, level) => `${' '.repeat(level)}if x:\n`).join('')}${' '.repeat(Math.min(depth, 90))}time.sleep(1)\n`,
      `x = ${'['.repeat(depth)}\n`,
    ][next(4)]!;
    const at = next(text.length + 1);
    return text.slice(0, at) + nesting + text.slice(at);
  },
];

/**
 * The content changes of one `didChange` for a document holding `text`: usually one ranged edit,
 * sometimes several (each in the text after the one before), sometimes the whole text replaced.
 * Positions reach two lines past the end and characters past a line's end.
 */
export function randomChanges(text: string, next: Next): ClientChange[] {
  if (next(15) === 0) return [{ text: mutateFile(text, next) }];
  const changes: ClientChange[] = [];
  let current = text;
  for (let count = next(8) === 0 ? 2 + next(2) : 1; count > 0; count--) {
    const change = randomRangedChange(current, next);
    changes.push(change);
    current = applyClientChanges(current, [change]);
  }
  return changes;
}

function randomRangedChange(text: string, next: Next): ClientChange {
  const lineCount = clientLines(text).starts.length;
  const position = (): ClientPosition => ({ line: next(lineCount + 2), character: next(120) });
  const start = position();
  const end = next(3) === 0 ? position() : next(3) === 0 ? { line: start.line, character: start.character + next(20) } : start;
  const [from, to] = end.line < start.line || (end.line === start.line && end.character < start.character) ? [end, start] : [start, end];
  // Sometimes sent end first: the server must order a range itself.
  const range = next(20) === 0 ? { start: to, end: from } : { start: from, end: to };
  return { range, text: next(3) === 0 ? '' : INSERTS[next(INSERTS.length)]! };
}
