// Asks a Python interpreter that is not a virtual environment (a pyenv version, /usr/bin/python3, a conda
// env) where its site-packages are, once: the answer is cached on disk, keyed by the binary's path, size and
// modification time, so later runs read a file instead of starting Python.
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { userCacheSubfolder, type CacheEnv } from './userCacheFolder';

interface InterpreterFacts {
  /** sys.executable: the real binary (for a shim, what it ran). */
  executable: string;
  /** "3.11" */
  version: string;
  prefix: string;
  /** site.getsitepackages(), in order. */
  sitePackages: string[];
  /** site.getusersitepackages() (used only if it exists and PYTHONNOUSERSITE is not set). */
  userSitePackages: string | null;
}

// -I -S: no environment variables, no user site, no .pth processing: only the interpreter's own layout.
const PROBE = [
  'import json, site, sys',
  'print(json.dumps({"executable": sys.executable, "version": "%d.%d" % sys.version_info[:2], "prefix": sys.prefix,',
  '  "sitePackages": site.getsitepackages(), "userSitePackages": site.getusersitepackages()}))',
].join('\n');

const PROBE_TIMEOUT_MS = 15_000;
const CACHE_FILE = 'interpreters.json';

interface CacheEntry {
  size: number;
  mtimeMs: number;
  facts: InterpreterFacts;
}

export class ProbeError extends Error {}

/**
 * What `interpreter` says about itself (cached in the user cache folder `cacheEnv` places). Throws ProbeError if it
 * cannot be run or is not Python.
 */
export function probeInterpreter(interpreter: string, cacheEnv: CacheEnv): InterpreterFacts {
  const key = cacheKey(interpreter);
  const cacheFolder = userCacheSubfolder('', cacheEnv);
  const cacheFile = cacheFolder ? path.join(cacheFolder, CACHE_FILE) : null;
  const cache = cacheFile ? readCache(cacheFile) : {};
  const cached = key ? cache[key.file] : undefined;
  if (key && cached && cached.size === key.size && cached.mtimeMs === key.mtimeMs && isFacts(cached.facts)) return cached.facts;

  const run = spawnSync(interpreter, ['-I', '-S', '-c', PROBE], { encoding: 'utf8', timeout: PROBE_TIMEOUT_MS });
  if (run.error) throw new ProbeError(`could not be run (${run.error.message})`);
  if (run.status !== 0) {
    const lines = run.stderr
      .trim()
      .split('\n')
      .filter((line) => line.trim());
    // A shim says what is wrong on its first line; a Python traceback on its last.
    const reason = (lines[0]?.startsWith('Traceback') ? lines.at(-1) : lines[0])?.trim() || `exit status ${run.status}`;
    throw new ProbeError(`is not a working Python interpreter (${reason})`);
  }
  let facts: unknown;
  try {
    facts = JSON.parse(run.stdout.trim().split('\n').pop() ?? '');
  } catch {
    facts = undefined;
  }
  if (!isFacts(facts)) throw new ProbeError('did not answer as a Python interpreter does');
  // Cache under the binary that ran; a shim or wrapper (the key is not the interpreter itself) is not cached
  // under its own name, since what it runs may change with the folder or the environment.
  const ran = cacheKey(facts.executable);
  if (cacheFile && ran && (!key || key.file === ran.file)) {
    cache[ran.file] = { size: ran.size, mtimeMs: ran.mtimeMs, facts };
    writeCache(cacheFile, cache);
  }
  return facts;
}

function isFacts(value: unknown): value is InterpreterFacts {
  if (!value || typeof value !== 'object') return false;
  const facts = value as Record<string, unknown>;
  return (
    typeof facts.executable === 'string' &&
    typeof facts.version === 'string' &&
    typeof facts.prefix === 'string' &&
    Array.isArray(facts.sitePackages) &&
    facts.sitePackages.every((entry) => typeof entry === 'string') &&
    (facts.userSitePackages === null || typeof facts.userSitePackages === 'string')
  );
}

function cacheKey(file: string): { file: string; size: number; mtimeMs: number } | null {
  try {
    const real = realpathSync(file);
    const stats = statSync(real);
    return { file: real, size: stats.size, mtimeMs: stats.mtimeMs };
  } catch {
    return null;
  }
}

function readCache(file: string): Record<string, CacheEntry> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, CacheEntry>) : {};
  } catch {
    return {};
  }
}

function writeCache(file: string, cache: Record<string, CacheEntry>): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(cache, null, 1)}\n`);
    renameSync(temporary, file);
  } catch {
    // A read-only or full cache folder: the next run probes again.
  }
}
