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
 * root (a `src/` layout or the project folder), so the module name is the path below it. A folder without one whose
 * parent holds one is a namespace portion inside a regular package (`hatchet_sdk/utils/aio_utils.py`, imported as
 * `hatchet_sdk.utils.aio_utils`) and is walked through too, except for a pytest module (`test_*.py`, `*_test.py`,
 * `conftest.py`), which pytest imports from its own folder by default, and for a folder holding a project's packaging
 * file (`setup.py`, `pyproject.toml`): a project of its own inside a collection (`demos/moderator/`, beside
 * `demos/__init__.py`), installed and imported from there (`from moderator.handlers import SiteHandler`).
 */
export function moduleIdentity(file: string, fileExists: (file: string) => boolean = existsSync): ModuleIdentity {
  const absolute = path.resolve(file);
  const base = path.basename(absolute).replace(/\.pyi?$/, '');
  const isPackage = base === '__init__';
  const { folders } = packageFolders(absolute, fileExists);
  const parts = [...folders, ...(isPackage ? [] : [base])];
  return { name: parts.join('.') || base, isPackage };
}

/** The folder module names are relative to: the file's folder, minus the package folders above it. */
export function importRoot(file: string, fileExists: (file: string) => boolean = existsSync): string {
  return packageFolders(path.resolve(file), fileExists).root;
}

/** pytest's default import mode imports these from their own folder, outside any package without `__init__.py`. */
const PYTEST_MODULE = /^(?:test_.*|.*_test|conftest)\.pyi?$/;

/** Files saying a folder is the root of a project of its own, whose packages are imported from there. */
const PACKAGING_FILES = ['setup.py', 'setup.cfg', 'pyproject.toml'];

/** The package folders a module file lies in, outermost first, and the import root above them (see moduleIdentity). */
function packageFolders(absolute: string, fileExists: (file: string) => boolean): { folders: string[]; root: string } {
  const folders: string[] = [];
  const throughNamespaces = !PYTEST_MODULE.test(path.basename(absolute));
  let directory = path.dirname(absolute);
  for (;;) {
    const parent = path.dirname(directory);
    const inPackage =
      fileExists(path.join(directory, '__init__.py')) ||
      (throughNamespaces &&
        parent !== directory &&
        fileExists(path.join(parent, '__init__.py')) &&
        !PACKAGING_FILES.some((name) => fileExists(path.join(directory, name))));
    if (!inPackage || parent === directory) break;
    folders.unshift(path.basename(directory));
    directory = parent;
  }
  return { folders, root: directory };
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
