// The engine's public entry: what its front ends (the language server, the CLI, the scripts, the benchmarks) use of
// it. They import the engine from here only (test/architecture/importWalls.test.ts); the engine's own files never do.

// The linter and the rules it is given.
export { Linter, MAX_FILE_SIZE, ParserNotReadyError, type LintDiagnostic, type LintResult } from './linter/linter';
export type { RuleInfo, Severity, TextEdit } from './linter/rule';
export { RULES } from './rules/registry';
export { INVALID_FILE } from './linter/fileProblems';
export { headerLength, statementSite, type LintMemo, type StatementSite } from './linter/topLevelStatements';

// Settings: the table, its readers, configuration files and the project each file belongs to.
export { SETTINGS, lintSettingsOf, settingsIn } from './linter/settingsTable';
export { readCommandLineSettings, readEditorSettings, settingFlags, unknownSelectorsMessage } from './linter/settingsReader';
export type { SchemaContext } from './linter/settingKinds';
export { SEVERITIES, enabledRules, ruleSettings, rulesMatching, unknownSelectors, type LintSettings } from './linter/lintSettings';
export { DEFAULT_TARGET_VERSION, parsePythonVersion } from './linter/pythonVersion';
export { parsePyproject } from './linter/configFile';
export {
  monorepoPackageFolders,
  ProjectConfigFinder,
  SETTINGS_FILE_NAMES,
  type ConfigFinderOptions,
  type ProjectConfig,
} from './linter/projectConfig';
export type { ProjectView } from './linter/projectView';

// Fixes, and what rules' documentation says and where it lives.
export { fixText } from './linter/fixes/fixApplication';
export { noqaEdit } from './linter/fixes/noqaComment';
export { ruleDocumentationUrl, ruleUrlFromTemplate } from './linter/ruleDocumentation';
export { ruleMarkdown, rulesIndexMarkdown } from './linter/ruleMarkdown';

// Python source: decoding, parsing, the semantic model.
export { LineIndex, decodePythonSource, detachedCopy, normalizeLoneCarriageReturns } from './analysis/sourceText';
export type { Point, SyntaxNode, SyntaxTree } from './analysis/pythonParser';
export { lastStartingAtOrBefore } from './analysis/pythonSyntax';
export { SemanticModel } from './analysis/semanticModel';
export { canonicalName } from './analysis/knownTypes';

// What Loopscope knows of asyncio and blocking calls (hovers).
export { apiHoverMarkdown, blockingCallHoverMarkdown, type HoverTarget, type RuleLink } from './knowledge/apiHoverMarkdown';
export { lookupApi } from './knowledge/apiKnowledge';
export { blockingCall } from './knowledge/blockingCalls';

// The workspace: its Python files and the index of their modules.
export { findPythonFiles, isExcludedBelow, isExcludedFolderName, isInside, type Exclusion } from './workspace/pythonFiles';
export { moduleIdentity } from './workspace/moduleNames';
export { summarizeModule, type ModuleSummary } from './workspace/moduleSummary';
export { summaryFromText, summaryToText } from './workspace/moduleSummaryText';
export { OnDemandProject, type SummaryStore } from './workspace/onDemandProject';
export type { NameStore } from './workspace/asyncDefNames';
export type { FilesMentioning, MentionStore } from './workspace/nameMentions';
export type { NameUses } from './workspace/usesOutsideCoroutines';
export { ProjectIndexer } from './workspace/projectIndexer';
export { WorkspaceIndex } from './workspace/workspaceIndex';
