// Which file a child process runs, found as CPython's subprocess finds it (execvp over the child's PATH), so a
// missing or unusable program fails with the errno CPython reports: the first error that is not "no such file"
// or "not a directory", else the last one. The working directory is checked first, as the child changes into
// it before exec.
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import type { IoError } from './ioProtocol';

const ERRNO = osConstants.errno as unknown as Readonly<Record<string, number>>;

export class SpawnError extends Error {
  constructor(
    readonly error: IoError,
    /** What CPython names in the exception: the program as given, or the cwd. */
    readonly filename: string | null,
  ) {
    super(error.message);
  }
}

/** The absolute path to execute for `executable` (as given by the program), or a SpawnError. */
export function findExecutable(executable: string, search: readonly string[], cwd: string): string {
  checkDirectory(cwd);
  const candidates = executable.includes('/') ? [executable] : search.map((folder) => path.join(folder || '.', executable));
  let first: IoError | null = null;
  let last: IoError = failure('ENOENT');
  for (const candidate of candidates) {
    const absolute = path.resolve(cwd, candidate);
    const problem = executionProblem(absolute);
    if (problem === null) return absolute;
    last = problem;
    if (first === null && problem.code !== 'ENOENT' && problem.code !== 'ENOTDIR') first = problem;
  }
  throw new SpawnError(first ?? last, executable);
}

function checkDirectory(cwd: string): void {
  let directory: boolean;
  try {
    directory = statSync(cwd).isDirectory();
  } catch (error) {
    throw new SpawnError(failure((error as NodeJS.ErrnoException).code ?? 'ENOENT'), cwd);
  }
  if (!directory) throw new SpawnError(failure('ENOTDIR'), cwd);
}

/** Why execve() would fail on `file` (null: it would not, as far as the file system says). */
function executionProblem(file: string): IoError | null {
  try {
    if (statSync(file).isDirectory()) return failure('EACCES');
    accessSync(file, fsConstants.X_OK);
    return null;
  } catch (error) {
    return failure((error as NodeJS.ErrnoException).code ?? 'ENOENT');
  }
}

function failure(code: string): IoError {
  return { code, errno: ERRNO[code] ?? ERRNO.ENOENT ?? 2, message: code };
}
