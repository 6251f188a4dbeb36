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

/**
 * The lowest version a Poetry constraint allows (`[tool.poetry.dependencies] python = "^3.8"`): `^3.8`, `~3.8`,
 * `>=3.8,<4.0`, `3.8.*`, `3.8`, alternatives joined by `||` (the lowest of them). Undefined for `*` or what is not one.
 */
export function minimumFromPoetryConstraint(constraint: string): PythonVersion | undefined {
  let lowest: PythonVersion | undefined;
  for (const alternative of constraint.split('||')) {
    let bound: PythonVersion | undefined;
    // `>= 3.8, < 4`: an operator and its version may be apart.
    const clauses = alternative.replace(/([<>=!~^]+)\s+/g, '$1').split(/[,\s]+/);
    for (const clause of clauses.filter((part) => part !== '')) {
      // Upper bounds (`<4.0`) and exclusions (`!=3.9.1`) do not match: they say nothing of the lowest version.
      const match = /^(\^|~=|~|>=|>|==|=)?(\d+)(?:\.(\d+))?(?:\.(?:\d+|\*))?$/.exec(clause);
      if (!match) continue;
      let version: PythonVersion = { major: Number(match[2]), minor: Number(match[3] ?? 0) };
      if (match[1] === '>') version = { major: version.major, minor: version.minor + 1 };
      if (!bound || compareVersions(version, bound) > 0) bound = version;
    }
    // One alternative without a lower bound (`*`, `<3.12`) allows anything below: no minimum to go by.
    if (!bound) return undefined;
    if (!lowest || compareVersions(bound, lowest) < 0) lowest = bound;
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
