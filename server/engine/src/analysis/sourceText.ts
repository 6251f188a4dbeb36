// Turns a file's bytes into the text Python would read (PEP 263 encodings, BOM) and converts
// between the UTF-16 columns tree-sitter and LSP use and the code-point columns people see.
import { TextDecoder } from 'node:util';

type DecodedSource =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly message: string; readonly line: number; readonly column: number };

const UTF8_BOM = [0xef, 0xbb, 0xbf];
/** PEP 263: the cookie must be in a comment on line 1 or 2. */
const CODING_COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

export function decodePythonSource(bytes: Uint8Array): DecodedSource {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const { line, column } = lineAndColumnOfByte(bytes, nul);
    return { ok: false, message: 'this is not a Python source file: it contains NUL bytes (a binary file?)', line, column };
  }
  const hasBom = UTF8_BOM.every((byte, index) => bytes[index] === byte);
  const body = hasBom ? bytes.subarray(3) : bytes;
  const declared = declaredEncoding(body);
  if (declared && !isUtf8Label(declared)) {
    if (hasBom) return { ok: false, message: `encoding problem: '${declared}' declared with a UTF-8 byte order mark`, line: 0, column: 0 };
    if (LATIN_1_NAMES.has(declared.replace(/_/g, '-'))) return { ok: true, text: decodeLatin1(body) };
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(declared.replace(/_/g, '-'), { fatal: true });
    } catch {
      return { ok: false, message: `unknown encoding '${declared}' in the coding declaration`, line: 0, column: 0 };
    }
    try {
      return { ok: true, text: decoder.decode(body) };
    } catch {
      return { ok: false, message: `the file is not valid '${declared}' text, as its coding declaration says`, line: 0, column: 0 };
    }
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body) };
  } catch {
    const offset = firstInvalidUtf8Byte(body);
    const { line, column } = lineAndColumnOfByte(body, offset);
    const byte = body[offset]?.toString(16).padStart(2, '0') ?? '??';
    return {
      ok: false,
      message: `the file is not valid UTF-8 (byte 0x${byte} at line ${line + 1}); save it as UTF-8 or declare its encoding with a '# -*- coding: ... -*-' comment`,
      line,
      column,
    };
  }
}

/**
 * Python's latin-1 maps every byte to the code point of the same value; the WHATWG decoders
 * behind TextDecoder read "latin1" as windows-1252, which differs for 0x80–0x9f.
 */
const LATIN_1_NAMES = new Set(['latin-1', 'latin1', 'l1', 'iso-8859-1', 'iso8859-1', 'iso-latin-1', 'cp819']);

function decodeLatin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}

function declaredEncoding(bytes: Uint8Array): string | undefined {
  // The cookie is ASCII; look at the first two lines only.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 400)).split(/\r\n|\r|\n/, 2);
  const first = head[0] ?? '';
  const match = CODING_COOKIE.exec(first) ?? (/^[ \t\f]*(#.*)?$/.test(first) ? CODING_COOKIE.exec(head[1] ?? '') : null);
  return match?.[1]?.toLowerCase();
}

function isUtf8Label(label: string): boolean {
  return label === 'utf-8' || label === 'utf8' || label.startsWith('utf-8-') || label.startsWith('utf_8');
}

function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    const length =
      byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
    }
    // Overlong and surrogate encodings are invalid too; TextDecoder agrees, this keeps the position close.
    const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(i, i + length));
    if (decoded.includes('\ufffd')) return i;
    i += length;
  }
  return bytes.length;
}

function lineAndColumnOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart };
}

/**
 * A copy of a piece of a file's text that does not keep the file's text alive, for what outlives the lint of the file
 * (module summaries, reported messages). V8 makes a substring of 13 characters or more a view into the string it was
 * cut from, and a concatenation a pair of pointers to its parts: a name or a message kept for the whole run would keep
 * every file it quotes (on the 926-file real-world corpus, 15 MB of strings out of 23 MB live at the 850th file).
 */
export function detachedCopy(text: string): string {
  // Shorter strings are always copies. Slicing a concatenation first flattens it into a new string.
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** A line break as Python, LSP and the parser (after `normalizeLoneCarriageReturns`) read them. */
export type LineBreak = '\n' | '\r\n' | '\r';

/** Splits text into lines: `\r\n`, a lone `\r` and `\n` each end one. */
export const LINE_BREAK = /\r\n|\r|\n/;

/** The first line break of `text`, if any. */
function firstLineBreak(text: string): LineBreak | undefined {
  const match = /\r\n?|\n/.exec(text);
  return match ? (match[0] as LineBreak) : undefined;
}

/**
 * Python reads a lone `\r` as a line break, tree-sitter does not. Replacing it with `\n`
 * keeps every offset the same while making rows agree with Python and with LSP clients.
 */
export function normalizeLoneCarriageReturns(text: string): string {
  return text.includes('\r') && /\r(?!\n)/.test(text) ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Where LineIndex finds a text's line starts (the first always 0), grown to the most lines seen. */
let foundLineStarts = new Uint32Array(4096);

/**
 * A text's lines, for offset ↔ (row, column) and column-unit conversions: the one line model of the
 * linter. `\r\n`, a lone `\r` and `\n` each end a line, as for Python and LSP. `text` is the text
 * as the parser reads it (lone `\r` written `\n`: the same offsets), so rules, noqa comments and
 * fixes read the lines the syntax tree has; `lineBreak` is what the file itself writes.
 */
export class LineIndex {
  /**
   * Each row's start offset, outside the JavaScript heap: made anew for every keystroke's lint, an array grown line by
   * line was 160 KB of garbage a keystroke in a 5,000-line module. Found into `foundLineStarts`, then copied.
   */
  private readonly lineStarts: Uint32Array;
  /**
   * Rows known to hold a surrogate pair (true) or none (false): on the others both column units are
   * the same, so converting the columns of many diagnostics on one long line does not scan it each time.
   */
  private readonly surrogateRows = new Map<number, boolean>();
  /** The text with each lone `\r` written `\n` (what node texts are slices of). */
  readonly text: string;
  /** The source's first line break (undefined for a single line): the one added lines use. */
  readonly lineBreak: LineBreak | undefined;

  constructor(source: string) {
    this.text = normalizeLoneCarriageReturns(source);
    this.lineBreak = firstLineBreak(source);
    const text = this.text;
    let rows = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      if (rows === foundLineStarts.length) {
        const larger = new Uint32Array(rows * 2);
        larger.set(foundLineStarts);
        foundLineStarts = larger;
      }
      foundLineStarts[rows++] = i + 1;
    }
    this.lineStarts = foundLineStarts.slice(0, rows);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The row holding UTF-16 offset `offset`. */
  rowAt(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  lineText(row: number): string {
    const start = this.lineStarts[row] ?? this.text.length;
    const next = this.lineStarts[row + 1];
    let end = next === undefined ? this.text.length : next - 1;
    if (end > start && this.text.charCodeAt(end - 1) === 0x0d) end--;
    return this.text.slice(start, end);
  }

  offsetAt(row: number, utf16Column: number): number {
    return Math.min((this.lineStarts[row] ?? this.text.length) + utf16Column, this.text.length);
  }

  /** Converts a UTF-16 column on `row` to a column in code points (what editors other than LSP count). */
  codePointColumn(row: number, utf16Column: number): number {
    if (!this.hasSurrogates(row)) return utf16Column;
    const start = this.lineStarts[row] ?? this.text.length;
    let column = utf16Column;
    for (let i = start; i < start + utf16Column - 1; i++) {
      const code = this.text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff) {
        const next = this.text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          column--;
          i++;
        }
      }
    }
    return column;
  }

  private hasSurrogates(row: number): boolean {
    let has = this.surrogateRows.get(row);
    if (has === undefined) this.surrogateRows.set(row, (has = /[\ud800-\udfff]/.test(this.lineText(row))));
    return has;
  }

  /**
   * `point` kept on its line: a column past the line's text, inside its `\r\n` (tree-sitter ends an
   * ERROR node that took the `\r` in there), is the line's end, where LSP clients put it too.
   */
  withinLine<P extends { readonly row: number; readonly column: number }>(point: P): P {
    if (point.column === 0 || point.row >= this.lineStarts.length) return point;
    const length = this.lineText(point.row).length;
    return point.column > length ? { ...point, column: length } : point;
  }

  /** The UTF-16 column for a code-point column on `row`. */
  utf16Column(row: number, codePointColumn: number): number {
    const start = this.lineStarts[row] ?? this.text.length;
    let offset = start;
    for (let seen = 0; seen < codePointColumn && offset < this.text.length; seen++) {
      const code = this.text.charCodeAt(offset);
      offset += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    }
    return offset - start;
  }
}

/**
 * The first `length` UTF-16 units of `text`, one fewer where that would cut a surrogate pair in half (an emoji at the
 * cut): a message quoting code cut there would hold a lone surrogate, which no encoding of it to UTF-8 keeps.
 */
export function leadingText(text: string, length: number): string {
  if (length >= text.length) return text;
  const last = text.charCodeAt(length - 1);
  const next = text.charCodeAt(length);
  // Only a pair is kept whole; a lone high surrogate is a character of its own (saved, it is U+FFFD, which the CLI
  // reads back and keeps).
  const splitsPair = last >= 0xd800 && last <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
  return text.slice(0, splitsPair ? length - 1 : length);
}
