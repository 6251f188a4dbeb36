// Expands paths (the CLI's PATH arguments, the server's workspace folders) into Python files: folders give every *.py below them,
// honouring .gitignore files (from the repository root down) and skipping virtualenvs and caches.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Ignore } from 'ignore';
import { pathPatterns } from '../linter/pathPatterns';

/** Folders never worth linting, whatever .gitignore says. */
const EXCLUDED_FOLDERS = new Set([
  '.git',
  '.hg',
  '.svn',
  '.bzr',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '.direnv',
  '.eggs',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.pytype',
  '.ipynb_checkpoints',
  '__pycache__',
  '__pypackages__',
  'node_modules',
  'site-packages',
]);

/** Whether a folder of this name is never linted (a virtualenv, a cache, a VCS folder), whatever .gitignore says. */
export function isExcludedFolderName(name: string): boolean {
  return EXCLUDED_FOLDERS.has(name);
}

interface GitignoreLevel {
  readonly directory: string;
  readonly rules: Ignore;
}

interface DiscoveredFiles {
  readonly files: string[];
  /** Folders that could not be listed. */
  readonly errors: string[];
  /** Given paths that do not exist. */
  readonly missing: string[];
}

/** The configuration's say on a path: true or false decides, undefined leaves it to the built-in rules. */
export interface Exclusion {
  isExcluded(file: string, isDirectory: boolean): boolean | undefined;
  /** Whether a file named explicitly is excluded too (Ruff's `force-exclude`). */
  forcesExclusion(file: string): boolean;
}

export function findPythonFiles(paths: readonly string[], exclusion?: Exclusion): DiscoveredFiles {
  const files: string[] = [];
  const errors: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    const key = path.resolve(file);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };
  for (const given of paths) {
    let stats;
    try {
      stats = statSync(given);
    } catch {
      missing.push(given);
      continue;
    }
    if (stats.isDirectory()) walk(given, gitignoresAbove(given), add, errors, exclusion);
    else if (!(exclusion?.forcesExclusion(given) && exclusion.isExcluded(given, false))) add(given); // named explicitly: linted whatever its name or ignore status, unless forced
  }
  return { files, errors, missing };
}

function walk(
  directory: string,
  levels: readonly GitignoreLevel[],
  add: (file: string) => void,
  errors: string[],
  exclusion: Exclusion | undefined,
): void {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    errors.push(`${directory}: cannot list (${error instanceof Error ? error.message : String(error)})`);
    return;
  }
  if (entries.some((entry) => entry.name === 'pyvenv.cfg' && entry.isFile())) return; // a virtualenv
  const own = readGitignore(directory);
  const active = own ? [...levels, own] : levels;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if ((exclusion?.isExcluded(full, true) ?? EXCLUDED_FOLDERS.has(entry.name)) || isIgnored(full, true, active)) continue;
      walk(full, active, add, errors, exclusion);
    } else if (
      entry.isFile() &&
      entry.name.endsWith('.py') &&
      !isIgnored(full, false, active) &&
      exclusion?.isExcluded(full, false) !== true
    ) {
      add(full);
    }
  }
}

/** Whether `file` lies below `folder`. */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Whether a walk of `root` would leave `file` out by a folder's name or the configuration's exclusions
 * (not by .gitignore): for files reached without a walk, such as documents open in an editor.
 */
export function isExcludedBelow(file: string, root: string, exclusion: Exclusion): boolean {
  if (!isInside(file, root)) return false;
  const parts = path.relative(root, file).split(path.sep);
  let folder = root;
  for (const part of parts.slice(0, -1)) {
    folder = path.join(folder, part);
    if (exclusion.isExcluded(folder, true) ?? EXCLUDED_FOLDERS.has(part)) return true;
  }
  return exclusion.isExcluded(file, false) === true;
}

function isIgnored(file: string, isDirectory: boolean, levels: readonly GitignoreLevel[]): boolean {
  return levels.some((level) => {
    const relative = path.relative(level.directory, file).split(path.sep).join('/');
    return relative !== '' && !relative.startsWith('..') && level.rules.ignores(isDirectory ? `${relative}/` : relative);
  });
}

/** .gitignore files between the repository root (the folder holding .git) and `directory`, exclusive. */
function gitignoresAbove(directory: string): GitignoreLevel[] {
  const chain: string[] = [];
  let current = path.resolve(directory);
  for (;;) {
    const parent = path.dirname(current);
    if (existsSync(path.join(current, '.git')) || parent === current) break;
    current = parent;
    chain.unshift(current);
  }
  if (!existsSync(path.join(current, '.git'))) return [];
  const root = path.resolve(directory);
  // A folder the user names is linted even if an ancestor .gitignore excludes it (as ripgrep and Ruff do);
  // that ancestor's rules then say nothing useful about the folder's contents.
  return chain.map(readGitignore).filter((level): level is GitignoreLevel => level !== undefined && !isIgnored(root, true, [level]));
}

function readGitignore(directory: string): GitignoreLevel | undefined {
  const file = path.join(directory, '.gitignore');
  try {
    return { directory: path.resolve(directory), rules: pathPatterns(readFileSync(file, 'utf8')) };
  } catch {
    return undefined;
  }
}
