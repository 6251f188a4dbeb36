// gitignore-style path patterns (.gitignore files, `exclude`, `per-file-ignores`), matched with the case sensitivity git
// uses on this system.
import ignore, { type Ignore } from 'ignore';

/**
 * Git matches .gitignore patterns case-sensitively unless `core.ignorecase` is set, which `git init` and `git clone`
 * set on the case-insensitive file systems of macOS and Windows. The `ignore` package ignores case by default, so
 * TwitchIO's `TOKENS.py` line (a file kept out of commits) hid `twitchio/authentication/tokens.py` on Linux.
 */
const IGNORES_CASE = process.platform === 'darwin' || process.platform === 'win32';

/** A matcher of the gitignore-style `patterns` (one a line). */
export function pathPatterns(patterns: string): Ignore {
  return ignore({ ignorecase: IGNORES_CASE }).add(patterns);
}
