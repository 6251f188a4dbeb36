// The class an annotation says a value is an instance of (`Client`, `Optional[Client]`, `Client | None`, the string
// `"Client"` of a forward reference), and that of a mapping's values (`Dict[str, Subscription]`). Read from the
// annotation's text: that is all a string annotation has.
import { canonicalName } from '../analysis/knownTypes';
import { BUILTIN_NAMES } from '../analysis/pythonBuiltins';
import type { SyntaxNode } from '../analysis/pythonParser';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { ClassReference } from './instanceClasses';

/** A type as written: a dotted name (`typing.Optional`, `None`, `|` for a union) and its arguments (`[str, Client]`). */
interface WrittenType {
  readonly name: string;
  readonly arguments: readonly WrittenType[];
}

/** Annotations naming the type of their (only, or first) argument: what follows it is metadata, not another type. */
const WRAPPERS: ReadonlySet<string> = new Set([
  'typing.Optional',
  'typing.Annotated',
  'typing.ClassVar',
  'typing.Final',
  'typing_extensions.Annotated',
]);
const UNION = 'typing.Union';

/** Mappings whose second argument is the type of their values. */
const MAPPINGS: ReadonlySet<string> = new Set([
  'builtins.dict',
  'typing.Dict',
  'typing.Mapping',
  'typing.MutableMapping',
  'typing.DefaultDict',
  'typing.OrderedDict',
  'collections.abc.Mapping',
  'collections.abc.MutableMapping',
  'collections.defaultdict',
  'collections.OrderedDict',
]);

/**
 * The class of a value annotated `annotation` (read where `scope` reads it): a class of this file, or one of elsewhere
 * by its qualified name. `Optional[X]`, `X | None`, `Union[X, None]` and `Annotated[X, ...]` are read as `X`; a
 * string as the annotation it holds, a generic class as that class (`asyncio.Queue[Job]`). Undefined for a union of
 * several classes, a builtin or a `typing` construct.
 */
export function annotatedClass(annotation: SyntaxNode, scope: Scope, model: SemanticModel): ClassReference | undefined {
  const written = writtenType(annotation.text);
  return written && classOf(written, annotation.startIndex, scope, model);
}

/** For a mapping annotated `annotation` (`Dict[str, Subscription]`, `dict[str, "Subscription"] | None`): its values' class. */
export function mappingValueClass(annotation: SyntaxNode, scope: Scope, model: SemanticModel): ClassReference | undefined {
  const written = writtenType(annotation.text);
  const mapping = written && unwrapped(written, annotation.startIndex, scope, model);
  const values = mapping?.arguments[1];
  if (!mapping || !values || mapping.arguments.length !== 2) return undefined;
  const named = namedClass(mapping.name, annotation.startIndex, scope, model);
  return named && 'name' in named && MAPPINGS.has(named.name) ? classOf(values, annotation.startIndex, scope, model) : undefined;
}

/** Tuple types, whose arguments are the types of their items in order. */
const TUPLES: ReadonlySet<string> = new Set(['builtins.tuple', 'typing.Tuple']);

/** How many type aliases of this module annotatedClassNames follows, one naming another, before it gives up. */
const MAX_ALIASES = 4;

/**
 * The classes of elsewhere, by qualified name, one of which a value annotated `annotation` (read where `scope` reads
 * it) is an instance of, where the annotation names nothing else: `X`, `X | Y`, `Union[X, Y]`, what `Annotated[...]`
 * or `Final[...]` wraps, or a type alias of this module bound once to such a type (`IPAddress = Union[IPv4Address,
 * IPv6Address]`). `item`: of the item at that index of a tuple annotated so (`Tuple[X | Y, int]`). Undefined where the
 * value may be None (`Optional[X]`, `X | None`) or the annotation names anything else (a class of this file included).
 */
export function annotatedClassNames(
  annotation: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  item?: number,
): readonly string[] | undefined {
  const written = writtenType(annotation.text);
  if (!written) return undefined;
  if (item === undefined) return classNames(written, annotation.startIndex, scope, model, 0);
  const tuple = aliasedType(written, annotation.startIndex, scope, model, 0);
  if (!tuple) return undefined;
  const head = namedClass(tuple.type.name, tuple.position, tuple.scope, model);
  const member = head && 'name' in head && TUPLES.has(head.name) ? tuple.type.arguments[item] : undefined;
  return member && classNames(member, tuple.position, tuple.scope, model, tuple.depth);
}

/** The classes `written` names (see annotatedClassNames), read at `position` in `scope`; `depth` counts aliases followed. */
function classNames(
  written: WrittenType,
  position: number,
  scope: Scope,
  model: SemanticModel,
  depth: number,
): readonly string[] | undefined {
  const type = aliasedType(written, position, scope, model, depth);
  if (!type) return undefined;
  const { type: named, position: at, scope: where, depth: followed } = type;
  const head = named.name === '|' ? undefined : namedClass(named.name, at, where, model);
  const headName = head && 'name' in head ? head.name : undefined;
  if (named.name === '|' || headName === UNION) {
    const members = named.arguments.map((member) => classNames(member, at, where, model, followed));
    return members.every((names): names is readonly string[] => names !== undefined) ? members.flat() : undefined;
  }
  if (headName === 'typing.Optional' || named.name === 'None') return undefined;
  if (headName !== undefined && WRAPPERS.has(headName)) {
    const inner = named.arguments[0];
    return inner && classNames(inner, at, where, model, followed);
  }
  return headName !== undefined && named.arguments.length === 0 && !/^(?:builtins|typing)\./.test(headName) ? [headName] : undefined;
}

/**
 * `written`, or where it is a plain name of a type alias of this module (bound once, at module level, to what reads as
 * a type), the type the alias stands for, with where it is written. Undefined past MAX_ALIASES aliases.
 */
function aliasedType(
  written: WrittenType,
  position: number,
  scope: Scope,
  model: SemanticModel,
  depth: number,
): { readonly type: WrittenType; readonly position: number; readonly scope: Scope; readonly depth: number } | undefined {
  if (written.arguments.length > 0 || written.name.includes('.') || written.name === '|') return { type: written, position, scope, depth };
  const binding = model.lookup(written.name, scope, position);
  if (binding?.kind !== 'assignment' || !binding.value || binding.scope !== model.module) return { type: written, position, scope, depth };
  if (depth >= MAX_ALIASES || model.bindingsIn(model.module, written.name).length !== 1) return undefined;
  const aliased = writtenType(binding.value.text);
  return aliased && aliasedType(aliased, binding.value.startIndex, model.module, model, depth + 1);
}

function classOf(written: WrittenType, position: number, scope: Scope, model: SemanticModel): ClassReference | undefined {
  // A generic class is the class it is a type of: `asyncio.Queue[Job]`, a queue.
  const type = unwrapped(written, position, scope, model);
  if (!type) return undefined;
  const named = namedClass(type.name, position, scope, model);
  return named && 'name' in named && /^(?:builtins|typing)\./.test(named.name) ? undefined : named;
}

/** `written` without what only says the value may be None (`Optional[...]`, `... | None`) or adds metadata (`Final[...]`). */
function unwrapped(written: WrittenType, position: number, scope: Scope, model: SemanticModel): WrittenType | undefined {
  const union = written.name === '|' ? written.arguments : undefined;
  const head = union ? undefined : written.arguments.length > 0 ? namedClass(written.name, position, scope, model) : undefined;
  const headName = head && 'name' in head ? head.name : undefined;
  const members = union ?? (headName === UNION ? written.arguments : undefined);
  if (members) {
    const values = members.filter((member) => member.name !== 'None');
    return values.length === 1 ? unwrapped(values[0]!, position, scope, model) : undefined;
  }
  if (headName !== undefined && WRAPPERS.has(headName)) {
    const inner = written.arguments[0];
    return inner && unwrapped(inner, position, scope, model);
  }
  return written;
}

/**
 * The class the dotted name `written` stands for where `scope` reads it at `position`: a class of this file (also one
 * nested in another, `Outer.Inner`), else the name it is imported as (`asyncio.Event`), else a builtin's (or a star
 * import's). Another kind of name (an alias, a type variable) says nothing.
 */
function namedClass(written: string, position: number, scope: Scope, model: SemanticModel): ClassReference | undefined {
  const [head, ...rest] = written.split('.');
  const binding = head === undefined ? undefined : model.lookup(head, scope, position);
  if (!binding) return head === undefined ? undefined : { name: canonicalName(`${unboundModule(head, scope)}.${written}`) };
  if (binding.kind === 'import')
    return binding.importedName === undefined ? undefined : { name: canonicalName([binding.importedName, ...rest].join('.')) };
  let local = binding.kind === 'class' ? binding.definition : undefined;
  for (const part of rest) {
    const classScope = local && model.scopeOfDefinition(local);
    const inner = classScope ? model.bindingsIn(classScope, part) : [];
    local = inner.length === 1 && inner[0]!.kind === 'class' ? inner[0]!.definition : undefined;
  }
  return local ? { local } : undefined;
}

/** Where a name bound nowhere in the file comes from: the last `from m import *` that may hold it, else the builtins. */
function unboundModule(name: string, scope: Scope): string {
  if (BUILTIN_NAMES.has(name)) return 'builtins';
  for (let current: Scope | undefined = scope; current; current = current.parent) {
    const wildcard = current.wildcardImports.at(-1);
    if (wildcard !== undefined) return wildcard;
  }
  return 'builtins';
}

/** A name, a dotted name, a string (read for what it holds), brackets, commas and `|`. */
const TOKEN = /\s*(?:([\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*)|(["'])([^"'\\]*)\2|([[\],|]))/uy;

type Token = { readonly name: string } | { readonly string: string } | { readonly mark: string };

/** The type `text` writes (`Optional["Client"]`), or undefined where it writes anything else (a call, a literal). */
function writtenType(text: string): WrittenType | undefined {
  const tokens = tokensOf(text);
  if (!tokens) return undefined;
  let at = 0;
  const isMark = (mark: string): boolean => {
    const token = tokens[at];
    return token !== undefined && 'mark' in token && token.mark === mark;
  };
  const union = (): WrittenType | undefined => {
    const members = [primary()];
    while (isMark('|')) {
      at++;
      members.push(primary());
    }
    if (!members.every((member): member is WrittenType => member !== undefined)) return undefined;
    return members.length === 1 ? members[0] : { name: '|', arguments: members };
  };
  const primary = (): WrittenType | undefined => {
    const token = tokens[at++];
    if (token && 'string' in token) return writtenType(token.string);
    if (!token || !('name' in token)) return undefined;
    if (!isMark('[')) return { name: token.name, arguments: [] };
    at++;
    const members = [union()];
    while (isMark(',')) {
      at++;
      members.push(union());
    }
    if (!isMark(']') || !members.every((member): member is WrittenType => member !== undefined)) return undefined;
    at++;
    return { name: token.name, arguments: members };
  };
  const type = union();
  return at === tokens.length ? type : undefined;
}

const REST_IS_BLANK = /\s*$/y;

function tokensOf(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  for (TOKEN.lastIndex = 0; ;) {
    REST_IS_BLANK.lastIndex = TOKEN.lastIndex;
    if (REST_IS_BLANK.test(text)) return tokens;
    const match = TOKEN.exec(text);
    if (!match) return undefined;
    const [, name, , string, mark] = match;
    tokens.push(name !== undefined ? { name } : string !== undefined ? { string } : { mark: mark! });
  }
}
