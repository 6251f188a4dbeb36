// Lints one Python file: parse (or reuse a tree), build the semantic model, dispatch enabled
// rules by node kind, drop suppressed diagnostics. Used by the CLI, the language server and tests.
import { createPythonParser, type SyntaxTree } from '../analysis/pythonParser';
import { SemanticModel } from '../analysis/semanticModel';
import { decodePythonSource, LineIndex, normalizeLoneCarriageReturns } from '../analysis/sourceText';
import { RULES } from '../rules/registry';
import { findSyntaxProblems, INVALID_FILE } from './fileProblems';
import { alwaysOnSeverity, enabledRules, ruleSettings, type EnabledRule, type LintSettings } from './lintSettings';
import type { Fix, Point, RelatedLocation, Report, Rule, RuleContext, RuleInfo, Severity } from './rule';
import type { ProjectView } from './projectView';
import { Suppressions } from './suppression';
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
}

interface RulePlan {
  readonly byKind: ReadonlyMap<string, readonly EnabledRule[]>;
  readonly kinds: readonly string[];
  readonly invalidFileSeverity: Severity | undefined;
}

export class Linter {
  private readonly plans = new WeakMap<LintSettings, RulePlan>();

  private constructor(
    private readonly parser: Parser,
    readonly rules: readonly Rule[],
  ) {}

  static async create(rules: readonly Rule[] = RULES): Promise<Linter> {
    return new Linter(await createPythonParser(), rules);
  }

  /** Parses `text`; with `previous` (already `edit`ed), reuses its unchanged parts. */
  parse(text: string, previous?: SyntaxTree): SyntaxTree {
    const tree = this.parser.parse(normalizeLoneCarriageReturns(text), previous ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }

  /** `onModel` sees the file's semantic model (to summarise the file for the project index without parsing it again). */
  lintBytes(bytes: Uint8Array, settings: LintSettings, project?: ProjectView, onModel?: (model: SemanticModel) => void): LintResult {
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
    const tree = this.parse(text);
    try {
      return this.lintTree(tree, text, settings, new LineIndex(text), project, onModel);
    } finally {
      tree.delete();
    }
  }

  lintTree(
    tree: SyntaxTree,
    text: string,
    settings: LintSettings,
    lines = new LineIndex(text),
    project?: ProjectView,
    onModel?: (model: SemanticModel) => void,
  ): LintResult {
    const plan = this.plan(settings);
    const root = tree.rootNode;
    const model = SemanticModel.build(root, plan.kinds);
    const suppressions = Suppressions.parse(text);
    const diagnostics: LintDiagnostic[] = [];
    const internalErrors: string[] = [];

    if (plan.invalidFileSeverity) {
      const problems = findSyntaxProblems(root);
      const first = problems[0];
      if (first) {
        const more = problems.length > 1 ? ` (${problems.length - 1}${problems.length >= 100 ? '+' : ''} more syntax errors below)` : '';
        diagnostics.push(
          diagnostic(
            INVALID_FILE,
            plan.invalidFileSeverity,
            `Syntax error: ${first.message}${more}`,
            first.node.startPosition,
            first.node.endPosition,
          ),
        );
      }
    }

    let current: EnabledRule | undefined;
    const context: { -readonly [K in keyof RuleContext]: RuleContext[K] } = {
      model,
      project,
      scope: model.module,
      lines,
      settings: ruleSettings(settings),
      report(report: Report) {
        const rule = current!;
        const start = report.start ?? report.node?.startPosition;
        const end = report.end ?? report.node?.endPosition ?? start;
        if (!start || !end) throw new Error(`${rule.rule.code} reported without a location`);
        if (suppressions.isSuppressed(rule.rule, [start.row, end.row])) return;
        diagnostics.push({
          code: rule.rule.code,
          name: rule.rule.name,
          severity: rule.severity,
          message: report.message,
          start,
          end,
          fix: report.fix ?? null,
          related: report.related ?? [],
        });
      },
    };

    // Rules asking for 'module' run once per file with the root: those that search the text first.
    for (const handler of plan.byKind.get('module') ?? []) {
      current = handler;
      try {
        handler.rule.check(root, context);
      } catch (error) {
        internalErrors.push(`${handler.rule.code} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }

    for (const { node, kind, scope } of model.nodes) {
      const handlers = plan.byKind.get(kind);
      if (!handlers) continue;
      context.scope = scope;
      for (const handler of handlers) {
        current = handler;
        try {
          handler.rule.check(node, context);
        } catch (error) {
          internalErrors.push(
            `${handler.rule.code} failed at line ${node.startPosition.row + 1}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
        }
      }
    }
    diagnostics.sort(compareDiagnostics);
    onModel?.(model);
    return { diagnostics, lines, internalErrors };
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
        kinds: [...byKind.keys()].filter((kind) => kind !== 'module'),
        invalidFileSeverity: alwaysOnSeverity(settings, INVALID_FILE),
      };
      this.plans.set(settings, plan);
    }
    return plan;
  }
}

function diagnostic(rule: RuleInfo, severity: Severity, message: string, start: Point, end: Point): LintDiagnostic {
  return { code: rule.code, name: rule.name, severity, message, start, end, fix: null, related: [] };
}

function compareDiagnostics(a: LintDiagnostic, b: LintDiagnostic): number {
  return a.start.row - b.start.row || a.start.column - b.start.column || a.code.localeCompare(b.code);
}
