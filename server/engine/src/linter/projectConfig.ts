// Which configuration applies to a file: the nearest .loopscope.toml, loopscope.toml or pyproject.toml
// with a [tool.loopscope] table above it (a pyproject.toml without one is skipped, as Ruff does), or the
// one named by --config, or none (--isolated). The target version, when that file does not set it, is
// the nearest `requires-python` (or setup.cfg / setup.py `python_requires`, read as text, never run).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { lowestClassifiedPython, parseLoopscopeToml, parsePyproject, type ConfigFile } from './configFile';
import type { LintSettings } from './lintSettings';
import { minimumFromRequiresPython, type PythonVersion } from './pythonVersion';

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

/** In each folder, the first of these that exists (and, for pyproject.toml, has our table) is the configuration. */
const CONFIG_NAMES = ['.loopscope.toml', 'loopscope.toml', 'pyproject.toml'] as const;

/** Files whose creation, change or deletion can change a folder's settings (the target version comes from setup.cfg / setup.py too). */
export const SETTINGS_FILE_NAMES: readonly string[] = [...CONFIG_NAMES, 'setup.cfg', 'setup.py'];

/** Finds and caches, per directory, the configuration that applies. */
export class ProjectConfigFinder {
  private readonly settingsFiles = new Map<string, ConfigFile | null>();
  private readonly versions = new Map<string, { version: PythonVersion; file: string } | null>();
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
    if (!config && !version) return undefined;
    return this.remember(`${config?.path ?? ''}\u0000${version?.file ?? ''}`, () => {
      const base: ConfigFile = config ?? {
        path: version!.file,
        settings: {},
        extendExclude: [],
        forceExclude: false,
        perFileIgnores: [],
        warnings: [],
        errors: [],
      };
      const targetVersion = base.settings.targetVersion ?? version?.version;
      return { ...base, settings: targetVersion ? { ...base.settings, targetVersion } : base.settings };
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
    if (!matcher) this.matchers.set(pattern, (matcher = ignore().add(pattern)));
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

  private versionFor(directory: string): { version: PythonVersion; file: string } | null {
    const cached = this.versions.get(directory);
    if (cached !== undefined) return cached;
    let result: { version: PythonVersion; file: string } | null = null;
    const pyproject = path.join(directory, 'pyproject.toml');
    const requiresPython = existsSync(pyproject) ? readText(pyproject) : undefined;
    const fromPyproject = requiresPython === undefined ? undefined : parsePyproject(requiresPython, pyproject).requiresPython;
    if (fromPyproject) result = { version: fromPyproject, file: pyproject };
    else result = setupPythonRequires(directory) ?? classifiersMinimum(directory) ?? null;
    if (!result) {
      const parent = path.dirname(directory);
      result = parent === directory ? null : this.versionFor(parent);
    }
    this.versions.set(directory, result);
    return result;
  }
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

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The lowest Python a setup.cfg (`[options] python_requires`) or setup.py (`python_requires="..."`, or
 * `"python_requires": "..."` in a dictionary of arguments, written as a string literal) in `directory` allows. Read
 * as text: setup.py is never run.
 */
function setupPythonRequires(directory: string): { version: PythonVersion; file: string } | undefined {
  for (const [name, read] of [
    ['setup.cfg', setupCfgRequires],
    ['setup.py', setupPyRequires],
  ] as const) {
    const file = path.join(directory, name);
    if (!existsSync(file)) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
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
function classifiersMinimum(directory: string): { version: PythonVersion; file: string } | undefined {
  for (const name of ['setup.cfg', 'setup.py']) {
    const file = path.join(directory, name);
    const text = existsSync(file) ? readText(file) : undefined;
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
