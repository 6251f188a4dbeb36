// LOOP306's paced work: a loop condition that does the loop's work when it is evaluated (`if not self.check_periodic():
// break` starting the next check task every 20 ms) is a pacing timer, not a poll of state. Told from a try-until-it-works
// condition (`while not limiter.acquire_token()`, which takes a token only on the call that ends the loop) by where the
// work is: before a return that keeps the loop going.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { hasAsyncKeyword, ifBranches } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { RuleContext } from '../../../linter/rule';
import { TASK_CREATING_METHODS } from './syntaxShapes';

/** What starts a task: `create_task`, `ensure_future`, a nursery's or task group's `start_soon`. */
const TASK_STARTS: ReadonlySet<string> = new Set([...TASK_CREATING_METHODS, 'start_soon']);

/** Methods changing the container they are called on (`self.pending.append(...)`). */
const MUTATING_METHODS: ReadonlySet<string> = new Set([
  'append',
  'appendleft',
  'extend',
  'insert',
  'pop',
  'popleft',
  'remove',
  'clear',
  'update',
  'add',
  'discard',
  'setdefault',
]);

/** How many calls down a function's work is looked for (`check_periodic` calling `check_start_task` starting a task). */
const DEPTH = 3;

/**
 * Whether evaluating `condition` does work on the rounds after which the loop goes on: it calls a plain function or
 * method of this file that starts a task or changes state (assigns an attribute, an item or a global, changes a container
 * held in an attribute, directly or through a function or method of this file it calls) before a `return` of a value
 * that keeps the loop going, or before its end where None does. `goesOnWhen` is the truthiness of `condition` with which
 * the loop runs again. The loop then paces that work; it polls nothing an Event could signal.
 */
export function conditionDoesWork(condition: SyntaxNode, goesOnWhen: boolean, context: RuleContext): boolean {
  const calls = condition.type === 'call' ? [condition, ...condition.descendantsOfType('call')] : condition.descendantsOfType('call');
  return calls.some((call) => {
    const definition = plainDefinitionCalled(call, context.model.scopeOf(call), context);
    if (!definition) return false;
    return worksBeforeGoingOn(definition, truthinessGoingOn(call, condition, goesOnWhen), context);
  });
}

/**
 * The truthiness of what `call` returns with which the loop goes on, through `not`s between it and the condition;
 * undefined where other operators stand between (`self.step() > 0`, `a() and b()`).
 */
function truthinessGoingOn(call: SyntaxNode, condition: SyntaxNode, goesOnWhen: boolean): boolean | undefined {
  let truthiness = goesOnWhen;
  for (let node = call; node.id !== condition.id; node = node.parent!) {
    const parent = node.parent;
    if (!parent) return undefined;
    if (parent.type === 'not_operator') truthiness = !truthiness;
    else if (parent.type !== 'parenthesized_expression') return undefined;
  }
  return truthiness;
}

/**
 * The plain `def` of this file `call` runs (`helper()`, `self.method()`): not an `async def` (its call runs none of its
 * body), not a generator, and undecorated but for `@staticmethod` and `@classmethod`.
 */
function plainDefinitionCalled(call: SyntaxNode, scope: Scope, { model }: RuleContext): SyntaxNode | undefined {
  const definition = model.calleeDefinition(call, scope);
  if (definition?.type !== 'function_definition' || hasAsyncKeyword(definition)) return undefined;
  const decorated = definition.parent?.type === 'decorated_definition' ? definition.parent : undefined;
  const decorators = decorated?.namedChildren.filter((child) => child.type === 'decorator') ?? [];
  if (decorators.some((decorator) => !/^(?:staticmethod|classmethod)$/.test(decorator.firstNamedChild?.text ?? ''))) return undefined;
  return model.scopeOfDefinition(definition)?.yields.length === 0 ? definition : undefined;
}

/**
 * Whether the function `definition` does work before a way out of it returning what keeps the loop going (`truthiness`,
 * or either where unknown): a `return` of a value that may have that truthiness, or the end of its body for None.
 */
function worksBeforeGoingOn(definition: SyntaxNode, truthiness: boolean | undefined, context: RuleContext): boolean {
  const scope = context.model.scopeOfDefinition(definition);
  const body = definition.childForFieldName('body');
  if (!scope || !body) return false;
  const work = workSites(scope, body, context, DEPTH, new Map([[definition.id, false]]));
  if (work.length === 0) return false;
  const exits = body.descendantsOfType('return_statement').filter((statement) => context.model.scopeOf(statement) === scope);
  const goingOn = exits.filter((exit) => {
    const value = exit.firstNamedChild;
    const known = value ? literalTruthiness(value) : false;
    return truthiness === undefined || known === undefined || known === truthiness;
  });
  if (goingOn.some((exit) => work.some((site) => site.startIndex < exit.endIndex && reaches(site, exit, body)))) return true;
  // Falling off the end returns None, which keeps `while not f():` going.
  return truthiness !== true && work.some((site) => reaches(site, undefined, body));
}

/** The truthiness of a literal (`True`, `False`, `None`, a number), or undefined for any other value. */
function literalTruthiness(value: SyntaxNode): boolean | undefined {
  switch (value.type) {
    case 'true':
      return true;
    case 'false':
    case 'none':
      return false;
    case 'integer':
    case 'float':
      return Number(value.text) !== 0;
    default:
      return undefined;
  }
}

/**
 * Where the code of `scope` (the body `body`) starts a task or changes state: calls starting a task, calls changing a
 * container held in an attribute or item, calls of plain functions and methods of this file that do work themselves
 * (`depth` calls down), and assignments or deletions of attributes, items, or names declared `global` or `nonlocal`.
 */
function workSites(scope: Scope, body: SyntaxNode, context: RuleContext, depth: number, known: Map<number, boolean>): SyntaxNode[] {
  const { model } = context;
  const sites: SyntaxNode[] = [];
  for (const call of scope.calls) {
    const callee = call.childForFieldName('function');
    const name = model.calleeLastName(call);
    if (TASK_STARTS.has(name)) sites.push(call);
    else if (MUTATING_METHODS.has(name) && holdsState(callee?.childForFieldName('object'))) sites.push(call);
    else if (depth > 1) {
      const definition = plainDefinitionCalled(call, scope, context);
      if (definition && doesWork(definition, context, depth - 1, known)) sites.push(call);
    }
  }
  const changes = ['assignment', 'augmented_assignment', 'delete_statement'].flatMap((type) => body.descendantsOfType(type));
  for (const change of changes) {
    if (model.scopeOf(change) !== scope) continue;
    const targets = change.type === 'delete_statement' ? change.namedChildren : [change.childForFieldName('left')];
    if (targets.some((target) => target && changesState(target, scope))) sites.push(change);
  }
  return sites;
}

/** Whether a plain function of this file does work anywhere in its body (see workSites), `depth` calls down. */
function doesWork(definition: SyntaxNode, context: RuleContext, depth: number, known: Map<number, boolean>): boolean {
  const answer = known.get(definition.id);
  if (answer !== undefined) return answer;
  // A recursive call finds nothing more than the call being answered.
  known.set(definition.id, false);
  const scope = context.model.scopeOfDefinition(definition);
  const body = definition.childForFieldName('body');
  const works = !!scope && !!body && workSites(scope, body, context, depth, known).length > 0;
  known.set(definition.id, works);
  return works;
}

/** Whether a receiver is state kept beyond the call: an attribute (`self.pending`) or an item of one. */
function holdsState(receiver: SyntaxNode | null | undefined): boolean {
  return receiver?.type === 'attribute' || receiver?.type === 'subscript';
}

/** Whether an assignment target stores into an object or a module-level name (`self.x`, `pair.task`, `cache[key]`, a `global`). */
function changesState(target: SyntaxNode, scope: Scope): boolean {
  switch (target.type) {
    case 'attribute':
    case 'subscript':
      return true;
    case 'identifier':
      return scope.globals.has(target.text) || scope.nonlocals.has(target.text);
    default:
      return target.namedChildren.some((child) => changesState(child, scope));
  }
}

/**
 * Whether code at `site` may run before `exit` (a `return`; undefined for the end of `body`) on one call: `site` comes
 * first, and no `return` or `raise` leaves a block holding `site` but not `exit` after it. Where both sit in one
 * compound statement, `site` must be in its header (`if self.start(pair): return True`): its branches exclude each other.
 */
function reaches(site: SyntaxNode, exit: SyntaxNode | undefined, body: SyntaxNode): boolean {
  const exitBlocks = new Set<number>();
  for (let node = exit?.parent; node && node.id !== body.id; node = node.parent) if (node.type === 'block') exitBlocks.add(node.id);
  exitBlocks.add(body.id);
  let statement: SyntaxNode = site;
  for (let node = site.parent; node; statement = node, node = node.parent) {
    if (node.type !== 'block') continue;
    const later = node.namedChildren.filter((child) => child.startIndex >= statement.endIndex);
    if (exitBlocks.has(node.id)) {
      if (!exit) return !later.some(leaves);
      // The statement of this block holding `exit`: `site`'s must come before it, or be it with `site` in its header.
      const holding = node.namedChildren.find((child) => child.startIndex <= exit.startIndex && exit.endIndex <= child.endIndex);
      if (!holding) return false;
      if (holding.id === statement.id) return !inBlockOf(site, holding);
      return statement.endIndex <= holding.startIndex;
    }
    if (later.some(leaves)) return false;
  }
  return false;
}

/** Whether a statement of a block returns or raises whenever it runs (an `if`/`else` too, where each branch does). */
function leaves(statement: SyntaxNode): boolean {
  if (statement.type === 'return_statement' || statement.type === 'raise_statement') return true;
  if (statement.type !== 'if_statement') return false;
  const { blocks, hasElse } = ifBranches(statement);
  return hasElse && blocks.every((block) => block.namedChildren.some(leaves));
}

/** Whether `node` sits in one of the blocks of the compound statement `statement`, not in its header. */
function inBlockOf(node: SyntaxNode, statement: SyntaxNode): boolean {
  for (let current = node.parent; current && current.id !== statement.id; current = current.parent) {
    if (current.type === 'block') return true;
  }
  return false;
}
