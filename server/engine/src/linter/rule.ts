// What a rule is: metadata, documentation, the node kinds it wants, and a check that reports.
import type { LineIndex } from '../analysis/sourceText';
import type { Point, SyntaxNode } from '../analysis/pythonParser';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { PythonVersion } from './pythonVersion';
import type { BlockingCallPattern } from './blockingCallPatterns';
import type { ProjectView } from './projectView';
import type { NoqaDirective } from './suppression';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** The rule's documentation; `docs/rules/` and `loopscope rules` are generated from it. */
interface RuleDoc {
  readonly whatItDoes: string;
  readonly whyIsThisBad: string;
  /** Python code showing the problem. */
  readonly example: string;
  /** The same code, corrected. */
  readonly useInstead: string;
  readonly fixSafety?: string;
}

/** Everything about a rule except how it checks code (also describes LOOP000, which has no check). */
export interface RuleInfo {
  readonly code: string;
  readonly name: string;
  /** One sentence, shown by `loopscope rules` and in SARIF. */
  readonly summary: string;
  readonly defaultSeverity: Severity;
  /** Off-by-default rules run only when selected (LOOP001, LOOP407, LOOP408). */
  readonly enabledByDefault: boolean;
  /** Codes of other tools for the same check; `# noqa: ASYNC251` suppresses ours too. */
  readonly equivalents: readonly string[];
  readonly fixable: boolean;
  readonly doc: RuleDoc;
}

export interface Rule extends RuleInfo {
  /** tree-sitter-python node kinds `check` is called with (none for a rule that only has `checkSuppressions`). */
  readonly nodeKinds: readonly string[];
  check(node: SyntaxNode, context: RuleContext): void;
  /**
   * Called once per top-level statement (before `check` sees its nodes), for rules that search the
   * statement's text rather than visit many nodes.
   */
  checkStatement?(statement: SyntaxNode, context: RuleContext): void;
  /** Called once per file after the other rules' findings were matched against `# noqa` comments (LOOP001). */
  checkSuppressions?(context: SuppressionContext): void;
  /**
   * A rule that recognises a blocking call by its name (LOOP101–LOOP107): what it says of a call to
   * `qualifiedName`, undefined when that call does not block. The workspace index asks it (Linter.blockingRule).
   */
  matchBlockingCall?(qualifiedName: string, settings: RuleSettings): unknown;
}

/** What a rule about suppression comments sees: the comments, and what each suppressed in this lint. */
export interface SuppressionContext {
  /** The lines' `# noqa: …` lists (bare `# noqa` comments are not listed). */
  readonly directives: readonly NoqaDirective[];
  /** Every rule, enabled or not, LOOP000 included. */
  readonly rules: readonly RuleInfo[];
  /** The codes of the rules enabled for this file. */
  readonly enabledCodes: ReadonlySet<string>;
  readonly lines: LineIndex;
  report(report: Report): void;
}

export interface TextEdit {
  readonly start: Point;
  readonly end: Point;
  readonly newText: string;
}

export interface Fix {
  readonly message: string;
  /** Safe fixes keep behaviour; unsafe ones may change it and are applied only on request. */
  readonly safety: 'safe' | 'unsafe';
  readonly edits: readonly TextEdit[];
}

export interface RelatedLocation {
  readonly start: Point;
  readonly end: Point;
  readonly message: string;
  /** Absolute path when the location is in another file; absent for the linted file. */
  readonly file?: string;
}

export interface Report {
  /** The node to underline; or give `start`/`end` directly. */
  readonly node?: SyntaxNode;
  readonly start?: Point;
  readonly end?: Point;
  readonly message: string;
  readonly fix?: Fix;
  readonly related?: readonly RelatedLocation[];
  /** One level below the rule's severity (error → warning → information → hint): the problem is only possible. */
  readonly lowerSeverity?: boolean;
}

/** The settings rules may read. */
export interface RuleSettings {
  readonly targetVersion: PythonVersion;
  /**
   * The target version was given (setting, flag, `requires-python`, `python_requires`), not the
   * default: a fix that keeps behaviour only from some version on is safe only then.
   */
  readonly targetVersionKnown: boolean;
  readonly blockingCalls: readonly BlockingCallPattern[];
  /** Notebook cells allow top-level `await`. */
  readonly isNotebook: boolean;
}

export interface RuleContext {
  readonly model: SemanticModel;
  /** The rest of the project, when the caller indexed it (cross-module LOOP108, LOOP302). */
  readonly project: ProjectView | undefined;
  /** The innermost scope of the node being checked. */
  readonly scope: Scope;
  /**
   * The top-level statement holding the node being checked (a child of the module, or of the small
   * tree the language server parses edited statements into). Reading it is free, while walking up
   * `parent`s costs time growing with the depth at each step (tree-sitter finds a parent from the root).
   * The language server keeps a statement's node from one lint to the next while no edit touches it (moved, with
   * other statements around it): what is cached for it belongs to one lint, so is kept per model.
   */
  readonly statement: SyntaxNode;
  readonly lines: LineIndex;
  readonly settings: RuleSettings;
  report(report: Report): void;
}

/** Points use rows from 0 and columns in UTF-16 code units, as tree-sitter and LSP do. */
export type { Point };
