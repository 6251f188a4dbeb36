// Reads one configuration file: `[tool.loopscope]` of a pyproject.toml, or the top level of a
// loopscope.toml / .loopscope.toml, into lint settings, file patterns and the problems found.
import { parse as parseToml } from 'smol-toml';
import type { LintSettings } from './lintSettings';
import { compareVersions, minimumFromPoetryConstraint, minimumFromRequiresPython, type PythonVersion } from './pythonVersion';
import type { PerFileIgnore } from './settingKinds';
import { fileSettingKeys, readFileSettings } from './settingsReader';
import { lintSettingsOf } from './settingsTable';

export interface ConfigFile {
  readonly path: string;
  /** What the file sets (the target version only when `target-version` says it). */
  readonly settings: LintSettings;
  /** `exclude`: replaces the built-in excluded folders (.git, .venv, node_modules, …); undefined: keep them. */
  readonly exclude?: readonly string[];
  readonly extendExclude: readonly string[];
  /** `force-exclude`: exclusions apply to files named on the command line too (pre-commit passes every file). */
  readonly forceExclude: boolean;
  /** `per-file-ignores` then `extend-per-file-ignores`. */
  readonly perFileIgnores: readonly PerFileIgnore[];
  /** `documentation-url`: where rule pages are published (the CLI's SARIF `helpUri`). */
  readonly documentationUrl?: string;
  /** Problems after which the rest still applies. */
  readonly warnings: readonly string[];
  /** Unknown keys: the CLI refuses to run (exit 2), the language server warns. */
  readonly errors: readonly string[];
}

interface PyprojectContents {
  /** Our settings; undefined when the file has no `[tool.loopscope]` table (and is not ours to read). */
  readonly config?: ConfigFile;
  /**
   * The lowest Python `[project] requires-python` (or Poetry's `python` dependency) allows; without either, the lowest
   * `Programming Language :: Python :: 3.x` of `[project] classifiers`.
   */
  readonly requiresPython?: PythonVersion;
}

/** Reads a pyproject.toml; never throws. Invalid TOML counts as ours when it mentions `tool.loopscope`. */
export function parsePyproject(text: string, file: string): PyprojectContents {
  const document = parseDocument(text, file);
  if ('warning' in document)
    return /\btool\s*\.\s*loopscope\b|\[\s*tool\.loopscope/.test(text) ? { config: emptyConfig(file, [document.warning]) } : {};
  const project = asTable(document.table['project']);
  const specifier = project?.['requires-python'];
  // Poetry (before 2.0) keeps it as a dependency: `[tool.poetry.dependencies] python = "^3.8"`.
  const tools = asTable(document.table['tool']);
  const poetryPython = asTable(asTable(tools?.['poetry'])?.['dependencies'])?.['python'];
  const requiresPython =
    typeof specifier === 'string'
      ? minimumFromRequiresPython(specifier)
      : typeof poetryPython === 'string'
        ? minimumFromPoetryConstraint(poetryPython)
        : lowestClassifiedPython(project?.['classifiers']);
  const tool = asTable(tools?.['loopscope']);
  return {
    ...(tool ? { config: readTable(tool, file, `${file} [tool.loopscope]`) } : {}),
    ...(requiresPython ? { requiresPython } : {}),
  };
}

/** `Programming Language :: Python :: 3.7` and the like: the lowest version the classifiers name. */
export function lowestClassifiedPython(classifiers: unknown): PythonVersion | undefined {
  if (!Array.isArray(classifiers)) return undefined;
  const versions = classifiers.flatMap((classifier) => {
    const match = typeof classifier === 'string' ? /^Programming Language :: Python :: (\d+)\.(\d+)$/.exec(classifier.trim()) : null;
    return match ? [{ major: Number(match[1]), minor: Number(match[2]) }] : [];
  });
  return versions.reduce<PythonVersion | undefined>(
    (lowest, version) => (!lowest || compareVersions(version, lowest) < 0 ? version : lowest),
    undefined,
  );
}

/** Reads a loopscope.toml / .loopscope.toml, whose top level holds the settings; never throws. */
export function parseLoopscopeToml(text: string, file: string): ConfigFile {
  const document = parseDocument(text, file);
  return 'warning' in document ? emptyConfig(file, [document.warning]) : readTable(document.table, file, file);
}

function parseDocument(text: string, file: string): { table: Record<string, unknown> } | { warning: string } {
  try {
    return { table: parseToml(text) as Record<string, unknown> };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    return { warning: `${file}: invalid TOML, using default settings (${reason})` };
  }
}

function emptyConfig(file: string, warnings: string[]): ConfigFile {
  return { path: file, settings: {}, extendExclude: [], forceExclude: false, perFileIgnores: [], warnings, errors: [] };
}

function readTable(table: Record<string, unknown>, file: string, where: string): ConfigFile {
  const { values, problems, unknownKeys } = readFileSettings(table);
  const known = fileSettingKeys().join(', ');
  return {
    path: file,
    settings: lintSettingsOf(values),
    ...(values.exclude ? { exclude: values.exclude } : {}),
    extendExclude: values.extendExclude ?? [],
    forceExclude: values.forceExclude ?? false,
    perFileIgnores: [...(values.perFileIgnores ?? []), ...(values.extendPerFileIgnores ?? [])],
    ...(values.documentationUrl !== undefined ? { documentationUrl: values.documentationUrl } : {}),
    warnings: problems.map((problem) => `${where}: ${problem}`),
    errors: unknownKeys.map((key) => `${where}: unknown setting '${key}' (known: ${known})`),
  };
}

function asTable(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
    ? (value as Record<string, unknown>)
    : undefined;
}
