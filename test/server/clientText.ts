// The text an LSP client holds after sending content changes, worked out from the specification
// alone (no vscode-languageserver-textdocument, which the server uses): the truth tests check the
// server's copy against. Lines end at `\r\n`, a lone `\r` or `\n`; a character past a line's end
// means its end; a line past the last means the end of the text.

export interface ClientPosition {
  readonly line: number;
  readonly character: number;
}

export type ClientChange =
  { readonly range: { readonly start: ClientPosition; readonly end: ClientPosition }; readonly text: string } | { readonly text: string };

/** Where each line starts, and where its text ends (before its line break). */
export interface ClientLines {
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

export function clientLines(text: string): ClientLines {
  const starts = [0];
  const ends: number[] = [];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) {
    ends.push(match.index);
    starts.push(match.index + match[0].length);
  }
  ends.push(text.length);
  return { starts, ends };
}

/** The offset of `position` in a text with these lines and this length. */
export function clientOffset(lines: ClientLines, length: number, { line, character }: ClientPosition): number {
  if (line < 0) return 0;
  if (line >= lines.starts.length) return length;
  return Math.min(lines.starts[line]! + Math.max(character, 0), lines.ends[line]!);
}

/** `text` after `changes`, applied in order as the client applied them. */
export function applyClientChanges(text: string, changes: readonly ClientChange[]): string {
  let current = text;
  for (const change of changes) {
    if (!('range' in change)) {
      current = change.text;
      continue;
    }
    const lines = clientLines(current);
    const a = clientOffset(lines, current.length, change.range.start);
    const b = clientOffset(lines, current.length, change.range.end);
    current = current.slice(0, Math.min(a, b)) + change.text + current.slice(Math.max(a, b));
  }
  return current;
}
