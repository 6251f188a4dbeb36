// Code that runs only inside Pyodide (CPython built for WebAssembly, in a browser or Node): a module importing Pyodide's
// own modules at its top (`from pyodide.http import pyfetch`, `import js`, `pyodide_js`), which no other Python can
// import, and a function decorated `@run_in_pyodide` (pytest-pyodide ships such a test to a Pyodide runtime to run).
// There the file system is Emscripten's, held in memory, and there are no threads: `run_in_executor` and `to_thread`
// run the function inline. A file read waits on no disk, and moving it to a thread would change nothing, so LOOP104
// and LOOP108's chains ending in file I/O leave such code alone.
import type { SyntaxNode } from '../analysis/pythonParser';
import { lastDottedName } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { RuleInfo } from '../linter/rule';

/** The modules only Pyodide has: its Python package, and the JavaScript side it exposes as modules. */
const PYODIDE_MODULES: ReadonlySet<string> = new Set(['pyodide', 'js', 'pyodide_js']);

/** The rule whose calls Emscripten's in-memory file system answers without waiting (see blockingFileIo.ts). */
const FILE_IO_RULE = 'LOOP104';

/** Per model: whether its module imports a Pyodide module at its top (read once per file). */
const pyodideModules = new WeakMap<SemanticModel, boolean>();

/**
 * Whether a call `rule` flags as blocking, made in `scope`, is file I/O in code that runs only inside Pyodide: there it
 * reads or writes memory, and no thread could take it over.
 */
export function isInMemoryFileIo(rule: Pick<RuleInfo, 'code'>, scope: Scope, model: SemanticModel): boolean {
  return rule.code === FILE_IO_RULE && runsOnlyInPyodide(scope, model);
}

/**
 * Whether the code of `scope` runs only inside Pyodide: its module imports one of Pyodide's modules at its top (an
 * import at the module's top level, not one in a `try` or an `if`, which may be the fallback of code that runs
 * elsewhere too), or a function around it is decorated `@run_in_pyodide` (`@run_in_pyodide(packages=[...])`,
 * `@pytest_pyodide.run_in_pyodide`).
 */
function runsOnlyInPyodide(scope: Scope, model: SemanticModel): boolean {
  return importsPyodideAtTop(model) || inRunInPyodideFunction(scope);
}

function importsPyodideAtTop(model: SemanticModel): boolean {
  let found = pyodideModules.get(model);
  if (found === undefined) {
    found = model.module.node.namedChildren.some((statement) => importedModules(statement).some(isPyodideModule));
    pyodideModules.set(model, found);
  }
  return found;
}

/** The modules an import statement names: `a.b` of `import a.b as c` and of `from a.b import c`. */
function importedModules(statement: SyntaxNode): string[] {
  if (statement.type === 'import_from_statement') {
    const module = statement.childForFieldName('module_name');
    return module ? [module.text] : [];
  }
  if (statement.type !== 'import_statement') return [];
  return statement
    .childrenForFieldName('name')
    .map((name) => (name.type === 'aliased_import' ? (name.childForFieldName('name') ?? name) : name).text);
}

/** `pyodide`, `pyodide.ffi`, `js`, `pyodide_js._api`: a module only Pyodide has (by its first name). */
function isPyodideModule(module: string): boolean {
  return PYODIDE_MODULES.has(module.split('.')[0]!);
}

/** Whether a function around `scope` (itself included) is decorated `@run_in_pyodide`, however spelled or called. */
function inRunInPyodideFunction(scope: Scope): boolean {
  for (let current: Scope | undefined = scope.functionScope; current; current = current.parent?.functionScope) {
    const decorated = current.node.parent;
    if (decorated?.type !== 'decorated_definition') continue;
    for (const decorator of decorated.namedChildren) {
      const expression = decorator.type === 'decorator' ? decorator.firstNamedChild : null;
      const named = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
      if (lastDottedName(named) === 'run_in_pyodide') return true;
    }
  }
  return false;
}
