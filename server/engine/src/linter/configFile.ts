// Reads one configuration file: `[tool.loopscope]` of a pyproject.toml, or the top level of a
// loopscope.toml / .loopscope.toml, into lint settings, file patterns and the problems found.
import { parse as parseToml } from 'smol-toml';
import { parseBlockingCallPattern, type BlockingCallPattern } from './blockingCallPatterns';
import { SEVERITIES, type LintSettings } from './lintSettings';
import { minimumFromRequiresPython, parsePythonVersion, type PythonVersion } from './pythonVersion';
import type { Severity } from './rule';

/** The keys that are also `loopscope.*` editor settings, in camelCase. */
export const PROJECT_SETTING_KEYS: ReadonlySet<string> = new Set([
  'select',
  'extend-select',
  'ignore',
  'severity',
  'target-version',
  'blocking-calls',
]);

/** Keys read from configuration files only: they describe files and outputs, not one document's lint. */
export const CONFIG_FILE_KEYS: ReadonlySet<string> = new Set([
  'exclude',
  'extend-exclude',
  'force-exclude',
  'per-file-ignores',
  'extend-per-file-ignores',
  'documentation-url',
]);

const KNOWN_KEYS: ReadonlySet<string> = new Set([...PROJECT_SETTING_KEYS, ...CONFIG_FILE_KEYS]);

/** `per-file-ignores` entry: selectors ignored in files matching a gitignore-style pattern (`!pattern`: not matching). */
interface PerFileIgnore {
  readonly pattern: string;
  readonly selectors: readonly string[];
}

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
  /** The lowest Python `[project] requires-python` allows. */
  readonly requiresPython?: PythonVersion;
}

/** Reads a pyproject.toml; never throws. Invalid TOML counts as ours when it mentions `tool.loopscope`. */
export function parsePyproject(text: string, file: string): PyprojectContents {
  const document = parseDocument(text, file);
  if ('warning' in document)
    return /\btool\s*\.\s*loopscope\b|\[\s*tool\.loopscope/.test(text) ? { config: emptyConfig(file, [document.warning]) } : {};
  const project = asTable(document.table['project']);
  const specifier = project?.['requires-python'];
  const requiresPython = typeof specifier === 'string' ? minimumFromRequiresPython(specifier) : undefined;
  const tool = asTable(asTable(document.table['tool'])?.['loopscope']);
  return {
    ...(tool ? { config: readTable(tool, file, `${file} [tool.loopscope]`) } : {}),
    ...(requiresPython ? { requiresPython } : {}),
  };
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
  const warnings: string[] = [];
  const errors: string[] = [];
  const settings: { -readonly [K in keyof LintSettings]: LintSettings[K] } = {};
  let exclude: string[] | undefined;
  let extendExclude: string[] = [];
  let forceExclude = false;
  const perFileIgnores: PerFileIgnore[] = [];
  const extendPerFileIgnores: PerFileIgnore[] = [];
  let documentationUrl: string | undefined;
  for (const [key, value] of Object.entries(table)) {
    if (!KNOWN_KEYS.has(key)) {
      errors.push(`${where}: unknown setting '${key}' (known: ${[...KNOWN_KEYS].join(', ')})`);
      continue;
    }
    switch (key) {
      case 'select':
      case 'extend-select':
      case 'ignore': {
        const list = stringList(value);
        if (!list) warnings.push(`${where}: '${key}' must be a list of rule codes or names`);
        else if (key === 'select') settings.select = list;
        else if (key === 'ignore') settings.ignore = list;
        else settings.extendSelect = list;
        break;
      }
      case 'severity': {
        const levels = asTable(value);
        if (!levels) {
          warnings.push(`${where}: 'severity' must be a table like { LOOP101 = "error" }`);
          break;
        }
        const severity: Record<string, Severity> = {};
        for (const [selector, level] of Object.entries(levels)) {
          if (typeof level === 'string' && (SEVERITIES as readonly string[]).includes(level)) severity[selector] = level as Severity;
          else warnings.push(`${where}: severity of '${selector}' must be one of ${SEVERITIES.join(', ')}`);
        }
        settings.severity = severity;
        break;
      }
      case 'target-version': {
        const version = typeof value === 'string' ? parsePythonVersion(value) : undefined;
        if (version) settings.targetVersion = version;
        else warnings.push(`${where}: 'target-version' must look like "3.12" or "py312"`);
        break;
      }
      case 'blocking-calls': {
        const list = stringList(value);
        if (!list) {
          warnings.push(`${where}: 'blocking-calls' must be a list of "module.function -> suggestion" strings`);
          break;
        }
        const patterns: BlockingCallPattern[] = [];
        for (const entry of list) {
          const parsed = parseBlockingCallPattern(entry);
          if ('error' in parsed) warnings.push(`${where}: ${parsed.error}`);
          else patterns.push(parsed);
        }
        settings.blockingCalls = patterns;
        break;
      }
      case 'exclude':
      case 'extend-exclude': {
        const list = stringList(value);
        if (!list) warnings.push(`${where}: '${key}' must be a list of glob patterns`);
        else if (key === 'exclude') exclude = list;
        else extendExclude = list;
        break;
      }
      case 'force-exclude':
        if (typeof value === 'boolean') forceExclude = value;
        else warnings.push(`${where}: 'force-exclude' must be true or false`);
        break;
      case 'per-file-ignores':
      case 'extend-per-file-ignores': {
        const entries = asTable(value);
        if (!entries) {
          warnings.push(`${where}: '${key}' must be a table like { "tests/*" = ["LOOP101"] }`);
          break;
        }
        for (const [pattern, selectors] of Object.entries(entries)) {
          const list = stringList(selectors);
          if (!list) warnings.push(`${where}: ${key} of '${pattern}' must be a list of rule codes or names`);
          else (key === 'per-file-ignores' ? perFileIgnores : extendPerFileIgnores).push({ pattern, selectors: list });
        }
        break;
      }
      case 'documentation-url': {
        if (typeof value === 'string' && /^https?:\/\/\S+$/.test(value)) documentationUrl = value;
        else warnings.push(`${where}: 'documentation-url' must be an http(s) URL such as "https://example.org/loopscope/rules/{name}"`);
        break;
      }
    }
  }
  return {
    path: file,
    settings,
    ...(exclude ? { exclude } : {}),
    extendExclude,
    forceExclude,
    perFileIgnores: [...perFileIgnores, ...extendPerFileIgnores],
    ...(documentationUrl !== undefined ? { documentationUrl } : {}),
    warnings,
    errors,
  };
}

function asTable(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
    ? (value as Record<string, unknown>)
    : undefined;
}

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
}
