// Whether a value declared to be an instance of one of some classes (a union annotation, `data: bytes | bytearray`)
// can pass an `isinstance` test of others. Among builtin value classes, and the classes of `pathlib` and of `io`, what
// derives from what is known, and no class derives from two of different families (their instance layouts conflict),
// so such a value never passes `isinstance(data, Path)`. Any other class may have subclasses anywhere: it decides nothing.

/** The builtin classes whose instances are values (no class derives from two of them, nor from one and a path). */
const VALUE_CLASSES: ReadonlySet<string> = new Set(
  ['str', 'bytes', 'bytearray', 'memoryview', 'int', 'float', 'complex', 'bool', 'list', 'dict', 'tuple', 'set', 'frozenset'].map(
    (name) => `builtins.${name}`,
  ),
);

/**
 * What an annotation naming the key accepts besides its instances, as type checkers read it: PEP 484's numeric tower
 * (an `int` where `float` is annotated), and `bytearray` or `memoryview` where `bytes` is (mypy's long-standing promotion).
 */
const PROMOTIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ['builtins.float', ['builtins.int']],
  ['builtins.complex', ['builtins.float', 'builtins.int']],
  ['builtins.bytes', ['builtins.bytearray', 'builtins.memoryview']],
]);

/**
 * The family of classes a class is one of, within which one may derive from another (`bool` from `int`, `Path` from
 * `PurePath`, `io.BytesIO` from `io.IOBase`); undefined for a class whose relations are not known here.
 */
function familyOf(className: string): string | undefined {
  if (VALUE_CLASSES.has(className)) return className === 'builtins.bool' ? 'builtins.int' : className;
  if (className.startsWith('pathlib.')) return 'pathlib';
  if (className.startsWith('io.')) return 'io';
  return undefined;
}

/** Whether a test of a value declared so can be decided here: every class is one whose relations are known. */
export function hasKnownRelations(className: string): boolean {
  return familyOf(className) !== undefined;
}

/**
 * Whether a value that is an instance of one of `declared` (or of a subclass: what an annotation allows) surely fails
 * `isinstance(value, tested)`: each class it may be (with what its annotation accepts besides, see PROMOTIONS) is of a
 * family none of the tested classes is of. None, which an annotation may allow unsaid, fails such a test too (NoneType
 * is of no family here). False where that is not sure.
 */
export function failsInstanceTest(declared: readonly string[], tested: readonly string[]): boolean {
  if (declared.length === 0 || tested.length === 0) return false;
  const testedFamilies = tested.map(familyOf);
  if (testedFamilies.includes(undefined)) return false;
  return declared
    .flatMap((className) => [className, ...(PROMOTIONS.get(className) ?? [])])
    .every((className) => {
      const family = familyOf(className);
      return family !== undefined && !testedFamilies.includes(family);
    });
}
