// After edits, a document's top-level statements without reparsing the whole text: the statements
// the edits touched come from a small parse of their lines, the others from the last full parse,
// which tree-sitter's `edit` has already moved to their new places. (tree-sitter's incremental
// reparse still visits every top-level statement: milliseconds for a few thousand lines; this costs
// about what the edited lines do.) It applies only where a statement parses alone as it does in the
// file: no syntax error, no indented top-level statement, and edits below the module's opening
// docstring and imports.
import {
  headerLength,
  lastStartingAtOrBefore,
  normalizeLoneCarriageReturns,
  statementSite,
  type Linter,
  type Point,
  type StatementSite,
  type SyntaxNode,
  type SyntaxTree,
} from '../../engine/src';

/** A range of UTF-16 offsets of the current text. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

interface EditedStatements {
  readonly statements: readonly StatementSite[];
  /** The small tree holding the reparsed statements: delete it once they are no longer used. */
  readonly region: SyntaxTree;
  /** The text that tree covers (runs of whole lines). */
  readonly spans: readonly TextSpan[];
}

const LINE_FEED = 0x0a;

/** The most text (UTF-16 units, some 400 lines) worth parsing apart. */
const MAX_REGION = 16_384;

/** The fields of web-tree-sitter's Tree that `Node.text` reads (not in its type declarations). */
interface TreeText {
  textCallback: (index: number) => string;
}

/**
 * The top-level statements of `text`, with those around `changed` (the spans the edits since `tree`
 * was parsed cover, in current offsets, in order) parsed again; undefined when only a full reparse
 * will do. `tree` must have had the edits applied with `Tree.edit`.
 */
export function reparseEditedStatements(
  linter: Linter,
  tree: SyntaxTree,
  text: string,
  changed: readonly TextSpan[],
  positionAt: (offset: number) => Point,
): EditedStatements | undefined {
  const root = tree.rootNode;
  if (root.hasError) return undefined;
  // Rows and line starts as the parser sees them: a lone `\r` is a line break too.
  const source = normalizeLoneCarriageReturns(text);
  const children = root.children;
  if (someIndented(children, source)) return undefined;
  const regions = editedRegions(children, source, changed);
  // A fresh parse costs several times what an incremental one does per line: beyond this, reparse all.
  if (regions === undefined || regions.length === 0) return undefined;
  // A line continuation that ends the text is a syntax error in a parse of the whole text, not in a parse of
  // ranges ending there (tree-sitter sees no end of file after it).
  if (source.endsWith('\\') && regions.at(-1)!.end === source.length) return undefined;
  const header = headerLength(kindsOf(children));
  if (regions[0]!.start <= (children[header - 1]?.endIndex ?? -1)) return undefined;

  const region = linter.parseRange(
    source,
    regions.map(({ start, end }) => ({ startIndex: start, endIndex: end, startPosition: positionAt(start), endPosition: positionAt(end) })),
  );
  const reparsed = region.rootNode.children;
  // The regions are parsed as one text: a statement may run from one into the next (`import` at the
  // end of one, a name at the start of the next), which a parse of the whole file would not give.
  if (region.rootNode.hasError || someIndented(reparsed, source) || !eachWithinOneRegion(reparsed, regions)) {
    region.delete();
    return undefined;
  }
  readFrom(tree, source);
  return { statements: joinedStatements(children, reparsed, regions, source.length), region, spans: regions };
}

/**
 * tree-sitter takes an indented line after a top-level statement as a statement of its own, where a block before it
 * would have taken it in: such statements depend on what precedes them. Runs on every keystroke over every statement,
 * so it reads their start offsets only (reading each start point, an object of its own, cost 0.5 ms a keystroke in a
 * 5,000-line file).
 */
function someIndented(statements: readonly SyntaxNode[], source: string): boolean {
  for (let index = 0; index < statements.length; index++) {
    const start = statements[index]!.startIndex;
    if (start === 0 || source.charCodeAt(start - 1) === LINE_FEED) continue;
    const lineStart = source.lastIndexOf('\n', start - 1) + 1;
    if (source.slice(lineStart, start).trim() === '') return true;
  }
  return false;
}

/**
 * Each edited span, grown to whole lines and the statements on them (until nothing more overlaps), then merged where
 * they meet; undefined when they hold more text than is worth parsing apart.
 */
function editedRegions(children: readonly SyntaxNode[], source: string, changed: readonly TextSpan[]): TextSpan[] | undefined {
  // Start offsets are cheap to read, ends are not: only near spans.
  const ends = new Map<number, number>();
  const endOf = (index: number): number => {
    let end = ends.get(index);
    if (end === undefined) ends.set(index, (end = children[index]!.endIndex));
    return end;
  };
  const regions: TextSpan[] = [];
  let size = 0;
  for (const span of changed) {
    let region = { start: lineStart(source, span.start), end: lineEnd(source, span.end) };
    for (let grown = true; grown;) {
      grown = false;
      // Overlapping statements: from the last one starting before the region to the last one starting in it,
      // and those before it that end where the region starts: a statement whose end an edit deleted, and the
      // statements the edit deleted whole, which Tree.edit leaves in the tree, empty, at the same place.
      let first = Math.max(
        0,
        lastStartingAtOrBefore(children, region.start, (child) => child),
      );
      while (first > 0 && endOf(first - 1) >= region.start) first--;
      for (let index = first; index < children.length; index++) {
        const child = children[index]!;
        if (child.startIndex >= region.end) break;
        const end = endOf(index);
        if (end < region.start) continue;
        if (child.startIndex < region.start || end > region.end) {
          const wider = {
            start: Math.min(region.start, lineStart(source, child.startIndex)),
            end: Math.max(region.end, lineEnd(source, end)),
          };
          // Grown only if it grew: a node the region cannot take in (past the text's end) must not loop forever.
          grown = wider.start !== region.start || wider.end !== region.end;
          region = wider;
        }
      }
    }
    const last = regions.at(-1);
    if (last && region.start <= last.end)
      regions[regions.length - 1] = { start: Math.min(last.start, region.start), end: Math.max(last.end, region.end) };
    else regions.push(region);
    size += region.end - region.start;
  }
  return size > MAX_REGION ? undefined : regions;
}

/** The statements' kinds, read (from wasm) as they are asked for. */
function* kindsOf(statements: readonly SyntaxNode[]): Generator<{ readonly kind: string }> {
  for (const node of statements) yield { kind: node.type };
}

function eachWithinOneRegion(statements: readonly SyntaxNode[], regions: readonly TextSpan[]): boolean {
  return statements.every((node) => regions.some(({ start, end }) => node.startIndex >= start && node.endIndex <= end));
}

/**
 * The kept statements' nodes read their text through their tree: from now on, `source`. (Made here, the callback
 * holds only the text: made where the statements are listed, it held them too, until the next edit.)
 */
function readFrom(tree: SyntaxTree, source: string): void {
  (tree as unknown as TreeText).textCallback = (index) => source.slice(index);
}

/**
 * The document's statements: the regions hold whole statements, the others (`children`, from the last full parse)
 * lie wholly before or after each. A region reaching the end of the text holds all that follow: statements an edit
 * deleted up to the end are left there by `Tree.edit`, empty, starting where the region ends.
 */
function joinedStatements(
  children: readonly SyntaxNode[],
  reparsed: readonly SyntaxNode[],
  regions: readonly TextSpan[],
  textLength: number,
): StatementSite[] {
  const statements: StatementSite[] = [];
  let index = 0;
  let fresh = 0;
  for (const { start, end } of regions) {
    for (; index < children.length && children[index]!.startIndex < start; index++) statements.push(statementSite(children[index]!, true));
    while (index < children.length && (children[index]!.startIndex < end || end === textLength)) index++;
    for (; fresh < reparsed.length && reparsed[fresh]!.startIndex < end; fresh++) statements.push(statementSite(reparsed[fresh]!));
  }
  for (; index < children.length; index++) statements.push(statementSite(children[index]!, true));
  return statements;
}

function lineStart(text: string, offset: number): number {
  // lastIndexOf reads a negative start as 0: at offset 0 it would find a line break there.
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the line holding `offset`, past its line break (the regions are parsed one after another). */
function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}
