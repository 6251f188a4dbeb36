// After edits, a document's top-level statements without reparsing the whole text: the statements
// the edits touched come from a small parse of their lines, the others from the last full parse
// (read once, then moved along with the tree at each edit), or from the small parses of earlier
// re-lints, kept (and edited along) until the next full parse, so that each re-lint parses only
// what changed since the last one. (tree-sitter's incremental reparse still visits every
// top-level statement: 8 ms in a 5,000-line module of small functions; this costs about what the
// edited lines do.) It applies only where a statement parses alone as it does in the file: no
// syntax error, no indented top-level statement, and edits below the module's opening docstring
// and imports.
import type { Edit } from 'web-tree-sitter';
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

/**
 * A small parse of some runs of whole lines, whose statements stand in for the full parse's stale ones there.
 * Kept from one re-lint to the next: its tree is edited along with the text and its spans moved.
 */
export interface RegionParse {
  readonly tree: SyntaxTree;
  /** Its top-level statements, moved along with the edits (see `KeptStatements`). */
  readonly nodes: readonly SyntaxNode[];
  /** The runs of lines whose statements are taken from it, in current offsets, in order. */
  readonly spans: readonly TextSpan[];
}

interface EditedStatements {
  readonly statements: readonly StatementSite[];
  /**
   * The small parses the statements come from, the newest last: those still in use of the ones passed in (the
   * caller deletes the trees of the others) and the one made now, if any.
   */
  readonly regions: readonly RegionParse[];
}

const LINE_FEED = 0x0a;

/** The most text (UTF-16 units, some 400 lines) worth parsing apart. */
const MAX_REGION = 16_384;

/**
 * The most small parses kept, and the most text they may hold together (some 1,600 lines; tree-sitter keeps about 40
 * bytes a character): past either, the oldest ones' lines are parsed again with the new edits. Typing from place to
 * place (bench/server/editLatency.ts: 200 lines, some 30 statements) with 8 at most parsed a retired statement again at
 * nearly every keystroke, which doubled the parsing.
 */
const MAX_REGION_PARSES = 32;
const MAX_KEPT_REGIONS_TEXT = 4 * MAX_REGION;

/** The fields of web-tree-sitter's Tree that `Node.text` reads (not in its type declarations). */
interface TreeText {
  textCallback: (index: number) => string;
}

/** The fields in which web-tree-sitter's Node keeps the children it has read (not in its type declarations). */
interface NodeChildren {
  _children: SyntaxNode[] | undefined;
  _namedChildren: SyntaxNode[] | undefined;
}

/**
 * The top-level statements of a full parse, read once and kept from one re-lint to the next, moved along with each
 * edit of the tree: reading `root.children` made a Node object for every statement on every keystroke (0.5 ms and
 * 220 KB in a 5,000-line module, which V8 came to allocate in the old generation). Kept until the tree is replaced.
 */
export class KeptStatements {
  readonly nodes: readonly SyntaxNode[];
  /** The statements as no edit touched them (those an edit touched are taken from a small parse). */
  readonly sites: readonly StatementSite[];

  constructor(tree: SyntaxTree) {
    this.nodes = tree.rootNode.children;
    this.sites = this.nodes.map((node) => statementSite(node, true));
  }

  /** After `tree.edit(edit)`: the statements as `root.children` would list them now. */
  edit(edit: Edit): void {
    editNodes(this.nodes, edit);
  }
}

/**
 * Moves a list of sibling nodes (in order) after `edit` was applied to their tree. A Node is the address of its
 * subtree's place in its parent's children, which `Tree.edit` changes in place, and its start, moved here as
 * `Node.edit` moves it (see `moveStart`). What a node has read of its children is read again: their starts have moved
 * too.
 */
export function editNodes(nodes: readonly SyntaxNode[], edit: Edit): void {
  // The statement holding the edit starts before it: its children moved, not its start.
  const first = Math.max(
    0,
    lastStartingAtOrBefore(nodes, edit.startIndex - 1, (node) => node),
  );
  for (let index = first; index < nodes.length; index++) {
    const node = nodes[index]!;
    moveStart(node, edit);
    const cached = node as unknown as NodeChildren;
    cached._children = undefined;
    cached._namedChildren = undefined;
  }
}

/**
 * Moves `node`'s start as `Node.edit` does (a start inside the replaced text goes to its new end), keeping its
 * position object where its row and column stay: `Node.edit` makes a new one for every node after the edit (40 KB a
 * keystroke in a 5,000-line module, half the statements kept from one keystroke to the next).
 */
function moveStart(node: SyntaxNode, edit: Edit): void {
  const { startIndex, startPosition } = node;
  if (startIndex >= edit.oldEndIndex) {
    node.startIndex = startIndex + edit.newEndIndex - edit.oldEndIndex;
    const { oldEndPosition, newEndPosition } = edit;
    if (startPosition.row === oldEndPosition.row)
      node.startPosition = { row: newEndPosition.row, column: newEndPosition.column + startPosition.column - oldEndPosition.column };
    else if (newEndPosition.row !== oldEndPosition.row)
      node.startPosition = { row: startPosition.row + newEndPosition.row - oldEndPosition.row, column: startPosition.column };
  } else if (startIndex > edit.startIndex) {
    node.startIndex = edit.newEndIndex;
    node.startPosition = { row: edit.newEndPosition.row, column: edit.newEndPosition.column };
  }
}

/**
 * The top-level statements of `text`, with those around `changed` (the spans the edits since the last lint cover,
 * in current offsets, in order) parsed again; those of `regions` (the small parses of earlier re-lints since `tree`
 * was parsed, edited along) taken from them where no edit since touched them; undefined when only a full reparse
 * will do. `tree` must have had the edits applied with `Tree.edit`, and `kept` (its statements) too.
 */
export function reparseEditedStatements(
  linter: Linter,
  tree: SyntaxTree,
  kept: KeptStatements,
  regions: readonly RegionParse[],
  text: string,
  changed: readonly TextSpan[],
  positionAt: (offset: number) => Point,
): EditedStatements | undefined {
  const root = tree.rootNode;
  if (root.hasError) return undefined;
  // Rows and line starts as the parser sees them: a lone `\r` is a line break too.
  const source = normalizeLoneCarriageReturns(text);
  const children = kept.nodes;
  if (someIndented(children, source)) return undefined;
  // The oldest small parses past the limits are parsed again, as if edited.
  const sizeOf = (region: RegionParse): number => region.spans.reduce((size, { start, end }) => size + end - start, 0);
  let keptSize = regions.reduce((size, region) => size + sizeOf(region), 0);
  let retiring = 0;
  for (; retiring < regions.length && (regions.length - retiring + 1 > MAX_REGION_PARSES || keptSize > MAX_KEPT_REGIONS_TEXT); retiring++)
    keptSize -= sizeOf(regions[retiring]!);
  const retired = regions.slice(0, retiring);
  const edited = mergedSpans([...changed, ...retired.flatMap((region) => region.spans)]);
  const keptRegions = regions.slice(retired.length);
  const grown = editedRegions(
    children,
    source,
    edited,
    keptRegions.flatMap((region) => region.spans),
  );
  // A fresh parse costs several times what an incremental one does per line: beyond this, reparse all.
  if (grown === undefined || (grown.length === 0 && keptRegions.length === 0)) return undefined;
  // A line continuation that ends the text is a syntax error in a parse of the whole text, not in a parse of
  // ranges ending there (tree-sitter sees no end of file after it).
  const lastEnd = Math.max(grown.at(-1)?.end ?? 0, keptRegions.at(-1)?.spans.at(-1)?.end ?? 0);
  if (source.endsWith('\\') && lastEnd === source.length) return undefined;
  const header = headerLength(kindsOf(children));
  if (grown.length > 0 && grown[0]!.start <= (children[header - 1]?.endIndex ?? -1)) return undefined;

  // The kept parses keep their spans the new one does not take in.
  const stillKept: RegionParse[] = [];
  for (const region of keptRegions) {
    const spans = region.spans.filter((span) => !grown.some((other) => overlaps(span, other)));
    if (spans.length > 0) stillKept.push({ ...region, spans });
  }
  const fresh = grown.length > 0 ? parseRegions(linter, source, grown, positionAt) : undefined;
  if (fresh === null) return undefined;
  const newRegions = fresh ? [...stillKept, fresh] : stillKept;
  for (const region of [tree, ...stillKept.map(({ tree }) => tree)]) readFrom(region, source);
  return { statements: joinedStatements(kept, newRegions, fresh, source.length), regions: newRegions };
}

/** The small parse of `spans`; null when its statements are not those a parse of the whole text would give. */
function parseRegions(linter: Linter, source: string, spans: TextSpan[], positionAt: (offset: number) => Point): RegionParse | null {
  const tree = linter.parseRange(
    source,
    spans.map(({ start, end }) => ({ startIndex: start, endIndex: end, startPosition: positionAt(start), endPosition: positionAt(end) })),
  );
  const reparsed = tree.rootNode.children;
  // The regions are parsed as one text: a statement may run from one into the next (`import` at the
  // end of one, a name at the start of the next), which a parse of the whole file would not give.
  if (tree.rootNode.hasError || someIndented(reparsed, source) || !eachWithinOneRegion(reparsed, spans)) {
    tree.delete();
    return null;
  }
  return { tree, nodes: reparsed, spans };
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
 * Each edited span, grown to whole lines, the statements on them and the spans of `kept` (the kept small parses')
 * that it overlaps or meets (until nothing more does), then merged where they meet; undefined when they hold more
 * text than is worth parsing apart.
 */
function editedRegions(
  children: readonly SyntaxNode[],
  source: string,
  changed: readonly TextSpan[],
  kept: readonly TextSpan[],
): TextSpan[] | undefined {
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
      // A kept parse's statements there were parsed with the lines around them: parsed again together.
      for (const span of kept) {
        if (!overlaps(span, region) || (span.start >= region.start && span.end <= region.end)) continue;
        region = { start: Math.min(region.start, span.start), end: Math.max(region.end, span.end) };
        grown = true;
      }
    }
    regions.push(region);
  }
  const merged = mergedSpans(regions);
  for (const region of merged) size += region.end - region.start;
  return size > MAX_REGION ? undefined : merged;
}

/** `spans` in order, those that overlap or meet merged. */
export function mergedSpans(spans: readonly TextSpan[]): TextSpan[] {
  const merged: TextSpan[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, span.end) };
    else merged.push(span);
  }
  return merged;
}

/** Whether two spans overlap or meet (statements on lines next to each other may take each other in). */
function overlaps(a: TextSpan, b: TextSpan): boolean {
  return a.start <= b.end && b.start <= a.end;
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
 * holds only the text: made where the statements are listed, it held them too, until the next edit.) A small parse
 * made now reads the text it was given.
 */
function readFrom(tree: SyntaxTree, source: string): void {
  (tree as unknown as TreeText).textCallback = (index) => source.slice(index);
}

/**
 * The document's statements: each region's span holds whole statements, those of its parse; the others (`kept`,
 * from the last full parse) lie wholly before or after each. A span reaching the end of the text holds all that
 * follow: statements an edit deleted up to the end are left there by `Tree.edit`, empty, starting where it ends.
 * The statements of `fresh`, the parse made now, are new; those of the kept parses, as the full parse's, are the
 * previous lint's, moved.
 */
function joinedStatements(
  kept: KeptStatements,
  regions: readonly RegionParse[],
  fresh: RegionParse | undefined,
  textLength: number,
): StatementSite[] {
  const { nodes: children, sites } = kept;
  const parts: { span: TextSpan; nodes: SyntaxNode[]; untouched: boolean }[] = [];
  for (const region of regions) {
    for (const span of region.spans) {
      const inSpan = region.nodes.filter(
        (node) => node.startIndex >= span.start && (node.startIndex < span.end || span.end === textLength),
      );
      parts.push({ span, nodes: inSpan, untouched: region !== fresh });
    }
  }
  parts.sort((a, b) => a.span.start - b.span.start);
  // About as many as the full parse has: made at that length (grown one at a time, its copies cost more than it).
  const statements = new Array<StatementSite>(children.length);
  let count = 0;
  let index = 0;
  for (const { span, nodes, untouched } of parts) {
    for (; index < children.length && children[index]!.startIndex < span.start; index++) statements[count++] = sites[index]!;
    while (index < children.length && (children[index]!.startIndex < span.end || span.end === textLength)) index++;
    for (const node of nodes) statements[count++] = statementSite(node, untouched || undefined);
  }
  for (; index < children.length; index++) statements[count++] = sites[index]!;
  statements.length = count;
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
