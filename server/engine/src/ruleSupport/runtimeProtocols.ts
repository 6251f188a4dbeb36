// `isinstance(fp, MediaIO)` where `MediaIO` is a `@runtime_checkable` Protocol of the module: the test asks only whether
// the object has the protocol's members (`seekable`, `read`, `tell`...), so an `io.BytesIO(...)` passes it although no
// class hierarchy says so. A helper written `fp if isinstance(fp, MediaIO) else open(fp, "rb")` opens nothing when given
// an in-memory buffer. The members are read where the protocol is defined and kept with the guard (and so in module
// summaries); the classes whose members this file knows are those an argument is most often made of in that place: the
// `io` classes and `str`/`bytes` (a path), and None.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { classMembers } from './classMembers';
import { decoratorNames } from './decoratorNames';

const RUNTIME_CHECKABLE: ReadonlySet<string> = new Set(['typing.runtime_checkable', 'typing_extensions.runtime_checkable']);
/** Names of a protocol's body that are not members `isinstance` asks for (typing's own exclusions). */
const NOT_MEMBERS: ReadonlySet<string> = new Set([
  '__annotations__',
  '__dict__',
  '__doc__',
  '__init__',
  '__module__',
  '__new__',
  '__slots__',
  '__subclasshook__',
  '__weakref__',
  '__class_getitem__',
  '__match_args__',
  '__qualname__',
  '__abstractmethods__',
]);

/**
 * The members `isinstance` asks of an object for the class `classNode` names, when it is a `@runtime_checkable`
 * Protocol defined in this module whose members the file shows whole (see classMembers: its bases `Protocol`,
 * `Generic[T]` or protocols of this file): its methods, attributes and annotated names, its bases' too. Undefined for
 * any other class.
 */
export function runtimeProtocolMembers(classNode: SyntaxNode, model: SemanticModel, scope: Scope): readonly string[] | undefined {
  const definition = model.definitionOf(classNode, scope);
  if (definition?.type !== 'class_definition') return undefined;
  if (!decoratorNames(definition, model).some((name) => name !== undefined && RUNTIME_CHECKABLE.has(name))) return undefined;
  const { ownNames, inheritedNames, isComplete, isProtocol } = classMembers(definition, model);
  if (!isProtocol || !isComplete) return undefined;
  return [...new Set([...ownNames, ...inheritedNames])].filter((name) => !NOT_MEMBERS.has(name) && !name.startsWith('_abc_'));
}

/** Every class has these (`object`'s). */
const OBJECT =
  '__class__ __delattr__ __dir__ __eq__ __format__ __ge__ __getattribute__ __gt__ __hash__ __init_subclass__ __le__ __lt__ __ne__ __reduce__ __reduce_ex__ __repr__ __setattr__ __sizeof__ __str__';
/** What every `io` class has (`io.IOBase`'s). */
const IO_BASE = `${OBJECT} __del__ __enter__ __exit__ __iter__ __next__ close closed fileno flush isatty readable readline readlines seek seekable tell truncate writable writelines`;
const BUFFERED = `${IO_BASE} detach mode name raw read read1 readinto readinto1 write`;
const STRING_METHODS =
  'capitalize center count endswith expandtabs find index isalnum isalpha isascii isdigit islower isspace istitle isupper join ljust lower lstrip maketrans partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip split splitlines startswith strip swapcase title translate upper zfill';

/** The attributes of instances of the classes this file knows, the same from Python 3.9 to 3.14 (dunders included). */
const ATTRIBUTES: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    'io.BytesIO': `${IO_BASE} detach getbuffer getvalue read read1 readinto readinto1 write`,
    'io.StringIO': `${IO_BASE} detach encoding errors getvalue line_buffering newlines read write`,
    'io.FileIO': `${IO_BASE} closefd mode name read readall readinto write`,
    'io.BufferedReader': `${BUFFERED} peek`,
    'io.BufferedWriter': BUFFERED,
    'io.BufferedRandom': `${BUFFERED} peek`,
    'io.BufferedRWPair': `${IO_BASE} detach peek read read1 readinto readinto1 write`,
    'io.TextIOWrapper': `${IO_BASE} buffer detach encoding errors line_buffering name newlines read reconfigure write write_through`,
    'builtins.str': `${OBJECT} __add__ __contains__ __getitem__ __iter__ __len__ __mod__ __mul__ __rmod__ __rmul__ casefold encode format format_map isdecimal isidentifier isnumeric isprintable ${STRING_METHODS}`,
    'builtins.bytes': `${OBJECT} __add__ __bytes__ __contains__ __getitem__ __iter__ __len__ __mod__ __mul__ __rmod__ __rmul__ decode fromhex hex ${STRING_METHODS}`,
    'builtins.NoneType': `${OBJECT} __bool__`,
  }).map(([name, attributes]) => [name, new Set(attributes.split(' '))]),
);

/**
 * Whether an instance of `className` passes `isinstance` against a runtime-checkable protocol of these `members`: it
 * has every one. Undefined for a class whose attributes this file does not know.
 */
export function satisfiesProtocol(className: string, members: readonly string[]): boolean | undefined {
  const attributes = ATTRIBUTES.get(className);
  return attributes && members.every((member) => attributes.has(member));
}
