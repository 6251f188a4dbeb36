// What a call's `**config` arguments pass where the file shows each dict whole: a dict literal (or `dict(k=v)`) with
// string keys, written there or bound to a name that nothing changes or hands elsewhere, passes its keys as keywords
// and no others. Parameter guards (see parameterGuard) read them as keywords written at the call, so a guarded
// parameter absent from them keeps its default: `Sender(**SERVER)` with `SERVER = {"server": ..., "port": ...}` leaves
// `use_config=False` alone.
import type { SyntaxNode } from '../analysis/pythonParser';
import { parentOutsideParentheses, plainStringText, unparenthesize } from '../analysis/pythonSyntax';
import type { Binding, Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { bindingsReaching } from './reachingBindings';

/** A keyword an unpacked dict passes: its value as the dict's literal writes it, and the scope that evaluates it. */
interface UnpackedKeyword {
  readonly value: SyntaxNode;
  readonly scope: Scope;
}

/** The keywords a call's `**` arguments pass in one case, by name. */
export type UnpackedKeywords = ReadonlyMap<string, UnpackedKeyword>;

/** Past this many cases (dicts a name may hold, times the `**` arguments of the call), the call is left unknown. */
const MAX_CASES = 32;

/**
 * The keywords `call`'s `**` arguments may pass, one map per case (each dict a name may hold is a case: a binding of
 * its own, an element of the list a loop walks), where each `**` argument is one of:
 * - `**{...}` or `**dict(...)` (see dictEntries);
 * - `**name`, every binding of `name` reaching the call `name = ` such a dict, or the variable of a `for` over a list or
 *   tuple literal of them (see heldValues), and every use of `name` one that only reads it (see onlyRead);
 * - `**name["key"]`, the same where `name` holds dicts of such dicts, read only by key (`for case in cases:
 *   Sender(**case["input"])`).
 * Undefined where any argument is not, or a `*args` may pass positions unknown.
 */
export function unpackedKeywords(call: SyntaxNode, model: SemanticModel, scope: Scope): readonly UnpackedKeywords[] | undefined {
  const argumentList = call.childForFieldName('arguments');
  if (argumentList?.type !== 'argument_list') return undefined;
  let cases: UnpackedKeywords[] = [new Map()];
  for (const argument of argumentList.namedChildren) {
    if (argument.type === 'list_splat') return undefined;
    if (argument.type !== 'dictionary_splat') continue;
    const unpacked = argument.firstNamedChild;
    const dicts = unpacked ? unpackedDicts(unparenthesize(unpacked), model, scope) : undefined;
    if (!dicts || cases.length * dicts.length > MAX_CASES) return undefined;
    cases = cases.flatMap((passed) => dicts.map((dict) => new Map([...passed, ...dict])));
  }
  return cases;
}

/** The dicts `**expression` may unpack (see unpackedKeywords), read in `scope`. */
function unpackedDicts(expression: SyntaxNode, model: SemanticModel, scope: Scope): UnpackedKeywords[] | undefined {
  if (expression.type === 'dictionary' || expression.type === 'call') return allOrNone([keywordsOf(expression, model)]);
  if (expression.type === 'identifier') {
    const values = heldValues(expression, model, scope);
    if (!values || !everyUse(expression, model, scope, onlyRead)) return undefined;
    return allOrNone(values.map((value) => keywordsOf(value, model)));
  }
  // `name["key"]`: each dict `name` may hold has "key", itself a dict the file shows whole.
  const held = expression.type === 'subscript' ? expression.childForFieldName('value') : null;
  const key = keyOf(expression);
  if (held?.type !== 'identifier' || key === undefined) return undefined;
  const values = heldValues(held, model, scope);
  const usedAlone = (use: SyntaxNode): boolean => {
    // The outer dict is only read by key; what it holds at the key unpacked, only read too.
    const subscript = parentOutsideParentheses(use);
    if (subscript?.type !== 'subscript' || subscript.childForFieldName('value')?.id !== use.id || isTarget(subscript)) return false;
    const at = keyOf(subscript);
    return at !== undefined && (at !== key || onlyRead(subscript));
  };
  if (!values || !everyUse(held, model, scope, usedAlone)) return undefined;
  return allOrNone(
    values.map((value) => {
      const inner = dictEntries(value, model)?.get(key);
      return inner === undefined ? undefined : keywordsOf(unparenthesize(inner), model);
    }),
  );
}

/**
 * What the identifier `name` (read in `scope`) may hold, each binding reaching it being `name = <value>` (a statement of
 * its own, not `a = name = ...`, which would give the value a second name) or the variable of a `for` over a list or
 * tuple literal (each element a value it may hold); undefined where a binding is anything else.
 */
function heldValues(name: SyntaxNode, model: SemanticModel, scope: Scope): SyntaxNode[] | undefined {
  const bindings = bindingsReaching(name, model, scope);
  if (!bindings || bindings.length === 0) return undefined;
  const values: SyntaxNode[] = [];
  for (const binding of bindings) {
    const held = binding.kind === 'loopTarget' ? loopedElements(binding, model) : assignedValue(binding);
    if (!held) return undefined;
    values.push(...(Array.isArray(held) ? held : [held]));
  }
  return values;
}

/** The value of `binding` where it is a plain `name = value` statement. */
function assignedValue(binding: Binding): SyntaxNode | undefined {
  const assignment = binding.node.parent;
  if (binding.kind !== 'assignment' || !binding.value || assignment?.type !== 'assignment') return undefined;
  if (assignment.childForFieldName('left')?.id !== binding.node.id || assignment.childForFieldName('right')?.id !== binding.value.id)
    return undefined;
  return assignment.parent?.type === 'expression_statement' ? unparenthesize(binding.value) : undefined;
}

/**
 * The elements of the list a `for` binding `binding` walks (`for case in [...]:`, or over a name bound to such a list
 * that nothing but this loop reads, whose elements nothing else can reach then), where its variable is the name alone.
 */
function loopedElements(binding: Binding, model: SemanticModel): SyntaxNode[] | undefined {
  const loop = binding.node.parent;
  if (loop?.type !== 'for_statement' || loop.childForFieldName('left')?.id !== binding.node.id) return undefined;
  const walked = loop.childForFieldName('right');
  let list = walked ? unparenthesize(walked) : undefined;
  if (list?.type === 'identifier') {
    // Bound by an assignment, not by another loop (`for a in b: for b in a:` would walk in circles).
    const listScope = model.scopeOf(list);
    const bindings = bindingsReaching(list, model, listScope);
    const value = bindings?.length === 1 ? assignedValue(bindings[0]!) : undefined;
    const onlyThisLoop = (use: SyntaxNode): boolean => use.id === list!.id;
    list = value && everyUse(list, model, listScope, onlyThisLoop) ? value : undefined;
  }
  if (list?.type !== 'list' && list?.type !== 'tuple') return undefined;
  return list.namedChildren.filter((element) => element.type !== 'comment').map(unparenthesize);
}

/** The keywords a dict written `value` passes when unpacked, each value with the scope that evaluates it. */
function keywordsOf(value: SyntaxNode, model: SemanticModel): UnpackedKeywords | undefined {
  const entries = dictEntries(value, model);
  if (!entries) return undefined;
  const scope = model.scopeOf(value);
  return new Map([...entries].map(([key, written]) => [key, { value: written, scope }]));
}

/**
 * The entries of a dict the file shows whole: `{"a": 1, 'b': x}` or `dict(a=1, b=x)`, by key; undefined for one with a
 * key that is no plain string literal, a `**` inside, or any other expression.
 */
function dictEntries(value: SyntaxNode, model: SemanticModel): ReadonlyMap<string, SyntaxNode> | undefined {
  const entries = new Map<string, SyntaxNode>();
  if (value.type === 'dictionary') {
    for (const entry of value.namedChildren) {
      if (entry.type === 'comment') continue;
      const key = entry.type === 'pair' ? entry.childForFieldName('key') : null;
      const text = key ? plainStringText(unparenthesize(key)) : undefined;
      const written = entry.childForFieldName('value');
      if (text === undefined || !written) return undefined;
      entries.set(text, written);
    }
    return entries;
  }
  const argumentList = value.type === 'call' ? value.childForFieldName('arguments') : null;
  if (argumentList?.type !== 'argument_list' || model.calleeName(value, model.scopeOf(value)) !== 'builtins.dict') return undefined;
  for (const argument of argumentList.namedChildren) {
    if (argument.type === 'comment') continue;
    const name = argument.type === 'keyword_argument' ? argument.childForFieldName('name') : null;
    const written = argument.childForFieldName('value');
    if (!name || !written) return undefined;
    entries.set(name.text, written);
  }
  return entries;
}

/** `name["key"]`: the key, where it is a plain string literal. */
function keyOf(subscript: SyntaxNode): string | undefined {
  const keys = subscript.childrenForFieldName('subscript');
  return keys.length === 1 && keys[0] ? plainStringText(unparenthesize(keys[0])) : undefined;
}

/** Each value, or undefined if any is not known. */
function allOrNone<T>(values: readonly (T | undefined)[]): T[] | undefined {
  return values.every((value) => value !== undefined) ? (values as T[]) : undefined;
}

/** Whether every use of the variable `name` (read in `scope`) anywhere in the file passes `harmless`. */
function everyUse(name: SyntaxNode, model: SemanticModel, scope: Scope, harmless: (use: SyntaxNode) => boolean): boolean {
  const binding = model.resolve(name, scope);
  return binding !== undefined && model.references(binding).every(harmless);
}

/** Methods of a dict that change nothing in it. */
const READING_METHODS = new Set(['get', 'keys', 'values', 'items', 'copy']);

/**
 * Whether the dict `use` evaluates to is only read there, its keys left as they are and the dict handed nowhere that
 * might change them: unpacked into a call's arguments or another dict (a copy), read by key, by a reading method, by `in`
 * or by an f-string.
 */
function onlyRead(use: SyntaxNode): boolean {
  const parent = parentOutsideParentheses(use);
  switch (parent?.type) {
    case 'dictionary_splat':
      return parent.parent?.type === 'argument_list' || parent.parent?.type === 'dictionary';
    case 'interpolation':
      return true;
    case 'subscript':
      return parent.childForFieldName('value')?.id === use.id && !isTarget(parent);
    case 'attribute':
      return parent.childForFieldName('object')?.id === use.id && READING_METHODS.has(parent.childForFieldName('attribute')?.text ?? '');
    case 'comparison_operator': {
      const operator = parent.children.slice(1, -1).map((child) => child.type);
      return parent.namedChildren.length === 2 && parent.namedChildren[1]?.id === use.id && ['in', 'not in'].includes(operator.join(' '));
    }
    default:
      return false;
  }
}

/** Node kinds that hold a target among others (`a, d["k"] = ...`) or around it. */
const TARGET_HOLDERS = new Set([
  'parenthesized_expression',
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'tuple',
  'list',
  'expression_list',
]);

/** Whether `node` (a subscript) is assigned, deleted or bound there rather than read. */
function isTarget(node: SyntaxNode): boolean {
  let inner = node;
  let parent = node.parent;
  while (parent && TARGET_HOLDERS.has(parent.type)) {
    inner = parent;
    parent = parent.parent;
  }
  switch (parent?.type) {
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause':
      return parent.childForFieldName('left')?.id === inner.id;
    case 'delete_statement':
    case 'as_pattern_target':
      return true;
    default:
      return false;
  }
}
