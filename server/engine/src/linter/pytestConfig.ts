// pytest's own configuration, as far as the linter needs it: the functions its `python_functions` option collects
// (`test...` by default), which decide what in a test module never runs (see neverCollectedTests.ts). Read from the
// file pytest takes as its configuration: in the nearest folder holding one, the first of pytest.ini, .pytest.ini,
// pyproject.toml with a `[tool.pytest.ini_options]` (or pytest 9's `[tool.pytest]`) table, tox.ini with a `[pytest]`
// section and setup.cfg with a `[tool:pytest]` section. Read as text, as the other configuration files are.
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { settingsFileText } from './settingsFileText';

/** The pytest configuration a folder's tests run with. */
export interface PytestConfig {
  readonly file: string;
  /** `python_functions`: prefixes or glob patterns (`test_*`) of the functions collected; undefined where not set. */
  readonly functions?: readonly string[];
}

/** Where pytest looks, in each folder, in its order; and what makes each file its configuration. */
const PYTEST_FILES: readonly { name: string; section?: RegExp; read: (text: string) => string | readonly string[] | undefined }[] = [
  { name: 'pytest.ini', read: (text) => iniValue(text, ['pytest'], 'python_functions') },
  { name: '.pytest.ini', read: (text) => iniValue(text, ['pytest'], 'python_functions') },
  { name: 'pyproject.toml', section: /^\s*\[\s*tool\.pytest(?:\.ini_options)?\s*\]/m, read: pyprojectFunctions },
  { name: 'tox.ini', section: /^\s*\[\s*pytest\s*\]/m, read: (text) => iniValue(text, ['pytest'], 'python_functions') },
  { name: 'setup.cfg', section: /^\s*\[\s*tool:pytest\s*\]/m, read: (text) => iniValue(text, ['tool:pytest'], 'python_functions') },
];

/** Files whose creation, change or deletion can change what pytest collects. */
export const PYTEST_FILE_NAMES: readonly string[] = PYTEST_FILES.map(({ name }) => name);

/** The pytest configuration in `directory` itself, or null where none of its files is one. */
export function pytestConfigIn(directory: string): PytestConfig | null {
  for (const { name, section, read } of PYTEST_FILES) {
    const file = path.join(directory, name);
    const text = settingsFileText(file);
    if (text === undefined) continue;
    if (section && !section.test(text)) continue;
    // Most files do not set it: the text says so before any parsing.
    const value = text.includes('python_functions') ? read(text) : undefined;
    const functions = typeof value === 'string' ? value.split(/\s+/).filter((part) => part !== '') : value;
    return functions === undefined ? { file } : { file, functions: functions.map(unquoted) };
  }
  return null;
}

/** pytest's test for a function's name: it starts with one of `patterns`, or matches one written as a glob (`*_check`). */
export function collectedByPytest(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => name.startsWith(pattern) || (/[*?[]/.test(pattern) && globMatcher(pattern).test(name)));
}

const globs = new Map<string, RegExp>();

/** fnmatch's glob as a regular expression: `*`, `?`, `[seq]`, `[!seq]`. */
function globMatcher(pattern: string): RegExp {
  let matcher = globs.get(pattern);
  if (matcher) return matcher;
  let source = '';
  for (let at = 0; at < pattern.length; at++) {
    const character = pattern[at]!;
    const close = character === '[' ? pattern.indexOf(']', at + 2) : -1;
    if (character === '*') source += '.*';
    else if (character === '?') source += '.';
    else if (close > 0) {
      const set = pattern.slice(at + 1, close).replace(/\\/g, '\\\\');
      source += set.startsWith('!') ? `[^${set.slice(1)}]` : `[${set}]`;
      at = close;
    } else source += character.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  globs.set(pattern, (matcher = new RegExp(`^${source}$`, 's')));
  return matcher;
}

/** `python_functions` of `[tool.pytest.ini_options]` (a string of patterns, or a list) or of pytest 9's `[tool.pytest]`. */
function pyprojectFunctions(text: string): string | readonly string[] | undefined {
  let document: unknown;
  try {
    document = parseToml(text);
  } catch {
    return undefined;
  }
  const pytest = tableAt(document, ['tool', 'pytest']);
  for (const table of [tableAt(pytest, ['ini_options']), pytest]) {
    const value = table?.['python_functions'];
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  }
  return undefined;
}

function tableAt(value: unknown, keys: readonly string[]): Record<string, unknown> | undefined {
  let table = value;
  for (const key of keys) table = table !== null && typeof table === 'object' ? (table as Record<string, unknown>)[key] : undefined;
  return table !== null && typeof table === 'object' && !Array.isArray(table) ? (table as Record<string, unknown>) : undefined;
}

/**
 * The value of `key` in one of `sections` of an INI file (`key = value` or `key: value`, with its indented
 * continuation lines); comment lines (`#`, `;`) are skipped.
 */
function iniValue(text: string, sections: readonly string[], key: string): string | undefined {
  let section = '';
  let value: string | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (/^\s*[#;]/.test(line)) continue;
    if (value !== undefined) {
      if (/^\s+\S/.test(line)) {
        value += ` ${line.trim()}`;
        continue;
      }
      return value;
    }
    const header = /^\[([^\]]*)\]/.exec(line);
    if (header) {
      section = header[1]!.trim();
      continue;
    }
    const separator = line.search(/[=:]/);
    if (sections.includes(section) && separator > 0 && line.slice(0, separator).trim() === key) value = line.slice(separator + 1).trim();
  }
  return value;
}

function unquoted(pattern: string): string {
  return /^(["']).*\1$/.test(pattern) ? pattern.slice(1, -1) : pattern;
}
