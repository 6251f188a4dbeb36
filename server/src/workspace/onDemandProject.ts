// A project index that fills itself as rules ask: the CLI lints files one by one, summarising each
// from the model it already built, and loads a module it has not seen only when a rule looks it up.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SemanticModel } from '../analysis/semanticModel';
import type { Linter } from '../linter/linter';
import { ruleSettings, type LintSettings } from '../linter/lintSettings';
import type { ProjectView } from '../linter/projectView';
import { importRoot, moduleIdentity } from './moduleNames';
import { summarizeModule } from './moduleSummary';
import { ProjectIndexer } from './projectIndexer';
import { WorkspaceIndex } from './workspaceIndex';

export class OnDemandProject {
  private readonly index = new WorkspaceIndex();
  private readonly indexer: ProjectIndexer;
  /** Folders module names are relative to: the working folder (where `python -m` would run) and every linted file's. */
  private readonly roots = new Set<string>([process.cwd()]);

  constructor(linter: Linter) {
    this.indexer = new ProjectIndexer(linter, this.index);
    this.index.setModuleLoader((moduleName) => this.load(moduleName));
  }

  /** The view rules get while linting `file`. */
  viewFor(file: string): ProjectView {
    const root = importRoot(file);
    if (!this.roots.has(root)) {
      this.roots.add(root);
      this.index.retryMissingModules();
    }
    return this.index.view(moduleIdentity(file));
  }

  /** Summarises a file just linted from the model the linter built for it. */
  remember(file: string, model: SemanticModel, settings: LintSettings): void {
    if (!this.index.has(file)) this.index.update(summarizeModule(file, moduleIdentity(file), model, ruleSettings(settings)));
  }

  private load(moduleName: string): boolean {
    const relative = moduleName.split('.');
    for (const root of this.roots) {
      for (const candidate of [path.join(root, ...relative) + '.py', path.join(root, ...relative, '__init__.py')]) {
        if (existsSync(candidate) && moduleIdentity(candidate).name === moduleName) {
          if (!this.index.has(candidate)) this.indexer.indexFile(candidate);
          return true;
        }
      }
    }
    return false;
  }
}
