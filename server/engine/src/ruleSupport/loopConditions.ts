// A loop's body runs only when there is something to run it for: a `for` over data (yacron's
// `for include in doc.get("include", ())`, empty for a configuration without includes), a comprehension's clauses, a
// `while` whose test may be false at once. callCondition lists these among the conditions a call runs under; a loop
// that surely runs puts none (`while True:`; `for name in ("a", "b")` or `range(3)`, see iterableHasItems).
import type { SyntaxNode } from '../analysis/pythonParser';
import { plainStringText, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

/** What a loop needs for code in one of its parts to run: an iterable with items, or a test that holds. */
interface LoopCondition {
  readonly test: SyntaxNode;
  readonly negated: false;
  /** `test` is what the loop iterates: the code runs when it is not empty. */
  readonly iterated?: true;
  /** A loop's condition, not a comprehension's `if` clause. */
  readonly loop?: true;
}

/**
 * The conditions the loop `loop` (a `for` or `while` statement, of kind `kind`, in `scope`) puts on code in its part
 * `child`: its body runs only when the iterable is not empty, or the test holds. What it iterates, its test and its
 * `else` run whenever the loop is reached.
 */
export function loopConditionsThrough(loop: SyntaxNode, kind: string, child: SyntaxNode, scope: Scope): LoopCondition[] {
  if (child.id !== loop.childForFieldName('body')?.id) return [];
  if (kind === 'for_statement') {
    const iterable = loop.childForFieldName('right');
    return iterable ? [{ test: iterable, negated: false, iterated: true, loop: true }] : [];
  }
  const test = loop.childForFieldName('condition');
  return test && !isAlwaysTrue(test) && !readsStateSetUpBefore(test, loop, scope) ? [{ test, negated: false, loop: true }] : [];
}

/**
 * The conditions a comprehension puts on code in its part `child`: its element runs for each item its clauses let
 * through (each `for` clause's iterable not empty, each `if` clause true); a clause's own code runs after the clauses
 * before it. The first iterable is evaluated as the comprehension starts: no condition.
 */
export function comprehensionConditions(comprehension: SyntaxNode, child: SyntaxNode): LoopCondition[] {
  const clauses = comprehension.namedChildren.filter((part) => part.type === 'for_in_clause' || part.type === 'if_clause');
  const conditions: LoopCondition[] = [];
  for (const clause of clauses) {
    if (clause.id === child.id) break;
    if (clause.type === 'if_clause') {
      const test = clause.firstNamedChild;
      if (test) conditions.push({ test, negated: false });
      continue;
    }
    const iterable = clause.childForFieldName('right');
    if (iterable) conditions.push({ test: iterable, negated: false, iterated: true, loop: true });
  }
  // Innermost first, as the constructs around a call are listed.
  return conditions.reverse();
}

/**
 * Whether a `while` test reads a variable its function sets before the loop (`start = time.time()` then `while
 * time.time() - start < timeout:`, `attempt = 0` then `while attempt < retries:`, `ready = probe()` then `while not
 * ready:`): the function sets up a deadline, a counter or a flag for the loop it enters, and the loop runs (Prefect's
 * polling helpers, enterprise_gateway's wait for a YARN queue). A test reading only parameters, attributes and calls
 * (`while not self.stopped:`) may be false at once.
 */
function readsStateSetUpBefore(test: SyntaxNode, loop: SyntaxNode, scope: Scope): boolean {
  if (scope.kind !== 'function') return false;
  // Asked for each call in the loop (module summaries ask for every call): read once.
  let known = setUpLoopsByScope.get(scope);
  if (!known) setUpLoopsByScope.set(scope, (known = new Map()));
  let answer = known.get(loop.id);
  if (answer === undefined) known.set(loop.id, (answer = readsLocalSetBefore(test, loop, scope)));
  return answer;
}

/** Per function scope: for each `while` loop in it (by node id), whether readsStateSetUpBefore. */
const setUpLoopsByScope = new WeakMap<Scope, Map<number, boolean>>();

function readsLocalSetBefore(test: SyntaxNode, loop: SyntaxNode, scope: Scope): boolean {
  return test.descendantsOfType('identifier').some((name) => {
    // `x.name` reads `x`, not a variable `name`.
    const holder = name.parent;
    if (holder?.type === 'attribute' && holder.childForFieldName('attribute')?.id === name.id) return false;
    if (holder?.type === 'keyword_argument' && holder.childForFieldName('name')?.id === name.id) return false;
    const bindings = scope.bindings.get(name.text) ?? [];
    return bindings.some((binding) => binding.kind !== 'parameter' && binding.position < loop.startIndex);
  });
}

/** `while True:`, `while 1:`: a loop entered whenever it is reached (it ends by `break` or `return`). */
function isAlwaysTrue(test: SyntaxNode): boolean {
  const node = unparenthesize(test);
  return node.type === 'true' || (node.type === 'integer' && !/^0+$/.test(node.text.replace(/_/g, '')));
}

/** Builtins that iterate what they are given first, with as many items (or, for `zip`, as the shortest). */
const SAME_LENGTH_WRAPPERS: ReadonlySet<string> = new Set(['enumerate', 'sorted', 'reversed', 'list', 'tuple', 'set', 'iter', 'zip']);

/** Methods of a dict iterating as many items as it has. */
const DICT_VIEWS: ReadonlySet<string> = new Set(['items', 'keys', 'values']);

/** How deep names bound to names are followed (`NAMES = DEFAULT_NAMES`). */
const MAX_NAME_HOPS = 3;

/**
 * Whether an iterable surely has items, whatever the caller passes (a loop over it is no condition): a non-empty literal
 * (`("a", "b")`, `"abc"`), a `range` of integer literals that is not empty, a name bound only to one (a module
 * constant, or a local set once), or one of those through `enumerate`, `sorted`, `.items()` and the like. `scope`: the
 * scope of the code iterating it.
 */
export function iterableHasItems(iterable: SyntaxNode, model: SemanticModel, scope: Scope, hops = 0): boolean {
  const node = unparenthesize(iterable);
  switch (node.type) {
    case 'list':
    case 'tuple':
    case 'set':
    case 'dictionary':
      // A `*rest` may unpack nothing; any other item is one.
      return node.namedChildren.some((item) => item.type !== 'list_splat' && item.type !== 'dictionary_splat' && item.type !== 'comment');
    case 'string': {
      const text = plainStringText(node);
      return text !== undefined && text.length > 0;
    }
    case 'concatenated_string':
      return node.namedChildren.some((part) => iterableHasItems(part, model, scope, hops));
    case 'identifier': {
      if (hops >= MAX_NAME_HOPS) return false;
      const value = soleAssignedValue(node, model, scope);
      return value !== undefined && iterableHasItems(value.node, model, value.scope, hops + 1);
    }
    case 'call':
      return callHasItems(node, model, scope, hops);
    default:
      return false;
  }
}

function callHasItems(call: SyntaxNode, model: SemanticModel, scope: Scope, hops: number): boolean {
  const callee = call.childForFieldName('function');
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((arg) => arg.type !== 'comment');
  if (callee?.type === 'attribute') {
    const object = callee.childForFieldName('object');
    const method = callee.childForFieldName('attribute')?.text ?? '';
    return args.length === 0 && object !== null && DICT_VIEWS.has(method) && iterableHasItems(object, model, scope, hops);
  }
  if (callee?.type !== 'identifier') return false;
  const name = model.qualifiedName(callee, scope);
  if (name === 'builtins.range') return rangeHasItems(args, model, scope);
  const wrapper = name?.startsWith('builtins.') === true ? name.slice('builtins.'.length) : undefined;
  if (wrapper === undefined || !SAME_LENGTH_WRAPPERS.has(wrapper) || args.length === 0) return false;
  const iterated = wrapper === 'zip' ? args : [args[0]!];
  return iterated.every((arg) => arg.type !== 'keyword_argument' && arg.type !== 'list_splat' && iterableHasItems(arg, model, scope, hops));
}

/**
 * `range(3)`, `range(1, 4)`, `range(0, 10, 2)`, `range(int(TIMEOUT * 1000))`: numbers written out (or module constants
 * computed from them) giving a range that is not empty.
 */
function rangeHasItems(args: readonly SyntaxNode[], model: SemanticModel, scope: Scope): boolean {
  const values = args.map((arg) => numberValue(arg, model, scope, 0));
  if (values.length === 0 || values.length > 3 || values.some((value) => value === undefined || !Number.isInteger(value))) return false;
  const [start, stop, step] = values.length === 1 ? [0, values[0]!, 1] : [values[0]!, values[1]!, values[2] ?? 1];
  return step > 0 ? start < stop : step < 0 ? start > stop : false;
}

/** Arithmetic on numbers the code writes out: literals, names bound only to such arithmetic, `int()` and `float()`. */
function numberValue(node: SyntaxNode, model: SemanticModel, scope: Scope, hops: number): number | undefined {
  const value = unparenthesize(node);
  switch (value.type) {
    case 'integer':
    case 'float': {
      const number = Number(value.text.replace(/_/g, ''));
      return Number.isFinite(number) ? number : undefined;
    }
    case 'unary_operator': {
      const operand = value.childForFieldName('argument');
      const number = operand ? numberValue(operand, model, scope, hops) : undefined;
      return number === undefined ? undefined : value.text.startsWith('-') ? -number : value.text.startsWith('+') ? number : undefined;
    }
    case 'binary_operator': {
      const left = value.childForFieldName('left');
      const right = value.childForFieldName('right');
      const a = left ? numberValue(left, model, scope, hops) : undefined;
      const b = right ? numberValue(right, model, scope, hops) : undefined;
      if (a === undefined || b === undefined) return undefined;
      const operator = value.childForFieldName('operator')?.type;
      if (operator === '+') return a + b;
      if (operator === '-') return a - b;
      if (operator === '*') return a * b;
      if (operator === '/' && b !== 0) return a / b;
      if (operator === '//' && b !== 0) return Math.floor(a / b);
      return undefined;
    }
    case 'identifier': {
      if (hops >= MAX_NAME_HOPS) return undefined;
      const bound = soleAssignedValue(value, model, scope);
      return bound && numberValue(bound.node, model, bound.scope, hops + 1);
    }
    case 'call': {
      const callee = value.childForFieldName('function');
      const args = (value.childForFieldName('arguments')?.namedChildren ?? []).filter((arg) => arg.type !== 'comment');
      const name = callee?.type === 'identifier' ? model.qualifiedName(callee, scope) : undefined;
      if ((name !== 'builtins.int' && name !== 'builtins.float') || args.length !== 1) return undefined;
      const number = numberValue(args[0]!, model, scope, hops);
      return number === undefined ? undefined : name === 'builtins.int' ? Math.trunc(number) : number;
    }
    default:
      return undefined;
  }
}

/** The value `name` is bound to, where that is its only binding and an assignment (a module constant, a local set once). */
function soleAssignedValue(name: SyntaxNode, model: SemanticModel, scope: Scope): { node: SyntaxNode; scope: Scope } | undefined {
  const binding = model.resolve(name, scope);
  if (binding?.kind !== 'assignment' || binding.value === undefined) return undefined;
  return model.bindingsIn(binding.scope, name.text).length === 1 ? { node: binding.value, scope: binding.scope } : undefined;
}
