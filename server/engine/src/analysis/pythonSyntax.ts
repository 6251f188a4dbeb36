// Small questions about tree-sitter-python nodes that several parts of the analysis ask.
import type { Point, SyntaxNode } from './pythonParser';

export const COMPREHENSION_KINDS: ReadonlySet<string> = new Set([
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
]);

/** Loops and comprehensions: what runs in them may run any number of times. */
export const LOOP_KINDS: ReadonlySet<string> = new Set(['for_statement', 'while_statement', ...COMPREHENSION_KINDS]);

/**
 * `async def`, `async with`, `async for` and `async for` clauses carry an anonymous `async`
 * token as their first child rather than a field.
 */
export function hasAsyncKeyword(node: SyntaxNode): boolean {
  if (node.type === 'for_in_clause') {
    // In a comprehension clause the keyword precedes `for`, but may follow nothing else.
    for (const child of node.children) {
      if (child.type === 'async') return true;
      if (child.type === 'for') return false;
    }
    return false;
  }
  return node.firstChild?.type === 'async';
}

/** Strips any number of parentheses around an expression. */
export function unparenthesize(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    // Comments inside the parentheses are named children too: skip them.
    let inner = current.firstNamedChild;
    while (inner?.type === 'comment') inner = inner.nextNamedSibling;
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** The last name of a dotted expression: `create_task` for `self.loop.create_task`, `loop` for `loop`; else undefined. */
export function lastDottedName(expression: SyntaxNode | null | undefined): string | undefined {
  const node = expression && unparenthesize(expression);
  if (node?.type === 'identifier') return node.text;
  if (node?.type === 'attribute') return node.childForFieldName('attribute')?.text;
  return undefined;
}

/** The nearest node around `node` that is no parenthesized expression: what takes its value (`await (f())`: the await). */
export function parentOutsideParentheses(node: SyntaxNode): SyntaxNode | null {
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') parent = parent.parent;
  return parent;
}

/**
 * What a string literal says, where that is its text as written (`"8.8.8.8"`, `b'::1'`): undefined for an f-string, a
 * triple-quoted string, one with an escape, and implicit concatenation.
 */
export function plainStringText(node: SyntaxNode): string | undefined {
  if (node.type !== 'string') return undefined;
  return /^[rRuUbB]{0,2}(['"])([^'"\\\n]*)\1$/.exec(node.text)?.[2];
}

interface CallArguments {
  readonly positional: readonly SyntaxNode[];
  readonly keywords: ReadonlyMap<string, SyntaxNode>;
  /** `*args` or `**kwargs` present: positions after it are unknown. */
  readonly hasUnpacking: boolean;
}

export function callArguments(call: SyntaxNode): CallArguments {
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  let hasUnpacking = false;
  const argumentList = call.childForFieldName('arguments');
  if (argumentList?.type === 'generator_expression') {
    // `f(x for x in y)`: the generator is the single positional argument.
    return { positional: [argumentList], keywords, hasUnpacking };
  }
  for (const argument of argumentList?.namedChildren ?? []) {
    switch (argument.type) {
      case 'keyword_argument': {
        const name = argument.childForFieldName('name');
        const value = argument.childForFieldName('value');
        if (name && value) keywords.set(name.text, value);
        break;
      }
      case 'list_splat':
      case 'dictionary_splat':
        hasUnpacking = true;
        break;
      case 'comment':
        break;
      default:
        positional.push(argument);
    }
  }
  return { positional, keywords, hasUnpacking };
}

/** The argument passed at `index` or as keyword `keyword`, whichever the call uses. */
export function argumentAt(call: SyntaxNode, index: number, keyword?: string): SyntaxNode | undefined {
  const args = callArguments(call);
  return args.positional[index] ?? (keyword === undefined ? undefined : args.keywords.get(keyword));
}

/** Identifiers bound by an assignment or loop target (`a`, `a, b`, `[a, *b]`), outermost first. */
export function targetIdentifiers(target: SyntaxNode): SyntaxNode[] {
  switch (target.type) {
    case 'identifier':
      return [target];
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'expression_list':
    case 'tuple':
    case 'list':
    case 'parenthesized_expression':
    case 'as_pattern_target':
      return target.namedChildren.flatMap(targetIdentifiers);
    case 'list_splat_pattern':
    case 'list_splat':
      return target.namedChildren.flatMap(targetIdentifiers);
    default:
      // attribute, subscript: these store into an object, they bind no name.
      return [];
  }
}

/** The statement directly containing `node` (walking up through expressions). */
export function enclosingStatement(node: SyntaxNode): SyntaxNode | null {
  let current: SyntaxNode | null = node;
  while (current && !isStatementKind(current.type)) current = current.parent;
  return current;
}

function isStatementKind(kind: string): boolean {
  return kind.endsWith('_statement') || kind === 'function_definition' || kind === 'class_definition' || kind === 'decorated_definition';
}

/** The name of the function a definition node defines, or '<lambda>'. */
export function functionName(definition: SyntaxNode): string {
  return definition.childForFieldName('name')?.text ?? '<lambda>';
}

/**
 * In `items` sorted by where their nodes start, the index of the last one starting at or before
 * `offset` (-1 if none): for nodes in a row (top-level statements), the one holding `offset`. Start
 * offsets are plain fields, while reading a node's end crosses into wasm.
 */
export function lastStartingAtOrBefore<T>(items: readonly T[], offset: number, nodeOf: (item: T) => SyntaxNode): number {
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (nodeOf(items[middle]!).startIndex <= offset) low = middle + 1;
    else high = middle - 1;
  }
  return high;
}

/** Whether point `a` comes before point `b` in the text. */
export function isBefore(a: Point, b: Point): boolean {
  return a.row < b.row || (a.row === b.row && a.column < b.column);
}

/** The items of a `with` statement, in order. */
export function withItems(statement: SyntaxNode): SyntaxNode[] {
  const clause = statement.namedChildren.find((child) => child.type === 'with_clause');
  return clause ? clause.namedChildren.filter((child) => child.type === 'with_item') : [];
}

/** The context manager expression of a with item (`cm` in `cm as name`). */
export function contextManagerOf(item: SyntaxNode): SyntaxNode | undefined {
  const value = item.childForFieldName('value');
  if (!value) return undefined;
  return (value.type === 'as_pattern' ? value.firstNamedChild : value) ?? undefined;
}

/**
 * The blocks of an `if`: its consequence, each `elif`'s and the `else`'s; `hasElse`: one of them runs whatever the tests
 * say; `complete`: no clause lacks its block (broken code parsed in part).
 */
export function ifBranches(statement: SyntaxNode): {
  readonly blocks: readonly SyntaxNode[];
  readonly hasElse: boolean;
  readonly complete: boolean;
} {
  const blocks: SyntaxNode[] = [];
  const consequence = statement.childForFieldName('consequence');
  if (consequence) blocks.push(consequence);
  let hasElse = false;
  let clauses = 1;
  for (const clause of statement.childrenForFieldName('alternative')) {
    clauses++;
    hasElse ||= clause.type === 'else_clause';
    const block = clause.childForFieldName(clause.type === 'elif_clause' ? 'consequence' : 'body');
    if (block) blocks.push(block);
  }
  return { blocks, hasElse, complete: blocks.length === clauses };
}

/** Whether a block cannot run to its end: it ends in a `return` or `raise`, or in a `with` or an `if`/`else` whose blocks all do. */
export function endsInExit(block: SyntaxNode): boolean {
  const last = block.namedChildren.filter((child) => child.type !== 'comment').at(-1);
  switch (last?.type) {
    case 'return_statement':
    case 'raise_statement':
      return true;
    case 'with_statement': {
      const body = last.childForFieldName('body');
      return body !== null && endsInExit(body);
    }
    case 'if_statement': {
      const { blocks, hasElse } = ifBranches(last);
      return hasElse && blocks.every(endsInExit);
    }
    default:
      return false;
  }
}

/** The conditions (and whether each holds) under which the part `child` of `statement` runs. */
export function branchConditions(statement: SyntaxNode, child: SyntaxNode): [SyntaxNode, boolean][] {
  const condition = statement.childForFieldName('condition');
  if (!condition || child.id === condition.id) return [];
  const consequence = statement.childForFieldName('consequence');
  if (child.id === consequence?.id) return [[condition, true]];
  // An `elif` or the `else`: every condition before it was false, and an `elif`'s own is true.
  const conditions: [SyntaxNode, boolean][] = [[condition, false]];
  for (const alternative of statement.childrenForFieldName('alternative')) {
    const own = alternative.type === 'elif_clause' ? alternative.childForFieldName('condition') : null;
    if (alternative.id === child.id) {
      if (own) conditions.push([own, true]);
      return conditions;
    }
    if (own) conditions.push([own, false]);
  }
  return [];
}

/** A comparison of two operands, with its operator as written between them (`is not`, `not in`, `==`). */
interface SingleComparison {
  readonly left: SyntaxNode;
  readonly operator: string;
  readonly right: SyntaxNode;
}

/** `x is None`, `key not in cache`: a comparison of two operands (not a chain such as `a < b < c`). */
export function singleComparison(test: SyntaxNode): SingleComparison | undefined {
  if (test.type !== 'comparison_operator' || test.namedChildCount !== 2) return undefined;
  const [left, right] = test.namedChildren as [SyntaxNode, SyntaxNode];
  const operator = test.children
    .filter((child) => !child.isNamed)
    .map((child) => child.type)
    .join(' ');
  return { left, operator, right };
}

/** `X` of `X <operator> None`. */
export function comparedWithNone(test: SyntaxNode, operator: 'is' | 'is not'): SyntaxNode | undefined {
  const comparison = singleComparison(test);
  return comparison?.operator === operator && comparison.right.type === 'none' ? comparison.left : undefined;
}

/** Nodes whose body runs later, if at all: the code inside them is not the enclosing function's own. */
export const DEFINITION_KINDS: ReadonlySet<string> = new Set(['function_definition', 'lambda', 'class_definition']);

/** Whether `node` lies in a function, lambda or class nested in `container`: code that is not `container`'s own. */
export function inNestedDefinition(node: SyntaxNode, container: SyntaxNode): boolean {
  for (let current = node.parent; current && current.id !== container.id; current = current.parent) {
    if (DEFINITION_KINDS.has(current.type)) return true;
  }
  return false;
}

/** The docstring of a `def` or `class`, as written (quotes included): the string its body opens with, if it does. */
export function docstringOf(definition: SyntaxNode): SyntaxNode | undefined {
  const first = definition.childForFieldName('body')?.namedChildren.find((statement) => statement.type !== 'comment');
  const expression = first?.type === 'expression_statement' ? first.firstNamedChild : null;
  return expression?.type === 'string' || expression?.type === 'concatenated_string' ? expression : undefined;
}

/** The statements of a `def` or `class` body that are code: its comments and a leading docstring left out. */
export function codeStatements(definition: SyntaxNode): SyntaxNode[] {
  const statements = (definition.childForFieldName('body')?.namedChildren ?? []).filter((statement) => statement.type !== 'comment');
  const first = statements[0];
  return first?.type === 'expression_statement' && first.firstNamedChild?.type === 'string' ? statements.slice(1) : statements;
}

/** The `def`s written directly in a `def`'s or `class`'s body (decorated or not): its nested functions, or its methods. */
export function definedFunctions(definition: SyntaxNode): SyntaxNode[] {
  return (definition.childForFieldName('body')?.namedChildren ?? []).flatMap((statement) => {
    const function_ = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    return function_?.type === 'function_definition' ? [function_] : [];
  });
}

/** Whether a `def` is a method: written directly in a class body (decorated or not). */
export function isMethodDefinition(definition: SyntaxNode): boolean {
  const holder = definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
  return holder.parent?.type === 'block' && holder.parent.parent?.type === 'class_definition';
}

/** A `def` decorated `@staticmethod` (as written: the builtin is rarely rebound): its first parameter is no receiver. */
export function isStaticMethod(definition: SyntaxNode): boolean {
  const holder = definition.parent;
  return (
    holder?.type === 'decorated_definition' &&
    holder.namedChildren.some((decorator) => decorator.type === 'decorator' && decorator.firstNamedChild?.text === 'staticmethod')
  );
}

/** The name an `except` clause binds what it caught to (`exc` in `except CancelledError as exc:`), if any. */
export function caughtName(clause: SyntaxNode): SyntaxNode | undefined {
  const value = clause.childForFieldName('value');
  const alias = value?.type === 'as_pattern' ? value.childForFieldName('alias') : undefined;
  const name = alias?.type === 'as_pattern_target' ? (alias.firstNamedChild ?? alias) : alias;
  return name?.type === 'identifier' ? name : undefined;
}

/** The exception types an `except` clause names: `except E:`, `except (E, F) as error:`, `except* E:`; none for a bare one. */
export function exceptionTypesCaught(clause: SyntaxNode): SyntaxNode[] {
  const value = clause.childForFieldName('value') ?? clause.namedChildren.find((part) => part.type !== 'block' && part.type !== 'comment');
  const types = value?.type === 'as_pattern' ? value.firstNamedChild : value;
  if (!types) return [];
  const inner = unparenthesize(types);
  return inner.type === 'tuple' ? inner.namedChildren : [inner];
}

/** The targets `value` is assigned to, nearest first, through a chain (`self.loop = loop = asyncio.get_event_loop()`). */
export function assignmentTargets(value: SyntaxNode): SyntaxNode[] {
  const targets: SyntaxNode[] = [];
  for (let right = value, parent = value.parent; parent?.type === 'assignment' && parent.childForFieldName('right')?.id === right.id;) {
    const target = parent.childForFieldName('left');
    if (target) targets.push(target);
    right = parent;
    parent = parent.parent;
  }
  return targets;
}

/**
 * Whether `node` runs only in a branch of an `if`/`elif`/`else` around it, in its own function, taken where `says(test,
 * holds)` for one of the tests deciding it: the test `test` has the value `holds` there. `not` is looked through, an
 * `and` that holds gives each side holding, an `or` that does not gives each side not holding.
 */
export function runsOnlyWhere(node: SyntaxNode, says: (test: SyntaxNode, holds: boolean) => boolean): boolean {
  const saysOfParts = (written: SyntaxNode, holds: boolean): boolean => {
    const test = unparenthesize(written);
    if (test.type === 'not_operator') {
      const operand = test.childForFieldName('argument');
      return operand !== null && saysOfParts(operand, !holds);
    }
    const operator = test.type === 'boolean_operator' ? test.childForFieldName('operator')?.type : undefined;
    if ((operator === 'and' && holds) || (operator === 'or' && !holds)) {
      return [test.childForFieldName('left'), test.childForFieldName('right')].some((side) => side !== null && saysOfParts(side, holds));
    }
    return says(test, holds);
  };
  for (let child = node, parent = node.parent; parent && !DEFINITION_KINDS.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type === 'if_statement' && branchConditions(parent, child).some(([test, holds]) => saysOfParts(test, holds))) return true;
  }
  return false;
}

/** `receiver.name` as an assignment's target: `name`. */
export function assignedAttribute(target: SyntaxNode | null, receiver: string): string | undefined {
  return target?.type === 'attribute' && target.childForFieldName('object')?.text === receiver
    ? target.childForFieldName('attribute')?.text
    : undefined;
}

/** Whether `a` and `b` lie in different branches of an `if` (or different handlers of a `try`): one runs, not both. */
export function inExclusiveBranches(a: SyntaxNode, b: SyntaxNode): boolean {
  const aroundA = new Map<number, SyntaxNode>();
  for (let child = a, parent = a.parent; parent; child = parent, parent = parent.parent) aroundA.set(parent.id, child);
  for (let child = b, parent = b.parent; parent; child = parent, parent = parent.parent) {
    const childOfA = aroundA.get(parent.id);
    if (!childOfA) continue;
    if (childOfA.id === child.id) return false;
    if (parent.type === 'if_statement') {
      const condition = parent.childForFieldName('condition');
      return childOfA.id !== condition?.id && child.id !== condition?.id;
    }
    const handlers = ['except_clause', 'except_group_clause', 'else_clause'];
    return parent.type === 'try_statement' && handlers.includes(childOfA.type) && handlers.includes(child.type);
  }
  return false;
}

/**
 * The classes an `isinstance` test is given: one, a tuple of them (tuples nested in it too), or a union `A | B | C`
 * (which `isinstance` accepts since Python 3.10); parentheses dropped.
 */
export function classesListed(written: SyntaxNode): SyntaxNode[] {
  const node = unparenthesize(written);
  if (node.type === 'tuple') return node.namedChildren.filter((item) => item.type !== 'comment').flatMap(classesListed);
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '|') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    return left && right ? [...classesListed(left), ...classesListed(right)] : [node];
  }
  return [node];
}
