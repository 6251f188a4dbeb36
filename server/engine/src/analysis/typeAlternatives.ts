// The classes a value may be an instance of where the code allows several: a union annotation (`Path | zipfile.Path`),
// or a name bound to instances of different classes on paths that may both reach a read. A claim about the value (this
// call blocks, this method is a coroutine function) holds only where the alternatives left agree: those that may have
// the attribute read, and those the `if` tests around the read (`isinstance`, `__module__`) leave.
import { canonicalName } from './knownTypes';
import type { SyntaxNode } from './pythonParser';
import { classesListed, runsOnlyWhere, unparenthesize } from './pythonSyntax';

/** The classes a value may be, as canonical qualified names; `None` is left out (no attribute of it is asked about). */
export type Alternatives = readonly string[];

/** Marks an alternative naming no class the model resolves (a class of this file, `"Client"`): never a sole type. */
const UNRESOLVED = '?';

/** The one class every alternative agrees on, if they do and it is resolved. */
export function soleAlternative(alternatives: Alternatives | undefined): string | undefined {
  const first = alternatives?.[0];
  if (first === undefined || first.startsWith(UNRESOLVED)) return undefined;
  return alternatives!.every((alternative) => alternative === first) ? first : undefined;
}

/** Both lists' alternatives, each once. */
export function joinedAlternatives(first: Alternatives, second: Alternatives): Alternatives {
  const added = second.filter((alternative) => !first.includes(alternative));
  return added.length === 0 ? first : [...first, ...added];
}

/**
 * The public attributes of builtin classes (CPython 3.11–3.13, `dir()` without underscores): a `str` or `bytes`
 * alternative has no `read_text`, so `p.read_text()` with `p: Path | str` reads a `Path`.
 */
const BUILTIN_ATTRIBUTES: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    str: 'capitalize casefold center count encode endswith expandtabs find format format_map index isalnum isalpha isascii isdecimal isdigit isidentifier islower isnumeric isprintable isspace istitle isupper join ljust lower lstrip maketrans partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip split splitlines startswith strip swapcase title translate upper zfill',
    bytes:
      'capitalize center count decode endswith expandtabs find fromhex hex index isalnum isalpha isascii isdigit islower isspace istitle isupper join ljust lower lstrip maketrans partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip split splitlines startswith strip swapcase title translate upper zfill',
    bytearray:
      'append capitalize center clear copy count decode endswith expandtabs extend find fromhex hex index insert isalnum isalpha isascii isdigit islower isspace istitle isupper join ljust lower lstrip maketrans partition pop remove removeprefix removesuffix replace reverse rfind rindex rjust rpartition rsplit rstrip split splitlines startswith strip swapcase title translate upper zfill',
    int: 'as_integer_ratio bit_count bit_length conjugate denominator from_bytes imag is_integer numerator real to_bytes',
    float: 'as_integer_ratio conjugate fromhex hex imag is_integer real',
    bool: 'as_integer_ratio bit_count bit_length conjugate denominator from_bytes imag is_integer numerator real to_bytes',
    list: 'append clear copy count extend index insert pop remove reverse sort',
    dict: 'clear copy fromkeys get items keys pop popitem setdefault update values',
    tuple: 'count index',
    set: 'add clear copy difference difference_update discard intersection intersection_update isdisjoint issubset issuperset pop remove symmetric_difference symmetric_difference_update union update',
    frozenset: 'copy difference intersection isdisjoint issubset issuperset symmetric_difference union',
  }).map(([name, attributes]) => [`builtins.${name}`, new Set(attributes.split(' '))]),
);

/** The builtin class a generic written in a union stands for (`list[str]`, `typing.Dict[str, int]`). */
const BUILTIN_GENERICS: ReadonlyMap<string, string> = new Map([
  ...['list', 'dict', 'tuple', 'set', 'frozenset'].map((name): [string, string] => [`builtins.${name}`, `builtins.${name}`]),
  ['typing.List', 'builtins.list'],
  ['typing.Dict', 'builtins.dict'],
  ['typing.Tuple', 'builtins.tuple'],
  ['typing.Set', 'builtins.set'],
  ['typing.FrozenSet', 'builtins.frozenset'],
]);

/**
 * The classes an annotation allows: `Path`, `Path | None`, `Optional[Path]`, `Annotated[Path, ...]`, and each member of
 * a union (`Path | zipfile.Path | bytes`, `Union[...]`), one the model does not resolve (a class of this file) standing
 * for itself, apart from every other. `None` is left out. A string (`"Path"`) is not followed, nor is a generic outside
 * a union. `nameOf` resolves a name as written there to its qualified name.
 */
export function annotationAlternatives(
  annotation: SyntaxNode,
  nameOf: (written: SyntaxNode) => string | undefined,
): Alternatives | undefined {
  const node = writtenType(annotation);
  if (!node) return undefined;
  if (node.type === 'none') return [];
  if ((node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '|') || node.type === 'union_type') {
    return unionAlternatives(node.namedChildren, nameOf);
  }
  const generic = genericParts(node, nameOf);
  if (generic) {
    if (generic.base === 'typing.Union') return unionAlternatives(generic.members, nameOf);
    if (generic.base === 'typing.Optional' || generic.base === 'typing.Annotated') {
      return generic.members[0] ? annotationAlternatives(generic.members[0], nameOf) : undefined;
    }
    return undefined;
  }
  const name = nameOf(node);
  return name === undefined ? undefined : [canonicalName(name)];
}

/** The alternatives of a union's members; a generic member is its builtin class (`list[str]`), if it has one. */
function unionAlternatives(members: readonly SyntaxNode[], nameOf: (written: SyntaxNode) => string | undefined): Alternatives {
  let alternatives: Alternatives = [];
  for (const member of members) {
    const written = writtenType(member);
    if (!written) continue;
    const base = genericParts(written, nameOf)?.base;
    const builtin = base === undefined ? undefined : BUILTIN_GENERICS.get(canonicalName(base));
    const own = annotationAlternatives(written, nameOf) ?? [builtin ?? `${UNRESOLVED}${written.text}`];
    alternatives = joinedAlternatives(alternatives, own);
  }
  return alternatives;
}

/** The type an annotation writes, without the `type` node around it and parentheses. */
function writtenType(annotation: SyntaxNode): SyntaxNode | undefined {
  const node = annotation.type === 'type' ? annotation.firstNamedChild : annotation;
  return node ? unparenthesize(node) : undefined;
}

/** `Base[A, B]` (a generic type or a subscript, as the annotation is parsed): the base's qualified name and the members. */
function genericParts(
  node: SyntaxNode,
  nameOf: (written: SyntaxNode) => string | undefined,
): { readonly base: string | undefined; readonly members: readonly SyntaxNode[] } | undefined {
  if (node.type === 'subscript') {
    const base = node.childForFieldName('value');
    return { base: base ? nameOf(base) : undefined, members: node.childrenForFieldName('subscript') };
  }
  if (node.type !== 'generic_type') return undefined;
  const base = node.firstNamedChild;
  return { base: base ? nameOf(base) : undefined, members: node.namedChild(1)?.namedChildren ?? [] };
}

/** The alternatives that may have `attribute`: all but builtins without it (a dunder may be on any of them). */
export function alternativesWithAttribute(alternatives: Alternatives, attribute: string): Alternatives {
  if (attribute.startsWith('_')) return alternatives;
  const kept = alternatives.filter((alternative) => BUILTIN_ATTRIBUTES.get(alternative)?.has(attribute) ?? true);
  return kept.length === alternatives.length ? alternatives : kept;
}

/**
 * The alternatives left for `read` (an identifier) by the `if` tests around it in its function that name it:
 * `isinstance(read, C)` and `type(read) is C` keep the classes listed (drop them where the test fails), and
 * `read.__module__ == "threading"` keeps the classes of that module. `className` resolves a class as the test writes it.
 */
export function narrowedAlternatives(
  read: SyntaxNode,
  alternatives: Alternatives,
  className: (written: SyntaxNode) => string | undefined,
): Alternatives {
  let left = alternatives;
  runsOnlyWhere(read, (test, holds) => {
    const kept = classTest(test, read.text, className) ?? moduleTest(test, read.text);
    if (kept) left = left.filter((alternative) => kept(alternative) === holds);
    // Every test around the read is looked at: none decides alone.
    return false;
  });
  // Tests that rule every alternative out say the model's classes are not all there is (a subclass): no class is known.
  return left.length > 0 ? left : [UNRESOLVED];
}

/** `isinstance(name, C)` or `type(name) is C` (`==` too): whether an alternative is one of the classes tested. */
function classTest(
  test: SyntaxNode,
  name: string,
  className: (written: SyntaxNode) => string | undefined,
): ((alternative: string) => boolean) | undefined {
  let tested: SyntaxNode | undefined;
  let classes: SyntaxNode[] = [];
  if (test.type === 'call' && test.childForFieldName('function')?.text === 'isinstance') {
    const [value, listed] = test.childForFieldName('arguments')?.namedChildren ?? [];
    tested = value;
    classes = listed ? classesListed(listed) : [];
  } else if (test.type === 'comparison_operator') {
    const [left, right] = test.namedChildren;
    const operator = comparisonOperator(test);
    const typeCall = left && unparenthesize(left);
    if ((operator === 'is' || operator === '==') && typeCall?.type === 'call' && typeCall.childForFieldName('function')?.text === 'type') {
      tested = typeCall.childForFieldName('arguments')?.namedChildren[0];
      classes = right ? [right] : [];
    }
  }
  if (!tested || unparenthesize(tested).text !== name || classes.length === 0) return undefined;
  const names = classes.map(className);
  return (alternative) => names.includes(alternative);
}

/** `name.__module__ == "m"` (either side; `!=` says the opposite): whether an alternative is a class of module `m`. */
function moduleTest(test: SyntaxNode, name: string): ((alternative: string) => boolean) | undefined {
  if (test.type !== 'comparison_operator') return undefined;
  const operator = comparisonOperator(test);
  if (operator !== '==' && operator !== '!=') return undefined;
  const [left, right] = test.namedChildren.map((side) => unparenthesize(side));
  const module = [left, right].find((side) => side?.type === 'string');
  const attribute = [left, right].find((side) => side?.type === 'attribute');
  if (!module || attribute?.text !== `${name}.__module__`) return undefined;
  const written = module.text.slice(1, -1);
  const ofModule = (alternative: string): boolean => alternative.slice(0, alternative.lastIndexOf('.')) === written;
  return operator === '==' ? ofModule : (alternative) => !ofModule(alternative);
}

/** The operator of a comparison of two operands (`is not` is one operator). */
function comparisonOperator(test: SyntaxNode): string | undefined {
  if (test.namedChildCount !== 2) return undefined;
  return test.children
    .filter((child) => !child.isNamed)
    .map((child) => child.text)
    .join(' ');
}
