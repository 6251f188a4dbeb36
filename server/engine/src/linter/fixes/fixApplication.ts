// Applies fixes to a text, as `loopscope lint --fix` and the editor's "Fix all" do: each pass takes
// the applicable fixes whose edits neither overlap nor touch those already taken, applies them
// together, and lints again; passes repeat (up to a cap) until no applicable fix is left. A pass
// that would add a syntax error is undone, whatever fix caused it.
import type { SyntaxTree } from '../../analysis/pythonParser';
import { LineIndex } from '../../analysis/sourceText';
import { findSyntaxProblems } from '../fileProblems';
import { MAX_FILE_SIZE, type Linter, type LintDiagnostic, type LintResult } from '../linter';
import type { LintSettings } from '../lintSettings';
import type { ProjectView } from '../projectView';
import type { Fix, TextEdit } from '../rule';

/** Enough for fixes that unlock others (two imports of the same module, then the second fix); Ruff allows more. */
export const MAX_FIX_PASSES = 10;

interface FixOptions {
  /** Apply unsafe fixes too (`--unsafe-fixes`). */
  readonly unsafe?: boolean;
  readonly maxPasses?: number;
  /** The rest of the project, for the rules that look across modules (as the first lint had it). */
  readonly project?: ProjectView;
}

export function isApplicable(fix: Fix | null | undefined, unsafe = false): fix is Fix {
  return fix !== null && fix !== undefined && fix.edits.length > 0 && (unsafe || fix.safety === 'safe');
}

interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

interface AppliedFixes<T> {
  readonly text: string;
  /** The items whose fixes went in, in source order. */
  readonly applied: readonly T[];
}

/**
 * Applies, in one pass, the fixes of `items` that do not conflict: sorted by where they start,
 * a fix is taken when none of its edits overlaps or touches an edit already taken.
 */
function applyNonOverlappingFixes<T>(text: string, items: readonly T[], fixOf: (item: T) => Fix): AppliedFixes<T> {
  const lines = new LineIndex(text);
  const candidates = items
    .map((item) => {
      const edits = fixOf(item).edits.map((edit) => toOffsets(edit, lines));
      return { item, edits, first: edits.reduce((least, edit) => Math.min(least, edit.start), Number.POSITIVE_INFINITY) };
    })
    .filter((candidate) => candidate.edits.length > 0)
    .sort((a, b) => a.first - b.first);
  // The edits taken so far, in order and disjoint: each check is a binary search, so a pass over
  // tens of thousands of fixes stays linear-logarithmic (comparing with every taken edit was quadratic).
  const taken = new TakenEdits();
  const applied: T[] = [];
  for (const candidate of candidates) {
    if (candidate.edits.some((edit) => taken.conflicts(edit))) continue;
    if (overlapEachOther(candidate.edits)) continue;
    for (const edit of candidate.edits) taken.add(edit);
    applied.push(candidate.item);
  }
  return { text: applyOffsetEdits(text, taken.edits), applied };
}

/** Disjoint edits sorted by start, answering "does this edit overlap or touch one of them?". */
class TakenEdits {
  readonly edits: OffsetEdit[] = [];

  /** The index of the first edit ending at or after `offset`. */
  private firstEndingFrom(offset: number): number {
    let low = 0;
    let high = this.edits.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.edits[middle]!.end < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  conflicts(edit: OffsetEdit): boolean {
    const next = this.edits[this.firstEndingFrom(edit.start)];
    return next !== undefined && next.start <= edit.end;
  }

  add(edit: OffsetEdit): void {
    this.edits.splice(this.firstEndingFrom(edit.start), 0, edit);
  }
}

/** Applies edits (given as points) that do not overlap one another. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  return applyOffsetEdits(
    text,
    edits.map((edit) => toOffsets(edit, lines)),
  );
}

function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  const ordered = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let position = 0;
  for (const edit of ordered) {
    if (edit.start < position) throw new Error('overlapping edits');
    result += text.slice(position, edit.start) + edit.newText;
    position = edit.end;
  }
  return result + text.slice(position);
}

function overlapEachOther(edits: readonly OffsetEdit[]): boolean {
  const ordered = [...edits].sort((a, b) => a.start - b.start);
  return ordered.some((edit, index) => index > 0 && edit.start < ordered[index - 1]!.end);
}

function toOffsets(edit: TextEdit, lines: LineIndex): OffsetEdit {
  const start = lines.offsetAt(edit.start.row, edit.start.column);
  const end = lines.offsetAt(edit.end.row, edit.end.column);
  return { start, end: Math.max(start, end), newText: edit.newText };
}

interface FixedText {
  readonly text: string;
  /** The diagnostics whose fixes were applied, pass after pass. */
  readonly fixed: readonly LintDiagnostic[];
  /** The lint of the final text: what remains. */
  readonly result: LintResult;
  readonly passes: number;
  /**
   * A pass turned text that parsed into text that does not, and was undone (a bug in some fix: worth
   * reporting). A pass on code already broken that counts more errors is undone too, unreported:
   * tree-sitter's recovery counts errors differently as the code around them changes.
   */
  readonly brokenPass?: readonly LintDiagnostic[];
}

/**
 * Fixes `text` until no applicable fix remains or the pass limit is reached. `initial` is the lint
 * of `text` with `settings`, when the caller already has it.
 */
export function fixText(linter: Linter, text: string, settings: LintSettings, options: FixOptions = {}, initial?: LintResult): FixedText {
  const unsafe = options.unsafe ?? false;
  const maxPasses = options.maxPasses ?? MAX_FIX_PASSES;
  let current = text;
  let result = initial ?? linter.lintText(text, settings, options.project);
  // Too large to parse: its LOOP000 is all there is.
  if (text.length > MAX_FILE_SIZE) return { text, fixed: [], result, passes: 0 };
  // Counted only when a pass's text has syntax errors (a text without any cannot have more than before).
  let syntaxErrors: number | undefined;
  const fixed: LintDiagnostic[] = [];
  let passes = 0;
  while (passes < maxPasses) {
    const fixable = result.diagnostics.filter((diagnostic) => isApplicable(diagnostic.fix, unsafe));
    if (fixable.length === 0) break;
    const pass = applyNonOverlappingFixes(current, fixable, (diagnostic) => diagnostic.fix!);
    if (pass.applied.length === 0) break;
    // One parse of the new text serves both the syntax check and the next lint.
    const tree = linter.parse(pass.text);
    try {
      const errors = findSyntaxProblems(tree.rootNode).length;
      if (errors > 0 && errors > (syntaxErrors ??= countSyntaxErrors(linter, current))) {
        return { text: current, fixed, result, passes, ...(syntaxErrors === 0 ? { brokenPass: pass.applied } : {}) };
      }
      passes++;
      current = pass.text;
      syntaxErrors = errors;
      fixed.push(...pass.applied);
      result = linter.lintTree(tree, current, settings, { project: options.project });
    } finally {
      tree.delete();
    }
  }
  return { text: current, fixed, result, passes };
}

function countSyntaxErrors(linter: Linter, text: string): number {
  const tree: SyntaxTree = linter.parse(text);
  try {
    return findSyntaxProblems(tree.rootNode).length;
  } finally {
    tree.delete();
  }
}
