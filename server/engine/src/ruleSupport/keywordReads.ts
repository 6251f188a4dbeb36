// A keyword a function reads out of its own `**kwargs` (`secure = kwargs.get("secure", False)`): a caller's keyword of
// that name decides its value, and where a caller leaves it out, the fallback `.get` is given. A constructor (or a set-up
// method it calls) storing such a read on `self` makes it a keyword of the class's callers (see guardForwarding).
import type { SyntaxNode } from '../analysis/pythonParser';
import { callArguments, plainStringText, unparenthesize } from '../analysis/pythonSyntax';
import type { SemanticModel } from '../analysis/semanticModel';
import { defaultValue, parametersOf, type KnownValue } from './parameterGuard';

/** A keyword read out of `**kwargs`: its name, and what the read gives where callers leave it out, if known. */
interface KeywordRead {
  readonly keyword: string;
  readonly default?: KnownValue;
}

/** What `kwargs.get("key")` gives for a key not passed. */
const NONE: KnownValue = { className: 'builtins.NoneType', isNone: true, truthy: false };

/**
 * The keyword `value` (an expression of `definition`) reads: `kwargs.get("key", fallback)` of the function's own `**`
 * parameter, or a local the function binds once, to such a read (`secure = kwargs.get("secure", False)`). Not where the
 * function may change its `kwargs` (see keywordsOnlyRead), nor a key one of its named parameters takes (never in them).
 */
export function keywordRead(value: SyntaxNode, definition: SyntaxNode, model: SemanticModel): KeywordRead | undefined {
  const { byName, keywords } = parametersOf(definition);
  if (keywords === undefined) return undefined;
  const read = readCall(unparenthesize(value), definition, model);
  if (read?.type !== 'call') return undefined;
  const callee = read.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'get') return undefined;
  if (callee.childForFieldName('object')?.text !== keywords) return undefined;
  const { positional, keywords: named, hasUnpacking } = callArguments(read);
  const keyword = positional[0] && plainStringText(positional[0]);
  if (keyword === undefined || named.size > 0 || hasUnpacking || positional.length > 2 || byName.has(keyword)) return undefined;
  if (!keywordsOnlyRead(definition, keywords)) return undefined;
  const fallback = positional[1] === undefined ? NONE : defaultValue(positional[1], model);
  return { keyword, ...(fallback === undefined ? {} : { default: fallback }) };
}

/** The call `value` is, or that the local `value` names is bound to, once, in `definition`. */
function readCall(value: SyntaxNode, definition: SyntaxNode, model: SemanticModel): SyntaxNode | undefined {
  if (value.type === 'call') return value;
  if (value.type !== 'identifier') return undefined;
  const binding = model.resolve(value);
  if (binding?.kind !== 'assignment' || binding.scope.node.id !== definition.id || !binding.value) return undefined;
  return model.bindingsIn(binding.scope, value.text).length === 1 ? unparenthesize(binding.value) : undefined;
}

/** Per definition: whether its `**kwargs` are only read (see keywordsOnlyRead). */
const onlyReadByDefinition = new WeakMap<SyntaxNode, boolean>();

/**
 * Whether `definition` does nothing with its `**` parameter (`keywords`) but read keys (`kwargs.get("user")`) and hand
 * it on unpacked into a call's arguments (a copy): what its callers passed is what it holds throughout.
 */
export function keywordsOnlyRead(definition: SyntaxNode, keywords: string): boolean {
  let onlyRead = onlyReadByDefinition.get(definition);
  if (onlyRead === undefined) {
    onlyRead = definition
      .descendantsOfType('identifier')
      .filter((identifier) => identifier.text === keywords)
      .every((mention) => {
        const holder = mention.parent;
        if (holder?.type === 'dictionary_splat_pattern') return true;
        if (holder?.type === 'dictionary_splat') return holder.parent?.type === 'argument_list';
        return (
          holder?.type === 'attribute' &&
          holder.childForFieldName('attribute')?.text === 'get' &&
          holder.parent?.type === 'call' &&
          holder.parent.childForFieldName('function')?.id === holder.id
        );
      });
    onlyReadByDefinition.set(definition, onlyRead);
  }
  return onlyRead;
}
