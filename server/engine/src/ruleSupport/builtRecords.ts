// Records a class builds itself as dict literals and keeps in a private list (`self._queued.append({"text": text,
// "future": future})`): reading a key each of them has (`entry["text"]` for each `entry` of that list) cannot fail, as
// reading an attribute the class sets cannot. raiseFreeCode counts such a read as it counts an attribute read.
import type { SyntaxNode } from '../analysis/pythonParser';
import { plainStringText, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

/** Methods of a list that put no new item in it. */
const NON_ADDING_METHODS: ReadonlySet<string> = new Set(['clear', 'pop', 'remove', 'copy', 'index', 'count']);
/** Methods of a list adding the item at this argument position. */
const ADDING_METHODS: ReadonlyMap<string, number> = new Map([
  ['append', 0],
  ['insert', 1],
]);

/**
 * Whether `subscript` (code of `scope`) reads by a string literal (`entry["text"]`) an item of the variable of a `for`
 * or a comprehension over a private list attribute of `self` (`self._queued`, or a local bound once to it), where every
 * record the class puts in that list is a dict literal with that key (see recordsHaveKey).
 */
export function readsKeyOfBuiltRecord(subscript: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const index = subscript.childrenForFieldName('subscript');
  const key = index.length === 1 ? plainStringText(index[0]!) : undefined;
  const record = subscript.childForFieldName('value');
  if (key === undefined || record?.type !== 'identifier') return false;
  const binding = model.resolve(record, scope);
  const loop = binding?.node.parent;
  if (binding?.kind !== 'loopTarget' || !loop || loop.childForFieldName('left')?.id !== binding.node.id) return false;
  const iterated = loop.childForFieldName('right');
  const list = iterated && listAttribute(unparenthesize(iterated), model.scopeOf(loop), model);
  const owner = list ? classOfMethod(model.scopeOf(list)) : undefined;
  const name = list?.childForFieldName('attribute')?.text;
  return owner !== undefined && name !== undefined && name.startsWith('_') && recordsHaveKey(owner, name, key, model);
}

/** `self._queued`, or a local bound once to it (`batch = self._queued`): the attribute. */
function listAttribute(iterated: SyntaxNode, scope: Scope, model: SemanticModel): SyntaxNode | undefined {
  if (iterated.type === 'identifier') {
    const binding = model.resolve(iterated, scope);
    const value = binding?.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
    if (!binding || !value || model.bindingsIn(binding.scope, binding.name).length !== 1) return undefined;
    return listAttribute(value, binding.scope, model);
  }
  return isSelfAttribute(iterated) ? iterated : undefined;
}

function isSelfAttribute(node: SyntaxNode): boolean {
  return node.type === 'attribute' && node.childForFieldName('object')?.text === 'self';
}

/** The class a method (or code nested in it) belongs to. */
function classOfMethod(scope: Scope): SyntaxNode | undefined {
  const method = scope.functionScope;
  return method?.parent?.kind === 'class' ? method.parent.node : undefined;
}

/**
 * Whether every use of `self.<name>` in the file is in a method of `owner` and puts in the list only dict literals having
 * `key`: assigned a list literal of such dicts (`[]`), given one by `append` or `insert`, or read where the list is not
 * changed (iterated, measured, tested, cleared or emptied, or bound to a local used only so). Any other mention of the
 * name (another object's attribute, a class attribute, a call handed the list) may add anything.
 */
function recordsHaveKey(owner: SyntaxNode, name: string, key: string, model: SemanticModel): boolean {
  return model.mentionsOf(name).every((mention) => {
    const attribute = mention.parent;
    if (attribute?.type !== 'attribute' || attribute.childForFieldName('attribute')?.id !== mention.id) return false;
    if (!isSelfAttribute(attribute) || classOfMethod(model.scopeOf(attribute))?.id !== owner.id) return false;
    return keepsRecords(attribute, key, model, true);
  });
}

/** Whether this use of the list `list` leaves only records having `key` in it (see recordsHaveKey). */
function keepsRecords(list: SyntaxNode, key: string, model: SemanticModel, mayAlias: boolean): boolean {
  const parent = list.parent;
  if (!parent) return false;
  switch (parent.type) {
    case 'assignment': {
      const right = parent.childForFieldName('right');
      if (parent.childForFieldName('left')?.id === list.id) return right !== null && isRecordList(unparenthesize(right), key);
      const alias = parent.childForFieldName('left');
      return mayAlias && right?.id === list.id && alias?.type === 'identifier' && aliasOnlyRead(alias, key, model);
    }
    case 'attribute': {
      const call = parent.parent;
      const method = parent.childForFieldName('attribute')?.text ?? '';
      if (call?.type !== 'call' || call.childForFieldName('function')?.id !== parent.id) return false;
      if (NON_ADDING_METHODS.has(method)) return true;
      const position = ADDING_METHODS.get(method);
      const items = call.childForFieldName('arguments')?.namedChildren ?? [];
      return position !== undefined && items.length === position + 1 && isRecord(unparenthesize(items[position]!), key);
    }
    case 'for_statement':
    case 'for_in_clause':
      return parent.childForFieldName('right')?.id === list.id;
    case 'not_operator':
    case 'if_statement':
    case 'while_statement':
    case 'elif_clause':
      return true;
    case 'argument_list': {
      const call = parent.parent;
      return call?.type === 'call' && call.childForFieldName('function')?.text === 'len' && parent.namedChildCount === 1;
    }
    default:
      return false;
  }
}

/** A local bound to the list (`batch = self._queued`) whose every use leaves it as it is (see keepsRecords). */
function aliasOnlyRead(alias: SyntaxNode, key: string, model: SemanticModel): boolean {
  const binding = model.resolve(alias);
  if (!binding || binding.node.id !== alias.id || binding.scope.kind !== 'function') return false;
  if (model.bindingsIn(binding.scope, binding.name).length !== 1) return false;
  return model.references(binding).every((reference) => reference.id === alias.id || keepsRecords(reference, key, model, false));
}

function isRecordList(value: SyntaxNode, key: string): boolean {
  return value.type === 'list' && value.namedChildren.every((item) => isRecord(unparenthesize(item), key));
}

/** A dict literal with `key` among its keys, written as a plain string. */
function isRecord(value: SyntaxNode, key: string): boolean {
  return (
    value.type === 'dictionary' &&
    value.namedChildren.some((pair) => pair.type === 'pair' && plainStringText(pair.childForFieldName('key') ?? pair) === key)
  );
}
