// LOOP000: a file that cannot be read as Python text, or that does not parse.
import type { SyntaxNode } from '../analysis/pythonParser';
import { leadingText } from '../analysis/sourceText';
import type { RuleInfo } from './rule';

export const INVALID_FILE: RuleInfo = {
  code: 'LOOP000',
  name: 'invalid-file',
  summary: 'The file cannot be read as Python source, or does not parse.',
  defaultSeverity: 'error',
  enabledByDefault: true,
  equivalents: [],
  fixable: false,
  doc: {
    whatItDoes:
      'Reports a file that is not valid text in its declared encoding (UTF-8 by default), contains NUL bytes, or has a syntax error. Other rules still check the parts of a broken file that parse. A file broken on purpose (a test fixture of a syntax error) is left alone with a `# noqa` (bare, or naming LOOP000) on the line the syntax error is reported at, or `# loopscope: noqa: LOOP000` for the whole file. Valid Python that the parser\'s grammar (tree-sitter-python 0.25) does not read is not reported where it is a starred expression other than a name in a subscript (PEP 646, `tuple[*[int, str]]`), an f-string\'s format specification starting with `=` (`f"{score:=06.2f}"`, which the grammar reads as a walrus), a type parameter\'s default (PEP 696, Python 3.13: `class Adapter[EventT: Event = Event]`), or a subscript called inside another subscript (`key: Annotated[str, TYPES["query"](name="key")]`, which the grammar does not read in an annotation): the file is parsed again with the `*`, the `=` or the default blanked, or the called subscript in parentheses (`(TYPES["query"])(name="key")`), and is reported only if errors remain (an empty default, `[T = ]`, is left as it is, as are errors in the call\'s arguments).',
    whyIsThisBad: 'Python refuses to run such a file, and parts of it may hide other problems from the linter.',
    example: 'async def fetch(url)\n    return await get(url)',
    useInstead: 'async def fetch(url):\n    return await get(url)',
  },
};

interface SyntaxProblem {
  readonly node: SyntaxNode;
  readonly message: string;
}

/** At most this many error nodes are collected; one diagnostic reports the first and counts the rest. */
const MAX_ERRORS = 100;

/** ERROR and MISSING nodes in source order, descending only into subtrees that contain errors. */
export function findSyntaxProblems(root: SyntaxNode): SyntaxProblem[] {
  if (!root.hasError) return [];
  // When nothing parses, tree-sitter makes the root itself the ERROR node.
  if (root.type === 'ERROR') return [{ node: root, message: unexpectedMessage(root) }];
  const problems: SyntaxProblem[] = [];
  const pending: SyntaxNode[] = [root];
  while (pending.length > 0 && problems.length < MAX_ERRORS) {
    const node = pending.pop()!;
    if (node !== root && node.isMissing) {
      problems.push({ node, message: `expected ${describeToken(node.type)}` });
    } else if (node !== root && node.type === 'ERROR') {
      problems.push({ node, message: unexpectedMessage(node) });
    } else {
      const children = node.children.filter((child) => child.hasError || child.isMissing);
      for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]!);
    }
  }
  if (problems.length === 0) problems.push(hiddenProblem(root));
  return problems;
}

/**
 * The problem of a tree whose only errors are hidden tokens tree-sitter supplied as MISSING (a line break
 * between two statements, as in `import a.b()`): no node shows them, so it is found where they must be,
 * two statements on one line with nothing between them, else in the innermost node holding the error.
 */
function hiddenProblem(root: SyntaxNode): SyntaxProblem {
  let node = root;
  for (let inner = node.children.find((child) => child.hasError); inner; inner = inner.children.find((child) => child.hasError))
    node = inner;
  // Children include the anonymous `;` between two statements of one line.
  const children = node.children;
  for (let i = 1; i < children.length; i++) {
    const [before, after] = [children[i - 1]!, children[i]!];
    if (before.isNamed && after.isNamed && before.endPosition.row === after.startPosition.row)
      return { node: after, message: `expected a line break before ${unexpectedMessage(after).replace(/^invalid syntax near /, '')}` };
  }
  return { node, message: unexpectedMessage(node) };
}

function describeToken(kind: string): string {
  return /^[a-z_]+$/.test(kind) ? kind.replace(/_/g, ' ') : `'${kind}'`;
}

function unexpectedMessage(node: SyntaxNode): string {
  const firstToken = node.firstChild ?? node;
  const text = firstToken.text.split('\n', 1)[0]!.trim();
  if (text === '') return 'invalid syntax';
  return `invalid syntax near '${text.length > 30 ? `${leadingText(text, 30)}…` : text}'`;
}

/**
 * `*` before an expression, right after `[`: a starred item (`[*rows]`, `list[*[int, str]]`). Not after a comma: a
 * call's `*args` is common in code being typed, and each repair costs a parse of the whole file.
 */
const STARRED_ITEM = /(\[\s*)\*(?=[\w[('"])/g;

/** A line holding an f-string: a string prefix with `f` in it, then the quote. */
const F_STRING = /(?<![\w'"])[rRbB]?[fF][rR]?['"]/;

/**
 * A replacement field's expression followed by `:=`, on a line holding an f-string: `{score:=06.2f}`, whose format
 * specification starts with `=` (pad after the sign). Python reads the `:` there as the start of the specification,
 * never as a walrus (an assignment expression in a replacement field takes parentheses); the grammar reads a walrus.
 */
const FORMAT_SPEC_AFTER_COLON = /(\{[^{}:!='"\n]*[^{}:!='"\s])\s*:(?==)/g;

/** A type parameter list opening (PEP 695): `class Name[`, `def name[`, `type Name[`. */
const TYPE_PARAMETERS = /\b(?:class|def|type)[ \t]+[\p{L}_][\p{L}\p{N}_]*[ \t]*\[/gu;
/** How far above a problem's line the opening of a type parameter list holding it is looked for (characters). */
const TYPE_PARAMETERS_REACH = 2000;

/**
 * The offsets of each type parameter's default (PEP 696, Python 3.13: `class Adapter[EventT: AnyEvent = AnyEvent]`),
 * `=` and expression, in the parameter list opening at `open` (the offset of its `[`): what lies between the `=` and
 * the `,` or `]` ending the parameter, outside brackets and strings. Line breaks are kept.
 */
function typeParameterDefaults(source: string, open: number): number[] {
  const offsets: number[] = [];
  let depth = 0;
  // Within a default: whether anything but blanks followed its `=` yet (an empty one is an error left as it is).
  let inDefault = false;
  let written = false;
  for (let index = open + 1; index < source.length; index++) {
    const character = source[index]!;
    if (character === '"' || character === "'") {
      const end = source.indexOf(character, index + 1);
      if (end < 0) return [];
      if (inDefault) for (let inside = index; inside <= end; inside++) offsets.push(inside);
      written ||= inDefault;
      index = end;
      continue;
    }
    const ends = depth === 0 && (character === ',' || character === ']');
    if (ends && inDefault && !written) return [];
    if ('([{'.includes(character)) depth++;
    else if (')]}'.includes(character)) {
      if (depth === 0) return character === ']' ? offsets : [];
      depth--;
    } else if (depth === 0 && character === ',') inDefault = false;
    else if (depth === 0 && character === '=') [inDefault, written] = [true, false];
    else if (inDefault && !/\s/.test(character)) written = true;
    if (inDefault && character !== '\n' && character !== '\r') offsets.push(index);
  }
  return [];
}

/**
 * Each subscript called inside another subscript on the line (`x: A[str, T[k](name="a")]`): where its expression starts
 * (`T`) and the offset after its `]`. Wrapped in parentheses (`(T[k])(name="a")`), the grammar reads it.
 */
function calledSubscripts(line: string): { readonly start: number; readonly end: number }[] {
  const found: { start: number; end: number }[] = [];
  const open: { readonly character: string; readonly at: number }[] = [];
  // Where the expression a closing bracket ends starts: `a.b[c]` for the `]` of `a.b[c]`.
  const startOfClosed = new Map<number, number>();
  for (let index = 0; index < line.length; index++) {
    const character = line[index]!;
    if (character === '#') break;
    if (character === '"' || character === "'") {
      const end = line.indexOf(character, index + 1);
      if (end < 0) break;
      index = end;
    } else if ('([{'.includes(character)) {
      const before = line.slice(0, index).trimEnd();
      const subscript = before.length - 1;
      const start = startOfClosed.get(subscript);
      if (character === '(' && line[subscript] === ']' && start !== undefined && open.some((bracket) => bracket.character === '['))
        found.push({ start, end: subscript + 1 });
      open.push({ character, at: index });
    } else if (')]}'.includes(character)) {
      const opening = open.pop();
      if (opening) startOfClosed.set(index, expressionStart(line, opening.at, startOfClosed));
    }
  }
  return found;
}

/** Where the expression whose last bracket opens at `at` starts: back over names, dots and closed brackets. */
function expressionStart(line: string, at: number, startOfClosed: ReadonlyMap<number, number>): number {
  let start = at;
  for (;;) {
    let index = start - 1;
    while (index >= 0 && /[\p{L}\p{N}_.]/u.test(line[index]!)) index--;
    const closed = startOfClosed.get(index);
    if (index + 1 === start && closed === undefined) return start;
    if (index >= 0 && (line[index] === ']' || line[index] === ')') && closed !== undefined) start = closed;
    else return index + 1;
  }
}

/**
 * `source` rewritten so that tree-sitter-python 0.25 parses valid Python it does not, near the syntax problems found,
 * without making invalid code valid (only to tell whether it then parses: offsets may move):
 * - a starred expression other than a name in a subscript (PEP 646's `list[*[int, str]]`) has its `*` blanked (a
 *   starred item is as valid without it);
 * - in an f-string, a format specification starting with `=` (`f"{score:=06.2f}"`) has that `=` blanked (a space is a
 *   valid sign option there, so the field stays as valid as it was).
 * - a type parameter's default (PEP 696, Python 3.13: `class Adapter[EventT: AnyEvent = AnyEvent]`, which the grammar
 *   does not read) is blanked, `=` and expression: the parameter list stays as valid as it was without defaults.
 * - a subscript called inside another subscript (`Annotated[str, TYPES[kind](name="k")]`, which the grammar does not
 *   read in an annotation) is wrapped in parentheses, `(TYPES[kind])(name="k")`, as valid as it was: found in the
 *   line's text alone. (Finding the annotation around a problem by walking `.parent` up from ERROR nodes made
 *   web-tree-sitter abort in a later `Tree.edit` of the document's tree: server fuzz, seed 181849974.)
 * Undefined when no problem lies at such code.
 */
export function grammarGapRepaired(source: string, problems: readonly SyntaxProblem[]): string | undefined {
  const blanked = new Set<number>();
  // Text put before the character at an offset.
  const inserted = new Map<number, string>();
  for (const { node } of problems) {
    const lineStart = source.lastIndexOf('\n', node.startIndex - 1) + 1;
    const lineEnd = source.indexOf('\n', node.endIndex);
    const stretch = source.slice(lineStart, lineEnd < 0 ? source.length : lineEnd);
    for (const match of stretch.matchAll(STARRED_ITEM)) blanked.add(lineStart + match.index + match[1]!.length);
    if (F_STRING.test(stretch))
      for (const match of stretch.matchAll(FORMAT_SPEC_AFTER_COLON)) blanked.add(lineStart + match.index + match[0].length);
    for (const { start, end } of calledSubscripts(stretch)) {
      inserted.set(lineStart + start, `${inserted.get(lineStart + start) ?? ''}(`);
      inserted.set(lineStart + end, `)${inserted.get(lineStart + end) ?? ''}`);
    }
    // A parameter list may span lines (one parameter a line): its opening is looked for a little above the problem too.
    const above = Math.max(0, lineStart - TYPE_PARAMETERS_REACH);
    for (const match of source.slice(above, lineEnd < 0 ? source.length : lineEnd).matchAll(TYPE_PARAMETERS))
      for (const offset of typeParameterDefaults(source, above + match.index + match[0].length - 1)) blanked.add(offset);
  }
  if (blanked.size === 0 && inserted.size === 0) return undefined;
  const characters = source.split('');
  for (const offset of blanked) characters[offset] = ' ';
  for (const [offset, text] of inserted) characters[offset] = text + (characters[offset] ?? '');
  return characters.join('');
}
