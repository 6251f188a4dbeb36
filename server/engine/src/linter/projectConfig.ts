// Which configuration applies to a file: the nearest .loopscope.toml, loopscope.toml or pyproject.toml
// with a [tool.loopscope] table above it (a pyproject.toml without one is skipped, as Ruff does), or the
// one named by --config, or none (--isolated). The target version, when that file does not set it, is
// the nearest `requires-python` (or setup.cfg / setup.py `python_requires`, read as text, never run), or, where no
// folder above declares one, the lowest that the packages of a monorepo root declare. Where pytest's configuration sets
// `python_functions`, the functions it collects come with the settings (see pytestConfig.ts).
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { Ignore } from 'ignore';
import { pathPatterns } from './pathPatterns';
import { lowestClassifiedPython, parseLoopscopeToml, parsePyproject, type ConfigFile } from './configFile';
import { settingsFileText } from './settingsFileText';
import type { LintSettings } from './lintSettings';
import { compareVersions, minimumFromRequiresPython, type PythonVersion } from './pythonVersion';
import { PYTEST_FILE_NAMES, pytestConfigIn, type PytestConfig } from './pytestConfig';

export interface ProjectConfig extends Omit<ConfigFile, 'path'> {
  /** The configuration file, or the file that only gave the target version. */
  readonly path: string;
  /** The file's settings, with the target version resolved and, from `forFile`, its `per-file-ignores`. */
  readonly settings: LintSettings;
}

export interface ConfigFinderOptions {
  /** `--config FILE`: this file applies everywhere; its patterns are relative to the working directory. */
  readonly config?: string;
  /** `--isolated`: no configuration file at all (nor requires-python). */
  readonly isolated?: boolean;
}

/** A Python version and the file that declares it. */
interface VersionSource {
  readonly version: PythonVersion;
  readonly file: string;
}

/** Files that make a folder a Python project, whether or not they declare its version. */
const PROJECT_FILE_NAMES = ['pyproject.toml', 'setup.cfg', 'setup.py'] as const;

/** In each folder, the first of these that exists (and, for pyproject.toml, has our table) is the configuration. */
const CONFIG_NAMES = ['.loopscope.toml', 'loopscope.toml', 'pyproject.toml'] as const;

/**
 * Files whose creation, change or deletion can change a folder's settings (the target version comes from setup.cfg /
 * setup.py too, the functions pytest collects from its configuration).
 */
export const SETTINGS_FILE_NAMES: readonly string[] = [...new Set([...CONFIG_NAMES, ...PROJECT_FILE_NAMES, ...PYTEST_FILE_NAMES])];

/** Finds and caches, per directory, the configuration that applies. */
export class ProjectConfigFinder {
  private readonly settingsFiles = new Map<string, ConfigFile | null>();
  /** Per folder: the target version it resolves to; the one its own files declare; the lowest its packages declare. */
  private readonly versions = new Map<string, VersionSource | null>();
  private readonly declared = new Map<string, VersionSource | null>();
  private readonly packageVersions = new Map<string, VersionSource | null>();
  /** Per folder: the pytest configuration its tests run with (its own, or the nearest folder's above). */
  private readonly pytestConfigs = new Map<string, PytestConfig | null>();
  /** One object per distinct outcome: the linter and the server cache rule plans by settings identity. */
  private readonly combined = new Map<string, ProjectConfig>();
  private readonly perFile = new WeakMap<ProjectConfig, Map<string, ProjectConfig>>();
  private readonly matchers = new Map<string, Ignore>();
  private readonly fixed: ConfigFile | undefined;

  constructor(private readonly options: ConfigFinderOptions = {}) {
    this.fixed = options.config === undefined ? undefined : readConfigFile(path.resolve(options.config));
  }

  /** The configuration of `file`, with its per-file ignores. */
  forFile(file: string): ProjectConfig | undefined {
    const absolute = path.resolve(file);
    const base = this.forFolder(path.dirname(absolute));
    if (!base || base.perFileIgnores.length === 0) return base;
    const root = this.patternRoot(base);
    const fileIgnore = base.perFileIgnores
      .filter(({ pattern }) => {
        const negated = pattern.startsWith('!');
        return this.matches(root, negated ? pattern.slice(1) : pattern, absolute, false) !== negated;
      })
      .flatMap(({ selectors }) => selectors);
    if (fileIgnore.length === 0) return base;
    let byIgnores = this.perFile.get(base);
    if (!byIgnores) this.perFile.set(base, (byIgnores = new Map()));
    const key = fileIgnore.join(',');
    let config = byIgnores.get(key);
    if (!config) byIgnores.set(key, (config = { ...base, settings: { ...base.settings, fileIgnore } }));
    return config;
  }

  /** The configuration that applies to files directly in `directory` (without per-file ignores). */
  forFolder(directory: string): ProjectConfig | undefined {
    const absolute = path.resolve(directory);
    const config = this.fixed ?? (this.options.isolated ? null : this.settingsFileFor(absolute));
    const version = this.options.isolated ? null : this.versionFor(absolute);
    const pytest = this.options.isolated ? null : this.pytestConfigFor(absolute);
    const pytestFunctions = pytest?.functions;
    if (!config && !version && !pytestFunctions) return undefined;
    return this.remember(`${config?.path ?? ''}\u0000${version?.file ?? ''}\u0000${pytestFunctions ? pytest!.file : ''}`, () => {
      const base: ConfigFile = config ?? {
        path: version?.file ?? pytest!.file,
        settings: {},
        extendExclude: [],
        forceExclude: false,
        perFileIgnores: [],
        warnings: [],
        errors: [],
      };
      const targetVersion = base.settings.targetVersion ?? version?.version;
      const settings = {
        ...base.settings,
        ...(targetVersion ? { targetVersion } : {}),
        ...(pytestFunctions ? { pytestFunctions } : {}),
      };
      return { ...base, settings };
    });
  }

  /**
   * Whether the configuration excludes `file` (a folder when `isDirectory`): true or false when its
   * `exclude` decides, undefined when the built-in rules (virtualenvs, caches, .git, …) should.
   */
  isExcluded(file: string, isDirectory: boolean): boolean | undefined {
    const absolute = path.resolve(file);
    const config = this.forFolder(path.dirname(absolute));
    if (!config) return undefined;
    const root = this.patternRoot(config);
    if (config.extendExclude.some((pattern) => this.matches(root, pattern, absolute, isDirectory))) return true;
    if (config.exclude === undefined) return undefined;
    return config.exclude.some((pattern) => this.matches(root, pattern, absolute, isDirectory));
  }

  /** Whether files named on the command line are excluded too (`force-exclude`). */
  forcesExclusion(file: string): boolean {
    return this.forFolder(path.dirname(path.resolve(file)))?.forceExclude === true;
  }

  /** Forgets cached results (after a configuration file changed). */
  clear(): void {
    this.settingsFiles.clear();
    this.versions.clear();
    this.declared.clear();
    this.packageVersions.clear();
    this.pytestConfigs.clear();
    this.combined.clear();
  }

  private remember(key: string, make: () => ProjectConfig): ProjectConfig {
    let config = this.combined.get(key);
    if (!config) this.combined.set(key, (config = make()));
    return config;
  }

  /** Patterns are relative to their configuration file's folder; with --config, to the working directory. */
  private patternRoot(config: ProjectConfig): string {
    return this.fixed ? process.cwd() : path.dirname(config.path);
  }

  /** gitignore-style: a pattern without `/` matches a name at any depth; one with `/` is anchored at `root`. */
  private matches(root: string, pattern: string, file: string, isDirectory: boolean): boolean {
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (relative === '' || relative.startsWith('../') || relative === '..' || path.isAbsolute(relative)) return false;
    let matcher = this.matchers.get(pattern);
    if (!matcher) this.matchers.set(pattern, (matcher = pathPatterns(pattern)));
    return matcher.ignores(isDirectory ? `${relative}/` : relative);
  }

  private settingsFileFor(directory: string): ConfigFile | null {
    const cached = this.settingsFiles.get(directory);
    if (cached !== undefined) return cached;
    let result: ConfigFile | null = null;
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(directory, name);
      if (!existsSync(candidate)) continue;
      const read = readConfigFile(candidate);
      if (read) {
        result = read;
        break;
      }
    }
    if (!result) {
      const parent = path.dirname(directory);
      result = parent === directory ? null : this.settingsFileFor(parent);
    }
    this.settingsFiles.set(directory, result);
    return result;
  }

  /**
   * The target version where the configuration does not set one: the nearest folder's declaration (`requires-python`,
   * `python_requires`, classifiers) or, where no folder above declares one, the lowest its packages declare.
   */
  private versionFor(directory: string): VersionSource | null {
    const cached = this.versions.get(directory);
    if (cached !== undefined) return cached;
    const result = this.declaredAbove(directory) ?? this.lowestOfPackagesAbove(directory);
    this.versions.set(directory, result);
    return result;
  }

  /** The pytest configuration of the nearest folder holding one, from `directory` up (pytest's own search). */
  private pytestConfigFor(directory: string): PytestConfig | null {
    const cached = this.pytestConfigs.get(directory);
    if (cached !== undefined) return cached;
    const parent = path.dirname(directory);
    const result = pytestConfigIn(directory) ?? (parent === directory ? null : this.pytestConfigFor(parent));
    this.pytestConfigs.set(directory, result);
    return result;
  }

  private declaredAbove(directory: string): VersionSource | null {
    const declared = this.declaredIn(directory);
    if (declared) return declared;
    const parent = path.dirname(directory);
    return parent === directory ? null : this.declaredAbove(parent);
  }

  /** The version the folder's own pyproject.toml, setup.cfg or setup.py declares. */
  private declaredIn(directory: string): VersionSource | null {
    const cached = this.declared.get(directory);
    if (cached !== undefined) return cached;
    const pyproject = path.join(directory, 'pyproject.toml');
    const text = settingsFileText(pyproject);
    const fromPyproject = text === undefined ? undefined : parsePyproject(text, pyproject).requiresPython;
    const result = fromPyproject
      ? { version: fromPyproject, file: pyproject }
      : (setupPythonRequires(directory) ?? classifiersMinimum(directory) ?? null);
    this.declared.set(directory, result);
    return result;
  }

  /**
   * A monorepo root declares no version, its packages do: psycopg's root pyproject.toml holds tool settings only, while
   * psycopg/, psycopg_pool/ and psycopg_c/ each require Python 3.10, and the tests/ beside them run against all three,
   * so on every Python one of them supports. The lowest version the packages in the immediate subfolders of the
   * nearest folder above that holds a project file (and whose packages declare one), up to the repository's root, is
   * where that code must still run.
   */
  private lowestOfPackagesAbove(directory: string): VersionSource | null {
    for (let folder = directory; ; folder = path.dirname(folder)) {
      const lowest = this.lowestOfPackagesIn(folder);
      if (lowest) return lowest;
      // Beside a repository's root lie other repositories.
      if (path.dirname(folder) === folder || existsSync(path.join(folder, '.git'))) return null;
    }
  }

  private lowestOfPackagesIn(directory: string): VersionSource | null {
    const cached = this.packageVersions.get(directory);
    if (cached !== undefined) return cached;
    let lowest: VersionSource | null = null;
    for (const folder of monorepoPackageFolders(directory)) {
      const declared = this.declaredIn(folder);
      if (declared && (!lowest || compareVersions(declared.version, lowest.version) < 0)) lowest = declared;
    }
    this.packageVersions.set(directory, lowest);
    return lowest;
  }
}

/**
 * The subfolders whose packages may give `directory`'s target version (see `lowestOfPackagesAbove`): its immediate,
 * not hidden, subfolders when it holds a project file itself (a folder of unrelated projects, a home folder, holds none).
 */
export function monorepoPackageFolders(directory: string): string[] {
  if (!PROJECT_FILE_NAMES.some((name) => existsSync(path.join(directory, name)))) return [];
  let entries: Dirent[];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => path.join(directory, entry.name))
    .sort();
}

/** A configuration file's settings; undefined for a pyproject.toml without our table. */
function readConfigFile(file: string): ConfigFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const warning = `${file}: cannot read (${error instanceof Error ? error.message : String(error)})`;
    return { path: file, settings: {}, extendExclude: [], forceExclude: false, perFileIgnores: [], warnings: [warning], errors: [] };
  }
  return path.basename(file) === 'pyproject.toml' ? parsePyproject(text, file).config : parseLoopscopeToml(text, file);
}

/**
 * The lowest Python a setup.cfg (`[options] python_requires`) or setup.py (`python_requires="..."`, or
 * `"python_requires": "..."` in a dictionary of arguments, written as a string literal) in `directory` allows. Read
 * as text: setup.py is never run.
 */
function setupPythonRequires(directory: string): VersionSource | undefined {
  for (const [name, read] of [
    ['setup.cfg', setupCfgRequires],
    ['setup.py', setupPyRequires],
  ] as const) {
    const file = path.join(directory, name);
    const text = settingsFileText(file);
    if (text === undefined) continue;
    const specifier = read(text);
    const version = specifier === undefined ? undefined : minimumFromRequiresPython(specifier);
    if (version) return { version, file };
  }
  return undefined;
}

/** `"Programming Language :: Python :: 3.10"`: a Python version a package says it supports. */
const VERSION_CLASSIFIER = /Programming Language :: Python :: \d+\.\d+\b/g;

/**
 * Where no file says `requires-python` / `python_requires`: the lowest Python the classifiers of a setup.cfg or setup.py
 * (read as text) list, as the lowest one the package supports (py-ipv8's setup.py lists 3.10 to 3.13, and its tests run
 * on 3.10: advice for 3.11 would break there). pyproject.toml's `[project] classifiers` are read with its other settings.
 */
function classifiersMinimum(directory: string): VersionSource | undefined {
  for (const name of ['setup.cfg', 'setup.py']) {
    const file = path.join(directory, name);
    const text = settingsFileText(file);
    const version = text === undefined ? undefined : lowestClassifiedPython(text.match(VERSION_CLASSIFIER));
    if (version) return { version, file };
  }
  return undefined;
}

function setupCfgRequires(text: string): string | undefined {
  let section = '';
  for (const line of text.split(/\r\n|\r|\n/)) {
    const header = /^\s*\[([^\]]*)\]/.exec(line);
    if (header) {
      section = header[1]!.trim();
      continue;
    }
    if (section !== 'options') continue;
    const separator = line.search(/[=:]/);
    if (separator < 0 || line.slice(0, separator).trim().replace(/-/g, '_') !== 'python_requires') continue;
    return line.slice(separator + 1).trim();
  }
  return undefined;
}

/** `setup(python_requires=">=3.10")`, or `"python_requires": ">=3.10"` in the dictionary a `setup(**arguments)` takes. */
const SETUP_PY_REQUIRES = /(?:\bpython_requires\s*=|(["'])python_requires\1\s*:)\s*(?:"([^"\n]*)"|'([^'\n]*)')/;

function setupPyRequires(text: string): string | undefined {
  const match = SETUP_PY_REQUIRES.exec(text);
  return match ? (match[2] ?? match[3]) : undefined;
}
