// Python module names for files, and absolute names for relative imports.
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface ModuleIdentity {
  /** `pkg.sub.mod` for pkg/sub/mod.py, `pkg.sub` for pkg/sub/__init__.py, `script` for a lone script.py. */
  readonly name: string;
  /** An `__init__.py`: relative imports inside it are relative to itself. */
  readonly isPackage: boolean;
}

/**
 * Walks up through folders that hold an `__init__.py`: the first folder without one is the import
 * root (a `src/` layout or the project folder), so the module name is the path below it.
 */
export function moduleIdentity(file: string, fileExists: (file: string) => boolean = existsSync): ModuleIdentity {
  const absolute = path.resolve(file);
  const base = path.basename(absolute).replace(/\.pyi?$/, '');
  const isPackage = base === '__init__';
  const parts = isPackage ? [] : [base];
  let directory = path.dirname(absolute);
  while (fileExists(path.join(directory, '__init__.py'))) {
    parts.unshift(path.basename(directory));
    const parent = path.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  return { name: parts.join('.') || base, isPackage };
}

/** The folder module names are relative to: the file's folder, minus the package folders above it. */
export function importRoot(file: string, fileExists: (file: string) => boolean = existsSync): string {
  let directory = path.dirname(path.resolve(file));
  while (fileExists(path.join(directory, '__init__.py'))) {
    const parent = path.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  return directory;
}

/** `.db.load` inside `pkg.app` → `pkg.db.load`; `..util.x` → one package further up. */
export function absoluteName(qualifiedName: string, module: ModuleIdentity): string {
  if (!qualifiedName.startsWith('.')) return qualifiedName;
  const dots = /^\.+/.exec(qualifiedName)![0].length;
  const rest = qualifiedName.slice(dots);
  const packageParts = module.name.split('.');
  if (!module.isPackage) packageParts.pop();
  const base = packageParts.slice(0, Math.max(0, packageParts.length - (dots - 1)));
  return [...base, ...(rest ? [rest] : [])].filter(Boolean).join('.');
}
