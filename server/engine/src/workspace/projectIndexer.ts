// Reads, parses and summarises Python files into a WorkspaceIndex. The CLI and the language
// server both index this way before linting, so cross-module rules see the same project.
import { readFileSync } from 'node:fs';
import type { SyntaxTree } from '../analysis/pythonParser';
import { SemanticModel } from '../analysis/semanticModel';
import { decodePythonSource } from '../analysis/sourceText';
import type { Linter } from '../linter/linter';
import { ruleSettings, type LintSettings } from '../linter/lintSettings';
import { moduleIdentity } from './moduleNames';
import { summarizeModule } from './moduleSummary';
import type { WorkspaceIndex } from './workspaceIndex';

export class ProjectIndexer {
  /** `withUses`: summaries say how each module uses what it imports (see summarizeModule). */
  constructor(
    private readonly linter: Linter,
    readonly index: WorkspaceIndex,
    private readonly withUses = true,
  ) {}

  /** Summarises `text` as the content of `file`; true when what other modules see of it changed. */
  indexText(file: string, text: string, settings: LintSettings = {}): boolean {
    let tree: SyntaxTree;
    try {
      tree = this.linter.parse(text);
    } catch {
      // Too large to parse (or the parser failed): linting it reports why; other modules see nothing of it.
      return this.index.remove(file);
    }
    try {
      return this.indexTree(file, tree, settings);
    } finally {
      tree.delete();
    }
  }

  /** Summarises an already parsed file (an open document's current tree), from `model` when one was built. */
  indexTree(file: string, tree: SyntaxTree, settings: LintSettings = {}, model = SemanticModel.build(tree.rootNode)): boolean {
    return this.index.update(
      summarizeModule(file, moduleIdentity(file), model, (name) => this.linter.blockingRule(name, ruleSettings(settings)), this.withUses),
    );
  }

  /** Reads and summarises a file; an unreadable or undecodable file is dropped from the index. */
  indexFile(file: string, settings: LintSettings = {}): boolean {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch {
      return this.index.remove(file);
    }
    const decoded = decodePythonSource(bytes);
    return decoded.ok ? this.indexText(file, decoded.text, settings) : this.index.remove(file);
  }
}
