// Jinja templates with a `.py` name (cookiecutter project templates such as crawlee's `templates/main.py`): the Python
// they render to is not what the file says. An `await` the template later indents into an `async def` stands at module
// level in the file, and `# % if` lines choose which statements exist, so what the rules read of the file's structure
// is not so: the linter reports nothing in such a file (see isJinjaTemplate).

/**
 * A Jinja line statement closing a block (`# % endif`, `# % endblock`) or naming another template (`# % extends
 * 'main.py'`, `# % include 'x.py'`), with the `# %` prefix: a comment to Python, which no plain Python comment reads as.
 */
const LINE_STATEMENT =
  /^[ \t]*#[ \t]*%[-+]?[ \t]*(?:end(?:if|for|block|macro|filter|call|raw|with|set|autoescape|trans)\b|(?:extends|include|import)[ \t]+['"])/m;

/** A line that starts with a Jinja tag, `{% ... %}` or `{{ ... }}` (after its indentation). */
const TAG_LINE = /^[ \t]*(?:\{%.*%\}|\{\{.*\}\})/m;
/** The end of a line, from `lastIndex` on. */
const LINE_END = /[\r\n]/g;
/** TAG_LINE at a given line start (`lastIndex`). */
const TAG_AT = /[ \t]*(?:\{%.*%\}|\{\{.*\}\})/y;

/**
 * Whether `text` is a Jinja template rather than Python: it has a Jinja line statement (see LINE_STATEMENT), or a line
 * outside any string that starts with a Jinja tag. Python rejects `{%` there, and `{{ x }}` (a set holding a set or a
 * dict) fails when it runs, so no working module has either; Python with `{{` in a string (an f-string's escaped brace,
 * an embedded template) or a comment is not a template.
 */
export function isJinjaTemplate(text: string): boolean {
  if (LINE_STATEMENT.test(text)) return true;
  return TAG_LINE.test(text) && tagLineOutsideStrings(text);
}

/** Whether a line starting with a Jinja tag begins outside a string: reads strings and comments past. */
function tagLineOutsideStrings(text: string): boolean {
  // The delimiter of the string being read (`'`, `"`, `'''` or `"""`), if any.
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quote !== undefined) {
      if (char === '\\') index++;
      else if (text.startsWith(quote, index)) {
        index += quote.length - 1;
        quote = undefined;
      }
      // An unterminated one-line string ends with its line (Python rejects it; the scan goes on).
      else if ((char === '\n' || char === '\r') && quote.length === 1) quote = undefined;
    } else if (char === '#') {
      // A comment runs to its line's end: `\n`, `\r\n` or a lone `\r`.
      LINE_END.lastIndex = index;
      if (!LINE_END.test(text)) return false;
      index = LINE_END.lastIndex - 2;
    } else if (char === "'" || char === '"') {
      const triple = char.repeat(3);
      quote = text.startsWith(triple, index) ? triple : char;
      index += quote.length - 1;
    } else if (index === 0 || char === '\n' || char === '\r') {
      TAG_AT.lastIndex = index === 0 ? 0 : index + 1;
      if (TAG_AT.test(text)) return true;
    }
  }
  return false;
}
