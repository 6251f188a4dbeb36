// Test and benchmark set-up: a virtualenv with real packages from pip (as pip is configured on the machine),
// built once into a cache folder outside the repository and reused while its requirements file is unchanged.
// Needs only python3 (with venv and pip); without python3 the callers skip with the reason given here.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export interface CachedVenv {
  root: string;
  /** <root>/bin/python */
  python: string;
}

const PIP_TIMEOUT_MS = 15 * 60_000;
const LOCK_WAIT_MS = 20 * 60_000;

/** The python3 the set-up uses, or a reason to skip when there is none. */
export function basePython(): { python: string } | { skip: string } {
  const probe = spawnSync('python3', ['-c', 'import sys, venv; print(sys.version_info >= (3, 9))'], { encoding: 'utf8' });
  if (probe.error) return { skip: 'python3 not found on PATH (the package tests need it to build a virtualenv with pip)' };
  if (probe.status !== 0 || probe.stdout.trim() !== 'True') return { skip: 'python3 >= 3.9 with the venv module not found' };
  return { python: 'python3' };
}

/**
 * A virtualenv with `requirementsFile` installed, in $LOOPSCOPE_TEST_CACHE or ~/.cache/loopscope-test-venvs,
 * named after the file and keyed by its contents and the python3 version. Built under a lock, so test files
 * running in parallel build it once. Throws with pip's output if the installation fails.
 */
export function cachedVenv(requirementsFile: string): CachedVenv {
  const requirements = readFileSync(requirementsFile, 'utf8');
  const version = spawnSync('python3', ['-c', 'import sys; print(sys.version)'], { encoding: 'utf8' }).stdout.trim();
  const key = createHash('sha256').update(requirements).update(version).digest('hex').slice(0, 12);
  const cache = process.env.LOOPSCOPE_TEST_CACHE || path.join(homedir(), '.cache', 'loopscope-test-venvs');
  const root = path.join(cache, `${path.basename(path.dirname(requirementsFile))}-${path.basename(requirementsFile, '.txt')}-${key}`);
  const venv = { root, python: path.join(root, 'bin', 'python') };
  const complete = path.join(root, '.loopscope-complete');
  if (existsSync(complete)) return venv;

  mkdirSync(cache, { recursive: true });
  const lock = `${root}.lock`;
  const waitUntil = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      if (existsSync(complete)) return venv;
      // A run that was killed while building leaves its lock behind.
      if (!lockHolderAlive(lock)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > waitUntil) throw new Error(`waited too long for ${lock} (remove it if no test run is building the venv)`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (existsSync(complete)) return venv;
    const building = `${root}.building`;
    rmSync(building, { recursive: true, force: true });
    run('python3', ['-m', 'venv', building]);
    // --retries 1: machines whose pip reads a local index first try pypi.org and would otherwise back off
    // for minutes per package before falling back.
    run(path.join(building, 'bin', 'python'), [
      '-m',
      'pip',
      'install',
      '--retries',
      '1',
      '--disable-pip-version-check',
      '-r',
      requirementsFile,
    ]);
    rmSync(root, { recursive: true, force: true });
    renameSync(building, root);
    writeFileSync(complete, `${requirements}\n# ${version}\n`);
    return venv;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function lockHolderAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
  } catch {
    // Just created (its holder is about to write its pid), unless it has been like this for a minute.
    try {
      return Date.now() - statSync(lock).mtimeMs < 60_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: PIP_TIMEOUT_MS, maxBuffer: 64 << 20 });
  if (result.error || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit status ${result.status}`}):\n${output}`);
  }
}
