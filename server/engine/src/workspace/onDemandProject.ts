// A project index that fills itself as rules ask: the CLI lints files one by one, summarising each
// from the model it already built, and loads a module it has not seen only when a rule looks it up.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SyntaxTree } from '../analysis/pythonParser';
import type { SemanticModel } from '../analysis/semanticModel';
import { decodePythonSource } from '../analysis/sourceText';
import type { Linter } from '../linter/linter';
import { ruleSettings, type LintSettings } from '../linter/lintSettings';
import type { ProjectView } from '../linter/projectView';
import { importRoot, moduleIdentity } from './moduleNames';
import { summarizeModule } from './moduleSummary';
import { ProjectIndexer } from './projectIndexer';
import { WorkspaceIndex } from './workspaceIndex';

/** At most this many files parsed ahead of their turn are kept (their trees live in wasm memory). */
const MAX_PARSED_AHEAD = 256;

interface ParsedFile {
  readonly text: string;
  readonly tree: SyntaxTree;
}

export class OnDemandProject {
  private readonly index = new WorkspaceIndex();
  private readonly indexer: ProjectIndexer;
  /** Folders module names are relative to: the working folder (where `python -m` would run) and every linted file's. */
  private readonly roots = new Set<string>([process.cwd()]);
  /** Files still to be linted, by absolute path: one loaded early for a lookup stays parsed until its turn. */
  private readonly upcoming: Set<string>;
  private readonly parsedAhead = new Map<string, ParsedFile>();
  /**
   * Top-level packages of the files being linted: lookups follow imports into these only, so linting a
   * package reads its own modules on demand but not the whole standard library beside it.
   */
  private readonly packages = new Set<string>();

  constructor(
    private readonly linter: Linter,
    upcoming: Iterable<string> = [],
  ) {
    this.indexer = new ProjectIndexer(linter, this.index);
    this.index.setModuleLoader((moduleName) => this.load(moduleName));
    this.upcoming = new Set([...upcoming].map((file) => path.resolve(file)));
    for (const file of this.upcoming) this.packages.add(topPackage(file));
  }

  /** The file's text and tree if a lookup already parsed it (the caller lints, then deletes the tree). */
  takeParsed(file: string): ParsedFile | undefined {
    const key = path.resolve(file);
    this.upcoming.delete(key);
    const parsed = this.parsedAhead.get(key);
    this.parsedAhead.delete(key);
    return parsed;
  }

  /** The view rules get while linting `file`. */
  viewFor(file: string): ProjectView {
    this.packages.add(topPackage(file));
    const root = importRoot(file);
    if (!this.roots.has(root)) {
      this.roots.add(root);
      this.index.retryMissingModules();
    }
    return this.index.view(moduleIdentity(file));
  }

  /** Summarises a file just linted from the model the linter built for it. */
  remember(file: string, model: SemanticModel, settings: LintSettings): void {
    if (!this.index.has(file))
      this.index.update(
        summarizeModule(file, moduleIdentity(file), model, (name) => this.linter.blocksDirectly(name, ruleSettings(settings))),
      );
  }

  private loadFile(file: string): void {
    const key = path.resolve(file);
    if (!this.upcoming.has(key) || this.parsedAhead.size >= MAX_PARSED_AHEAD) {
      this.indexer.indexFile(file);
      return;
    }
    let decoded;
    try {
      decoded = decodePythonSource(readFileSync(file));
    } catch {
      decoded = undefined;
    }
    if (!decoded?.ok) {
      this.indexer.indexFile(file);
      return;
    }
    let tree;
    try {
      tree = this.linter.parse(decoded.text);
    } catch {
      this.indexer.indexFile(file);
      return;
    }
    this.indexer.indexTree(file, tree);
    this.parsedAhead.set(key, { text: decoded.text, tree });
  }

  private load(moduleName: string): boolean {
    const relative = moduleName.split('.');
    if (!this.packages.has(relative[0]!)) return false;
    for (const root of this.roots) {
      for (const candidate of [path.join(root, ...relative) + '.py', path.join(root, ...relative, '__init__.py')]) {
        if (existsSync(candidate) && moduleIdentity(candidate).name === moduleName) {
          if (!this.index.has(candidate)) this.loadFile(candidate);
          return true;
        }
      }
    }
    return false;
  }
}

function topPackage(file: string): string {
  const name = moduleIdentity(file).name;
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}
