// A `@contextmanager` cleaning up, on exit, what lies at the path it yields, only where something does
// (gcsfs's `tmpfile()`: `if os.path.exists(filename): if os.path.isdir(filename): shutil.rmtree(filename)`): what lies
// there is what the `with` body left. A body writing a regular file there (`with open(lpath, "wb") as f:`) leaves no
// directory, so the `rmtree` never runs. Read as a parameter guard of the generator (see parameterGuard) whose value
// the `with` entering it gives.
import type { SyntaxNode } from '../analysis/pythonParser';
import { callArguments, contextManagerOf, plainStringText, unparenthesize, withItems } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { runsAfterYield, yieldedName } from './generatorExits';
import type { KnownValue } from './parameterGuard';

/** What a test asks of what lies at a path: a directory, a regular file, or anything. */
export type PathKind = 'directory' | 'file' | 'any';

/** The parameter name a guard on the yielded path carries: no Python parameter is so named, nor handed on. */
export const YIELDED_PATH = '<yielded>';

/** Functions testing what lies at the path they are given, by qualified name. */
const PATH_TEST_FUNCTIONS: ReadonlyMap<string, PathKind> = new Map([
  ['os.path.isdir', 'directory'],
  ['os.path.isfile', 'file'],
  ['os.path.exists', 'any'],
]);

/** Methods of a pathlib path testing what lies there. */
const PATH_TEST_METHODS: ReadonlyMap<string, PathKind> = new Map([
  ['is_dir', 'directory'],
  ['is_file', 'file'],
  ['exists', 'any'],
]);

/**
 * What `test`, in the generator function `functionNode`, asks of the path the generator yields, where it runs after the
 * yield (on exit): `os.path.isdir(path)`, `os.path.exists(path)`, `path.is_dir()`, `Path(path).exists()`...
 */
export function yieldedPathTest(test: SyntaxNode, functionNode: SyntaxNode, model: SemanticModel, scope: Scope): PathKind | undefined {
  if (test.type !== 'call' || functionNode.type !== 'function_definition') return undefined;
  const callee = test.childForFieldName('function');
  const { positional, keywords, hasUnpacking } = callArguments(test);
  let kind: PathKind | undefined;
  let path: SyntaxNode | undefined;
  if (callee?.type === 'attribute' && PATH_TEST_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) {
    kind = PATH_TEST_METHODS.get(callee.childForFieldName('attribute')!.text);
    path = pathNamed(callee.childForFieldName('object'), model, scope);
    if (positional.length > 0) return undefined;
  } else {
    const name = model.calleeName(test, scope);
    kind = name === undefined ? undefined : PATH_TEST_FUNCTIONS.get(name);
    path = positional.length === 1 ? positional[0] : undefined;
  }
  if (kind === undefined || path === undefined || keywords.size > 0 || hasUnpacking) return undefined;
  const tested = unparenthesize(path);
  if (tested.type !== 'identifier' || tested.text !== yieldedName(functionNode, model)) return undefined;
  return runsAfterYield(test, functionNode, model) ? kind : undefined;
}

/** `path` itself, or the path in `Path(path)` (`pathlib.Path`). */
function pathNamed(node: SyntaxNode | null, model: SemanticModel, scope: Scope): SyntaxNode | undefined {
  if (!node) return undefined;
  const value = unparenthesize(node);
  if (value.type !== 'call') return value;
  const { positional, keywords } = callArguments(value);
  return model.calleeName(value, scope) === 'pathlib.Path' && positional.length === 1 && keywords.size === 0 ? positional[0] : undefined;
}

/** Whether a test of `kind` holds for what `value` says lies at the path: a regular file is no directory. */
export function pathKindHolds(kind: PathKind, value: KnownValue): boolean | undefined {
  if (!value.regularFile) return undefined;
  return kind !== 'directory';
}

/** Calls that may remove what lies at the path they are given first, or make a directory there. */
const PATH_CHANGING_FUNCTIONS: ReadonlySet<string> = new Set([
  'os.remove',
  'os.unlink',
  'os.rmdir',
  'os.removedirs',
  'os.mkdir',
  'os.makedirs',
  'os.rename',
  'os.renames',
  'os.replace',
  'shutil.rmtree',
  'shutil.move',
  'shutil.copytree',
]);
const PATH_CHANGING_METHODS: ReadonlySet<string> = new Set(['unlink', 'rmdir', 'mkdir', 'rename', 'replace']);

/** Modes of `open()` that make a regular file where there is none. */
const WRITING_MODE = /[wax]/;

/** What a regular file written at a path is known to be (see KnownValue.regularFile). */
const REGULAR_FILE: KnownValue = { isNone: false, regularFile: true };

/**
 * What lies at the path a generator yields when the `with` that `call` enters is left, as far as its body shows: a
 * regular file where the first statement of the body using the `as` name writes one there (`with open(path, "wb") as
 * f:`, `open(path, "w").write(...)`) and no statement of the body removes it or makes a directory there
 * (`os.remove(path)`, `os.makedirs(path)`, `Path(path).mkdir()`...) or binds the name again. (What the functions the
 * body hands the path do with it is not read: a file there is what they find, and they would have to remove it to
 * make a directory.)
 */
export function pathLeftByWithBody(call: SyntaxNode, model: SemanticModel, scope: Scope): KnownValue | undefined {
  const item = call.parent?.type === 'as_pattern' ? call.parent.parent : call.parent;
  if (item?.type !== 'with_item' || contextManagerOf(item)?.id !== call.id) return undefined;
  const value = item.childForFieldName('value');
  const target =
    value?.type === 'as_pattern' ? value.namedChildren.find((part) => part.type === 'as_pattern_target')?.firstNamedChild : null;
  const body = item.parent?.parent?.childForFieldName('body');
  if (target?.type !== 'identifier' || !body) return undefined;
  const name = target.text;
  const mentions = (node: SyntaxNode): boolean => node.descendantsOfType('identifier').some((identifier) => identifier.text === name);
  const first = body.namedChildren.find((statement) => statement.type !== 'comment' && mentions(statement));
  if (!first || !writesRegularFile(first, name, model, scope)) return undefined;
  const calls = body.descendantsOfType('call');
  if (calls.some((other) => changesPath(other, name, model, scope))) return undefined;
  const rebound = body.descendantsOfType(['assignment', 'augmented_assignment', 'for_statement', 'as_pattern_target']).some((binding) => {
    const left = binding.type === 'as_pattern_target' ? binding : binding.childForFieldName('left');
    return left !== null && left.descendantsOfType('identifier').some((identifier) => identifier.text === name);
  });
  return rebound ? undefined : REGULAR_FILE;
}

/** Whether `statement` writes a regular file at `name`: `with open(name, "w") as f:`, `open(name, "wb").write(...)`. */
function writesRegularFile(statement: SyntaxNode, name: string, model: SemanticModel, scope: Scope): boolean {
  const opened = (node: SyntaxNode | undefined): boolean => {
    const value = node && unparenthesize(node);
    if (value?.type === 'attribute') return opened(value.childForFieldName('object') ?? undefined);
    if (value?.type !== 'call') return false;
    if (model.calleeName(value, scope) !== 'builtins.open') {
      const callee = value.childForFieldName('function');
      return callee?.type === 'attribute' && opened(callee.childForFieldName('object') ?? undefined);
    }
    const { positional, keywords } = callArguments(value);
    const path = positional[0];
    const mode = positional[1] ?? keywords.get('mode');
    const text = mode?.type === 'string' ? plainStringText(mode) : undefined;
    return path?.type === 'identifier' && path.text === name && text !== undefined && WRITING_MODE.test(text);
  };
  if (statement.type === 'with_statement') return withItems(statement).some((item) => opened(contextManagerOf(item)));
  return statement.type === 'expression_statement' && opened(statement.firstNamedChild ?? undefined);
}

/** Whether `call` may remove what lies at `name` or make a directory there. */
function changesPath(call: SyntaxNode, name: string, model: SemanticModel, scope: Scope): boolean {
  const callee = call.childForFieldName('function');
  if (callee?.type === 'attribute' && PATH_CHANGING_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) {
    const owner = pathNamed(callee.childForFieldName('object'), model, scope);
    if (owner?.type === 'identifier' && owner.text === name) return true;
  }
  const called = model.calleeName(call, scope);
  if (called === undefined || !PATH_CHANGING_FUNCTIONS.has(called)) return false;
  return (
    call
      .childForFieldName('arguments')
      ?.descendantsOfType('identifier')
      .some((identifier) => identifier.text === name) ?? false
  );
}
