// Lints one Python file: parse (or reuse a tree), build the semantic model, dispatch enabled
// rules by node kind, drop suppressed diagnostics. Used by the CLI, the language server and tests.
import { createPythonParser, type SyntaxEdit, type SyntaxNode, type SyntaxRange, type SyntaxTree } from '../analysis/pythonParser';
import { isBefore, lastStartingAtOrBefore } from '../analysis/pythonSyntax';
import { SemanticModel } from '../analysis/semanticModel';
import type { SourceSpan } from '../analysis/unreachableBranches';
import { followsJump } from '../analysis/codeAfterJump';
import type { ScopedNode } from '../analysis/scopeTreeBuilder';
import type { Binding } from '../analysis/scope';
import { decodePythonSource, detachedCopy, LineIndex, normalizeLoneCarriageReturns } from '../analysis/sourceText';
import { findSyntaxProblems, grammarGapRepaired, INVALID_FILE } from './fileProblems';
import { isJinjaTemplate } from './jinjaTemplates';
import { isCollectedTestModule, neverCollectedSpans } from './neverCollectedTests';
import { alwaysOnSeverity, enabledRules, ruleSettings, type EnabledRule, type LintSettings } from './lintSettings';
import type { Fix, Point, RelatedLocation, Report, Rule, RuleContext, RuleInfo, RuleSettings, Severity } from './rule';
import type { ProjectView } from './projectView';
import { sourceLayout } from './fixes/sourceLayout';
import { Suppressions } from './suppression';
import {
  detachedFindings,
  referencesAmong,
  RelintPlan,
  statementFacts,
  statementSite,
  type LintMemo,
  type StatementFacts,
  type StatementLint,
  type StatementSite,
} from './topLevelStatements';
import { StatementNames } from './statementNames';
import type { Parser } from 'web-tree-sitter';

export interface LintDiagnostic {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  readonly message: string;
  /** Row from 0, column in UTF-16 code units. */
  readonly start: Point;
  readonly end: Point;
  readonly fix: Fix | null;
  readonly related: readonly RelatedLocation[];
}

export interface LintResult {
  readonly diagnostics: readonly LintDiagnostic[];
  /** The decoded text's line index (for column conversion); empty when the file could not be read. */
  readonly lines: LineIndex;
  /** Rule crashes: reported by the caller, never fatal. */
  readonly internalErrors: readonly string[];
  /** With `remember`: what re-linting this document after edits can reuse. */
  readonly memo?: LintMemo;
  /** How many top-level statements were checked; the others kept their diagnostics from `previous`. */
  readonly checkedStatements?: number;
}

interface LintTreeOptions {
  /** The text's line index, when the caller has it already. */
  readonly lines?: LineIndex;
  readonly project?: ProjectView | undefined;
  /** Sees the file's semantic model (to summarise the file for the project index without parsing it again). */
  readonly onModel?: ((model: SemanticModel) => void) | undefined;
  /** Return a memo for re-linting after edits. */
  readonly remember?: boolean;
  /**
   * The top-level statements, when they are not all the tree's own: the language server's quick
   * re-lint takes the edited statements from a small parse of their lines.
   */
  readonly statements?: readonly StatementSite[];
  /**
   * With `statements`: the small parses the edited ones come from and the text each covers. There the tree
   * passed in is stale (edited, not reparsed), so comments (`# noqa`) are looked up in these.
   */
  readonly reparsed?: readonly ReparsedRegions[];
  /** The memo of this document's previous lint, and the edits made since (as applied to its tree). */
  readonly previous?: LintMemo | undefined;
  readonly edits?: readonly SyntaxEdit[];
}

/** A small parse of some runs of lines (UTF-16 offsets of the whole text, end exclusive), and its root. */
export interface ReparsedRegions {
  readonly root: SyntaxNode;
  readonly spans: readonly { readonly start: number; readonly end: number }[];
}

/** A top-level statement being checked in this lint. */
interface CheckedStatement {
  readonly node: SyntaxNode;
  readonly diagnostics: LintDiagnostic[];
  readonly internalErrors: string[];
  /** Its branches that never run (see SemanticModel.unreachableSpans): nothing is reported there. */
  readonly unreachable: readonly SourceSpan[];
  askedNames?: ReadonlySet<string>;
}

/**
 * Files larger than this (bytes read, or UTF-16 units of an editor's text) are reported with LOOP000
 * instead of linted. Parsing takes about 40 bytes of parser memory per byte of source, and past
 * about 50 MB the parser runs out of memory and aborts, in a way that can leave it unusable for the
 * other files of the run or editor session; real Python modules stay far below this.
 */
export const MAX_FILE_SIZE = 10 * 1024 * 1024;

/** Thrown instead of parsing a text past `MAX_FILE_SIZE` (whoever parses: linting, indexing, hovers). */
class FileTooLargeError extends Error {
  constructor(readonly size: number) {
    super(`file too large to parse: ${size} characters (the limit is ${MAX_FILE_SIZE})`);
    this.name = 'FileTooLargeError';
  }
}

/** A fresh statement's lint, as a memo keeps it when there is one (see detachedFindings). */
function keptFor(options: LintTreeOptions, lint: StatementLint): StatementLint {
  return options.remember ? detachedFindings(lint) : lint;
}

function checkParseableSize(text: string): void {
  if (text.length > MAX_FILE_SIZE) throw new FileTooLargeError(text.length);
}

const NO_BINDINGS: ReadonlyMap<string, string> = new Map();
const NO_FACTS: StatementFacts = {
  moduleLevelText: '',
  defines: new Set(),
  mentions: new Set(),
  hasImport: false,
  hasWildcardImport: false,
};

interface RulePlan {
  readonly byKind: ReadonlyMap<string, readonly EnabledRule[]>;
  readonly rules: ReadonlyMap<string, Rule>;
  /** Rules with a `checkStatement`. */
  readonly statementRules: readonly EnabledRule[];
  /** Rules with a `checkSuppressions`. */
  readonly suppressionRules: readonly EnabledRule[];
  readonly kinds: readonly string[];
  readonly invalidFileSeverity: Severity | undefined;
}

/**
 * Thrown by a linter made with `Linter.starting` when asked to parse before its parser has loaded: the CLI first
 * tries to answer a run from its cache alone, and starts again, with the parser, when that is not enough.
 */
export class ParserNotReadyError extends Error {
  constructor() {
    super('the Python parser has not loaded yet');
    this.name = 'ParserNotReadyError';
  }
}

export class Linter {
  private readonly plans = new WeakMap<LintSettings, RulePlan>();

  /** The rules that recognise a blocking call by its name (see Rule.matchBlockingCall). */
  private readonly blockingRules: readonly Rule[];

  /** Every rule's node kinds: what a model built ahead of its lint collects (see `modelAhead`). */
  private readonly allKinds: readonly string[];
  /** Models of trees parsed ahead of their lint, each taken by the lint of its tree. */
  private readonly modelsAhead = new WeakMap<SyntaxTree, SemanticModel>();

  private parserOrUndefined: Parser | undefined;
  /** Loads the parser, for a linter from `starting` (undefined once asked). */
  private loadParser: (() => Promise<Parser>) | undefined;
  private loading: Promise<void> | undefined;

  private constructor(
    parser: Parser | (() => Promise<Parser>),
    readonly rules: readonly Rule[],
  ) {
    this.blockingRules = rules.filter((rule) => rule.matchBlockingCall !== undefined);
    this.allKinds = [...new Set(rules.flatMap((rule) => rule.nodeKinds))];
    if (typeof parser === 'function') this.loadParser = parser;
    else this.parserOrUndefined = parser;
  }

  /** Resolves when the parser has loaded; the first call starts loading it (see `starting`). */
  get ready(): Promise<void> {
    if (!this.loading) {
      const load = this.loadParser;
      this.loadParser = undefined;
      this.loading = load ? load().then((loaded) => void (this.parserOrUndefined = loaded)) : Promise.resolve();
      // Started ahead of need (`void linter.ready`), a failure to load is reported to whoever awaits it, if anyone.
      this.loading.catch(() => undefined);
    }
    return this.loading;
  }

  /**
   * The blocking-call rule of this linter that says a call to `qualifiedName` blocks the event loop by itself, if one
   * does (the workspace index asks it of every call it summarises, so that LOOP108 can follow chains across modules).
   */
  blockingRule(qualifiedName: string, settings: RuleSettings): RuleInfo | undefined {
    return this.blockingRules.find((rule) => rule.matchBlockingCall!(qualifiedName, settings) !== undefined);
  }

  /** A linter running these rules (the registry's, `RULES`, for every front end; a few, in some tests). */
  static async create(rules: readonly Rule[]): Promise<Linter> {
    return new Linter(await createPythonParser(), rules);
  }

  /**
   * A linter whose parser loads only when wanted (`ready`): until then, parsing throws ParserNotReadyError. A run
   * that finds everything in the CLI's cache never loads it (a sixth of such a run's time, 8 MB of its memory).
   */
  static starting(rules: readonly Rule[]): Linter {
    return new Linter(createPythonParser, rules);
  }

  /**
   * A model of `tree`, parsed ahead of its lint (a module a lookup loaded before its turn, summarised now): the
   * first `lintTree` of the same tree takes it instead of building its own, so the file's nodes are collected once.
   */
  modelAhead(tree: SyntaxTree): SemanticModel {
    const model = SemanticModel.build(tree.rootNode, this.allKinds);
    this.modelsAhead.set(tree, model);
    return model;
  }

  /** Whether parsing works now (it always does for a linter from `create`). */
  get canParse(): boolean {
    return this.parserOrUndefined !== undefined;
  }

  private get parser(): Parser {
    if (!this.parserOrUndefined) throw new ParserNotReadyError();
    return this.parserOrUndefined;
  }

  /**
   * Parses only `ranges` of `text` (runs of whole top-level statements, in order): a small tree whose
   * positions are those of the whole text.
   */
  parseRange(text: string, ranges: readonly SyntaxRange[]): SyntaxTree {
    checkParseableSize(text);
    const source = normalizeLoneCarriageReturns(text);
    // tree-sitter asks for the text from each place it goes on reading at. Given a string, web-tree-sitter copies
    // 10,000 characters of it into wasm memory at each ask, however few the ranges hold: most of the cost of parsing a
    // few edited lines (0.1 ms an ask). Each ask gets the text up to the end of the range it falls in (or before).
    const read = (index: number): string => {
      const range = ranges.find((range) => index < range.endIndex);
      return source.slice(index, range ? range.endIndex : source.length);
    };
    const tree = this.parser.parse(read, null, { includedRanges: [...ranges] });
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }

  /** Whether `text` parses without an error (for LOOP000's check of grammar gaps; the tree is not kept). */
  private parsesClean(text: string): boolean {
    const tree = this.parser.parse(text);
    if (!tree) return false;
    const clean = !tree.rootNode.hasError;
    tree.delete();
    return clean;
  }

  /** Parses `text`; with `previous` (already `edit`ed), reuses its unchanged parts. */
  parse(text: string, previous?: SyntaxTree): SyntaxTree {
    checkParseableSize(text);
    const tree = this.parser.parse(normalizeLoneCarriageReturns(text), previous ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }

  /** `onModel` sees the file's semantic model (to summarise the file for the project index without parsing it again). */
  lintBytes(bytes: Uint8Array, settings: LintSettings, project?: ProjectView, onModel?: (model: SemanticModel) => void): LintResult {
    const tooLarge = this.tooLarge(bytes.length, 'bytes', settings);
    if (tooLarge) return tooLarge;
    const decoded = decodePythonSource(bytes);
    if (!decoded.ok) {
      const severity = this.plan(settings).invalidFileSeverity;
      const point = { row: decoded.line, column: decoded.column };
      const diagnostics = severity ? [diagnostic(INVALID_FILE, severity, `Cannot read this file: ${decoded.message}`, point, point)] : [];
      return { diagnostics, lines: new LineIndex(''), internalErrors: [] };
    }
    return this.lintText(decoded.text, settings, project, onModel);
  }

  lintText(text: string, settings: LintSettings, project?: ProjectView, onModel?: (model: SemanticModel) => void): LintResult {
    const tooLarge = this.tooLarge(text.length, 'characters', settings);
    if (tooLarge) return tooLarge;
    let tree: SyntaxTree;
    try {
      tree = this.parse(text);
    } catch (error) {
      return this.failed(error, settings);
    }
    try {
      return this.lintTree(tree, text, settings, { project, onModel });
    } catch (error) {
      return this.failed(error, settings);
    } finally {
      tree.delete();
    }
  }

  /** LOOP000 for a file past `MAX_FILE_SIZE` (`size` in `unit`), else undefined. */
  tooLarge(size: number, unit: 'bytes' | 'characters', settings: LintSettings): LintResult | undefined {
    if (size <= MAX_FILE_SIZE) return undefined;
    const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
    const message = `File too large to lint: ${megabytes(size)} (${size} ${unit}); Loopscope lints files up to ${megabytes(MAX_FILE_SIZE)}`;
    return this.problemResult(message, settings, []);
  }

  /**
   * LOOP000 for a file whose parse or analysis failed as a whole (a rule's failure is only that
   * rule's): the caller reports it for this file and goes on with the others.
   */
  failed(error: unknown, settings: LintSettings): LintResult {
    const detail = error instanceof Error ? error.message : String(error);
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return this.problemResult(`Loopscope could not analyse this file (internal error: ${detail})`, settings, [`analysis failed: ${stack}`]);
  }

  private problemResult(message: string, settings: LintSettings, internalErrors: readonly string[]): LintResult {
    const severity = this.plan(settings).invalidFileSeverity;
    const point = { row: 0, column: 0 };
    const diagnostics = severity ? [diagnostic(INVALID_FILE, severity, message, point, point)] : [];
    return { diagnostics, lines: new LineIndex(''), internalErrors };
  }

  lintTree(tree: SyntaxTree, text: string, settings: LintSettings, options: LintTreeOptions = {}): LintResult {
    const lines = options.lines ?? new LineIndex(text);
    // A Jinja template named `.py` is not the Python it renders to: nothing the rules (or the parser) would say of it
    // holds. With no memo, the next lint of an edited template reads it whole again.
    if (isJinjaTemplate(text)) return { diagnostics: [], lines, internalErrors: [] };
    const plan = this.plan(settings);
    const root = tree.rootNode;
    const statements = options.statements ?? root.children.map((node) => statementSite(node));
    const layout = options.remember || options.previous ? layoutSignature(lines) : '';
    // Statements are kept from a lint of a tree that parsed at least in part, into one that does too.
    const relint =
      options.previous && !options.previous.rootIsError && root.type !== 'ERROR'
        ? RelintPlan.make(options.previous, settings, layout, options.edits ?? [], statements, text)
        : undefined;
    const { model, nodesOf, changedBindings } = relint
      ? deferringModel(root, plan.kinds, statements, relint, options.previous!.names)
      : options.statements
        ? statementsModel(root, plan.kinds, statements)
        : wholeModel(root, plan.kinds, statements, this.takeModelAhead(tree, options));
    const mustCheck = (index: number): boolean => relint?.mustCheck(index) ?? true;

    const checked: (CheckedStatement | undefined)[] = new Array<CheckedStatement | undefined>(statements.length).fill(undefined);
    let currentHandler: EnabledRule | undefined;
    let currentStatement: CheckedStatement | undefined;
    const context: { -readonly [K in keyof RuleContext]: RuleContext[K] } = {
      model,
      project: options.project,
      scope: model.module,
      statement: root,
      lines,
      settings: ruleSettings(settings),
      report(report: Report) {
        const handler = currentHandler!;
        const start = report.start ?? report.node?.startPosition;
        const end = report.end ?? report.node?.endPosition ?? start;
        if (!start || !end) throw new Error(`${handler.rule.code} reported without a location`);
        if (currentStatement!.unreachable.some((span) => !isBefore(start, span.from) && isBefore(start, span.to))) return;
        // Written after a `return` (or `raise`, `continue`, `break`) of its block: it never runs.
        if (report.node && followsJump(report.node)) return;
        currentStatement!.diagnostics.push({
          code: handler.rule.code,
          name: handler.rule.name,
          severity: report.lowerSeverity ? lowered(handler.severity) : handler.severity,
          message: report.message,
          start,
          end,
          fix: report.fix ?? null,
          related: report.related ?? [],
        });
      },
    };
    /** Runs a rule's `check` on a node, or its `checkStatement` on the statement when `node` is undefined. */
    const run = (handler: EnabledRule, statement: CheckedStatement, node?: SyntaxNode): void => {
      currentHandler = handler;
      currentStatement = statement;
      context.statement = statement.node;
      try {
        if (node) handler.rule.check(node, context);
        else handler.rule.checkStatement?.(statement.node, context);
      } catch (error) {
        const where = ` at line ${(node ?? statement.node).startPosition.row + 1}`;
        statement.internalErrors.push(
          `${handler.rule.code} failed${where}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
    };

    const testModule = isCollectedTestModule(options.project?.moduleName);
    for (let index = 0; index < statements.length; index++) {
      if (!mustCheck(index)) continue;
      model.recordModuleNames();
      const { node: statementNode } = statements[index]!;
      const nodes = nodesOf(index);
      // Code in a branch that never runs (`if _IS_SYNC:` with `_IS_SYNC = False`) is not checked, and nothing found
      // there is reported: it is the other flavour's code, or switched off. Nor is a function of a test module that
      // pytest never collects and nothing calls (see neverCollectedTests.ts).
      const neverCollected = testModule ? neverCollectedSpans(statementNode, model, settings.pytestFunctions) : [];
      const branches = model.unreachableSpans(statementNode);
      const unreachable = neverCollected.length > 0 ? inSourceOrder([...branches, ...neverCollected]) : branches;
      const statement: CheckedStatement = { node: statementNode, diagnostics: [], internalErrors: [], unreachable };
      checked[index] = statement;
      context.scope = model.module;
      for (const handler of plan.statementRules) run(handler, statement);
      let next = 0;
      let unreachableUntil = -1;
      // Indexed loops: this one runs for every collected node and each of its handlers, mostly before V8 optimises
      // lintTree, and there a `for ... of` allocates a result object per step (a sixteenth of a run's allocations).
      for (let at = 0; at < nodes.length; at++) {
        const { node, kind, scope } = nodes[at]!;
        const handlers = plan.byKind.get(kind);
        if (!handlers) continue;
        // Nodes and spans are in source order: a node lies in a span when one starting before it ends after it.
        for (; next < unreachable.length && unreachable[next]!.start <= node.startIndex; next++) {
          unreachableUntil = Math.max(unreachableUntil, unreachable[next]!.end);
        }
        if (node.startIndex < unreachableUntil) continue;
        context.scope = scope;
        for (let handler = 0; handler < handlers.length; handler++) run(handlers[handler]!, statement, node);
      }
      statement.askedNames = model.takeRecordedNames();
    }

    const suppressions = Suppressions.parse(lines, root, options.reparsed);
    const diagnostics: LintDiagnostic[] = [];
    const internalErrors: string[] = [];
    const syntaxError =
      plan.invalidFileSeverity &&
      syntaxErrorDiagnostic(root, text, plan.invalidFileSeverity, (repairedText) => this.parsesClean(repairedText));
    // A file broken on purpose (a test's fixture of a syntax error) says so with a `# noqa` on the line reported.
    if (syntaxError && !suppressions.isSuppressed(INVALID_FILE, [syntaxError.start.row, syntaxError.end.row]))
      diagnostics.push(withinLines(syntaxError, lines));
    const memoStatements = new Array<StatementLint>(options.remember ? statements.length : 0);
    // Statements kept from the previous lint bind what they bound then; the changed ones were read for the plan.
    const moduleBindings = changedBindings ?? (options.remember ? moduleBindingsByStatement(model, statements, checked) : []);
    const factsOf = (index: number): StatementFacts => {
      const { node } = statements[index]!;
      return relint ? relint.facts(index) : statementFacts(node, text);
    };
    for (let index = 0; index < statements.length; index++) {
      const site = statements[index]!;
      const { node } = site;
      const fresh = checked[index];
      const lint: StatementLint = fresh
        ? keptFor(options, {
            kind: site.kind,
            start: node.startIndex,
            end: node.endIndex,
            hasError: node.hasError,
            startsMidLine: node.startPosition.column > 0,
            facts: options.remember ? factsOf(index) : NO_FACTS,
            moduleBindings: relint?.previousLint(index)?.moduleBindings ?? moduleBindings[index] ?? NO_BINDINGS,
            askedNames: fresh.askedNames ?? new Set(),
            askedReferences: fresh.askedNames ? referencesAmong(fresh.askedNames) : [],
            diagnostics: fresh.diagnostics,
            internalErrors: fresh.internalErrors,
          })
        : relint!.previousLint(index)!;
      if (options.remember) memoStatements[index] = lint;
      internalErrors.push(...lint.internalErrors);
      for (const diagnostic of lint.diagnostics) {
        const rule = plan.rules.get(diagnostic.code)!;
        if (!suppressions.isSuppressed(rule, [diagnostic.start.row, diagnostic.end.row])) diagnostics.push(withinLines(diagnostic, lines));
      }
    }
    for (const handler of plan.suppressionRules) {
      for (const found of this.checkSuppressions(handler, suppressions, plan, lines, internalErrors))
        if (!suppressions.wouldSuppress(handler.rule, [found.start.row, found.end.row])) diagnostics.push(found);
    }
    diagnostics.sort(compareDiagnostics);
    options.onModel?.(model);
    const memo = options.remember
      ? {
          settings,
          layout,
          statements: memoStatements,
          names: memoNames(memoStatements, relint, options.previous?.names),
          rootIsError: root.type === 'ERROR',
        }
      : undefined;
    return { diagnostics, lines, internalErrors, memo, checkedStatements: checked.filter(Boolean).length };
  }

  /**
   * The model built ahead for `tree`, if any, for a plain lint of it: one whose memo lists what each statement asked
   * builds its own, since the summary made from the model ahead has answered (and cached) some questions already.
   */
  private takeModelAhead(tree: SyntaxTree, options: LintTreeOptions): SemanticModel | undefined {
    const model = this.modelsAhead.get(tree);
    this.modelsAhead.delete(tree);
    return options.remember || options.previous ? undefined : model;
  }

  /** Runs a rule's `checkSuppressions` once the other findings were matched against the file's `# noqa` comments. */
  private checkSuppressions(
    handler: EnabledRule,
    suppressions: Suppressions,
    plan: RulePlan,
    lines: LineIndex,
    internalErrors: string[],
  ): LintDiagnostic[] {
    const found: LintDiagnostic[] = [];
    try {
      handler.rule.checkSuppressions!({
        directives: suppressions.listDirectives(),
        rules: [INVALID_FILE, ...this.rules],
        enabledCodes: new Set(plan.rules.keys()),
        lines,
        report(report) {
          const start = report.start ?? report.node?.startPosition;
          const end = report.end ?? report.node?.endPosition ?? start;
          if (!start || !end) throw new Error(`${handler.rule.code} reported without a location`);
          const severity = report.lowerSeverity ? lowered(handler.severity) : handler.severity;
          found.push({
            ...diagnostic(handler.rule, severity, report.message, start, end),
            fix: report.fix ?? null,
            related: report.related ?? [],
          });
        },
      });
    } catch (error) {
      internalErrors.push(`${handler.rule.code} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    return found;
  }

  private plan(settings: LintSettings): RulePlan {
    let plan = this.plans.get(settings);
    if (!plan) {
      const rules = enabledRules(settings, this.rules);
      const byKind = new Map<string, EnabledRule[]>();
      for (const enabled of rules) {
        for (const kind of enabled.rule.nodeKinds) {
          const list = byKind.get(kind);
          if (list) list.push(enabled);
          else byKind.set(kind, [enabled]);
        }
      }
      plan = {
        byKind,
        rules: new Map(rules.map(({ rule }) => [rule.code, rule])),
        statementRules: rules.filter(({ rule }) => rule.checkStatement),
        suppressionRules: rules.filter(({ rule }) => rule.checkSuppressions),
        kinds: [...byKind.keys()],
        invalidFileSeverity: alwaysOnSeverity(settings, INVALID_FILE),
      };
      this.plans.set(settings, plan);
    }
    return plan;
  }
}

interface StatementModel {
  readonly model: SemanticModel;
  /** The collected nodes of top-level statement `index`, in source order. */
  readonly nodesOf: (index: number) => readonly ScopedNode[];
  /** When re-linting: what each changed statement binds in the module (see `moduleBindingsByStatement`). */
  readonly changedBindings?: readonly (ReadonlyMap<string, string> | undefined)[];
}

/** A model built at once (or ahead, collecting more kinds than `kinds`), its nodes split by top-level statement. */
function wholeModel(
  root: SyntaxNode,
  kinds: readonly string[],
  statements: readonly StatementSite[],
  ahead?: SemanticModel,
): StatementModel {
  const model = ahead ?? SemanticModel.build(root, kinds);
  const byStatement: ScopedNode[][] = statements.map(() => []);
  let index = 0;
  // Nodes lie inside statements: a node belongs to the last statement starting at or before it
  // (start offsets are plain fields; reading an end crosses into wasm).
  for (const scoped of model.nodes) {
    while (index < statements.length - 1 && statements[index + 1]!.node.startIndex <= scoped.node.startIndex) index++;
    byStatement[index]!.push(scoped);
  }
  return { model, nodesOf: (statement) => byStatement[statement]! };
}

/** A model of the given statements (not all from `root`'s tree), all built now. */
function statementsModel(root: SyntaxNode, kinds: readonly string[], statements: readonly StatementSite[]): StatementModel {
  const model = SemanticModel.buildDeferring(root, kinds, { statements, definers: () => undefined, mayImport: () => false });
  for (let index = 0; index < statements.length; index++) model.nodesOf(index);
  return { model, nodesOf: (index) => model.nodesOf(index) };
}

/**
 * A model building top-level statements when needed: the changed ones first (what they now bind in
 * the module decides which kept statements to check again), the others when checked or asked about.
 */
function deferringModel(
  root: SyntaxNode,
  kinds: readonly string[],
  statements: readonly StatementSite[],
  relint: RelintPlan,
  names: StatementNames,
): StatementModel {
  const facts = statements.map((_, index) => relint.facts(index));
  const changed: (true | undefined)[] = [];
  for (let index = 0; index < statements.length; index++) {
    if (relint.previousLint(index)) continue;
    changed[index] = true;
    // What a changed statement binds in the module is known once it is built (it is, first).
    names.add(facts[index]!, facts[index]!.defines);
  }
  const definers = new Map<string, readonly number[] | undefined>();
  const model = SemanticModel.buildDeferring(root, kinds, {
    statements,
    definers(name) {
      if (!definers.has(name)) definers.set(name, names.holdersOf(name, facts));
      return definers.get(name);
    },
    mayImport: (index, module) => facts[index]!.hasImport && (module === undefined || facts[index]!.mentions.has(module)),
  });
  for (let index = 0; index < statements.length; index++) if (changed[index] || facts[index]!.hasWildcardImport) model.nodesOf(index);
  const changedBindings = moduleBindingsByStatement(model, statements, changed);
  relint.spread(changedBindings);
  return { model, nodesOf: (index) => model.nodesOf(index), changedBindings };
}

/**
 * The names index of a memo's statements: for a re-lint, the previous memo's, with what the statements it changed
 * define and bind, unless it holds so many of statements gone that it is worth listing the live ones again.
 */
function memoNames(
  statements: readonly StatementLint[],
  relint: RelintPlan | undefined,
  previous: StatementNames | undefined,
): StatementNames {
  if (!relint || !previous || previous.worthRelisting) return new StatementNames(statements);
  statements.forEach(({ facts, moduleBindings }, index) => {
    if (!relint.previousLint(index)) previous.add(facts, facts.defines, moduleBindings.keys());
  });
  return previous;
}

/**
 * For each checked statement, the names the model saw it bind in the module scope, with a signature
 * of those bindings: what other statements can learn from them (not a definition's body: that is
 * tracked by the names it defines). In strings of their own: the memo keeps them (see detachedCopy).
 */
function moduleBindingsByStatement(
  model: SemanticModel,
  statements: readonly StatementSite[],
  checked: readonly unknown[],
): (Map<string, string> | undefined)[] {
  const result: (Map<string, string> | undefined)[] = [];
  for (const [name, bindings] of model.module.bindings) {
    for (const binding of bindings) {
      const holder = lastStartingAtOrBefore(statements, binding.position, (statement) => statement.node);
      if (holder < 0 || !checked[holder]) continue;
      const names = (result[holder] ??= new Map());
      // In a `def` or `class` statement, any binding but the definition's own name is made through `global` in its
      // body: that differs from the same assignment written in the module (LOOP203 reads a loop a function keeps in a
      // global as owned), though the assignment reads the same.
      const { kind } = statements[holder]!;
      const throughGlobal = DEFINITION_STATEMENTS.has(kind) && binding.kind !== 'function' && binding.kind !== 'class';
      // A binding in a branch that never runs binds nothing (`if True: ... else: import time as asyncio`): a statement
      // moving into one (a re-indenting edit before it) changes what the name means though its text is the same.
      const unreachable = model.isUnreachable(binding.node) ? 'unreachable ' : '';
      const signature = `${unreachable}${throughGlobal ? 'global ' : ''}${bindingSignature(binding)}`;
      const previous = names.get(name);
      names.set(detachedCopy(name), detachedCopy(previous === undefined ? signature : `${previous}\n${signature}`));
    }
  }
  return result;
}

/** Statements whose bindings in the module, other than their own name, come through `global` (moduleBindingsByStatement). */
const DEFINITION_STATEMENTS: ReadonlySet<string> = new Set(['function_definition', 'class_definition', 'decorated_definition']);

/** `import asyncio`, `assignment = asyncio.get_event_loop()`, `function`: kind, imported name or value, annotation. */
function bindingSignature(binding: Binding): string {
  const value = binding.importedName ?? binding.value?.text ?? '';
  const annotation = binding.annotation ? `: ${binding.annotation.text}` : '';
  return `${binding.kind} ${value}${annotation}`;
}

/** Spans of code that never runs, sorted by their start: the loop over a statement's nodes walks them in step. */
function inSourceOrder(spans: SourceSpan[]): SourceSpan[] {
  return spans.sort((a, b) => a.start - b.start);
}

function layoutSignature(lines: LineIndex): string {
  const { eol, defaultIndent } = sourceLayout(lines);
  return JSON.stringify([eol, defaultIndent]);
}

/**
 * `[` then `*`, `:=`, a type parameter list (`class Name[`), or a call on a subscript (`](`): where a grammar gap
 * grammarGapRepaired mends may be.
 */
const GRAMMAR_GAP_HINT = /\[\s*\*|:=|\b(?:class|def|type)[ \t]+\w+[ \t]*\[|\]\s*\(/;

/**
 * LOOP000 for the first syntax error, counting the others; none when the errors are only where tree-sitter-python's
 * grammar falls short of Python's (see grammarGapRepaired): `parsesClean` tells whether the repaired text parses.
 */
function syntaxErrorDiagnostic(
  root: SyntaxNode,
  text: string,
  severity: Severity,
  parsesClean: (text: string) => boolean,
): LintDiagnostic | undefined {
  const problems = findSyntaxProblems(root);
  const first = problems[0];
  if (!first) return undefined;
  // Only text holding a `[*`, a `:=`, a type parameter list or a `](` can hold a gap (a cheap test while the file being typed does not parse). The text
  // as parsed (the module node starts at its first statement, not at the text's start).
  const repairedText = GRAMMAR_GAP_HINT.test(text) ? grammarGapRepaired(normalizeLoneCarriageReturns(text), problems) : undefined;
  if (repairedText !== undefined && parsesClean(repairedText)) return undefined;
  const more = problems.length > 1 ? ` (${problems.length - 1}${problems.length >= 100 ? '+' : ''} more syntax errors below)` : '';
  return diagnostic(INVALID_FILE, severity, `Syntax error: ${first.message}${more}`, first.node.startPosition, first.node.endPosition);
}

/** `diagnostic` with its range on the lines of the text (see `LineIndex.withinLine`). */
function withinLines(diagnostic: LintDiagnostic, lines: LineIndex): LintDiagnostic {
  const start = lines.withinLine(diagnostic.start);
  const end = lines.withinLine(diagnostic.end);
  return start === diagnostic.start && end === diagnostic.end ? diagnostic : { ...diagnostic, start, end };
}

function diagnostic(rule: RuleInfo, severity: Severity, message: string, start: Point, end: Point): LintDiagnostic {
  return { code: rule.code, name: rule.name, severity, message, start, end, fix: null, related: [] };
}

function compareDiagnostics(a: LintDiagnostic, b: LintDiagnostic): number {
  return a.start.row - b.start.row || a.start.column - b.start.column || a.code.localeCompare(b.code);
}

/** The next severity down, for findings that are only possible. */
function lowered(severity: Severity): Severity {
  return severity === 'error' ? 'warning' : severity === 'warning' ? 'information' : 'hint';
}
