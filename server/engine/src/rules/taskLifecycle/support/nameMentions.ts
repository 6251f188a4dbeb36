// Finds a local name again in a function's text, for LOOP301's "assigned to a local nobody reads". Reads the
// text rather than resolved references: it runs for every task assigned to a local, and a superset is enough.

/** A code point that continues an identifier (a mention of `task` is not one of `my_task` or `task2`). */
const IDENTIFIER_PART = /[\p{L}\p{N}_]/u;

/** Lowline and ASCII letters and digits; other ASCII characters end an identifier. */
function isAsciiIdentifierPart(code: number): boolean {
  return code === 0x5f || (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
}

function isIdentifierPart(codePoint: number): boolean {
  return codePoint < 0x80 ? isAsciiIdentifierPart(codePoint) : IDENTIFIER_PART.test(String.fromCodePoint(codePoint));
}

/**
 * Whether `name` appears in `text` between `from` and `to` other than at `self`: as a whole word (no identifier
 * character before or after it, nor a `.` before it: `obj.task` is another name), outside comments. A mention in a
 * string, a nested function or a shadowing name counts as a use, which can only make the rule quieter. The text
 * outside `from`..`to` is not looked at, not even to tell where a word begins.
 */
export function isMentionedAgain(name: string, self: number, from: number, to: number, text: string): boolean {
  // An indexOf scan with explicit boundary checks: a regular expression per name cost a compilation per task.
  const range = text.slice(from, to);
  for (let index = range.indexOf(name); index >= 0;) {
    const end = index + name.length;
    if (isWordStart(range, index) && isWordEnd(range, end)) {
      if (from + index !== self && !isInComment(text, from + index)) return true;
      // Mentions do not overlap: the next one starts after this one.
      index = range.indexOf(name, end);
    } else {
      index = range.indexOf(name, index + 1);
    }
  }
  return false;
}

/** No identifier character nor `.` right before `index` (a surrogate pair read as one code point). */
function isWordStart(range: string, index: number): boolean {
  if (index === 0) return true;
  const before = range.charCodeAt(index - 1);
  if (before === 0x2e) return false;
  const isLowSurrogate = before >= 0xdc00 && before <= 0xdfff;
  const high = index >= 2 ? range.charCodeAt(index - 2) : 0;
  const codePoint = isLowSurrogate && high >= 0xd800 && high <= 0xdbff ? range.codePointAt(index - 2)! : before;
  return !isIdentifierPart(codePoint);
}

/** No identifier character at `end` (a surrogate pair read as one code point). */
function isWordEnd(range: string, end: number): boolean {
  return end >= range.length || !isIdentifierPart(range.codePointAt(end)!);
}

/** Whether a `#` outside quotes precedes `index` on its line (strings spanning lines are not tracked). */
function isInComment(text: string, index: number): boolean {
  let quote: string | undefined;
  for (let i = text.lastIndexOf('\n', index - 1) + 1; i < index; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#') {
      return true;
    }
  }
  return false;
}
