// Whether a call written with a blocking builtin's name (`input(...)`, `open(...)`) calls something else: the name
// resolves to the builtin wherever the file binds it nowhere (as Ruff reads it), yet a wildcard import may bring a
// function of that name (PyWebIO's `from pywebio.input import *` brings its own `input`, written `await input(...)`).
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { callArguments, parentOutsideParentheses } from '../../../analysis/pythonSyntax';
import { MODULE_IMPORTS } from '../../../analysis/semanticModel';
import type { Scope } from '../../../analysis/scope';
import type { RuleContext } from '../../../linter/rule';

/** What the documentation of the rules flagging `input()` and `open()` says of it. */
export const SHADOWED_BUILTINS_DOC =
  'A call written with the builtin\'s name that cannot be the builtin is not flagged: one whose result is awaited (`await input("Title")`: the builtin\'s result cannot be awaited), one passing arguments the builtin refuses (`input(name="msg")`), or, with the project indexed, one whose name a wildcard import of a module of the project defining a function or class of that name may bring (`from .forms import *`). PyWebIO\'s `from pywebio.input import *` brings its own `input`, called so. A wildcard import of a module outside the project is taken to leave the builtin alone, as Ruff takes it.';

/** The blocking builtins' parameters: how many may be given by position, and the keywords each accepts. */
const BUILTIN_PARAMETERS: ReadonlyMap<string, { readonly positional: number; readonly keywords: ReadonlySet<string> }> = new Map([
  // `input(prompt='', /)`
  ['builtins.input', { positional: 1, keywords: new Set<string>() }],
  [
    'builtins.open',
    { positional: 8, keywords: new Set(['file', 'mode', 'buffering', 'encoding', 'errors', 'newline', 'closefd', 'opener']) },
  ],
]);

/**
 * Whether `call`, whose callee resolved to the builtin `qualifiedName` (`builtins.input`), calls something else:
 * - its result is awaited: the builtin returns a string or a file, which cannot be awaited, so the name is another
 *   function's (a wildcard import's), or the code fails anyway;
 * - it passes arguments the builtin refuses (`input(name="msg")`: the builtin takes no keyword);
 * - a wildcard import of a module of the project defining a function or class of that name may bring it (read through
 *   the project's summaries). A wildcard import of a module outside the project is taken to leave the builtin alone, as
 *   the semantic model takes it (see pythonBuiltins.ts): its names are not known, and the two tests above still catch
 *   most calls of a library's lookalike.
 */
export function callsShadowedBuiltin(call: SyntaxNode, qualifiedName: string, context: RuleContext): boolean {
  const parameters = BUILTIN_PARAMETERS.get(qualifiedName);
  if (!parameters) return false;
  if (parentOutsideParentheses(call)?.type === 'await') return true;
  const { positional, keywords } = callArguments(call);
  if (positional.length > parameters.positional || [...keywords.keys()].some((keyword) => !parameters.keywords.has(keyword))) return true;
  return broughtByProjectWildcard(call, qualifiedName.slice('builtins.'.length), context);
}

/** Whether the callee is the bare `name` and a wildcard import, in its scope or one around it, of a module of the project defining `name` may bind it. */
function broughtByProjectWildcard(call: SyntaxNode, name: string, context: RuleContext): boolean {
  const { model, project } = context;
  if (!project || model.calleeText(call) !== name) return false;
  // The answer depends on the module's imports, wherever the call is.
  model.recordDependency(MODULE_IMPORTS);
  for (let scope: Scope | undefined = context.scope; scope; scope = scope.parent) {
    for (const module of scope.wildcardImports) {
      const written = module.endsWith('.') ? `${module}${name}` : `${module}.${name}`;
      if (project.findFunction(project.absoluteName(written)) !== undefined) return true;
    }
  }
  return false;
}
