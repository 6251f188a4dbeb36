// Target Python versions: parsing `3.12`, `py312`, and `requires-python` specifiers.

export interface PythonVersion {
  readonly major: number;
  readonly minor: number;
}

export const DEFAULT_TARGET_VERSION: PythonVersion = { major: 3, minor: 11 };
/** The newest version the rules know about. */
export const NEWEST_KNOWN_VERSION: PythonVersion = { major: 3, minor: 14 };

/** Accepts `3.12`, `3.12.1`, `py312`, `312`. */
export function parsePythonVersion(text: string): PythonVersion | undefined {
  const trimmed = text.trim().toLowerCase();
  const dotted = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(trimmed);
  if (dotted) return { major: Number(dotted[1]), minor: Number(dotted[2]) };
  const compact = /^(?:py)?(\d)(\d{1,2})$/.exec(trimmed);
  if (compact) return { major: Number(compact[1]), minor: Number(compact[2]) };
  return undefined;
}

/** The lowest version a `requires-python` specifier allows (`>=3.10`, `~=3.9`, `>=3.8,<4`). */
export function minimumFromRequiresPython(specifier: string): PythonVersion | undefined {
  let lowest: PythonVersion | undefined;
  for (const clause of specifier.split(',')) {
    const match = /^\s*(>=|==|~=|>)\s*(\d+)\.(\d+)/.exec(clause);
    if (!match) continue;
    let version: PythonVersion = { major: Number(match[2]), minor: Number(match[3]) };
    if (match[1] === '>') version = { major: version.major, minor: version.minor + 1 };
    if (!lowest || compareVersions(version, lowest) > 0) lowest = version;
  }
  return lowest;
}

export function compareVersions(a: PythonVersion, b: PythonVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

export function atLeast(version: PythonVersion, major: number, minor: number): boolean {
  return compareVersions(version, { major, minor }) >= 0;
}

export function formatVersion(version: PythonVersion): string {
  return `${version.major}.${version.minor}`;
}
