// The conditions under which a call runs in its function, quoted for messages: LOOP108 says a helper
// "may block, when …", for helpers in the same file and (through module summaries) in other modules.
import type { SyntaxNode } from '../analysis/pythonParser';
import { lastStartingAtOrBefore } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import { snippet } from './codeSnippet';

/** A test a call sits under: the call runs when `test` is true (`negated`: when it is false), or in an `except` clause. */
export type CallCondition = { readonly test: SyntaxNode; readonly negated: boolean } | 'except';

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
}

/** `if test: ... return` (or `raise`, `continue`, `break`): the rest of the block runs only where `test` is false. */
interface EarlyExit {
  readonly test: SyntaxNode;
  /** Where the `if` statement ends, and the block holding it. */
  readonly end: number;
  readonly blockStart: number;
  readonly blockEnd: number;
}

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

/**
 * Every `if`/`elif` (or the `else` of one), conditional expression, `and`/`or` operand and `except` clause
 * `call` sits in within its function, innermost first; none when the call runs whenever the function does
 * (loops and `try` bodies count as such). Each is needed for the call to run. `scope` is the call's scope.
 */
export function enclosingConditions(call: SyntaxNode, functionNode: SyntaxNode, scope: Scope): CallCondition[] {
  // Only the conditional constructs among the call's ancestors can answer, innermost first. They are found by range
  // among those its scopes collected: walking up through every ancestor cost a tree-sitter node per step, and each
  // step searched down from the root. Nodes nest or are disjoint, and each of these kinds is larger than any child,
  // so one spanning more than the call holds it; the ones holding it also hold the last construct starting before
  // it, and each is the next one out from there. A scope's constructs lie inside those of the scopes around it.
  const start = call.startIndex;
  let end: number | undefined;
  const found: CallCondition[] = [];
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
      if (child) found.push(...conditionsThrough(conditional, (kinds[i] ??= conditional.type), child));
    }
    if (current.node.id === functionNode.id) break;
  }
  return found;
}

/**
 * The tests of the `if` statements before `call` in the blocks holding it (within its function) whose first branch
 * ends by leaving the block (`if local_mode: return path.as_uri()`): the call runs only where each is false. As
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
    // The branch's last statement (comments after it aside), read from the end: each node read crosses into wasm.
    let last = node.childForFieldName('consequence')?.lastNamedChild ?? null;
    while (last?.type === 'comment') last = last.previousNamedSibling;
    if (!last || !EXIT_STATEMENTS.has(last.type)) return;
    const test = node.childForFieldName('condition');
    const block = node.parent;
    if (test && block) exits.push({ test, end: node.endIndex, blockStart: block.startIndex, blockEnd: block.endIndex });
  });
  return exits;
}

/**
 * The conditions `parent` puts on code in its `child`, innermost first, or none (look further out). An `elif` or `else`
 * runs only where the tests before it in its `if` statement were false: the `if`'s and each earlier `elif`'s (the
 * `elif`'s own test is its clause's, found as the construct inside this one).
 */
function conditionsThrough(parent: SyntaxNode, kind: string, child: SyntaxNode): CallCondition[] {
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
    default:
      return [];
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
  const quotedOnes = conditions.slice(0, MAX_QUOTED).reverse().map(describeCondition);
  const more = conditions.length - MAX_QUOTED;
  const around = more <= 0 ? [] : [`(inside ${more} more condition${more === 1 ? '' : 's'})`];
  const skipped = exits.slice(0, MAX_QUOTED).map(describeCondition);
  const moreExits = exits.length - MAX_QUOTED;
  const after = moreExits <= 0 ? [] : [`${moreExits} more earlier return${moreExits === 1 ? '' : 's'} not taken`];
  return [[quotedOnes.join(' and '), ...around].join(' '), ...skipped, ...after].filter((part) => part !== '').join(' and ');
}

function describeCondition(condition: CallCondition): string {
  if (condition === 'except') return 'an exception is caught';
  // `not (not x)` reads as `x`.
  const operand = condition.negated && condition.test.type === 'not_operator' ? condition.test.childForFieldName('argument') : null;
  if (operand) return `\`${quoted(operand)}\``;
  const inverse = condition.negated ? invertedComparison(condition.test) : undefined;
  if (inverse !== undefined) return `\`${inverse}\``;
  return condition.negated ? `\`not (${quoted(condition.test)})\`` : `\`${quoted(condition.test)}\``;
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
