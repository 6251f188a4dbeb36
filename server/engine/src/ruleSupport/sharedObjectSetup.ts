// The code that makes a class's or module's shared object (or value) the first time it is asked for: a lazy
// singleton's `if cls._instance is None: cls._instance = Cls(...)`, a module's `global _client; if _client is None:
// _client = ...`, a cache of one value for each key filled in place (`if key not in cls._cache: cls._cache[key] =
// ...`), what follows a memoized function's early return of its cached value (`global _build_id; if
// _build_id: return _build_id`, then `_build_id = ...`), and the whole body of a function `functools.cache` or
// `functools.lru_cache` memoizes; also a value cached in the process environment (see environmentMemo.ts). What that code calls runs once per process (per argument, for a cache), at first
// use, like an import: blocking chains are not followed into it from the callers, who almost always find the value
// made already.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { callArguments, comparedWithNone, isMethodDefinition, singleComparison, unparenthesize } from '../analysis/pythonSyntax';
import { environmentVariableFoundSet, storesEnvironmentVariable } from './environmentMemo';

/** Each function's set-up code (its ranges in the text): found once, from the scope's conditionals and decorators. */
const setUpRangesByScope = new WeakMap<Scope, readonly (readonly [number, number])[]>();

/** Whether `call`, in the body of the function `scope` opens (or in its comprehensions), runs only in such set-up code. */
export function setsUpSharedObject(call: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  let ranges = setUpRangesByScope.get(scope);
  if (!ranges) setUpRangesByScope.set(scope, (ranges = setUpRanges(scope, model)));
  return ranges.some(([start, end]) => call.startIndex >= start && call.startIndex < end);
}

function setUpRanges(scope: Scope, model: SemanticModel): (readonly [number, number])[] {
  if (scope.kind === 'function' && isMemoizedByDecorator(scope.node, model)) return [[scope.start, scope.end]];
  const ranges: (readonly [number, number])[] = [];
  for (const conditional of scope.conditionals) {
    if (conditional.type !== 'if_statement') continue;
    const condition = conditional.childForFieldName('condition');
    const consequence = conditional.childForFieldName('consequence');
    if (!condition || !consequence) continue;
    const unset = unsetTarget(condition);
    if (unset && isShared(unset, scope, model) && fills(consequence, unset, scope, model)) {
      ranges.push([consequence.startIndex, consequence.endIndex]);
      continue;
    }
    // `if _cache: return _cache`: what comes after, in the same block, runs only while nothing is cached, and makes
    // what the function caches.
    const block = cachingBlock(conditional, scope);
    if (!block || consequence.lastNamedChild?.type !== 'return_statement') continue;
    const rest = [consequence.endIndex, block.endIndex] as const;
    if (setTargets(condition).some((set) => isShared(set, scope, model) && fills(block, set, scope, model, rest))) ranges.push(rest);
    else {
      // `if style := os.environ.get("APP_STYLE"): return style`, then the value worked out and stored there.
      const variable = environmentVariableFoundSet(condition, scope, model);
      if (variable !== undefined && storesEnvironmentVariable(variable, scope, model, rest)) ranges.push(rest);
    }
  }
  return ranges;
}

/**
 * The block whose rest, after the early return `conditional` makes, runs only while nothing is cached: the one holding
 * it, or, where that block is the body of `if flag:` testing a parameter that is true by default (mcp-agent's `if
 * set_global: global _settings; if _settings: return _settings`), the block holding that `if`: the flag, like one
 * beside the test (`memoize and X`), only lets a caller turn the cache off.
 */
function cachingBlock(conditional: SyntaxNode, scope: Scope): SyntaxNode | undefined {
  let block = conditional.parent;
  while (block?.type === 'block') {
    const holder = block.parent;
    if (holder?.type !== 'if_statement' || holder.childForFieldName('consequence')?.id !== block.id) return block;
    const flag = holder.childForFieldName('condition');
    if (!flag || !isTrueByDefault(unparenthesize(flag), scope) || holder.parent?.type !== 'block') return block;
    block = holder.parent;
  }
  return undefined;
}

/** Whether `test` is a parameter of the function `scope` opens whose default is `True`, and that it never sets again. */
function isTrueByDefault(test: SyntaxNode, scope: Scope): boolean {
  const bindings = test.type === 'identifier' ? scope.bindings.get(test.text) : undefined;
  const parameter = bindings?.length === 1 ? bindings[0]!.node.parent : undefined;
  if (bindings?.[0]?.kind !== 'parameter') return false;
  const isDefault = parameter?.type === 'default_parameter' || parameter?.type === 'typed_default_parameter';
  return isDefault && parameter.childForFieldName('value')?.type === 'true';
}

/**
 * `X` of `X is None` or `not X`; and of `key not in X`, a cache of one value for each key (poke-env's `if gen not in
 * cls._gen_data_per_gen: cls._gen_data_per_gen[gen] = GenData(gen)`), made once per key, as `functools.cache` makes it.
 */
function unsetTarget(condition: SyntaxNode): SyntaxNode | undefined {
  const test = unparenthesize(condition);
  if (test.type === 'not_operator') return test.childForFieldName('argument') ?? undefined;
  const comparison = singleComparison(test);
  if (comparison?.operator === 'not in') return comparison.right;
  return comparedWithNone(test, 'is');
}

/**
 * What a condition finds set: `X` of `X`, `X is not None`, and of either as a side of an `and` (`memoize and X`: a
 * flag that turns the cache off may stand beside it).
 */
function setTargets(condition: SyntaxNode): SyntaxNode[] {
  const test = unparenthesize(condition);
  if (test.type === 'boolean_operator' && test.childForFieldName('operator')?.type === 'and') {
    return [test.childForFieldName('left'), test.childForFieldName('right')].flatMap((side) => (side ? setTargets(side) : []));
  }
  if (test.type === 'identifier' || test.type === 'attribute') return [test];
  const compared = comparedWithNone(test, 'is not');
  return compared ? [compared] : [];
}

/**
 * A class attribute (`cls._instance`, `Registry._instance` of the enclosing class) or a module-level name (declared
 * `global`, or only read there): shared by every caller, unlike `self._x` (one per object).
 */
function isShared(target: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  const node = unparenthesize(target);
  if (node.type === 'attribute') {
    const owner = node.childForFieldName('object');
    if (owner?.type !== 'identifier') return false;
    if (owner.text === 'cls') return true;
    for (let outer = scope.parent; outer; outer = outer.parent) if (outer.kind === 'class' && outer.name === owner.text) return true;
    return false;
  }
  return node.type === 'identifier' && isModuleName(node, scope, model);
}

function isModuleName(identifier: SyntaxNode, scope: Scope, model: SemanticModel): boolean {
  return scope.globals.has(identifier.text) || model.resolve(identifier, scope)?.scope.kind === 'module';
}

/** Methods that add to a container in place: `_config.update(...)` fills `_config` as an assignment would set it. */
const FILLING_METHODS: ReadonlySet<string> = new Set(['update', 'append', 'extend', 'add', 'insert', 'setdefault']);

/**
 * Whether the block (or the part of it in `range`) fills the shared target: sets it (`cls._instance = ...`), adds to it
 * in place (`_config.update(...)`, `_config[key] = ...`), or calls a function of this module that does either to the
 * same module-level name or attribute of its class (`if not PROCESS_LOGGING_CONFIG: setup_logging()`, where
 * `setup_logging()` ends with `PROCESS_LOGGING_CONFIG.update(config)`): then the block runs once, as if it had.
 */
function fills(
  block: SyntaxNode,
  target: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  range: readonly [number, number] = [block.startIndex, block.endIndex],
): boolean {
  const shared = unparenthesize(target);
  const isModuleLevel = shared.type === 'identifier';
  // A module-level name where it is set (not a local of the same name).
  const sameIn = (where: Scope) => (node: SyntaxNode) => !isModuleLevel || isModuleName(node, where, model);
  if (fillsDirectly(block, shared.text, range, sameIn(scope))) return true;
  const [start, end] = range;
  return scope.calls.some((call) => {
    if (call.startIndex < start || call.startIndex >= end) return false;
    const callee = model.calleeDefinition(call, scope);
    const calleeScope = callee?.type === 'function_definition' ? model.scopeOfDefinition(callee) : undefined;
    if (!callee || !calleeScope || calleeScope === scope) return false;
    // An attribute written the same way is the same one in a method of the same class (`cls._registry`).
    if (!isModuleLevel && calleeScope.parent !== scope.parent) return false;
    return fillsDirectly(callee, shared.text, [callee.startIndex, callee.endIndex], sameIn(calleeScope));
  });
}

/** Whether code in `range` of `node` sets or adds to what is written `written` (where `same` says it is the one meant). */
function fillsDirectly(
  node: SyntaxNode,
  written: string,
  [start, end]: readonly [number, number],
  same: (target: SyntaxNode) => boolean,
): boolean {
  const within = (found: SyntaxNode | null): found is SyntaxNode => found !== null && found.startIndex >= start && found.startIndex < end;
  const setTo = (target: SyntaxNode | null): boolean => {
    const left = target && unparenthesize(target);
    // `X = ...`, or `X[key] = ...` (in place).
    const filled = left?.type === 'subscript' ? left.childForFieldName('value') : left;
    return filled !== null && filled !== undefined && filled.text === written && same(filled);
  };
  const assigned = node
    .descendantsOfType('assignment')
    .some((assignment) => within(assignment) && setTo(assignment.childForFieldName('left')));
  if (assigned) return true;
  return node.descendantsOfType('call').some((call) => {
    if (!within(call)) return false;
    const callee = call.childForFieldName('function');
    const owner = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
    const method = callee?.childForFieldName('attribute')?.text;
    return owner !== null && owner !== undefined && method !== undefined && FILLING_METHODS.has(method) && setTo(owner);
  });
}

/**
 * Decorators that keep what the function returns for each set of arguments: `functools`'s, toolz's `memoize` (also as
 * `tlz` and `cytoolz` export it, as dask's `has_ipv6` is kept) and cachetools' size-bounded ones (not its `ttl_cache`,
 * which computes again once an entry expires).
 */
const MEMOIZING_DECORATORS: ReadonlySet<string> = new Set([
  'functools.cache',
  'functools.lru_cache',
  'toolz.memoize',
  'toolz.functoolz.memoize',
  'tlz.memoize',
  'cytoolz.memoize',
  'cytoolz.functoolz.memoize',
  'cachetools.func.lru_cache',
  'cachetools.func.lfu_cache',
  'cachetools.func.fifo_cache',
  'cachetools.func.rr_cache',
]);

/**
 * Whether one of those (bare or called, but not `lru_cache(maxsize=0)`, which keeps nothing) decorates the function: its body runs once for each set of arguments. Not on a method of the instance:
 * the object is one of the arguments, so each new object runs it again (as `self._x` set-ups are, see isShared).
 */
function isMemoizedByDecorator(definition: SyntaxNode, model: SemanticModel): boolean {
  const holder = definition.parent;
  if (holder?.type !== 'decorated_definition') return false;
  const expressions = holder.namedChildren.flatMap((decorator) =>
    decorator.type === 'decorator' && decorator.firstNamedChild ? [decorator.firstNamedChild] : [],
  );
  const written = new Set(expressions.map((expression) => expression.text));
  if (isMethodDefinition(definition) && !written.has('staticmethod') && !written.has('classmethod')) return false;
  return expressions.some((expression) => {
    const name = expression.type === 'call' ? expression.childForFieldName('function') : expression;
    if (!name || !MEMOIZING_DECORATORS.has(model.qualifiedName(name, model.scopeOf(name)) ?? '')) return false;
    if (expression.type !== 'call') return true;
    const { positional, keywords } = callArguments(expression);
    const size = positional[0] ?? keywords.get('maxsize');
    return size === undefined || unparenthesize(size).text !== '0';
  });
}
