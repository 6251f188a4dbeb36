// Paths nothing lies under: a directory just made for a test (pytest's `tmp_path`, `tempfile.mkdtemp()`, `with
// tempfile.TemporaryDirectory() as d`), or a path below one, with nothing done to it since; and a function's test of
// whether a path strictly below one of its parameters exists, which such an argument decides (browser-use's
// `FileSystem(base_dir)`: `self.data_dir = self.base_dir / "data"`, then `if self.data_dir.exists(): shutil.rmtree(...)`).
import type { SyntaxNode } from '../analysis/pythonParser';
import { assignedAttribute, callArguments, LOOP_KINDS, plainStringText, targetIdentifiers, unparenthesize } from '../analysis/pythonSyntax';
import type { Binding, Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { isPytestFunction } from './pytestFixtures';

/** Existence tests: a path's methods, and `os.path`'s functions. */
const EXISTENCE_METHODS: ReadonlySet<string> = new Set(['exists', 'is_dir', 'is_file']);
const EXISTENCE_FUNCTIONS: ReadonlySet<string> = new Set(['os.path.exists', 'os.path.isdir', 'os.path.isfile', 'os.path.lexists']);

/** Calls giving the path they are given in another form: `Path(p)`, `str(p)`. */
const SAME_PATH: ReadonlySet<string> = new Set(['pathlib.Path', 'pathlib.PurePath', 'builtins.str', 'os.fspath']);
/** Calls joining segments to the path they are given first: `Path(p, "x")`, `os.path.join(p, "x")`. */
const JOINING: ReadonlySet<string> = new Set(['pathlib.Path', 'pathlib.PurePath', 'os.path.join']);

/** Calls that create nothing on disk, whatever they are given: conversions, joins, tests. */
const CREATING_NOTHING: ReadonlySet<string> = new Set([
  ...SAME_PATH,
  ...JOINING,
  ...EXISTENCE_FUNCTIONS,
  ...['isinstance', 'issubclass', 'type', 'len', 'repr', 'print'].map((name) => `builtins.${name}`),
  ...['basename', 'dirname', 'abspath'].map((name) => `os.path.${name}`),
]);
/** Methods of a path that only ask or compute. */
const QUERY_METHODS: ReadonlySet<string> = new Set([...EXISTENCE_METHODS, 'joinpath', 'as_posix', 'resolve', 'absolute']);

/** The last names of SAME_PATH's and JOINING's calls, read from the source text before a call is resolved (see joinedPath). */
const PATH_MAKERS: ReadonlySet<string> = new Set([...SAME_PATH, ...JOINING].map((name) => name.slice(name.lastIndexOf('.') + 1)));

/** pytest's fixtures handing each test a directory of its own, made empty for it. */
const DIRECTORY_FIXTURES: ReadonlySet<string> = new Set(['tmp_path', 'tmpdir']);

/** How deep a path is followed through the names and attributes it was made from. */
const MAX_DEPTH = 8;

/**
 * The parameter of `functionNode` such that `test` (a condition of the function) asks whether a path strictly below it
 * exists (`(base_dir / "data").exists()`, `os.path.isdir(os.path.join(root, "cache"))`, also through locals and
 * attributes of `receiver` the function sets from it first), where nothing the function does before the test (outside
 * a loop) may have made that path: a directory nothing lies under, passed as the parameter, rules the test out.
 */
export function subpathTestedIn(test: SyntaxNode, functionNode: SyntaxNode, model: SemanticModel, receiver?: string): string | undefined {
  // The callee's last name first, from the source text: most calls tested are no existence test.
  const name = test.type === 'call' ? model.calleeLastName(test) : '';
  if (!EXISTENCE_METHODS.has(name) && !EXISTENCE_FUNCTIONS.has(`os.path.${name}`)) return undefined;
  const callee = test.childForFieldName('function');
  const args = callArguments(test);
  let path: SyntaxNode | undefined;
  if (callee?.type === 'attribute' && EXISTENCE_METHODS.has(name) && args.positional.length === 0)
    path = callee.childForFieldName('object') ?? undefined;
  else if (EXISTENCE_FUNCTIONS.has(model.calleeName(test) ?? '')) path = args.positional[0];
  const scope = model.scopeOfDefinition(functionNode);
  if (!path || !scope || (receiver !== undefined && unparenthesize(path).text === receiver)) return undefined;
  const reading: PathReading = { functionNode, scope, model, before: test.startIndex, ...(receiver === undefined ? {} : { receiver }) };
  const tested = pathOf(path, reading, 0);
  if (!tested?.strict || loopsAround(test, functionNode).length > 0) return undefined;
  const ownPath = (node: SyntaxNode): boolean => {
    const made = pathOf(node, reading, 0);
    return made?.parameter === tested.parameter && !made.strict;
  };
  const names = new Set([tested.parameter, ...(receiver === undefined ? [] : [receiver])]);
  const holders: PathHolders = { names, ownPath, ...(receiver === undefined ? {} : { receiver }) };
  return mayMakeBelow(functionNode, functionBodyStart(functionNode), test, holders, model) ? undefined : tested.parameter;
}

/**
 * Whether `argument` (of a call in `scope`) is a path nothing lies under: a directory just made by `tempfile.mkdtemp()`,
 * `with tempfile.TemporaryDirectory() as d` or given to a test by pytest (`tmp_path`), or a path below one
 * (`tmp_path / "workspace"`), with nothing done to it since it was made (no call it is given, no loop around the call).
 */
export function isVacantPath(argument: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const path = joinedPath(unparenthesize(argument), model, scope, 0);
  if (!path) return false;
  const { base, below } = path;
  if (base.type === 'call') return model.calleeLastName(base) === 'mkdtemp' && model.calleeName(base, scope) === 'tempfile.mkdtemp';
  return base.type === 'identifier' && vacantName(base, below, argument, model, scope);
}

/**
 * Whether the parameter `parameter` of `definition` comes to `call` as it was given: nothing before the call in the
 * function (outside a loop around it) mentions it, but calls that make nothing on disk. A test of what lies on disk
 * below it, further down, is then one the arguments of the function's callers decide.
 */
export function handedOnUntouched(call: SyntaxNode, parameter: string, definition: SyntaxNode, model: SemanticModel): boolean {
  if (loopsAround(call, definition).length > 0) return false;
  const ownPath = (path: SyntaxNode): boolean => unparenthesize(path).text === parameter;
  return !mayMakeBelow(definition, functionBodyStart(definition), call, { names: new Set([parameter]), ownPath }, model);
}

/** The path an expression is, as far as it is a parameter's: the parameter's own path, or one strictly below it. */
interface ParameterPath {
  readonly parameter: string;
  readonly strict: boolean;
}

/** Where a path is read: in `functionNode` (of `scope`), by code at offset `before`. */
interface PathReading {
  readonly functionNode: SyntaxNode;
  readonly scope: Scope;
  readonly model: SemanticModel;
  readonly before: number;
  readonly receiver?: string;
}

function pathOf(written: SyntaxNode, reading: PathReading, depth: number): ParameterPath | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unparenthesize(written);
  const { model, scope } = reading;
  const below = (base: SyntaxNode | undefined | null, segments: readonly SyntaxNode[]): ParameterPath | undefined => {
    const path = base ? pathOf(base, reading, depth + 1) : undefined;
    return path && segments.length > 0 && segments.every((segment) => segmentParts(segment, model) !== undefined)
      ? { ...path, strict: true }
      : undefined;
  };
  switch (node.type) {
    case 'identifier': {
      const bindings = model.bindingsIn(scope, node.text);
      const only = bindings.length === 1 && !scope.globals.has(node.text) && !scope.nonlocals.has(node.text) ? bindings[0]! : undefined;
      if (only?.kind === 'parameter' && node.text !== reading.receiver) return { parameter: node.text, strict: false };
      return only && setOnceAtTop(only.node.parent, reading) ? pathOf(only.value!, reading, depth + 1) : undefined;
    }
    case 'attribute': {
      const attribute = node.childForFieldName('attribute')?.text;
      if (reading.receiver === undefined || node.childForFieldName('object')?.text !== reading.receiver || attribute === undefined)
        return undefined;
      const assignments = reading.functionNode
        .descendantsOfType(['assignment', 'augmented_assignment'])
        .filter((assignment) => assignedAttribute(assignment.childForFieldName('left'), reading.receiver!) === attribute);
      const only = assignments.length === 1 ? assignments[0]! : undefined;
      return only && setOnceAtTop(only, reading) ? pathOf(only.childForFieldName('right')!, reading, depth + 1) : undefined;
    }
    case 'binary_operator': {
      if (node.childForFieldName('operator')?.type !== '/') return undefined;
      const right = node.childForFieldName('right');
      return below(node.childForFieldName('left'), right ? [right] : []);
    }
    case 'conditional_expression': {
      const [whenTrue, , whenFalse] = node.namedChildren;
      const either = [whenTrue, whenFalse].map((branch) => (branch ? pathOf(branch, reading, depth + 1) : undefined));
      const [first, second] = either;
      return first && second && first.parameter === second.parameter
        ? { parameter: first.parameter, strict: first.strict && second.strict }
        : undefined;
    }
    case 'call': {
      const args = callArguments(node);
      if (args.keywords.size > 0 || args.hasUnpacking) return undefined;
      const [base, ...segments] = args.positional;
      const callee = node.childForFieldName('function');
      if (callee?.type === 'attribute' && model.calleeLastName(node) === 'joinpath')
        return below(callee.childForFieldName('object'), args.positional);
      const name = model.calleeName(node) ?? '';
      if (segments.length === 0 && SAME_PATH.has(name)) return base ? pathOf(base, reading, depth + 1) : undefined;
      return JOINING.has(name) ? below(base, segments) : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether `assignment` is a plain `=` written at the top of the function's body (not under an `if`), before the read. */
function setOnceAtTop(assignment: SyntaxNode | null, reading: PathReading): assignment is SyntaxNode {
  const statement = assignment?.parent;
  return (
    assignment?.type === 'assignment' &&
    assignment.childForFieldName('right') !== null &&
    assignment.startIndex < reading.before &&
    statement?.type === 'expression_statement' &&
    statement.parent?.id === reading.functionNode.childForFieldName('body')?.id
  );
}

/**
 * The parts of a segment joined to a path, where it names something strictly below it: a string (a literal, or a
 * module-level name bound once to one) that is relative, and neither empty nor `..` nor only `.` in any part (`p /
 * "/etc"` is `/etc`, `p / ".."` its parent, `p / ""` and `p / "."` itself). Undefined where it may not.
 */
function segmentParts(segment: SyntaxNode, model: SemanticModel): string[] | undefined {
  const text = segmentText(unparenthesize(segment), model);
  if (text === undefined || text.startsWith('/') || text.startsWith('\\') || /^[A-Za-z]:/.test(text)) return undefined;
  const parts = text.split(/[/\\]/).filter((part) => part !== '' && part !== '.');
  return parts.length > 0 && !parts.includes('..') ? parts : undefined;
}

function segmentText(node: SyntaxNode, model: SemanticModel): string | undefined {
  if (node.type === 'string') return plainStringText(node);
  if (node.type !== 'identifier') return undefined;
  const bindings = model.bindingsIn(model.module, node.text);
  const only = bindings.length === 1 ? bindings[0] : undefined;
  const value = only?.kind === 'assignment' && only.value ? unparenthesize(only.value) : undefined;
  return value?.type === 'string' && model.resolve(node)?.scope === model.module ? plainStringText(value) : undefined;
}

/** A path as what it is made from: a `base` expression and the parts of the segments joined to it (none: `base`'s own). */
interface JoinedPath {
  readonly base: SyntaxNode;
  readonly below: readonly string[];
}

/**
 * `node` read as a path joined from a base and segments that name something below it (`tmp / "a"`, `Path(tmp, "a")`,
 * `os.path.join(tmp, "a")`, through `str()` and `Path()`); undefined where a segment may not (see segmentParts).
 */
function joinedPath(node: SyntaxNode, model: SemanticModel, scope: Scope, depth: number): JoinedPath | undefined {
  const from = (base: SyntaxNode | null | undefined, segments: readonly SyntaxNode[]): JoinedPath | undefined => {
    const parts = segments.map((segment) => segmentParts(segment, model));
    if (!base || depth > MAX_DEPTH || parts.some((part) => part === undefined)) return undefined;
    const inner = joinedPath(unparenthesize(base), model, scope, depth + 1);
    return inner && { base: inner.base, below: [...inner.below, ...parts.flatMap((part) => part!)] };
  };
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '/') {
    const right = node.childForFieldName('right');
    return right ? from(node.childForFieldName('left'), [right]) : undefined;
  }
  // The callee's last name first, from the source text: most arguments are calls of something else.
  if (node.type !== 'call' || !PATH_MAKERS.has(model.calleeLastName(node))) return { base: node, below: [] };
  const args = callArguments(node);
  const name = model.calleeName(node, scope) ?? '';
  const [base, ...segments] = args.positional;
  if (args.keywords.size > 0 || args.hasUnpacking || !(SAME_PATH.has(name) || JOINING.has(name))) return { base: node, below: [] };
  if (segments.length === 0 && !SAME_PATH.has(name)) return undefined;
  return from(base, segments);
}

/**
 * Whether the name `node` holds a directory just made, and left as it was up to `argument` (the argument of the call
 * read, which holds `node`): bound once in its function to `tempfile.mkdtemp()` or as `with
 * tempfile.TemporaryDirectory() as name`, or pytest's `tmp_path` given to a test or a fixture.
 */
function vacantName(node: SyntaxNode, below: readonly string[], argument: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  // A name of the call's own function, bound once, the way a directory is made: read from its bindings before the name
  // is resolved (module summaries ask for every argument of every call).
  const own = scope.functionScope;
  const bindings = own ? model.bindingsIn(own, node.text) : [];
  const first = bindings.length === 1 ? bindings[0]! : undefined;
  const maker = first?.value && unparenthesize(first.value).type === 'call' ? model.calleeLastName(unparenthesize(first.value)) : undefined;
  const candidate =
    first?.kind === 'parameter' ? DIRECTORY_FIXTURES.has(first.name) : maker === 'mkdtemp' || maker === 'TemporaryDirectory';
  if (!candidate) return false;
  const binding = model.resolve(node, scope);
  const definition = binding?.scope.node;
  // Resolved in `own`, whose only binding of the name is `first` (so no count to check again), made before the call.
  if (!binding || binding.scope.kind !== 'function' || binding.scope !== own || !definition || binding.position >= argument.startIndex)
    return false;
  const made = madeAt(binding, model);
  if (made === undefined) return false;
  // A loop around the call, inside the one run of the code that made the directory: the next round finds what this
  // round's call made in it.
  if (loopsAround(argument, definition).some((loop) => loop.startIndex > made)) return false;
  const holders: PathHolders = {
    names: new Set([node.text]),
    ownPath: (path) => unparenthesize(path).text === node.text,
    ...(below.length === 0 ? {} : { apart: { made: node.text, below } }),
  };
  return !mayMakeBelow(definition, made, argument, holders, model);
}

/** Where the directory `binding` names is made, when it is one just made (see vacantName): an offset in its function. */
function madeAt(binding: Binding, model: SemanticModel): number | undefined {
  const definition = binding.scope.node;
  if (binding.kind === 'parameter') {
    // pytest gives a test (or a fixture) a directory of its own; any other function taking a parameter so named is
    // handed whatever its caller has.
    return DIRECTORY_FIXTURES.has(binding.name) && isPytestFunction(definition, model) ? functionBodyStart(definition) : undefined;
  }
  const value = binding.value && unparenthesize(binding.value);
  if (value?.type !== 'call') return undefined;
  const made = model.calleeName(value, binding.scope);
  if (binding.kind === 'withTarget' && made === 'tempfile.TemporaryDirectory' && binding.node.parent?.type === 'as_pattern_target')
    return value.endIndex;
  // `path = tempfile.mkdtemp()`, the name alone as the target.
  const target = binding.node.parent;
  const plain = target?.type === 'assignment' && target.childForFieldName('left')?.id === binding.node.id;
  return binding.kind === 'assignment' && made === 'tempfile.mkdtemp' && plain ? value.endIndex : undefined;
}

/** What code may do to a path without making anything below it (see mayMakeBelow). */
interface PathHolders {
  /** The names holding the path. */
  readonly names: ReadonlySet<string>;
  /** Whether an expression is the path itself: its `mkdir()` makes nothing below it. */
  readonly ownPath: (path: SyntaxNode) => boolean;
  /** The object whose own methods (`self.exists()`) may do anything, not only ask about a path. */
  readonly receiver?: string;
  /**
   * The path read is `below` the directory `made` holds: another path below that directory, apart from it (`photo =
   * tmp_path / "photo.png"` beside `tmp_path / "workspace"`), may be given to calls as it is (`photo.write_bytes(b)`).
   */
  readonly apart?: { readonly made: string; readonly below: readonly string[] };
}

/**
 * Whether code of `definition` from offset `from` up to `until` (run after, as the calls holding it are) may make
 * something below the path `holders.names` hold: a call mentioning one of them (or a name, or the object of an
 * attribute or item, assigned from one), other than a call that makes nothing on disk, a query of a path, `mkdir()` of
 * the path itself, which makes nothing below it, and a call given, as it is, another path apart from it.
 */
function mayMakeBelow(definition: SyntaxNode, from: number, until: SyntaxNode, holders: PathHolders, model: SemanticModel): boolean {
  const held = new Set(holders.names);
  const aside = new Set<string>();
  const between = definition
    .descendantsOfType(['call', 'assignment', 'augmented_assignment'])
    .filter((node) => node.startIndex >= from && node.startIndex < until.startIndex && node.endIndex <= until.startIndex);
  for (const node of between) {
    if (node.type !== 'call') {
      const right = node.childForFieldName('right');
      if (!right || !mentions(right, [...held, ...aside])) continue;
      const left = node.childForFieldName('left');
      if (left?.type === 'identifier' && holders.apart && isApart(right, left, holders.apart, model)) {
        aside.add(left.text);
        continue;
      }
      // What is assigned now holds the path too: a name, or the object an attribute or item of which it is stored in.
      const targets = left ? targetIdentifiers(left).map((identifier) => identifier.text) : [];
      const stored = left && (left.type === 'attribute' || left.type === 'subscript') ? storedIn(left) : undefined;
      if (targets.length === 0 && stored === undefined) return true;
      for (const name of [...targets, ...(stored === undefined ? [] : [stored])]) held.add(name);
      continue;
    }
    const holding = mentions(node, held);
    if (!holding && !mentions(node, aside)) continue;
    if (makesNothing(node, model, holders.ownPath, holders.receiver) || (!holding && givenAsIs(node, aside, model))) continue;
    return true;
  }
  return false;
}

/** Whether the text of `node` mentions one of `names` (not as an attribute: `x.name`). */
function mentions(node: SyntaxNode, names: Iterable<string>): boolean {
  const alternatives = [...names];
  return alternatives.length > 0 && new RegExp(`(?<![\\w.])(?:${alternatives.join('|')})(?!\\w)`).test(node.text);
}

/**
 * Whether `value`, assigned to the name `target` (bound nowhere else), is a path below the directory `apart.made` holds
 * apart from the one below it that is read: their first parts that differ differ (in any case: a file system may not).
 */
function isApart(value: SyntaxNode, target: SyntaxNode, apart: NonNullable<PathHolders['apart']>, model: SemanticModel): boolean {
  const scope = model.scopeOf(value);
  const path = joinedPath(unparenthesize(value), model, scope, 0);
  if (path?.base.type !== 'identifier' || path.base.text !== apart.made || model.bindingsIn(scope, target.text).length !== 1) return false;
  const shared = Math.min(path.below.length, apart.below.length);
  return path.below.slice(0, shared).some((part, i) => part.toLowerCase() !== apart.below[i]!.toLowerCase());
}

/**
 * Whether each mention of `names` in `call` hands the path on as it is: an argument (also through `str()` or `Path()`)
 * or the object of the method called (`photo.write_bytes(data)`), not a path made from it (`photo.parent`).
 */
function givenAsIs(call: SyntaxNode, names: ReadonlySet<string>, model: SemanticModel): boolean {
  const given = (identifier: SyntaxNode): boolean => {
    for (let current = identifier; ;) {
      const parent = current.parent;
      if (!parent) return false;
      if (parent.type === 'call') {
        if (current.type !== 'argument_list') return false;
        if (parent.id === call.id) return true;
        if (!SAME_PATH.has(model.calleeName(parent) ?? '')) return false;
      } else if (parent.type === 'attribute') {
        return parent.childForFieldName('object')?.id === current.id && call.childForFieldName('function')?.id === parent.id;
      } else if (
        parent.type !== 'argument_list' &&
        parent.type !== 'parenthesized_expression' &&
        !(parent.type === 'keyword_argument' && parent.childForFieldName('value')?.id === current.id)
      ) {
        return false;
      }
      current = parent;
    }
  };
  return call
    .descendantsOfType('identifier')
    .filter((identifier) => names.has(identifier.text))
    .every(given);
}

/** The name at the root of `a.b[c].d`: what holds what is stored there. */
function storedIn(target: SyntaxNode): string | undefined {
  let current: SyntaxNode | null = target;
  while (current && (current.type === 'attribute' || current.type === 'subscript'))
    current = current.childForFieldName(current.type === 'attribute' ? 'object' : 'value');
  return current?.type === 'identifier' ? current.text : undefined;
}

function makesNothing(call: SyntaxNode, model: SemanticModel, ownPath: (path: SyntaxNode) => boolean, receiver?: string): boolean {
  const callee = call.childForFieldName('function');
  const method = model.calleeLastName(call);
  if (callee?.type === 'attribute') {
    const object = callee.childForFieldName('object');
    // `receiver.exists()` is a method of the object itself, which may do anything.
    const ofPath = object !== null && !(receiver !== undefined && object.type === 'identifier' && object.text === receiver);
    if (ofPath && QUERY_METHODS.has(method)) return true;
    if (ofPath && method === 'mkdir' && ownPath(object)) return true;
  }
  return CREATING_NOTHING.has(model.calleeName(call) ?? '');
}

/** The `for`/`while` statements and comprehensions of `definition` around `node`: code that may run again. */
function loopsAround(node: SyntaxNode, definition: SyntaxNode): SyntaxNode[] {
  const loops: SyntaxNode[] = [];
  for (let around = node.parent; around && around.id !== definition.id; around = around.parent) {
    if (LOOP_KINDS.has(around.type)) loops.push(around);
  }
  return loops;
}

function functionBodyStart(definition: SyntaxNode): number {
  return definition.childForFieldName('body')?.startIndex ?? definition.endIndex;
}
