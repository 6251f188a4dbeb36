// A project index that fills itself as rules ask: the CLI lints files one by one, summarising each
// from the model it already built (a test module only when a lookup reaches it), and loads a module it has
// not seen only when a rule looks it up.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SyntaxTree } from '../analysis/pythonParser';
import { SemanticModel } from '../analysis/semanticModel';
import { decodePythonSource } from '../analysis/sourceText';
import { ParserNotReadyError, type Linter } from '../linter/linter';
import { ruleSettings, type LintSettings } from '../linter/lintSettings';
import { isCollectedTestModule } from '../linter/neverCollectedTests';
import type { ProjectView } from '../linter/projectView';
import { AsyncDefNames, type NameStore } from './asyncDefNames';
import { FolderListings } from './folderListings';
import { importRoot, moduleIdentity, type ModuleIdentity } from './moduleNames';
import { summarizeModule, type ModuleSummary } from './moduleSummary';
import { ProjectIndexer } from './projectIndexer';
import { NameMentions, type MentionStore } from './nameMentions';
import { PendingSummary, WorkspaceIndex } from './workspaceIndex';

/**
 * Whether a linted module is summarised only when a lookup reaches it: pytest's test modules (`test_*.py`,
 * `*_test.py`). pytest collects them and other modules seldom import them, so most summaries made of them as they
 * were linted were never read (on CPython's asyncio and its tests, `remember` was a sixth of a cold lint). Not
 * conftest.py, whose fixtures every test's lookups read. The index holds such a module pending (see PendingSummary),
 * so every lookup gets the answer its summary would have given; the file is parsed again for it then.
 */
function summarisedOnDemand(file: string): boolean {
  return file.endsWith('.py') && isCollectedTestModule(path.basename(file, '.py'));
}

/** At most this many files parsed ahead of their turn are kept (their trees live in wasm memory). */
const MAX_PARSED_AHEAD = 256;

/**
 * Summaries kept from an earlier run (the CLI's lint cache): made of exactly these bytes of the file, with these
 * settings (the blocking calls they name decide what a summary says blocks).
 */
export interface SummaryStore {
  find(file: string, bytes: Uint8Array, settings: LintSettings): ModuleSummary | undefined;
  /** The summary, if the store can tell without reading the file that it has not changed (its time and size). */
  findUnchanged(file: string, settings: LintSettings): ModuleSummary | undefined;
  keep(file: string, bytes: Uint8Array, settings: LintSettings, summary: ModuleSummary): void;
}

/** The settings a module loaded for a lookup is summarised with (it is not being linted). */
const LOOKUP_SETTINGS: LintSettings = {};

/** Where a file sits among Python's modules. */
interface FilePlace {
  readonly identity: ModuleIdentity;
  /** The folder its module name is relative to. */
  readonly root: string;
}

interface ParsedFile {
  readonly text: string;
  readonly tree: SyntaxTree;
}

export class OnDemandProject {
  private readonly index = new WorkspaceIndex();
  private readonly indexer: ProjectIndexer;
  /**
   * Folders module names are relative to, in the order they came: the working folder (where `python -m` would run)
   * and every linted file's.
   */
  private readonly roots = [process.cwd()];
  /** Each file's module name and import root, by the path as given (asked for several times per file). */
  private readonly places = new Map<string, FilePlace>();
  /** For each top-level package asked about: which of `roots` hold it, of how many checked. */
  private readonly packageRoots = new Map<string, { roots: string[]; checked: number }>();
  /** Module names not found: how many of the roots holding their top-level package were searched for them. */
  private readonly rootsSearched = new Map<string, number>();
  /** Files still to be linted, by absolute path: one loaded early for a lookup stays parsed until its turn. */
  private readonly upcoming: Set<string>;
  private readonly parsedAhead = new Map<string, ParsedFile>();
  /**
   * Top-level packages of the files being linted: lookups follow imports into these only, so linting a
   * package reads its own modules on demand but not the whole standard library beside it.
   */
  private readonly packages = new Set<string>();
  /** Which files exist (module lookups and module names ask about the same folders thousands of times). */
  private readonly folders = new FolderListings();
  private readonly exists = (file: string): boolean => this.folders.exists(file);
  /** The names coroutine calls into modules not loaded yet can have (what `load` could find is read for them). */
  private readonly asyncNames: AsyncDefNames;
  /** Modules linted but not summarised yet (see summarisedOnDemand): the path they are indexed by, by absolute path. */
  private readonly pending = new Map<string, string>();

  /**
   * The files linted in this run, by the paths given (`upcoming` and, for a worker linting some of them, the others):
   * the project whose modules may use a function (see mentions).
   */
  private readonly projectFiles: readonly string[];
  /** The modules of the project mentioning a name, read when a rule asks how the project uses a function. */
  private readonly mentions: NameMentions;

  /** `projectFiles`: files of the run this project's linter is not asked for (another worker lints them). */
  constructor(
    private readonly linter: Linter,
    upcoming: Iterable<string> = [],
    private readonly store?: SummaryStore & NameStore & MentionStore,
    projectFiles: Iterable<string> = [],
  ) {
    this.asyncNames = new AsyncDefNames(this.folders, store);
    this.indexer = new ProjectIndexer(linter, this.index, false);
    this.index.setModuleLoader(
      (moduleName) => this.load(moduleName),
      (name) => {
        this.asyncNames.cover(this.roots, this.packages);
        return this.asyncNames.has(name);
      },
      (name) => {
        this.asyncNames.cover(this.roots, this.packages);
        for (const file of this.asyncNames.filesWith(name)) {
          // A pending module is indexed, but its `async def`s count only once it is summarised.
          const pending = this.pending.get(path.resolve(file));
          if (pending !== undefined) this.index.summaryOf(pending);
          if (!this.index.has(file)) this.loadFile(file);
        }
      },
      (file) => {
        if (this.exists(file)) this.loadFile(file);
      },
      (lastName) => this.mentions.of(lastName),
    );
    const files = [...upcoming];
    this.upcoming = new Set(files.map((file) => path.resolve(file)));
    this.projectFiles = [...files, ...projectFiles];
    // Those of the run, and those of the packages lookups read (see AsyncDefNames): a test module pending included.
    this.mentions = new NameMentions(
      linter,
      () => {
        this.asyncNames.cover(this.roots, this.packages);
        return [...this.projectFiles, ...this.asyncNames.files];
      },
      (file) => this.placeOf(file).identity,
      store,
    );
    // By the paths as given: the ones the files will be linted by (placeOf remembers by path).
    for (const file of files) this.packages.add(this.topPackage(file));
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
    this.packages.add(this.topPackage(file));
    const root = this.placeOf(file).root;
    if (!this.roots.includes(root)) {
      this.roots.push(root);
      this.index.retryMissingModules();
    }
    return this.index.view(this.placeOf(file).identity, file);
  }

  /**
   * Summarises a file just linted from the model the linter built for it, unless a lookup indexed it first;
   * returns the summary made, if one was. `onDisk`: the model is of the file's bytes on disk (not of standard input),
   * so a test module can be summarised from there when a lookup reaches it, unless a lookup already reached its
   * module name (it is imported, and its model is at hand now).
   */
  remember(file: string, model: SemanticModel, settings: LintSettings, onDisk = false): ModuleSummary | undefined {
    if (this.index.has(file)) return undefined;
    const { identity } = this.placeOf(file);
    if (onDisk && summarisedOnDemand(file) && !this.index.hasModule(identity.name)) {
      this.addPending(file, settings);
      return undefined;
    }
    const summary = this.summarize(file, identity, model, settings);
    this.index.update(summary);
    return summary;
  }

  /**
   * What `remember` does, for a file whose lint (with `settings`) was taken from the cache: its summary then, if one
   * was made. False when the index does not have the file and there is no summary to give it, nor is it summarised
   * on demand (the file must be linted).
   */
  adopt(file: string, summary: ModuleSummary | undefined, settings: LintSettings): boolean {
    if (this.index.has(file)) return true;
    if (summary) this.index.update(summary);
    else if (summarisedOnDemand(file)) this.addPending(file, settings);
    else return false;
    return true;
  }

  /** Indexes a linted file to be summarised, as `remember` would have, when a lookup first reaches it. */
  private addPending(file: string, settings: LintSettings): void {
    const key = path.resolve(file);
    const { identity } = this.placeOf(file);
    this.pending.set(key, file);
    this.index.addPending(
      new PendingSummary(file, identity, () => {
        const summary = this.summarizeFromDisk(file, identity, settings);
        this.pending.delete(key);
        return summary;
      }),
    );
  }

  /**
   * A linted file's summary, made as `remember` makes it (its own settings) from the file as it is on disk, or kept
   * in the cache's summary store; undefined when it can no longer be read or parsed.
   */
  private summarizeFromDisk(file: string, identity: ModuleIdentity, settings: LintSettings): ModuleSummary | undefined {
    const read = this.readToSummarize(file, settings);
    if (read === undefined || 'kept' in read) return read?.kept;
    try {
      const summary = this.summarize(file, identity, SemanticModel.build(read.tree.rootNode), settings);
      this.store?.keep(file, read.bytes, settings, summary);
      return summary;
    } finally {
      read.tree.delete();
    }
  }

  /** What other modules see of `file`, from the model of its text, with the blocking calls `settings` name. */
  private summarize(file: string, identity: ModuleIdentity, model: SemanticModel, settings: LintSettings): ModuleSummary {
    // Without usedOutsideCoroutines: the few modules a question needs are read again (see NameMentions).
    return summarizeModule(file, identity, model, (name) => this.linter.blockingRule(name, ruleSettings(settings)), false);
  }

  /**
   * The summary of `file` with `settings` the cache's store keeps (unchanged on disk, or of the same bytes), else its
   * bytes, text and tree to make one from; undefined when it cannot be read, decoded or parsed. Throws
   * ParserNotReadyError when it must be parsed before the parser has loaded: the lookup cannot be answered yet, and the
   * caller starts again once the parser is there.
   */
  private readToSummarize(
    file: string,
    settings: LintSettings,
  ): { readonly kept: ModuleSummary } | { readonly bytes: Uint8Array; readonly text: string; readonly tree: SyntaxTree } | undefined {
    const unchanged = this.store?.findUnchanged(file, settings);
    if (unchanged) return { kept: unchanged };
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch {
      return undefined;
    }
    const kept = this.store?.find(file, bytes, settings);
    if (kept) return { kept };
    const decoded = decodePythonSource(bytes);
    if (!decoded.ok) return undefined;
    if (!this.linter.canParse) throw new ParserNotReadyError();
    try {
      return { bytes, text: decoded.text, tree: this.linter.parse(decoded.text) };
    } catch {
      // Too large to parse (or the parser failed): linting it reports why; other modules see nothing of it.
      return undefined;
    }
  }

  private placeOf(file: string): FilePlace {
    let place = this.places.get(file);
    if (!place) this.places.set(file, (place = { identity: moduleIdentity(file, this.exists), root: importRoot(file, this.exists) }));
    return place;
  }

  private topPackage(file: string): string {
    const name = this.placeOf(file).identity.name;
    const dot = name.indexOf('.');
    return dot < 0 ? name : name.slice(0, dot);
  }

  private loadFile(file: string): void {
    const read = this.readToSummarize(file, LOOKUP_SETTINGS);
    if (read === undefined) {
      this.index.remove(file);
      return;
    }
    if ('kept' in read) {
      this.index.update(read.kept);
      return;
    }
    const { bytes, text, tree } = read;
    const key = path.resolve(file);
    // A file still to be linted keeps its tree for its turn (within a bound: trees live in wasm memory), and its lint
    // takes the model the summary is made from.
    const keep = this.upcoming.has(key) && this.parsedAhead.size < MAX_PARSED_AHEAD;
    this.indexer.indexTree(file, tree, LOOKUP_SETTINGS, keep ? this.linter.modelAhead(tree) : undefined);
    const summary = this.index.summaryOf(file);
    if (summary) this.store?.keep(file, bytes, LOOKUP_SETTINGS, summary);
    if (keep) this.parsedAhead.set(key, { text, tree });
    else tree.delete();
  }

  private load(moduleName: string): boolean {
    const relative = moduleName.split('.');
    if (!this.packages.has(relative[0]!)) return false;
    // Asked again after a new root came (the index retries every missing module then): only the new roots are new.
    const roots = this.rootsHolding(relative[0]!);
    for (let index = this.rootsSearched.get(moduleName) ?? 0; index < roots.length; index++) {
      const root = roots[index]!;
      for (const candidate of [path.join(root, ...relative) + '.py', path.join(root, ...relative, '__init__.py')]) {
        if (this.exists(candidate) && this.placeOf(candidate).identity.name === moduleName) {
          this.rootsSearched.delete(moduleName);
          if (!this.index.has(candidate)) this.loadFile(candidate);
          return true;
        }
      }
    }
    this.rootsSearched.set(moduleName, roots.length);
    return false;
  }

  /** The roots that have `name` as a module or a package (of a corpus's tens of roots, one or two hold a package). */
  private rootsHolding(name: string): readonly string[] {
    let holding = this.packageRoots.get(name);
    if (!holding) this.packageRoots.set(name, (holding = { roots: [], checked: 0 }));
    for (; holding.checked < this.roots.length; holding.checked++) {
      const root = this.roots[holding.checked]!;
      if (this.folders.has(root, `${name}.py`) || this.folders.has(root, name)) holding.roots.push(root);
    }
    return holding.roots;
  }
}
