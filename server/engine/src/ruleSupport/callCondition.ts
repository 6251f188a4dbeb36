// The conditions under which a call runs in its function, quoted for messages: LOOP108 says a helper
// "may block, when …", for helpers in the same file and (through module summaries) in other modules.
import type { SyntaxNode } from '../analysis/pythonParser';
import { COMPREHENSION_KINDS, exceptionTypesCaught, lastStartingAtOrBefore } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import { snippet } from './codeSnippet';
import { comprehensionConditions, loopConditionsThrough } from './loopConditions';

/**
 * A test a call sits under: the call runs when `test` is true (`negated`: when it is false), or in an `except` clause.
 * `test` may be an import statement, negated: the call runs only where that import failed (see ImportFallback).
 * `iterated`: `test` is what a loop around the call iterates; the call runs where it is not empty. `loop`: the condition
 * is a loop's (what it iterates, or a `while` test), where a body runs for nothing.
 */
export type CallCondition =
  { readonly test: SyntaxNode; readonly negated: boolean; readonly iterated?: true; readonly loop?: true } | 'except';

/** A scope's conditional constructs with what the search needs of each, read once. */
interface ConditionalIndex {
  /** How many constructs the scope had when this was made. */
  readonly count: number;
  readonly nodes: readonly SyntaxNode[];
  readonly ends: readonly number[];
  /** For each construct, the index of the nearest one holding it (-1 if none). */
  readonly enclosing: readonly number[];
  /** Each construct's kind, read when first needed (the calls in one `if` block ask the same). */
  readonly kinds: (string | undefined)[];
  /** The `if` statements that end their block when taken (see earlyExits), found when first asked. */
  exits?: readonly EarlyExit[];
  /** The `try` statements leaving their block when their import succeeds (see ImportFallback), found when first asked. */
  importFallbacks?: readonly ImportFallback[];
}

/** `if test: ... return` (or `raise`, `continue`, `break`): the rest of the block runs only where `test` is false. */
interface EarlyExit {
  readonly test: SyntaxNode;
  /** Where the `if` statement ends, and the block holding it. */
  readonly end: number;
  readonly blockStart: number;
  readonly blockEnd: number;
}

/**
 * `try: import distro` / `except ModuleNotFoundError: pass` / `else: return distro.id()`: where the import succeeds the
 * block is left (from the `else`, or from the `try` body after the import), so the code after the `try` in that block
 * runs only where the import failed (an optional dependency missing), and the `except` clauses catch nothing else
 * (ImportError, ModuleNotFoundError) and do not leave.
 */
interface ImportFallback {
  /** The import tried first in the `try` body. */
  readonly test: SyntaxNode;
  /** Where the `try` statement ends, and the block holding it. */
  readonly end: number;
  readonly blockStart: number;
  readonly blockEnd: number;
}

const IMPORT_ERRORS: ReadonlySet<string> = new Set(['ImportError', 'ModuleNotFoundError']);

/** Statements that leave the block they end (a branch ending in one of them never reaches the code after the `if`). */
const EXIT_STATEMENTS: ReadonlySet<string> = new Set(['return_statement', 'raise_statement', 'continue_statement', 'break_statement']);

/** Kept per scope: a scope serves one lint (the language server edits a tree in place between lints). */
const indexByScope = new WeakMap<Scope, ConditionalIndex>();

function conditionalIndex(scope: Scope): ConditionalIndex {
  const nodes = scope.conditionals;
  let index = indexByScope.get(scope);
  if (index?.count !== nodes.length) {
    const ends: number[] = [];
    const enclosing: number[] = [];
    const open: number[] = [];
    nodes.forEach((node, i) => {
      while (open.length > 0 && ends[open[open.length - 1]!]! <= node.startIndex) open.pop();
      enclosing.push(open.length > 0 ? open[open.length - 1]! : -1);
      ends.push(node.endIndex);
      open.push(i);
    });
    index = { count: nodes.length, nodes: [...nodes], ends, enclosing, kinds: [] };
    indexByScope.set(scope, index);
  }
  return index;
}

/** A construct holding a call (an `if` statement, a loop, a comprehension...), with the part of it holding the call. */
export interface HoldingConstruct {
  readonly node: SyntaxNode;
  /** The construct's node kind. */
  readonly kind: string;
  readonly child: SyntaxNode;
  /** The scope the construct is in (a comprehension's: its own). */
  readonly scope: Scope;
}

/**
 * Every `if`/`elif` (or the `else` of one), conditional expression, `and`/`or` operand, `except` clause, loop body
 * (`for`, `while`, a comprehension's element and later clauses) `call` sits in within its function, innermost first;
 * none when the call runs whenever the function does (`try` bodies count as such; so do loops iterating what surely has
 * items, which the caller leaves out: see iterableHasItems). Each is needed for the call to run. `scope` is the call's
 * scope. `covered`: constructs that put no condition on the call, as long as every one inside them does not (the
 * branches of an `if` calling the same function on every branch: see sameCallOnEveryBranch.ts).
 */
export function enclosingConditions(
  call: SyntaxNode,
  functionNode: SyntaxNode,
  scope: Scope,
  covered?: (construct: HoldingConstruct) => boolean,
): CallCondition[] {
  const found: CallCondition[] = [];
  let skipping = covered !== undefined;
  for (const holding of holdingConstructs(call, functionNode, scope)) {
    const conditions = conditionsThrough(holding);
    if (conditions.length === 0) continue;
    if (skipping && covered!(holding)) continue;
    skipping = false;
    found.push(...conditions);
  }
  // After a `try` that leaves the block when its import succeeds: the import failed. These hold the call no less than
  // the constructs above, but a message reads them as well in any order.
  for (let current: Scope | undefined = scope; current; current = current.parent) {
    const index = conditionalIndex(current);
    index.importFallbacks ??= importFallbacksOf(index);
    for (const fallback of index.importFallbacks) {
      if (fallback.end <= call.startIndex && fallback.blockStart <= call.startIndex && call.startIndex < fallback.blockEnd)
        found.push({ test: fallback.test, negated: true });
    }
    if (current.node.id === functionNode.id) break;
  }
  return found;
}

/** The conditional constructs and loops holding `call` within its function (see enclosingConditions), innermost first. */
export function holdingConstructs(call: SyntaxNode, functionNode: SyntaxNode, scope: Scope): HoldingConstruct[] {
  // Only the conditional constructs among the call's ancestors can answer, innermost first. They are found by range
  // among those its scopes collected: walking up through every ancestor cost a tree-sitter node per step, and each
  // step searched down from the root. Nodes nest or are disjoint, and each of these kinds is larger than any child,
  // so one spanning more than the call holds it; the ones holding it also hold the last construct starting before
  // it, and each is the next one out from there. A scope's constructs lie inside those of the scopes around it.
  const start = call.startIndex;
  let end: number | undefined;
  const found: HoldingConstruct[] = [];
  for (let current: Scope | undefined = scope; current; current = current.parent) {
    const { nodes, ends, enclosing, kinds } = conditionalIndex(current);
    for (let i = lastStartingAtOrBefore(nodes, start, (node) => node); i >= 0; i = enclosing[i]!) {
      const conditional = nodes[i]!;
      // The function's own node starts with a keyword that none of these constructs do.
      if (conditional.startIndex <= functionNode.startIndex) break;
      if (ends[i]! <= start) continue;
      end ??= call.endIndex;
      if (ends[i]! < end || (conditional.startIndex === start && ends[i] === end)) continue;
      const child = conditional.childWithDescendant(call);
      if (child) found.push({ node: conditional, kind: (kinds[i] ??= conditional.type), child, scope: current });
    }
    // A comprehension's element runs once for each item its clauses let through.
    if (current.kind === 'comprehension') {
      const child = current.node.childWithDescendant(call);
      if (child) found.push({ node: current.node, kind: current.node.type, child, scope: current });
    }
    if (current.node.id === functionNode.id) break;
  }
  return found;
}

function importFallbacksOf(index: ConditionalIndex): ImportFallback[] {
  const fallbacks: ImportFallback[] = [];
  index.nodes.forEach((node, i) => {
    if ((index.kinds[i] ??= node.type) !== 'except_clause') return;
    const statement = node.parent;
    // Each `try` is read once, from its first `except` clause.
    if (statement?.type !== 'try_statement' || node.previousNamedSibling?.type === 'except_clause') return;
    const test = importFallbackTest(statement);
    const block = statement.parent;
    if (test && block) fallbacks.push({ test, end: statement.endIndex, blockStart: block.startIndex, blockEnd: block.endIndex });
  });
  return fallbacks;
}

/** The import a `try` statement tries first, where it is an ImportFallback. */
function importFallbackTest(statement: SyntaxNode): SyntaxNode | undefined {
  const body = statement.childForFieldName('body');
  const test = body?.namedChildren.find((child) => child.type !== 'comment');
  if (!body || (test?.type !== 'import_statement' && test?.type !== 'import_from_statement')) return undefined;
  let leaves = leavesBlock(body);
  for (const clause of statement.namedChildren) {
    if (clause.type === 'except_clause') {
      const types = exceptionTypesCaught(clause);
      if (types.length === 0 || !types.every((type) => IMPORT_ERRORS.has(type.text.slice(type.text.lastIndexOf('.') + 1))))
        return undefined;
      const handler = clause.namedChildren.find((child) => child.type === 'block');
      if (handler && leavesBlock(handler)) return undefined;
    } else if (clause.type === 'else_clause') {
      const handled = clause.childForFieldName('body');
      leaves ||= handled !== null && leavesBlock(handled);
    }
  }
  return leaves ? test : undefined;
}

/**
 * Whether a block's last statement (comments after it aside) leaves it: `return`, `raise`, `continue`, `break`. Read
 * from the end: each node read crosses into wasm.
 */
function leavesBlock(block: SyntaxNode): boolean {
  return exitStatementEnding(block) !== undefined;
}

/** The kind of the statement that ends a block by leaving it (see leavesBlock), if one does. */
function exitStatementEnding(block: SyntaxNode): string | undefined {
  let last = block.lastNamedChild;
  while (last?.type === 'comment') last = last.previousNamedSibling;
  return last !== null && EXIT_STATEMENTS.has(last.type) ? last.type : undefined;
}

/**
 * The tests of the `if` statements before `call` in the blocks holding it (within its function) whose first branch
 * ends by leaving the block (`if local_mode: return path.as_uri()`), or the `with` or `try` statement before the call
 * whose body holds such an `if` (see blocksLeft): the call runs only where each is false. As
 * enclosingConditions, innermost scope first; `negated` is true for each.
 */
export function earlyExits(call: SyntaxNode, functionNode: SyntaxNode, scope: Scope): CallCondition[] {
  const start = call.startIndex;
  const found: CallCondition[] = [];
  for (let current: Scope | undefined = scope; current; current = current.parent) {
    const index = conditionalIndex(current);
    index.exits ??= exitsOf(index);
    for (const exit of index.exits) {
      if (exit.end <= start && exit.blockStart <= start && start < exit.blockEnd) found.push({ test: exit.test, negated: true });
    }
    if (current.node.id === functionNode.id) break;
  }
  return found;
}

function exitsOf(index: ConditionalIndex): EarlyExit[] {
  const exits: EarlyExit[] = [];
  index.nodes.forEach((node, i) => {
    if ((index.kinds[i] ??= node.type) !== 'if_statement') return;
    const consequence = node.childForFieldName('consequence');
    const leaving = consequence ? exitStatementEnding(consequence) : undefined;
    const test = node.childForFieldName('condition');
    if (leaving === undefined || !test) return;
    for (const { statement, block } of blocksLeft(node, leaving))
      exits.push({ test, end: statement.endIndex, blockStart: block.startIndex, blockEnd: block.endIndex });
  });
  return exits;
}

/**
 * The blocks an `if` statement's exit (of the kind `leaving`) leaves, each with the statement in it the exit ends
 * early: the block holding the `if`, and where that block is the body of a `with` or a `try` (PyrateLimiter's
 * `with combined_lock(...): ... if _force_async: return ...` before the sync wait after the `with`), the block holding
 * that statement too, and so on out. A `return`, `continue` or `break` leaves any of them (a `finally` runs on the
 * way); a `raise` only a `try` without `except` clauses: a context manager may swallow it (`with pytest.raises(...)`,
 * `with suppress(...)`), an `except` clause may catch it.
 */
function blocksLeft(ifStatement: SyntaxNode, leaving: string): { statement: SyntaxNode; block: SyntaxNode }[] {
  const left: { statement: SyntaxNode; block: SyntaxNode }[] = [];
  let statement = ifStatement;
  for (let block = statement.parent; block; block = statement.parent) {
    left.push({ statement, block });
    const holder = block.parent;
    if (!holder || holder.childForFieldName('body')?.id !== block.id) break;
    const passes =
      holder.type === 'with_statement'
        ? leaving !== 'raise_statement'
        : holder.type === 'try_statement' &&
          (leaving !== 'raise_statement' ||
            !holder.namedChildren.some((clause) => clause.type === 'except_clause' || clause.type === 'except_group_clause'));
    if (!passes) break;
    statement = holder;
  }
  return left;
}

/**
 * The conditions `parent` puts on code in its `child`, innermost first, or none (look further out). An `elif` or `else`
 * runs only where the tests before it in its `if` statement were false: the `if`'s and each earlier `elif`'s (the
 * `elif`'s own test is its clause's, found as the construct inside this one). A loop's body runs only where there is
 * something to run it for (see loopConditions.ts).
 */
export function conditionsThrough({ node: parent, kind, child, scope }: HoldingConstruct): CallCondition[] {
  switch (kind) {
    case 'if_statement': {
      const condition = parent.childForFieldName('condition');
      if (!condition || child.id === condition.id) return [];
      if (child.type !== 'else_clause' && child.type !== 'elif_clause') return [{ test: condition, negated: false }];
      const failed: CallCondition[] = [{ test: condition, negated: true }];
      for (const alternative of parent.namedChildren) {
        if (alternative.startIndex >= child.startIndex) break;
        const test = alternative.type === 'elif_clause' ? alternative.childForFieldName('condition') : null;
        if (test) failed.unshift({ test, negated: true });
      }
      return failed;
    }
    case 'elif_clause': {
      const condition = parent.childForFieldName('condition');
      return !condition || child.id === condition.id ? [] : [{ test: condition, negated: false }];
    }
    case 'conditional_expression': {
      const [whenTrue, condition, whenFalse] = parent.namedChildren;
      if (!condition || child.id === condition.id) return [];
      if (whenTrue && child.id === whenTrue.id) return [{ test: condition, negated: false }];
      if (whenFalse && child.id === whenFalse.id) return [{ test: condition, negated: true }];
      return [];
    }
    case 'boolean_operator': {
      const left = parent.childForFieldName('left');
      const operator = parent.childForFieldName('operator')?.type;
      if (!left || child.id === left.id) return [];
      return [{ test: left, negated: operator === 'or' }];
    }
    case 'except_clause':
      return ['except'];
    case 'for_statement':
    case 'while_statement':
      return loopConditionsThrough(parent, kind, child, scope);
    default:
      return COMPREHENSION_KINDS.has(kind) ? comprehensionConditions(parent, child) : [];
  }
}

/** The most conditions a message quotes (the innermost ones); it counts the others. */
const MAX_QUOTED = 3;

/**
 * The conditions a call runs under (as enclosingConditions lists them) as code to quote, outermost first, joined by
 * "and": `` `isinstance(media, InputFile)` and `not (is_photo)` `` (`not (...)` where the call runs when one is false);
 * then the early returns before it that must not be taken (earlyExits), each as `not (...)`.
 */
export function describeConditions(conditions: readonly CallCondition[], exits: readonly CallCondition[] = []): string | undefined {
  if (conditions.length === 0 && exits.length === 0) return undefined;
  const skipped = withoutRepeats(exits.map(describeCondition), []);
  const around = withoutRepeats(conditions.map(describeCondition), skipped);
  const quotedOnes = around.slice(0, MAX_QUOTED).reverse();
  const more = around.length - MAX_QUOTED;
  const outside = more <= 0 ? [] : [`(inside ${more} more condition${more === 1 ? '' : 's'})`];
  const moreExits = skipped.length - MAX_QUOTED;
  const after = moreExits <= 0 ? [] : [`${moreExits} more earlier return${moreExits === 1 ? '' : 's'} not taken`];
  return [[quotedOnes.join(' and '), ...outside].join(' '), ...skipped.slice(0, MAX_QUOTED), ...after]
    .filter((part) => part !== '')
    .join(' and ');
}

const NOT_EMPTY = ' is not empty';

/**
 * Quoted conditions, each once: a test quoted twice (`if not ready:` around `while not ready:`) says nothing more, nor
 * does "`apps` is not empty" of a loop over `apps` under `if apps:` (or after `if not apps: return`, in `others`).
 */
function withoutRepeats(quoted: readonly string[], others: readonly string[]): string[] {
  const all = new Set([...quoted, ...others]);
  const kept = new Set<string>();
  return quoted.filter((text) => {
    if (kept.has(text) || (text.endsWith(NOT_EMPTY) && all.has(text.slice(0, -NOT_EMPTY.length)))) return false;
    kept.add(text);
    return true;
  });
}

function describeCondition(condition: CallCondition): string {
  if (condition === 'except') return 'an exception is caught';
  if (condition.iterated) return `\`${quoted(condition.test)}\` is not empty`;
  if (condition.test.type === 'import_statement' || condition.test.type === 'import_from_statement') return importFailure(condition.test);
  // `not (not x)` reads as `x`.
  const operand = condition.negated && condition.test.type === 'not_operator' ? condition.test.childForFieldName('argument') : null;
  if (operand) return `\`${quoted(operand)}\``;
  const inverse = condition.negated ? invertedComparison(condition.test) : undefined;
  if (inverse !== undefined) return `\`${inverse}\``;
  return condition.negated ? `\`not (${quoted(condition.test)})\`` : `\`${quoted(condition.test)}\``;
}

/** "the import of `distro` fails", for a failed import (see ImportFallback). */
function importFailure(statement: SyntaxNode): string {
  const module =
    statement.type === 'import_from_statement'
      ? statement.childForFieldName('module_name')
      : (statement.childForFieldName('name')?.childForFieldName('name') ?? statement.childForFieldName('name'));
  return module ? `the import of \`${module.text}\` fails` : `\`${quoted(statement)}\` fails`;
}

/** Comparison operators and the one true exactly where each is false. */
const INVERSE_OPERATORS: ReadonlyMap<string, string> = new Map([
  ['is', 'is not'],
  ['is not', 'is'],
  ['==', '!='],
  ['!=', '=='],
  ['in', 'not in'],
  ['not in', 'in'],
]);

/** `a is not None` for a test `a is None` found false, and so on: one short comparison, else undefined. */
function invertedComparison(test: SyntaxNode): string | undefined {
  if (test.type !== 'comparison_operator' || test.text.length > 60 || test.text.includes('\n')) return undefined;
  const [left, right, ...more] = test.namedChildren;
  const operator = test.children
    .slice(1, -1)
    .map((child) => child.type)
    .join(' ');
  const inverse = INVERSE_OPERATORS.get(operator);
  return left && right && more.length === 0 && inverse !== undefined ? `${left.text} ${inverse} ${right.text}` : undefined;
}

/** A condition's code on one line, cut at a token boundary when long. */
function quoted(node: SyntaxNode): string {
  return snippet(node, 60);
}
