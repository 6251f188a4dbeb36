// Re-linting after an edit, one top-level statement at a time. What a lint leaves for the next one
// (`LintMemo`) is each top-level statement's diagnostics and what they depend on; after an edit,
// only the statements the edit touched are checked again, plus those whose diagnostics may depend
// on what changed. The others keep their diagnostics, moved by the edit.
//
// What a statement's diagnostics depend on:
// - names: every identifier written in it, and every module-level name its checks asked the
//   semantic model about. A changed statement changes the names of the functions and classes in
//   it, and the module names it binds whose bindings (kind, value, place among the kept statements'
//   bindings of the name) are not what they were.
// - MODULE_IMPORTS, MODULE_HEADER, MODULE_CODE, PRECEDING_STATEMENT: names standing for the module's
//   imports, where new imports go, the calls and awaits of module-level code, and the statement
//   before this one, which some checks and fixes read.
// - Its own parse: a statement with a syntax error is always checked again, since tree-sitter's
//   recovery depends on the code around it.
// - The settings and the text's layout (line endings, indentation): a change there, or in a
//   wildcard import, lints the whole file again.
import type { Point, SyntaxEdit, SyntaxNode } from '../analysis/pythonParser';
import { isBefore } from '../analysis/pythonSyntax';
import { detachedCopy } from '../analysis/sourceText';
import { MODULE_CODE, MODULE_HEADER, MODULE_IMPORTS, PRECEDING_STATEMENT, REFERENCES_OF, referencesOf } from '../analysis/semanticModel';
import type { LintSettings } from './lintSettings';
import type { LintDiagnostic } from './linter';
import type { StatementNames } from './statementNames';

export interface StatementLint {
  /** The statement's node kind and its source range (UTF-16 offsets) in the text it was linted in. */
  readonly kind: string;
  readonly start: number;
  readonly end: number;
  /**
   * It contained a syntax error: tree-sitter's recovery depends on the code after it, so the same
   * text may parse differently next time. Such a statement is always checked again.
   */
  readonly hasError: boolean;
  /**
   * It began after other text on its line (after `;`, or where tree-sitter's recovery starts a statement at an
   * indentation): what its checks say may depend on that text (a fix re-indents from the line's indentation), which an
   * edit before the statement changes without touching it. Such a statement is always checked again.
   */
  readonly startsMidLine: boolean;
  readonly facts: StatementFacts;
  /**
   * The names it binds in the module scope (imports, assignments, definitions), per the semantic
   * model, each with a signature of those bindings (kind, imported name, value) to tell a change.
   */
  readonly moduleBindings: ReadonlyMap<string, string>;
  /** Module-level names the checks asked about, beyond the statement's own identifiers. */
  readonly askedNames: ReadonlySet<string>;
  /**
   * Those of `askedNames` that stand for every use of a name (`referencesOf`), listed apart: each re-lint gathers them
   * from every statement (going through all the asked names of 800 statements cost 0.05 ms a keystroke).
   */
  readonly askedReferences: readonly string[];
  /** Before `# noqa` comments are applied (they are read from the whole text each time). */
  readonly diagnostics: readonly LintDiagnostic[];
  readonly internalErrors: readonly string[];
}

/** What one lint leaves for re-linting the same document after edits. */
export interface LintMemo {
  readonly settings: LintSettings;
  /** The text's line endings and indentation, which fixes follow (see `sourceLayout`). */
  readonly layout: string;
  readonly statements: readonly StatementLint[];
  /** Which statements define or bind each name (shared with the memos before and after: only added to). */
  readonly names: StatementNames;
  /**
   * Nothing of the text parsed: tree-sitter made the root itself an ERROR node, whose children are loose
   * tokens and pieces of statements. What was found in such a piece may depend on everything around it.
   */
  readonly rootIsError: boolean;
}

/** What a statement's text tells about its dependencies, without the syntax tree. */
export interface StatementFacts {
  /** The names of every `def` and `class` in it (a generous reading of the text). */
  readonly defines: ReadonlySet<string>;
  /** Every identifier written in it, keywords included. */
  readonly mentions: ReadonlySet<string>;
  /**
   * Its code that runs in the module scope, with runs of whitespace as one space: everything but the
   * bodies of the `def` or `class` it is (decorators, default values and base classes are evaluated
   * in the module). All of its text, as written, when it has a syntax error.
   */
  readonly moduleLevelText: string;
  /** It may import modules. */
  readonly hasImport: boolean;
  /** `from m import *` may bind any name: the semantic model always builds such a statement. */
  readonly hasWildcardImport: boolean;
}

const IDENTIFIER = /[\p{L}_][\p{L}\p{N}_]*/gu;
/**
 * Between the keyword and the name: what tree-sitter's Python grammar reads as white space (its `extras`:
 * Unicode White_Space, which has U+0085 where JavaScript's `\s` has not, and U+FEFF, U+2060, U+200B), or a
 * line continuation.
 */
const DEFINITION = /\b(?:def|class)[\s\\\u0085\ufeff\u2060\u200b]+([\p{L}_][\p{L}\p{N}_]*)/gu;
const IMPORT = /\bimport\b/;
const WILDCARD_IMPORT = /\bimport[\s\\(]*\*/;
/** A module binding's signature (see the linter's `bindingSignature`) made by a `def` or `class` statement. */
const DEFINITION_SIGNATURE = /^(?:function|class) /m;
/** Statements that may open a module's header (see MODULE_HEADER), after a first docstring. */
const IMPORT_KINDS: ReadonlySet<string> = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** What `statement` tells, in strings of its own: a memo keeps them over later versions of the text (see detachedCopy). */
export function statementFacts(statement: SyntaxNode, source: string): StatementFacts {
  const text = source.slice(statement.startIndex, statement.endIndex);
  const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  const body =
    definition?.type === 'function_definition' || definition?.type === 'class_definition' ? definition.childForFieldName('body') : null;
  return {
    // With a syntax error, tree-sitter's recovery may put any of its code in the module scope, and white space decides
    // how (a line break splits a `def` from its body): all of it, as written.
    moduleLevelText: detachedCopy(
      statement.hasError ? text : (body ? source.slice(statement.startIndex, body.startIndex) : text).replace(/\s+/g, ' ').trim(),
    ),
    defines: new Set(Array.from(text.matchAll(DEFINITION), (match) => detachedCopy(match[1]!))),
    mentions: new Set(Array.from(text.match(IDENTIFIER) ?? [], detachedCopy)),
    hasImport: IMPORT.test(text),
    // With a syntax error, tree-sitter may read a wildcard import into text that does not spell one (`import tas*`).
    hasWildcardImport: WILDCARD_IMPORT.test(text) || (statement.hasError && statement.descendantsOfType('wildcard_import').length > 0),
  };
}

/**
 * What a statement's checks found, in strings of their own. A statement's lint is kept while the statement is not
 * edited, over any number of versions of the text; the names and messages the checks quote are cut from the text of
 * their version, and a substring is a view into the string it came from: each kept lint kept a whole old text
 * (typing in 200 places of a 5,000-line file held 20 MB of texts, a 276 KB text per edited statement). The lint's
 * facts and module bindings are made so already (`statementFacts`, the linter's binding signatures).
 */
export function detachedFindings(lint: StatementLint): StatementLint {
  return {
    ...lint,
    askedNames: new Set(Array.from(lint.askedNames, detachedCopy)),
    askedReferences: lint.askedReferences.map(detachedCopy),
    diagnostics: lint.diagnostics.map(detachedDiagnostic),
    internalErrors: lint.internalErrors.map(detachedCopy),
  };
}

function detachedDiagnostic(diagnostic: LintDiagnostic): LintDiagnostic {
  const { fix } = diagnostic;
  return {
    ...diagnostic,
    message: detachedCopy(diagnostic.message),
    fix: fix && {
      ...fix,
      message: detachedCopy(fix.message),
      edits: fix.edits.map((edit) => ({ ...edit, newText: detachedCopy(edit.newText) })),
    },
    related: diagnostic.related.map((location) => ({ ...location, message: detachedCopy(location.message) })),
  };
}

/** A top-level statement of the new tree, as the plan needs it. */
export interface StatementSite {
  readonly node: SyntaxNode;
  readonly kind: string;
  /** A statement of the previous parse that no edit touched (the edits moved it): its end and kind need not be read. */
  readonly untouched?: boolean;
}

/** A statement site reading its node's kind only when asked (each read crosses into wasm). */
export function statementSite(node: SyntaxNode, untouched?: boolean): StatementSite {
  return new LazyStatementSite(node, untouched);
}

class LazyStatementSite implements StatementSite {
  private knownKind: string | undefined;

  constructor(
    readonly node: SyntaxNode,
    readonly untouched: boolean | undefined,
  ) {}

  get kind(): string {
    return (this.knownKind ??= this.node.type);
  }
}

/**
 * Which statements of the edited document need checking. Made in two steps: `RelintPlan.make` keeps
 * the statements no edit touched; once the semantic model has built the changed ones, `spread` is
 * told what they now bind in the module, and marks the kept statements depending on a changed name.
 */
export class RelintPlan {
  /** Statements to check: the changed ones, those whose diagnostics point into an edit, then those `spread` adds. */
  private readonly toCheck: boolean[];

  private constructor(
    /** For each statement of the new tree: its previous lint, moved to where it now is, if the edits left it alone. */
    private readonly previous: readonly (StatementLint | undefined)[],
    recheck: ReadonlySet<number>,
    /** What the text of each changed statement tells. */
    private readonly changedFacts: readonly (StatementFacts | undefined)[],
    private readonly changedNames: Set<string>,
    /** The module bindings of the previous statements the edits changed, by name. */
    private readonly previousBindings: ReadonlyMap<string, readonly string[]>,
    /** The previous lint's statements, and for each statement of the new tree that kept one, that one's index. */
    private readonly previousStatements: readonly StatementLint[],
    private readonly previousIndex: readonly number[],
  ) {
    this.toCheck = previous.map((lint, index) => lint === undefined || recheck.has(index));
  }

  /**
   * Undefined when the whole file must be linted again: other settings, another layout, or a changed
   * wildcard import. `edits` are the changes since `memo`'s lint, in order.
   */
  static make(
    memo: LintMemo,
    settings: LintSettings,
    layout: string,
    edits: readonly SyntaxEdit[],
    statements: readonly StatementSite[],
    text: string,
  ): RelintPlan | undefined {
    if (memo.settings !== settings || memo.layout !== layout) return undefined;
    const changedNames = new Set<string>();
    // The names whose every use a kept lint asked about (a helper's callers): a changed statement writing one changes it.
    const referencesAsked = new Set<string>();
    for (const statement of memo.statements) for (const name of statement.askedReferences) referencesAsked.add(name);
    const previousBindings = new Map<string, string[]>();
    const moduleLevelTexts = { before: [] as string[], after: [] as string[] };
    let wildcardChanged = false;
    const changed = (facts: StatementFacts, inHeader: boolean, previous?: StatementLint): void => {
      for (const name of facts.defines) changedNames.add(name);
      if (referencesAsked.size > 0) {
        for (const name of facts.mentions) if (referencesAsked.has(referencesOf(name))) changedNames.add(referencesOf(name));
      }
      (previous ? moduleLevelTexts.before : moduleLevelTexts.after).push(facts.moduleLevelText);
      for (const [name, signature] of previous?.moduleBindings ?? []) {
        const list = previousBindings.get(name);
        if (list) list.push(signature);
        else previousBindings.set(name, [signature]);
        // A function or class it defined, as the model read it: where a syntax error stands between `def` and the name
        // tree-sitter took, the text's reading (`defines`) names something else, and the body may have changed.
        if (DEFINITION_SIGNATURE.test(signature)) changedNames.add(name);
      }
      if (inHeader) changedNames.add(MODULE_HEADER);
      wildcardChanged ||= facts.hasWildcardImport;
    };
    const previousHeader = headerLength(memo.statements);
    // The previous statements moved by the edits (undefined: an edit touched it), and those of them whose
    // diagnostics point into an edit.
    // (The lists here are made at their length: grown an element at a time, their copies were a tenth of a keystroke's
    // garbage in a 5,000-line module.)
    const moved = new Array<StatementLint | undefined>(memo.statements.length);
    const movedToRecheck = new Set<StatementLint>();
    for (let index = 0; index < memo.statements.length; index++) {
      const previous = memo.statements[index]!;
      const statement = moveStatement(previous, edits, movedToRecheck);
      if (!statement) changed(previous.facts, index < previousHeader, previous);
      moved[index] = statement;
    }
    // Both lists are in source order: walk them together, keeping a previous statement where a new
    // one has its exact range (the same text, since no edit touched it).
    const kept = new Array<StatementLint | undefined>(statements.length).fill(undefined);
    const previousIndex = new Array<number>(statements.length);
    const recheck = new Set<number>();
    const changedFacts = new Array<StatementFacts | undefined>(statements.length).fill(undefined);
    const header = headerLength(statements);
    const anyError = statements.length > 0 && statements[0]!.node.parent?.hasError === true;
    let next = 0;
    const vanish = (index: number): void => {
      const statement = moved[index];
      // Gone though no edit touched it (swallowed by a syntax error).
      if (statement) changed(statement.facts, true, statement);
    };
    statements.forEach((site, index) => {
      const { node, untouched } = site;
      const { startIndex } = node;
      while (next < moved.length && (moved[next]?.start ?? -1) < startIndex) vanish(next++);
      const candidate = moved[next];
      const same =
        candidate?.start === startIndex &&
        (untouched === true || (candidate.end === node.endIndex && candidate.kind === site.kind)) &&
        !candidate.hasError &&
        !candidate.startsMidLine &&
        !(anyError && node.hasError);
      if (same) {
        kept[index] = candidate;
        previousIndex[index] = next++;
        if (movedToRecheck.has(candidate)) recheck.add(index);
      } else {
        const facts = statementFacts(node, text);
        changed(facts, index < header);
        changedFacts[index] = facts;
      }
    });
    while (next < moved.length) vanish(next++);
    // The statement before one that asked about it must be the same one.
    for (let index = 0; index < kept.length; index++) {
      const before = index === 0 ? -1 : previousIndex[index - 1];
      // (The cheap test first: a statement's neighbour changes only next to an edit.)
      if (before !== previousIndex[index]! - 1 && kept[index]?.askedNames.has(PRECEDING_STATEMENT)) recheck.add(index);
    }
    if (moduleLevelTexts.before.sort().join('\0') !== moduleLevelTexts.after.sort().join('\0')) changedNames.add(MODULE_CODE);
    if (wildcardChanged) return undefined;
    return new RelintPlan(kept, recheck, changedFacts, changedNames, previousBindings, memo.statements, previousIndex);
  }

  /**
   * Whether the changed statements' bindings of `name` (`bindings`, by statement) moved among the kept statements' ones
   * (asked only of a name the changed statements bind as they did).
   */
  private movedAmongKept(name: string, bindings: readonly (ReadonlyMap<string, string> | undefined)[]): boolean {
    const keptBefore = new Set<number>();
    for (let index = 0; index < this.previous.length; index++) if (this.previous[index]) keptBefore.add(this.previousIndex[index]!);
    const before = bindingOrder(name, this.previousStatements.length, (index) => ({
      kept: keptBefore.has(index),
      bindings: this.previousStatements[index]!.moduleBindings,
    }));
    const after = bindingOrder(name, this.previous.length, (index) => {
      const kept = this.previous[index];
      return kept ? { kept: true, bindings: kept.moduleBindings } : { kept: false, bindings: bindings[index] };
    });
    return before !== after;
  }

  /** The previous lint of statement `index` (moved), unless an edit changed the statement. */
  previousLint(index: number): StatementLint | undefined {
    return this.previous[index];
  }

  facts(index: number): StatementFacts {
    return this.previous[index]?.facts ?? this.changedFacts[index]!;
  }

  mustCheck(index: number): boolean {
    return this.toCheck[index]!;
  }

  /**
   * Given what the changed statements now bind in the module (`bindings`, their `moduleBindings`),
   * marks for checking every kept statement that depends on a changed name: a definition in a changed
   * statement, or a module binding that is not what it was. The definitions and bindings of those
   * count as changed in turn (a chain of calls ending in a blocking one runs through them).
   */
  spread(bindings: readonly (ReadonlyMap<string, string> | undefined)[]): void {
    const current = new Map<string, string[]>();
    for (const statement of bindings) {
      if (!statement) continue;
      for (const [name, signature] of statement) {
        const list = current.get(name);
        if (list) list.push(signature);
        else current.set(name, [signature]);
      }
    }
    for (const name of new Set([...current.keys(), ...this.previousBindings.keys()])) {
      const before = this.previousBindings.get(name) ?? [];
      const after = current.get(name) ?? [];
      if (before.join('\n') === after.join('\n') && !this.movedAmongKept(name, bindings)) continue;
      this.changedNames.add(name);
      if ([...before, ...after].some((signature) => signature.startsWith('import'))) this.changedNames.add(MODULE_IMPORTS);
    }
    let frontier: string[] = [...this.changedNames];
    while (frontier.length > 0) {
      const next: string[] = [];
      for (let i = 0; i < this.previous.length; i++) {
        const statement = this.previous[i];
        if (!statement || this.toCheck[i] || !dependsOnAny(statement, frontier)) continue;
        this.toCheck[i] = true;
        for (const name of [...statement.facts.defines, ...statement.moduleBindings.keys()]) {
          if (!this.changedNames.has(name)) {
            this.changedNames.add(name);
            next.push(name);
          }
        }
      }
      frontier = next;
    }
  }
}

/**
 * Where the changed statements' bindings of `name` stand among the kept statements' (`statement(index)` for each statement
 * in source order): which binding of a name reaches a use depends on their order, so an edit moving `import asyncio` from
 * before a kept `import time as asyncio` to after it changes what `asyncio` means though the changed statements bind it
 * the same way (found by the random-edit test). The same for any order where no kept statement binds it.
 */
function bindingOrder(
  name: string,
  count: number,
  statement: (index: number) => { readonly kept: boolean; readonly bindings: ReadonlyMap<string, string> | undefined },
): string {
  let keptSoFar = 0;
  const places: string[] = [];
  for (let index = 0; index < count; index++) {
    const { kept, bindings } = statement(index);
    const signature = bindings?.get(name);
    if (signature === undefined) continue;
    if (kept) keptSoFar++;
    else places.push(`${keptSoFar} ${signature}`);
  }
  return keptSoFar > 0 ? places.join('\n') : '';
}

/** The names of `askedNames` that stand for every use of a name (see StatementLint.askedReferences). */
export function referencesAmong(askedNames: ReadonlySet<string>): string[] {
  const references: string[] = [];
  for (const name of askedNames) if (name.startsWith(REFERENCES_OF)) references.push(name);
  return references;
}

function dependsOnAny(statement: StatementLint, names: readonly string[]): boolean {
  const { mentions } = statement.facts;
  for (const name of names) if (mentions.has(name) || statement.askedNames.has(name)) return true;
  return false;
}

/**
 * How many statements from the top decide where new imports go: comments, a docstring, imports, and
 * the first statement after them (a statement changing there may move that place). Reads only those.
 */
export function headerLength(statements: Iterable<{ readonly kind: string }>): number {
  let seenCode = false;
  let index = 0;
  for (const { kind } of statements) {
    index++;
    if (kind === 'comment' || IMPORT_KINDS.has(kind) || (kind === 'expression_statement' && !seenCode)) {
      seenCode ||= kind !== 'comment';
      continue;
    }
    return index;
  }
  return index;
}

/**
 * The statement after the edits, undefined if an edit touched it. Added to `toRecheck` when an edit touched a
 * place its diagnostics point to (another statement, or where a fix adds an import).
 */
function moveStatement(statement: StatementLint, edits: readonly SyntaxEdit[], toRecheck: Set<StatementLint>): StatementLint | undefined {
  let { start, end } = statement;
  let diagnostics: readonly LintDiagnostic[] | undefined = statement.diagnostics;
  for (const edit of edits) {
    if (start <= edit.oldEndIndex && edit.startIndex <= end) return undefined;
    if (start >= edit.oldEndIndex) {
      const shift = edit.newEndIndex - edit.oldEndIndex;
      start += shift;
      end += shift;
    }
    if (diagnostics && diagnostics.length > 0) diagnostics = moveDiagnostics(diagnostics, edit);
  }
  if (start === statement.start && diagnostics === statement.diagnostics) return statement;
  const moved = movedLint(statement, start, end, diagnostics ?? []);
  if (diagnostics === undefined) toRecheck.add(moved);
  return moved;
}

/** `lint` at another place (its fields listed: made for every statement after an edit, on each keystroke). */
function movedLint(lint: StatementLint, start: number, end: number, diagnostics: readonly LintDiagnostic[]): StatementLint {
  return {
    kind: lint.kind,
    start,
    end,
    hasError: lint.hasError,
    startsMidLine: lint.startsMidLine,
    facts: lint.facts,
    moduleBindings: lint.moduleBindings,
    askedNames: lint.askedNames,
    askedReferences: lint.askedReferences,
    diagnostics,
    internalErrors: lint.internalErrors,
  };
}

/**
 * `diagnostics` after `edit`; undefined when one of their places touches it. What does not move is kept as it is (the
 * same objects): typing within a line moves no row, and made anew, the diagnostics after each keystroke were the
 * largest part of a re-lint's garbage after the text.
 */
function moveDiagnostics(diagnostics: readonly LintDiagnostic[], edit: SyntaxEdit): readonly LintDiagnostic[] | undefined {
  return movedEach(diagnostics, (diagnostic) => {
    const start = movePoint(diagnostic.start, edit);
    const end = movePoint(diagnostic.end, edit);
    if (!start || !end) return undefined;
    let { fix } = diagnostic;
    if (fix) {
      const fixEdits = movedEach(fix.edits, (fixEdit) => movedRange(fixEdit, edit));
      if (fixEdits === undefined) return undefined;
      if (fixEdits !== fix.edits) fix = { ...fix, edits: fixEdits };
    }
    const related = movedEach(diagnostic.related, (location) => (location.file === undefined ? movedRange(location, edit) : location));
    if (related === undefined) return undefined;
    return start === diagnostic.start && end === diagnostic.end && fix === diagnostic.fix && related === diagnostic.related
      ? diagnostic
      : { ...diagnostic, start, end, fix, related };
  });
}

/** `items`, each moved by `move` (undefined if one cannot be): the same list when none moved. */
function movedEach<T>(items: readonly T[], move: (item: T) => T | undefined): readonly T[] | undefined {
  let moved: T[] | undefined;
  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    const next = move(item);
    if (next === undefined) return undefined;
    if (next !== item && !moved) moved = items.slice(0, index);
    moved?.push(next);
  }
  return moved ?? items;
}

function movedRange<T extends { readonly start: Point; readonly end: Point }>(range: T, edit: SyntaxEdit): T | undefined {
  const start = movePoint(range.start, edit);
  const end = movePoint(range.end, edit);
  if (!start || !end) return undefined;
  return start === range.start && end === range.end ? range : { ...range, start, end };
}

/** A point before the edit stays, one after it moves with the text; one touching it is undefined. */
function movePoint(point: Point, edit: SyntaxEdit): Point | undefined {
  if (isBefore(point, edit.startPosition)) return point;
  if (!isBefore(edit.oldEndPosition, point)) return undefined;
  if (point.row !== edit.oldEndPosition.row) {
    const rows = edit.newEndPosition.row - edit.oldEndPosition.row;
    return rows === 0 ? point : { row: point.row + rows, column: point.column };
  }
  return { row: edit.newEndPosition.row, column: edit.newEndPosition.column + point.column - edit.oldEndPosition.column };
}
