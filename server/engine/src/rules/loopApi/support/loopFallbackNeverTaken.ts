// A fallback for a loop parameter no caller leaves out: `self._loop = loop or asyncio.get_event_loop()` (or `if loop is
// None: loop = asyncio.get_event_loop()`) in a constructor or function every use of which in the project passes `loop`
// a loop (`loop=self._loop`, itself `loop or asyncio.get_event_loop()`), or runs in a coroutine or as a callback of the
// loop; a use is followed through partials, loop callbacks and the names that hold the function (see
// functionValueRuns). The component a library's facade builds with its own loop never takes the fallback; the
// facade's, which its users reach, does. Where every use passes one, the fallback is dead code, whatever runs it.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { DEFINITION_KINDS, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import type { RuleContext } from '../../../linter/rule';
import { inAnnotation } from '../../../ruleSupport/fileLocalFunctions';
import { reachesClassDataOnly } from '../../../ruleSupport/classDataMentions';
import { parametersOf } from '../../../ruleSupport/parameterGuard';
import { isScript } from '../../../ruleSupport/scriptModules';
import { isNewLoopCall } from './asyncioValues';
import { argumentFor, type FunctionRun, runsOfFunctionUse } from './functionValueRuns';

/** Calls that give an event loop or raise: what a caller passing one of them passes is never None (nor false). */
const LOOP_GETTERS: ReadonlySet<string> = new Set(['asyncio.get_event_loop', 'asyncio.get_running_loop']);

/** How far a caller's `loop=self._loop` is followed back through the values assigned to it. */
const MAX_VALUE_DEPTH = 3;

/**
 * Where the project runs `call` (an `asyncio.get_event_loop()` in `scope`), the fallback of a parameter (`loop or
 * asyncio.get_event_loop()`, or in the body of `if loop is None:` / `if not loop:`) at least one use of its function
 * fills with a loop: `'nowhere'` where every use does (`Client(user, loop)` after `loop = asyncio.get_running_loop()`),
 * `'coroutines'` where the others are calls in coroutines, leaving it out (the call returns the running loop there);
 * undefined where a use may leave it out elsewhere. The function is a module-level or nested `def`, or the `__init__` of
 * a class (built by its name, not derived from); uses in other modules count for a public one (the indexed project must
 * show them all in coroutines, and none at all for `'nowhere'`: their arguments are not read), and where the project is
 * not indexed it is not known.
 */
export function whereLoopFallbackRuns(call: SyntaxNode, scope: Scope, context: RuleContext): 'nowhere' | 'coroutines' | undefined {
  const parameter = fallbackParameter(call, scope, context.model);
  if (parameter === undefined) return undefined;
  const { model } = context;
  const { byName } = parametersOf(scope.node);
  const position = byName.get(parameter)?.position;
  // For each run a use leads to (see runsOfFunctionUse): whether it passes a loop (true), or leaves the parameter out
  // where a loop runs (false).
  const fills = (use: SyntaxNode): boolean[] | undefined => {
    const parent = use.parent;
    const callee = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === use.id ? parent : use;
    const runs = runsOfFunctionUse(callee, model);
    const filled: boolean[] = [];
    for (const run of runs ?? []) {
      const value = argumentFor(run, parameter, position);
      if (value && (isLoopValue(value, model.scopeOf(value), model, MAX_VALUE_DEPTH) || isItsScheduler(value, run))) filled.push(true);
      else if (run.inLoop) filled.push(false);
      else return undefined;
    }
    return runs && filled;
  };
  const owner = scope.parent;
  let uses: readonly SyntaxNode[] | undefined;
  let name: string;
  if (scope.name === '__init__' && owner?.kind === 'class' && owner.parent) {
    if (owner.node.parent?.type === 'decorated_definition' || model.bindingsIn(owner.parent, owner.name).length !== 1) return undefined;
    const nameNode = owner.node.childForFieldName('name');
    // (`from .frames import Link as FrameLink` names another module's class; `Link.count += 1` builds none.)
    const named = (mention: SyntaxNode): boolean =>
      mention.id === nameNode?.id || inAnnotation(mention) || inImport(mention) || reachesClassDataOnly(mention, owner, model);
    uses = model.mentionsOf(owner.name).filter((mention) => !named(mention));
    name = owner.name;
  } else if (owner && owner.kind !== 'class') {
    const bindings = model.bindingsIn(owner, scope.name);
    if (bindings.length !== 1 || bindings[0]!.definition?.id !== scope.node.id) return undefined;
    uses = model.references(bindings[0]!);
    name = scope.name;
  } else return undefined;
  if (scope.node.parent?.type === 'decorated_definition') return undefined;
  let passed = false;
  let leftOut = false;
  for (const use of uses) {
    const filled = fills(use);
    if (filled === undefined) return undefined;
    passed ||= filled.includes(true);
    leftOut ||= filled.includes(false);
  }
  if (!passed) return undefined;
  const here = leftOut ? 'coroutines' : 'nowhere';
  // Another module may use a public one of the module too: it must do so only in coroutines.
  const holder = scope.name === '__init__' ? owner?.parent : owner;
  if (holder?.kind !== 'module' || name.startsWith('_') || isScript(context)) return here;
  const elsewhere = context.project?.usesElsewhere(`${context.project.moduleName}.${name}`);
  if (elsewhere === undefined || elsewhere.usedOtherwise) return undefined;
  return elsewhere.calledByCoroutine || elsewhere.builtByLoopFactory ? 'coroutines' : here;
}

/**
 * The parameter of the function `scope` whose fallback `call` is: the name `loop` of `loop or asyncio.get_event_loop()`,
 * or of an `if loop is None:` (`if not loop:`) whose body holds the call, a parameter bound again in the function only
 * by the fallback's own assignment, at or after it.
 */
export function fallbackParameter(call: SyntaxNode, scope: Scope, model: SemanticModel): string | undefined {
  let tested: SyntaxNode | undefined;
  let fallback: SyntaxNode | undefined;
  for (let child = call, parent = call.parent; parent && !DEFINITION_KINDS.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type === 'parenthesized_expression') continue;
    if (parent.type === 'boolean_operator' && parent.childForFieldName('right')?.id === child.id) {
      const left = unparenthesize(parent.childForFieldName('left') ?? parent);
      if (parent.childForFieldName('operator')?.type === 'or' && left.type === 'identifier') [tested, fallback] = [left, parent];
      break;
    }
    if (parent.type === 'if_statement' && parent.childForFieldName('consequence')?.id === child.id) {
      const identifier = testedForNone(parent.childForFieldName('condition'));
      if (identifier) [tested, fallback] = [identifier, parent];
      break;
    }
  }
  if (!tested || !fallback) return undefined;
  const bindings = model.bindingsIn(scope, tested.text);
  const isParameter = bindings.some((binding) => binding.kind === 'parameter');
  // (`loop = loop or asyncio.get_event_loop()` binds it again, by the fallback's own assignment.)
  const ownAssignment = (value: SyntaxNode | undefined): boolean =>
    value !== undefined && value.startIndex <= fallback.startIndex && fallback.endIndex <= value.endIndex;
  const boundBefore = bindings.some(
    (binding) => binding.kind !== 'parameter' && binding.position < fallback.startIndex && !ownAssignment(binding.value),
  );
  return isParameter && !boundBefore ? tested.text : undefined;
}

/**
 * Whether a callback's loop argument is the loop scheduling it (`loop.call_soon_threadsafe(handler, loop)`): a loop
 * where the callback runs, as the call would have raised on None.
 */
function isItsScheduler(value: SyntaxNode, run: FunctionRun): boolean {
  const passed = unparenthesize(value);
  const scheduler = run.scheduler && unparenthesize(run.scheduler);
  return passed.type === 'identifier' && scheduler?.type === 'identifier' && passed.text === scheduler.text;
}

/** `loop` of the test `loop is None` or `not loop`. */
function testedForNone(condition: SyntaxNode | null): SyntaxNode | undefined {
  const test = condition && unparenthesize(condition);
  if (test?.type === 'not_operator') {
    const operand = test.childForFieldName('argument');
    return operand?.type === 'identifier' ? operand : undefined;
  }
  if (test?.type !== 'comparison_operator' || test.namedChildCount !== 2) return undefined;
  const [left, right] = test.namedChildren;
  const isTest = test.children.some((part) => part.type === 'is') && !test.children.some((part) => part.type === 'is not');
  return isTest && left?.type === 'identifier' && right?.type === 'none' ? left : undefined;
}

/**
 * Whether an expression always gives an event loop (never None, never false): a call getting or making one
 * (`asyncio.get_event_loop()`, `asyncio.new_event_loop()`), `x or` such a value, or a name or `self.` attribute every
 * value of which is one (see isLoopName, isLoopAttribute).
 */
function isLoopValue(expression: SyntaxNode, scope: Scope, model: SemanticModel, depth: number): boolean {
  const node = unparenthesize(expression);
  switch (node.type) {
    case 'call':
      return LOOP_GETTERS.has(model.calleeName(node, scope) ?? '') || isNewLoopCall(node, model, scope);
    case 'boolean_operator': {
      const right = node.childForFieldName('right');
      return node.childForFieldName('operator')?.type === 'or' && right !== null && isLoopValue(right, scope, model, depth);
    }
    case 'identifier':
      return depth > 0 && isLoopName(node, scope, model, depth - 1);
    case 'attribute':
      return depth > 0 && isLoopAttribute(node, scope, model, depth - 1);
    default:
      return false;
  }
}

/**
 * Whether a name read at `use` (in `from`) is a loop there: every assignment of it in the scope binding it assigns one,
 * and a parameter of that name is made one before the use, by a statement of the function's body (`loop = loop or
 * asyncio.get_event_loop()`, or `if loop is None: loop = asyncio.get_event_loop()`).
 */
function isLoopName(use: SyntaxNode, from: Scope, model: SemanticModel, depth: number): boolean {
  const scope = model.resolve(use, from)?.scope;
  if (!scope) return false;
  const bindings = model.bindingsIn(scope, use.text);
  const assigned = bindings.filter((binding) => binding.kind !== 'parameter');
  const loops = (value: SyntaxNode | undefined): boolean => value !== undefined && isLoopValue(value, scope, model, depth);
  if (!assigned.every((binding) => binding.kind === 'assignment' && loops(binding.value))) return false;
  if (assigned.length === bindings.length) return true;
  const body = scope.node.childForFieldName('body');
  return assigned.some((binding) => {
    if (binding.position > use.startIndex) return false;
    const statement = binding.node.parent?.parent;
    if (statement?.type !== 'expression_statement' || binding.node.parent?.childForFieldName('left')?.id !== binding.node.id) return false;
    if (statement.parent?.id === body?.id) return true;
    const test = statement.parent?.parent;
    return (
      test?.type === 'if_statement' &&
      test.parent?.id === body?.id &&
      test.childForFieldName('consequence')?.id === statement.parent?.id &&
      testedForNone(test.childForFieldName('condition'))?.text === use.text
    );
  });
}

/**
 * Whether `self._loop`, read in a method, is a loop: its class binds no such attribute in its body, and every
 * assignment of it in its methods (`self._loop = loop or asyncio.get_event_loop()`) assigns one.
 */
function isLoopAttribute(attribute: SyntaxNode, scope: Scope, model: SemanticModel, depth: number): boolean {
  const receiver = attribute.childForFieldName('object');
  const name = attribute.childForFieldName('attribute')?.text;
  const method = scope.kind === 'function' ? scope : undefined;
  const owner = method?.parent;
  if (receiver?.type !== 'identifier' || !name || owner?.kind !== 'class') return false;
  if (parametersOf(method!.node).receiver !== receiver.text || model.bindingsIn(owner, name).length > 0) return false;
  const assignments = owner.node
    .descendantsOfType(['assignment', 'augmented_assignment'])
    .filter((assignment) => writesAttribute(assignment.childForFieldName('left'), name));
  return (
    assignments.length > 0 &&
    assignments.every((assignment) => {
      const value = assignment.childForFieldName('right');
      return assignment.type === 'assignment' && value !== null && isLoopValue(value, model.scopeOf(assignment), model, depth);
    })
  );
}

/** Whether an assignment's target writes `<anything>.name` (`self._loop`, or among `a, self._loop = ...`). */
function writesAttribute(target: SyntaxNode | null, name: string): boolean {
  if (!target) return false;
  if (target.type === 'attribute') return target.childForFieldName('attribute')?.text === name;
  return target.namedChildren.some((part) => writesAttribute(part, name));
}

/** Whether a mention is a name an import statement imports (`from .frames import Link as FrameLink`). */
function inImport(mention: SyntaxNode): boolean {
  for (let node = mention.parent; node; node = node.parent) {
    if (node.type === 'import_from_statement' || node.type === 'import_statement') return true;
    if (node.type.endsWith('statement') || node.type === 'block' || node.type === 'module') return false;
  }
  return false;
}
