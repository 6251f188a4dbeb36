// `[tool.loopscope]` and `requires-python` from the pyproject.toml nearest to a file; where that
// names no version, `python_requires` from a setup.cfg or setup.py beside it (read as text, never run).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parseBlockingCallPattern, type BlockingCallPattern } from './blockingCallPatterns';
import { SEVERITIES, type LintSettings } from './lintSettings';
import { minimumFromRequiresPython, parsePythonVersion, type PythonVersion } from './pythonVersion';
import type { Severity } from './rule';

export interface ProjectConfig {
  /** The pyproject.toml these settings come from. */
  readonly path: string;
  readonly settings: LintSettings;
  /** `documentation-url`: where rule pages are published (the CLI's SARIF `helpUri`). */
  readonly documentationUrl?: string;
  /** Problems in the file; the settings fall back to defaults for the parts affected. */
  readonly warnings: readonly string[];
}

/** The keys of `[tool.loopscope]`; each is also a `loopscope.*` editor setting, in camelCase. */
export const PROJECT_SETTING_KEYS: ReadonlySet<string> = new Set([
  'select',
  'extend-select',
  'ignore',
  'severity',
  'target-version',
  'blocking-calls',
]);
/** Keys read from configuration files only (they describe files and outputs, not one document's lint). */
export const CONFIG_FILE_KEYS: ReadonlySet<string> = new Set(['documentation-url']);
const KNOWN_KEYS: ReadonlySet<string> = new Set([...PROJECT_SETTING_KEYS, ...CONFIG_FILE_KEYS]);

/** Reads a pyproject.toml's text into lint settings; never throws. */
export function parsePyproject(text: string, file: string): ProjectConfig {
  const warnings: string[] = [];
  let document: Record<string, unknown>;
  try {
    document = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    return { path: file, settings: {}, warnings: [`${file}: invalid TOML, using default settings (${reason})`] };
  }
  const settings: { -readonly [K in keyof LintSettings]: LintSettings[K] } = {};
  let documentationUrl: string | undefined;
  const project = asTable(document['project']);
  const requiresPython = project?.['requires-python'];
  if (typeof requiresPython === 'string') {
    const minimum = minimumFromRequiresPython(requiresPython);
    if (minimum) settings.targetVersion = minimum;
  }
  const tool = asTable(asTable(document['tool'])?.['loopscope']);
  if (!tool) return { path: file, settings, warnings };
  const where = `${file} [tool.loopscope]`;
  for (const [key, value] of Object.entries(tool)) {
    if (!KNOWN_KEYS.has(key)) {
      warnings.push(`${where}: unknown setting '${key}' (known: ${[...KNOWN_KEYS].join(', ')})`);
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
        const table = asTable(value);
        if (!table) {
          warnings.push(`${where}: 'severity' must be a table like { LOOP101 = "error" }`);
          break;
        }
        const severity: Record<string, Severity> = {};
        for (const [selector, level] of Object.entries(table)) {
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
      case 'documentation-url': {
        if (typeof value === 'string' && /^https?:\/\/[^\s]+$/.test(value)) documentationUrl = value;
        else warnings.push(`${where}: 'documentation-url' must be an http(s) URL such as "https://example.org/loopscope/rules/{name}"`);
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
    }
  }
  return { path: file, settings, warnings, ...(documentationUrl !== undefined ? { documentationUrl } : {}) };
}

/** Finds and caches, per directory, the nearest pyproject.toml above a file. */
export class ProjectConfigFinder {
  private readonly byDirectory = new Map<string, ProjectConfig | null>();

  forFile(file: string): ProjectConfig | undefined {
    return this.forDirectory(path.dirname(path.resolve(file))) ?? undefined;
  }

  /** The configuration that applies to files directly in `directory`. */
  forFolder(directory: string): ProjectConfig | undefined {
    return this.forDirectory(path.resolve(directory)) ?? undefined;
  }

  /** Forgets cached results (after a pyproject.toml changed). */
  clear(): void {
    this.byDirectory.clear();
  }

  private forDirectory(directory: string): ProjectConfig | null {
    const cached = this.byDirectory.get(directory);
    if (cached !== undefined) return cached;
    const candidate = path.join(directory, 'pyproject.toml');
    let result: ProjectConfig | null = null;
    const setupVersion = (): { version: PythonVersion; file: string } | undefined => setupPythonRequires(directory);
    if (existsSync(candidate)) {
      try {
        result = parsePyproject(readFileSync(candidate, 'utf8'), candidate);
      } catch (error) {
        result = {
          path: candidate,
          settings: {},
          warnings: [`${candidate}: cannot read (${error instanceof Error ? error.message : String(error)})`],
        };
      }
      if (result.settings.targetVersion === undefined) {
        const setup = setupVersion();
        if (setup) result = { ...result, settings: { ...result.settings, targetVersion: setup.version } };
      }
    } else {
      const setup = setupVersion();
      const parent = path.dirname(directory);
      if (setup) result = { path: setup.file, settings: { targetVersion: setup.version }, warnings: [] };
      else result = parent === directory ? null : this.forDirectory(parent);
    }
    this.byDirectory.set(directory, result);
    return result;
  }
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

/**
 * The lowest Python a setup.cfg (`[options] python_requires`) or setup.py (`python_requires="..."`
 * written as a string literal) in `directory` allows. Read as text: setup.py is never run.
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

export function setupCfgRequires(text: string): string | undefined {
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

export function setupPyRequires(text: string): string | undefined {
  const match = /\bpython_requires\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)')/.exec(text);
  return match ? (match[1] ?? match[2]) : undefined;
}
