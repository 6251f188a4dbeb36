// Names bound nowhere a read could find them (no assignment, import, parameter, `global` or builtin in any scope
// around the read, and nothing that may bind names unseen): reading one raises NameError. LOOP108 follows no chain
// behind a test reading one; LOOP203 takes no such name for an event loop, however it is spelled (`loop`).
import type { SyntaxNode } from '../analysis/pythonParser';
import { BUILTIN_NAMES } from '../analysis/pythonBuiltins';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

/**
 * Names that a module may find bound without binding them: Python 2's builtins (code still testing for them), Windows'
 * own (`WindowsError`), and those IPython puts in `builtins` (`get_ipython`, `display`). Dunder names are left alone
 * too (`__file__`, `__IPYTHON__`).
 */
const MAYBE_BUILTINS: ReadonlySet<string> = new Set([
  'unicode',
  'basestring',
  'long',
  'xrange',
  'raw_input',
  'unichr',
  'file',
  'reduce',
  'cmp',
  'execfile',
  'buffer',
  'apply',
  'intern',
  'coerce',
  'reload',
  'WindowsError',
  'get_ipython',
  'display',
]);

/**
 * Names whose use may bind module names the code does not write out: `globals()[...] = ...`, `vars()`, `exec(...)`,
 * `builtins.X = ...`, `setattr(sys.modules[__name__], ...)`.
 */
const NAME_INJECTORS: readonly string[] = ['globals', 'vars', 'exec', 'builtins', '__builtins__', 'modules'];

/**
 * Whether the name read (an identifier, in `scope`) is bound nowhere: no scope around it binds it, it is no builtin
 * (nor one of Python 2, Windows or IPython, nor a dunder name), and the module binds no names unseen (see
 * mayBindUnseenNames).
 */
function isBoundNowhere(name: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  return isUndefined(name, model, scope) && !mayBindUnseenNames(scope, model);
}

/**
 * Whether the name an expression is read from (`loop` of `loop`, `app` of `app.loop`) is bound nowhere (see
 * isBoundNowhere): evaluating the expression raises NameError, whatever the name says it holds.
 */
export function readsNameBoundNowhere(expression: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  let root: SyntaxNode | null = expression;
  while (root?.type === 'attribute' || root?.type === 'parenthesized_expression')
    root = root.type === 'attribute' ? root.childForFieldName('object') : root.firstNamedChild;
  return root?.type === 'identifier' && isBoundNowhere(root, model, scope);
}

/** Whether the name read is bound nowhere it could come from: no scope around it, no builtin. */
export function isUndefined(name: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const text = name.text;
  if (BUILTIN_NAMES.has(text) || MAYBE_BUILTINS.has(text) || text.startsWith('__')) return false;
  return model.resolve(name, scope) === undefined;
}

/** Whether names may be bound in ways the code does not write out (see NAME_INJECTORS), or come from a wildcard import. */
export function mayBindUnseenNames(scope: Scope, model: SemanticModel): boolean {
  // (Lists the module's imports first: re-linting, the statements holding a wildcard import may not be built yet.)
  model.moduleImports();
  for (let current: Scope | undefined = scope; current; current = current.parent) if (current.wildcardImports.length > 0) return true;
  return NAME_INJECTORS.some((name) => model.mentionsOf(name).length > 0);
}
