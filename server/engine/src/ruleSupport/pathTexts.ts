// The text of a pathlib path (`path.as_posix()`, `str(path)`, `os.fspath(path)`) and the tests of a string it cannot
// pass: pathlib folds repeated slashes (`Path("http://host/x")` is `http:/host/x`), so such a text holds `//` only
// where it starts (a POSIX path may keep two leading slashes), and never a URL's `://`. langroid's `is_plain_text`
// fetches its argument with `requests.get` only where it starts with `http://` or `https://`: a test handing it
// `path.as_posix()` of a file beside it opens the file instead.
import { attributeType, callResultType, PATH } from '../analysis/knownTypes';
import type { SyntaxNode } from '../analysis/pythonParser';
import { callArguments, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

/** The pathlib classes whose instances' text folds repeated slashes. */
const PATH_CLASSES: ReadonlySet<string> = new Set(['pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'pathlib.WindowsPath']);

/** Functions giving a path's text when called on one: `str(path)`, `os.fspath(path)`. */
const TEXT_FUNCTIONS: ReadonlySet<string> = new Set(['builtins.str', 'os.fspath']);

/** Whether `node` is the text of a pathlib path: `path.as_posix()`, `str(path)` or `os.fspath(path)` of a value the model types as one. */
export function isPathText(node: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const call = unparenthesize(node);
  if (call.type !== 'call') return false;
  const callee = call.childForFieldName('function');
  const { positional, keywords, hasUnpacking } = callArguments(call);
  if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'as_posix') {
    const path = callee.childForFieldName('object');
    return positional.length === 0 && keywords.size === 0 && !hasUnpacking && path !== null && isPath(path, model, scope);
  }
  if (positional.length !== 1 || keywords.size > 0 || hasUnpacking) return false;
  const name = model.calleeName(call, scope);
  return name !== undefined && TEXT_FUNCTIONS.has(name) && isPath(positional[0]!, model, scope);
}

/** Whether the method or attribute `name` of a path gives a path (`resolve()`, `.parent`: see knownTypes). */
function givesPath(name: string, kind: 'method' | 'attribute'): boolean {
  const member = `${PATH}.${name}`;
  return (kind === 'method' ? callResultType(member) : attributeType(member)) === PATH;
}

/** How many steps (names, `/`, `.parent`...) isPath follows back to where a path is made. */
const MAX_STEPS = 8;

/**
 * Whether `node` is a pathlib path: one the model types so, or made from one by `/`, `.parent` or a method giving a
 * path (`Path(__file__).resolve().parent / "data" / name`), also through locals bound once to such a value. (The
 * model stops a few names back, where a test builds a path in steps.)
 */
function isPath(node: SyntaxNode, model: SemanticModel, scope: Scope, steps = 0): boolean {
  const type = model.typeOf(node, scope);
  if (type !== undefined) return PATH_CLASSES.has(type);
  if (steps >= MAX_STEPS) return false;
  const value = unparenthesize(node);
  if (value.type === 'binary_operator') {
    const left = value.childForFieldName('left');
    return value.childForFieldName('operator')?.type === '/' && left !== null && isPath(left, model, scope, steps + 1);
  }
  if (value.type === 'attribute') {
    const owner = value.childForFieldName('object');
    const name = value.childForFieldName('attribute')?.text ?? '';
    return owner !== null && givesPath(name, 'attribute') && isPath(owner, model, scope, steps + 1);
  }
  if (value.type === 'call') {
    const callee = value.childForFieldName('function');
    const owner = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
    const name = callee?.childForFieldName('attribute')?.text ?? '';
    return owner !== null && givesPath(name, 'method') && isPath(owner, model, scope, steps + 1);
  }
  if (value.type !== 'identifier') return false;
  const binding = model.resolve(value, scope);
  if (binding?.kind !== 'assignment' || !binding.value || model.bindingsIn(binding.scope, value.text).length !== 1) return false;
  return isPath(binding.value, model, binding.scope, steps + 1);
}

/** Whether `text` can be no part of a pathlib path's text: it holds `//` other than where it starts (`://`). */
export function neverInPathText(text: string): boolean {
  return text.indexOf('//', 1) >= 0;
}
