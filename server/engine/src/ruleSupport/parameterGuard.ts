// A helper's blocking call guarded by a test of one of its parameters (`if isinstance(fp, io.IOBase):
// ... else: open(fp)`), and whether a call's own arguments (or, where it passes none, the parameter's
// default) decide that test: LOOP108 stays silent where the blocking branch cannot be taken for the
// arguments given (`File(io.BytesIO(data))`). How a guard reaches the callers of the function whose parameter it
// tests (a constructor's attributes, `**kwargs`, a parameter handed on) is guardForwarding's part; which keywords a
// call's `**config` passes, unpackedKeywords'.
import type { SyntaxNode } from '../analysis/pythonParser';
import {
  assignedAttribute,
  callArguments,
  classesListed,
  isMethodDefinition,
  isStaticMethod,
  plainStringText,
  unparenthesize,
} from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { ProjectView } from '../linter/projectView';
import {
  conditionsThrough,
  describeConditions,
  earlyExits,
  enclosingConditions,
  type CallCondition,
  type HoldingConstruct,
} from './callCondition';
import { functionOrMethodCalled, returnedValues } from './fileLocalFunctions';
import { isVacantPath, subpathTestedIn } from './freshDirectories';
import { isNumericHost, urlHost } from './numericHost';
import { fixtureResults, requestedFixture } from './pytestFixtures';
import { inLoopAround } from '../analysis/reachingAssignments';
import { iterableHasItems } from './loopConditions';
import { neededTests } from './neededTests';
import { contradictsItself } from './contradictoryGuards';
import { alikeOfSameFunction, callOnEveryBranch, type AlikeCall } from './sameCallOnEveryBranch';
import { derivesFromAny, type ProjectClasses } from './projectSubclasses';
import { runtimeProtocolMembers, satisfiesProtocol } from './runtimeProtocols';
import { unpackedKeywords, type UnpackedKeywords } from './unpackedKeywords';
import { argumentClasses } from './argumentClasses';
import { namedClass } from './instanceClasses';
import { failsInstanceTest } from './declaredClassTests';
import { isPathText, neverInPathText } from './pathTexts';
import { startsWithHolds, startsWithTest } from './prefixTests';
import { pathKindHolds, pathLeftByWithBody, yieldedPathTest, YIELDED_PATH, type PathKind } from './yieldedPaths';

/**
 * What a value is known to be: its class (if known), whether it is None, whether it is true (if known), and for a
 * string written as a plain literal, its text.
 */
export interface KnownValue {
  readonly className?: string;
  readonly isNone: boolean;
  readonly truthy?: boolean;
  readonly text?: string;
  /** A path nothing lies under: a directory just made, or a path below one (see freshDirectories). */
  readonly vacant?: true;
  /**
   * All that is known: the classes it is declared to be an instance of, one of them or of a subclass, where no one class
   * is (`data: bytes | bytearray`, see argumentClasses). It decides `isinstance` tests only: None may be left out.
   */
  readonly declaredClasses?: readonly string[];
  /** The text of a pathlib path, which holds `//` only where it starts (see pathTexts). */
  readonly pathText?: true;
  /** A path at which a regular file lies (a `with` body wrote one at the path its context manager yields: see yieldedPaths). */
  readonly regularFile?: true;
  /**
   * A class itself, not an instance of one (its className is then `builtins.type`): the class, by its qualified name
   * (absolute in a summary). Calling it makes an instance of it: a fixture returning `TestClient`, whose users call it.
   */
  readonly classObject?: string;
}

/** The blocking call runs only when `test` of the parameter is true (`negated`: false). */
export interface ParameterGuard {
  /** The parameter tested; for an `attribute` guard, the attribute of `self` tested. */
  readonly parameter: string;
  /** Its index among the arguments a caller writes (`self`/`cls` left out); undefined for keyword-only. */
  readonly position?: number;
  /** The parameter's default value, where known: it decides the test for a call that does not pass the parameter. */
  readonly default?: KnownValue;
  /** The test is of `self.<parameter>` in a method: no call's arguments decide it, unless `throughConstructor` says how. */
  readonly attribute?: boolean;
  /**
   * `hostName`: a host a socket call must look up, not a numeric address it parses (see hostNameGuard).
   * `urlHostName`: a URL whose host is such a name (`http://example.com/`, not `http://10.0.0.1/`; see hostNameGuard).
   * `subpathExists`: whether a path strictly below the parameter exists (`(base_dir / "data").exists()`), which a
   * directory just made, passed as the parameter, rules out (see freshDirectories).
   */
  readonly test:
    'isinstance' | 'isNone' | 'truthy' | 'hostName' | 'urlHostName' | 'equals' | 'contains' | 'startsWith' | 'subpathExists' | 'pathIs';
  /** For `isinstance`: the qualified names of the classes tested. */
  readonly classes?: readonly string[];
  /**
   * For `isinstance`: of the classes tested, the `@runtime_checkable` protocols of the guard's module, by qualified
   * name, with the members an instance needs to pass (see runtimeProtocols).
   */
  readonly protocols?: Readonly<Record<string, readonly string[]>>;
  /**
   * For `equals`: the text of the string literal the parameter is compared with (`host == "localhost"`); for
   * `contains`, the text the parameter is tested to hold (`"://" in filename`).
   */
  readonly equalTo?: string;
  /** For `startsWith`: the prefixes tested (`path.startswith(("http://", "https://"))`; see prefixTests). */
  readonly prefixes?: readonly string[];
  /**
   * For `pathIs`: what the test asks lies at the path (`os.path.isdir(path)`: a directory). Such a test is of the path a
   * generator yields, made on exit (its `parameter` is YIELDED_PATH): the body of the `with` entering it decides it.
   */
  readonly pathKind?: PathKind;
  readonly negated: boolean;
  /**
   * The test is one of several the branch needs (an operand of an `and`, or of an `or` it needs false: see neededTests),
   * some of which no argument decides: false rules the branch out, true does not tell.
   */
  readonly partial?: boolean;
  /** Other tests of the function's parameters the branch needs too (conditions around it, early returns before it). */
  readonly also?: readonly ParameterGuard[];
  /**
   * The test is one a function further down the chain makes of a parameter this function hands it unchanged (see
   * throughPassedParameter): a condition of this function's own it is not.
   */
  readonly passedOn?: boolean;
  /**
   * This test and its `also` are every condition the call runs under in its function (none tests something else, as
   * `os.path.isdir(name)` or an `except` clause does): where they all hold, the call runs. Set by callGuard only, not
   * on a guard carried to a caller (guardForwarding), which may leave tests out.
   */
  readonly complete?: true;
  /**
   * The test is a loop's (`for path in paths:`, `range(retries)`): it rules out a body that runs for nothing, and is no
   * branch of the function (see testsOwnParameter in transitiveBlocking.ts).
   */
  readonly loop?: true;
}

/**
 * A condition quoted for a message, and as a parameter guard where arguments can decide it (a guard without a condition:
 * one no message quotes, see callGuard).
 */
interface GuardedCondition {
  readonly condition?: string;
  readonly guard?: ParameterGuard;
  /**
   * Every condition quoted is a loop's (a `for` over data, a `while` test): the call runs where the loop runs at all,
   * on the function's main path rather than a branch of it (see MAX_CONDITION_DEPTH in transitiveBlocking.ts).
   */
  readonly loopsOnly?: true;
}

/**
 * Under what `call` runs in `functionNode`: the condition quoted, and as a parameter guard where arguments can decide
 * it. `own`: a condition of the call itself, innermost (a datagram socket's connect blocks only for a host name), with
 * its guard where arguments can decide it. `alike`: the calls that, made on the other branches of an `if` around it,
 * do what it does (by default, calls of the same function with arguments alike: see sameCallOnEveryBranch.ts).
 */
export function callGuard(
  call: SyntaxNode,
  functionNode: SyntaxNode,
  model: SemanticModel,
  scope: Scope,
  own?: { readonly condition: string; readonly guard?: ParameterGuard },
  alike?: AlikeCall,
): GuardedCondition {
  // A test module constants decide (`if not _IS_SYNC:`) holds wherever the call can run: no condition at all. Nor is a
  // loop over what surely has items (`for name in ("a", "b")`, a module constant list).
  const variable = (condition: CallCondition): boolean =>
    condition === 'except' ||
    (condition.iterated ? !iterableHasItems(condition.test, model, model.scopeOf(condition.test)) : !model.isConstantTest(condition.test));
  // The test of an `if` calling the same function on every branch is none either (see sameCallOnEveryBranch.ts).
  const onEveryBranch = callOnEveryBranch(call, functionNode, model, scope, variable, alike);
  // Where the calls on the branches are of different functions (`requests.get(url)`, else `open(path)`), its test still
  // says which one runs, which arguments may decide: not quoted, but a guard (see below).
  const sameFunction =
    alike && callOnEveryBranch(call, functionNode, model, scope, variable, alikeOfSameFunction(call, model, scope, alike));
  const branchTests: CallCondition[] = [];
  const covered = (construct: HoldingConstruct): boolean => {
    const tests = conditionsThrough(construct).filter(variable);
    if (tests.length === 0) return true;
    if (!onEveryBranch(construct)) return false;
    if (sameFunction && !sameFunction(construct)) branchTests.push(...tests);
    return true;
  };
  const conditions = enclosingConditions(call, functionNode, scope, covered).filter(variable);
  // An early return before the call (`if local_mode: return ...`) is a condition too where it tests a parameter, which
  // a caller's arguments may decide (`parse(path, local_mode=True)` never reaches the `open` after it).
  const exits = functionNode.type === 'function_definition' ? earlyExits(call, functionNode, scope).filter(variable) : [];
  const guards: ParameterGuard[] = own?.guard === undefined ? [] : [own.guard];
  const testedExits: CallCondition[] = [];
  let untested = own !== undefined && own.guard === undefined ? 1 : 0;
  for (const where of conditions) {
    const found = parameterGuardsOf(where, functionNode, model, scope);
    if (found.length > 0) guards.push(...found);
    else untested++;
  }
  // A test of what lies on disk below a parameter before an early return (`if not (dest / ".version").is_file():
  // return`) is not quoted, as other tests of the disk there are not (a path that exists where the code is used), but
  // still decides a call given a directory just made, which takes the return. Nor is a return under a test that is only
  // partly one of a parameter (`if not self.pid_file or not os.path.exists(self.pid_file): return`), as one under a
  // test of no parameter is not; an argument failing that part still takes the return (`_force_async=True` before
  // `if _force_async or isawaitable(delay): return ...`). Nor is one of how a string starts, most often a check of what
  // is given (`if not uri.startswith("gs://"): raise ValueError(...)`), which only a literal decides
  // (`ensure_blob("data:...")` returns early).
  const unquoted: ParameterGuard[] = [];
  for (const exit of exits) {
    const found = parameterGuardsOf(exit, functionNode, model, scope);
    const quotable = found.filter((guard) => guard.test !== 'subpathExists' && guard.test !== 'startsWith' && !guard.partial);
    unquoted.push(...found.filter((guard) => !quotable.includes(guard)));
    if (quotable.length === 0) continue;
    guards.push(...quotable);
    testedExits.push(exit);
  }
  // The test of an `if` making a call alike on every branch (`requests.get(url)` where a path starts with `http://`,
  // else `open(path)`) is no condition of blocking, but where arguments decide it, they rule out this branch's call:
  // the chain through another branch's shows instead.
  for (const test of branchTests) unquoted.push(...parameterGuardsOf(test, functionNode, model, scope));
  const around = describeConditions(conditions, testedExits);
  const condition = own === undefined ? around : around === undefined ? own.condition : `${around} and ${own.condition}`;
  const loopsOnly =
    own === undefined && testedExits.length === 0 && conditions.length > 0 && conditions.every((where) => where !== 'except' && where.loop)
      ? { loopsOnly: true as const }
      : {};
  // Each condition is needed: the call's own one, else the innermost one a caller's arguments can decide, is the
  // guard; the others go with it.
  // (A loop's test goes after the others: the guard is a branch's test where the call is under one. So does a test of
  // how a string starts, which only a literal decides: a chain is followed deep down through a test of the same
  // parameter's type beside it, `isinstance(source, str) and source.startswith("gs://")`, as through that alone.)
  const [guard, ...also] = [
    ...guards.filter((one) => !one.loop && one.test !== 'startsWith'),
    ...guards.filter((one) => !one.loop && one.test === 'startsWith'),
    ...guards.filter((one) => one.loop),
    ...unquoted,
  ];
  if (condition === undefined) return guard === undefined ? {} : { guard: also.length === 0 ? guard : { ...guard, also } };
  if (guard === undefined) return { condition, ...loopsOnly };
  // (Early returns that test no parameter are no conditions here: not quoted, and not needed for `complete`.)
  const complete = untested === 0 ? { complete: true as const } : {};
  return { condition, guard: { ...guard, ...(also.length === 0 ? {} : { also }), ...complete }, ...loopsOnly };
}

/**
 * The condition as tests of parameters of `functionNode` (or attributes of its `self`), where arguments can decide
 * them: one for each test it needs that is one (see neededTests), each `partial` where the condition needs others too
 * that are not (`not (_force_async or isawaitable(delay))`: failing, it rules the code out; holding, it does not tell).
 */
function parameterGuardsOf(
  condition: CallCondition,
  functionNode: SyntaxNode,
  model: SemanticModel,
  scope: Scope,
): readonly ParameterGuard[] {
  if (functionNode.type !== 'function_definition' || condition === 'except') return [];
  // What a loop iterates decides it as a truth test would (an empty container is false), where it is a name: a
  // parameter given `[]` runs the body for nothing (None raises before the body runs). So does the count of a
  // `range(retries)`, `retries=3` by default (a negative count, as rare, is taken for one that runs).
  const tested = condition.iterated ? iterationTruth(condition.test) : condition.test;
  if (!tested) return [];
  // The calls of one block share their conditions: each test is read once (module summaries ask for every call).
  let known = guardsByModel.get(model);
  if (!known) guardsByModel.set(model, (known = new Map()));
  const key = `${condition.test.id}:${condition.negated ? 1 : 0}:${scope.node.id}`;
  let guards = known.get(key);
  if (guards === undefined) {
    const parts = neededTests(tested, condition.negated);
    const found = parts.flatMap(({ test, negated }) => guardOfTest(test, negated, functionNode, model, scope) ?? []);
    const partial = found.length < parts.length ? { partial: true as const } : {};
    guards = found.map((guard) => ({ ...guard, ...partial, ...(condition.loop ? { loop: true as const } : {}) }));
    known.set(key, guards);
  }
  return guards;
}

/** What a loop iterating `iterable` runs for where it is true: a name (`items`), or the count of a `range(count)`. */
function iterationTruth(iterable: SyntaxNode): SyntaxNode | undefined {
  const node = unparenthesize(iterable);
  if (node.type === 'identifier' || node.type === 'attribute') return node;
  if (node.type !== 'call' || node.childForFieldName('function')?.text !== 'range') return undefined;
  const { positional, keywords, hasUnpacking } = callArguments(node);
  const count = positional.length === 1 && keywords.size === 0 && !hasUnpacking ? unparenthesize(positional[0]!) : undefined;
  return count?.type === 'identifier' || count?.type === 'attribute' ? count : undefined;
}

/** Per model: the guards each test makes, by test, negation and the scope of the calls asking. */
const guardsByModel = new WeakMap<SemanticModel, Map<string, readonly ParameterGuard[]>>();

function guardOfTest(
  written: SyntaxNode,
  negatedAbove: boolean,
  functionNode: SyntaxNode,
  model: SemanticModel,
  scope: Scope,
): ParameterGuard | undefined {
  let test = unparenthesize(written);
  let negated = negatedAbove;
  while (test.type === 'not_operator') {
    const operand = test.childForFieldName('argument');
    if (!operand) return undefined;
    test = unparenthesize(operand);
    negated = !negated;
  }
  const named = (node: SyntaxNode | null | undefined): TestedParameter | undefined =>
    node ? testedParameter(node, functionNode, model) : undefined;
  if (test.type === 'identifier' || test.type === 'attribute') {
    const target = named(test);
    return target && { ...target, test: 'truthy', negated };
  }
  if (test.type === 'comparison_operator') {
    const [left, right] = test.namedChildren;
    const operator = test.children
      .slice(1, -1)
      .map((child) => child.type)
      .join(' ');
    if (operator === '==' || operator === '!=') {
      // `host == "localhost"` (either side): a string argument's text decides it.
      const literal = [right, left].map((side) => (side?.type === 'string' ? plainStringText(side) : undefined));
      const target = literal[0] !== undefined ? named(left) : literal[1] !== undefined ? named(right) : undefined;
      const equalTo = literal[0] ?? literal[1];
      if (!target || equalTo === undefined || test.namedChildren.length !== 2) return undefined;
      return { ...target, test: 'equals', equalTo, negated: operator === '!=' ? !negated : negated };
    }
    if (operator === 'in' || operator === 'not in') {
      // `"://" in filename`: a string argument's text decides it.
      const text = left?.type === 'string' ? plainStringText(left) : undefined;
      const target = text === undefined ? undefined : named(right);
      if (!target || text === undefined || test.namedChildren.length !== 2) return undefined;
      return { ...target, test: 'contains', equalTo: text, negated: operator === 'not in' ? !negated : negated };
    }
    const target = named(left);
    if (!target || right?.type !== 'none' || (operator !== 'is' && operator !== 'is not')) return undefined;
    return { ...target, test: 'isNone', negated: operator === 'is not' ? !negated : negated };
  }
  if (test.type === 'call' && test.childForFieldName('function')?.text === 'isinstance') {
    const [value, types] = callArguments(test).positional;
    const target = named(value);
    if (!target || !types) return undefined;
    const classNodes = classesListed(types);
    // A class of this module has no qualified name here; a runtime-checkable protocol of it needs none, being decided by
    // its members (named `<this module>.Name`, which no class of a value is).
    const protocols: Record<string, readonly string[]> = {};
    const classes = classNodes.map((node) => {
      const members = runtimeProtocolMembers(node, model, scope);
      const name = model.qualifiedName(node, scope) ?? (members && `<this module>.${node.text}`);
      if (members && name !== undefined) protocols[name] = members;
      return name;
    });
    if (classes.some((name) => name === undefined)) return undefined;
    const checked = Object.keys(protocols).length > 0 ? { protocols } : {};
    return { ...target, test: 'isinstance', classes: classes as string[], ...checked, negated };
  }
  // What lies at the path a `@contextmanager` yields, tested in its clean-up (see yieldedPaths).
  const pathKind = yieldedPathTest(test, functionNode, model, scope);
  if (pathKind !== undefined) return { parameter: YIELDED_PATH, test: 'pathIs', pathKind, negated };
  const prefixed = startsWithTest(test);
  if (prefixed) {
    const target = named(prefixed.subject);
    return target && { ...target, test: 'startsWith', prefixes: prefixed.prefixes, negated };
  }
  if (test.type === 'call') {
    const parameters = parametersOf(functionNode);
    const parameter = subpathTestedIn(test, functionNode, model, parameters.receiver);
    const target = parameter === undefined ? undefined : namedParameter(parameter, parameters, model);
    return target && { ...target, test: 'subpathExists', negated };
  }
  return undefined;
}

/** A parameter as a guard names it: where callers pass it and its default, or the attribute of `self` it is. */
type TestedParameter = Pick<ParameterGuard, 'parameter' | 'position' | 'default' | 'attribute'>;

/**
 * The parameter of `functionNode` that `node` (read in its body) is: the parameter itself, a local copy made at the top
 * of the body (`docker_host = url`) and not changed before, or `self.name`, unless this method sets it itself (then
 * what the constructor set is not what is read), or sets it only to a parameter at the top of its body (`self.images =
 * images`, then `if self.images:`: the parameter).
 */
function testedParameter(node: SyntaxNode, functionNode: SyntaxNode, model: SemanticModel): TestedParameter | undefined {
  const parameters = parametersOf(functionNode);
  if (node.type === 'attribute' && parameters.receiver !== undefined && node.childForFieldName('object')?.text === parameters.receiver) {
    const attribute = node.childForFieldName('attribute');
    if (attribute?.type !== 'identifier') return undefined;
    if (!setBeforeTest(functionNode, parameters.receiver, attribute.text, node)) return { parameter: attribute.text, attribute: true };
    const source = parameterStoredBefore(node, functionNode, parameters, model);
    return source === undefined ? undefined : namedParameter(source, parameters, model);
  }
  if (node.type !== 'identifier') return undefined;
  const name = parameters.byName.has(node.text) ? node.text : copiedParameter(node, functionNode, parameters, model);
  return name === undefined ? undefined : namedParameter(name, parameters, model);
}

/** The parameter `name` as a guard names it: where callers pass it, and its default. */
function namedParameter(name: string, parameters: Parameters, model: SemanticModel): TestedParameter | undefined {
  const parameter = parameters.byName.get(name);
  if (!parameter) return undefined;
  const fallback = parameter.default && defaultValue(parameter.default, model);
  return {
    parameter: name,
    ...(parameter.position === undefined ? {} : { position: parameter.position }),
    ...(fallback === undefined ? {} : { default: fallback }),
  };
}

/**
 * For a socket call that looks `host` up unless it is a numeric address (a datagram socket's `connect((host, port))`):
 * the guard saying so, where `host` is a parameter of `functionNode` (or a copy of one) that the function does not
 * set again, so that the arguments of a call (`get_ip()` with its default `host="8.8.8.8"`) decide it. `urlHostName`:
 * `host` is a URL whose host the call is given (`urlsplit(url).hostname`), which a URL written out decides.
 */
export function hostNameGuard(
  host: SyntaxNode,
  functionNode: SyntaxNode,
  model: SemanticModel,
  test: 'hostName' | 'urlHostName' = 'hostName',
): ParameterGuard | undefined {
  if (functionNode.type !== 'function_definition') return undefined;
  const node = unparenthesize(host);
  const scope = model.scopeOfDefinition(functionNode);
  // A parameter bound again in the body (`host = resolve(host)`) is no longer what the caller passed.
  if (
    node.type === 'identifier' &&
    scope &&
    model.bindingsIn(scope, node.text).length !== 1 &&
    parametersOf(functionNode).byName.has(node.text)
  )
    return undefined;
  const tested = testedParameter(node, functionNode, model);
  return tested && { ...tested, test, negated: false };
}

/**
 * The parameter that the local variable `name` (read by a test) holds: its one binding before the test is `name =
 * parameter` at the top of the function's body, and no binding in a loop around the test may have changed it since.
 */
function copiedParameter(name: SyntaxNode, functionNode: SyntaxNode, parameters: Parameters, model: SemanticModel): string | undefined {
  const scope = model.scopeOfDefinition(functionNode);
  if (!scope || scope.globals.has(name.text) || scope.nonlocals.has(name.text)) return undefined;
  const bindings = model.bindingsIn(scope, name.text);
  const before = bindings.filter((binding) => binding.position < name.startIndex);
  const copy = before.length === 1 ? before[0]! : undefined;
  const source = copy?.kind === 'assignment' && copy.value?.type === 'identifier' ? copy.value.text : undefined;
  if (source === undefined || !parameters.byName.has(source)) return undefined;
  // At the top of the body: `name = parameter` as a statement of the function's own block.
  const statement = copy!.node.parent?.parent;
  if (statement?.type !== 'expression_statement' || statement.parent?.id !== functionNode.childForFieldName('body')?.id) return undefined;
  const inLoop = inLoopAround(name, functionNode);
  return bindings.some((binding) => inLoop(binding.position)) ? undefined : source;
}

/**
 * A default value as far as it is known: a literal, or a module-level name bound once to a literal (`LOGGING_CONFIG
 * = {...}`, as a default `log_config=LOGGING_CONFIG`). Defaults are evaluated where the function is defined.
 */
export function defaultValue(node: SyntaxNode, model: SemanticModel): KnownValue | undefined {
  const value = unparenthesize(node);
  if (value.type !== 'identifier') return literalValue(value);
  const bindings = model.bindingsIn(model.module, value.text);
  const only = bindings.length === 1 ? bindings[0] : undefined;
  return only?.kind === 'assignment' && only.value ? literalValue(unparenthesize(only.value)) : undefined;
}

/** A parameter as callers see it: its index among the arguments they write (undefined after `*`), and its default. */
interface ParameterInfo {
  readonly position?: number;
  readonly default?: SyntaxNode;
}

interface Parameters {
  readonly byName: ReadonlyMap<string, ParameterInfo>;
  /** A method's `self` (or `cls`): left out of the positions. */
  readonly receiver?: string;
  /** The `**` parameter's name (`kwargs`). */
  readonly keywords?: string;
}

/** Each definition's parameters: asked for every guarded call in it. */
const parametersByDefinition = new WeakMap<SyntaxNode, Parameters>();

export function parametersOf(definition: SyntaxNode): Parameters {
  let parameters = parametersByDefinition.get(definition);
  if (!parameters) {
    parameters = readParameters(definition);
    parametersByDefinition.set(definition, parameters);
  }
  return parameters;
}

function readParameters(definition: SyntaxNode): Parameters {
  const byName = new Map<string, ParameterInfo>();
  let receiver: string | undefined;
  let keywords: string | undefined;
  let skip = isMethodDefinition(definition) && !isStaticMethod(definition) ? 1 : 0;
  let position: number | undefined = 0;
  for (const parameter of definition.childForFieldName('parameters')?.namedChildren ?? []) {
    // `*args`, `*`, `**kwargs`, annotated or not: the parameters after them are keyword-only.
    const pattern = parameter.type === 'typed_parameter' ? parameter.firstNamedChild : parameter;
    if (pattern?.type === 'list_splat_pattern' || parameter.type === 'keyword_separator' || pattern?.type === 'dictionary_splat_pattern') {
      if (pattern?.type === 'dictionary_splat_pattern') keywords = pattern.firstNamedChild?.text;
      position = undefined;
      continue;
    }
    if (parameter.type === 'positional_separator' || parameter.type === 'comment') continue;
    const name = parameter.type === 'identifier' ? parameter : (parameter.childForFieldName('name') ?? parameter.firstNamedChild);
    if (name?.type !== 'identifier') continue;
    if (skip > 0) {
      skip--;
      receiver = name.text;
      continue;
    }
    const fallback =
      parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter' ? parameter.childForFieldName('value') : null;
    byName.set(name.text, { ...(position === undefined ? {} : { position }), ...(fallback ? { default: fallback } : {}) });
    if (position !== undefined) position++;
  }
  return { byName, ...(receiver === undefined ? {} : { receiver }), ...(keywords === undefined ? {} : { keywords }) };
}

/**
 * The parameter that the attribute `self.name` (read by a test) holds: the only assignment to it that may come before
 * the test is `self.name = parameter`, a statement of the function's own block (not under a condition or in a loop
 * around the test), and the parameter is bound nowhere else in the function.
 */
function parameterStoredBefore(
  read: SyntaxNode,
  functionNode: SyntaxNode,
  parameters: Parameters,
  model: SemanticModel,
): string | undefined {
  const attribute = read.childForFieldName('attribute')?.text;
  const inLoop = inLoopAround(read, functionNode);
  const stores = functionNode
    .descendantsOfType(['assignment', 'augmented_assignment'])
    .filter(
      (assignment) =>
        assignedAttribute(assignment.childForFieldName('left'), parameters.receiver!) === attribute &&
        (assignment.startIndex < read.startIndex || inLoop(assignment.startIndex)),
    );
  const store = stores.length === 1 ? stores[0]! : undefined;
  const value = store?.type === 'assignment' ? store.childForFieldName('right') : undefined;
  if (value?.type !== 'identifier' || !parameters.byName.has(value.text) || inLoop(store!.startIndex)) return undefined;
  if (store!.parent?.type !== 'expression_statement' || store!.parent.parent?.id !== functionNode.childForFieldName('body')?.id)
    return undefined;
  const scope = model.scopeOfDefinition(functionNode);
  return scope && model.bindingsIn(scope, value.text).length === 1 ? value.text : undefined;
}

/**
 * Whether `definition` may have set `receiver.attribute` before `test` reads it: an assignment written before the test,
 * or in a loop around it (one written after it, in its branch, replaces what was tested once it was).
 */
function setBeforeTest(definition: SyntaxNode, receiver: string, attribute: string, test: SyntaxNode): boolean {
  const inLoop = inLoopAround(test, definition);
  return definition
    .descendantsOfType(['assignment', 'augmented_assignment'])
    .some(
      (assignment) =>
        assignedAttribute(assignment.childForFieldName('left'), receiver) === attribute &&
        (assignment.startIndex < test.startIndex || inLoop(assignment.startIndex)),
    );
}

/** Classes whose instances are also instances of the key (enough for the guards libraries write). */
const SUBCLASSES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  [
    'io.IOBase',
    new Set([
      'io.RawIOBase',
      'io.BufferedIOBase',
      'io.TextIOBase',
      'io.BytesIO',
      'io.StringIO',
      'io.FileIO',
      'io.BufferedReader',
      'io.BufferedWriter',
      'io.BufferedRandom',
      'io.BufferedRWPair',
      'io.TextIOWrapper',
    ]),
  ],
  ['io.BufferedIOBase', new Set(['io.BytesIO', 'io.BufferedReader', 'io.BufferedWriter', 'io.BufferedRandom', 'io.BufferedRWPair'])],
  ['io.TextIOBase', new Set(['io.StringIO', 'io.TextIOWrapper'])],
  ['io.RawIOBase', new Set(['io.FileIO'])],
  ['builtins.int', new Set(['builtins.bool'])],
]);

/** Literal kinds and the builtin class of their value. */
const LITERAL_CLASSES: ReadonlyMap<string, string> = new Map([
  ['string', 'builtins.str'],
  ['concatenated_string', 'builtins.str'],
  ['integer', 'builtins.int'],
  ['float', 'builtins.float'],
  ['true', 'builtins.bool'],
  ['false', 'builtins.bool'],
  ['list', 'builtins.list'],
  ['dictionary', 'builtins.dict'],
  ['tuple', 'builtins.tuple'],
  ['set', 'builtins.set'],
]);

/** Where the fixtures of the conftest.py files above the file are found (see ProjectView.conftestFixture), when the project is indexed. */
type ConftestFixtures = Pick<ProjectView, 'conftestFixture'> | undefined;

/** What a guard's test may ask of the indexed project: its conftest.py fixtures, and its classes (see projectSubclasses). */
type ProjectFacts = (Pick<ProjectView, 'conftestFixture'> & ProjectClasses) | undefined;

/** Whether the class named (as the calling module writes it) is, or derives from, one of the classes tested. */
type SubclassTest = (className: string, classes: readonly string[]) => boolean;

/**
 * Whether the guarded branch runs for `call`'s arguments: false when they show it cannot (any of its tests fails),
 * true when they show it does, undefined when they do not tell (a name, an unknown class, unpacking of what the file
 * does not show whole: see unpackedKeywords).
 */
export function guardHolds(
  guard: ParameterGuard,
  call: SyntaxNode,
  model: SemanticModel,
  scope: Scope,
  project?: ProjectFacts,
): boolean | undefined {
  const args = callArguments(call);
  const subclass: SubclassTest | undefined = project && ((className, classes) => derivesFromAny(className, classes, project));
  const holdsWith = (unpacked: UnpackedKeywords | undefined): boolean | undefined =>
    everyTest(guard, subclass, (test) => {
      if (test.attribute) return undefined;
      if (test.test === 'pathIs') return pathLeftByWithBody(call, model, scope);
      const keyword = args.keywords.get(test.parameter);
      const positional = test.position === undefined ? undefined : args.positional[test.position];
      const written = keyword ?? positional;
      const argument = written ? { value: written, scope } : unpacked?.get(test.parameter);
      // Not passed: the default decides, unless unpacked arguments may pass it.
      if (!argument) return args.hasUnpacking && !unpacked ? undefined : test.default;
      // A test of what lies under a path asks only whether it is one nothing lies under (see testHolds).
      if (test.test === 'subpathExists') return isVacantPath(argument.value, model, argument.scope) ? VACANT : undefined;
      return argumentValue(unparenthesize(argument.value), model, argument.scope, project);
    });
  // `**config` of dicts the file shows whole passes their keys and no others (see unpackedKeywords): each dict it may
  // be is a case of its own, and the arguments decide the branch only where they decide it alike in every case.
  const cases = args.hasUnpacking ? unpackedKeywords(call, model, scope) : undefined;
  if (!cases) return holdsWith(undefined);
  const results = new Set(cases.map(holdsWith));
  return results.size === 1 ? [...results][0] : undefined;
}

/**
 * What a call's arguments are known to be, kept in module summaries for calls into other modules: for each argument
 * written, its value where known (null: passed, not known), and whether `*`/`**` unpacking may pass others.
 */
export interface KnownArguments {
  readonly positional: readonly (KnownValue | null)[];
  readonly keywords: Readonly<Record<string, KnownValue | null>>;
  readonly unpacking?: true;
}

/**
 * The arguments of `call` (in `scope`) as far as a summary keeps them; undefined when none is known (nor is the set of
 * keywords a `**` passes: see unpackedKeywords). Kept: literals that rule branches out of the tests guards make (None,
 * True/False, builtin containers), and paths nothing lies under (a directory just made: see freshDirectories); a string
 * or a number rarely does, and nearly every call has one (a log message), which would fill every summary.
 */
export function knownArguments(call: SyntaxNode, model: SemanticModel, scope: Scope): KnownArguments | undefined {
  const args = callArguments(call);
  let known = false;
  const valueOf = (argument: SyntaxNode, where = scope): KnownValue | null => {
    // Literals only, and paths: a summary is made for every call of every module, and asking the model what a name or
    // a call's result is, for each argument, cost a tenth of a cold lint (isVacantPath reads a name's bindings only
    // where it may be a directory just made).
    const value = literalValue(unparenthesize(argument));
    const kept =
      value !== undefined && (value.isNone || KEPT_CLASSES.test(value.className ?? ''))
        ? value
        : value === undefined && isVacantPath(argument, model, where)
          ? VACANT
          : null;
    known ||= kept !== null;
    return kept;
  };
  const positional = args.positional.map((argument) => valueOf(argument));
  const keywords: Record<string, KnownValue | null> = {};
  // `**config` of dicts the file shows whole (see unpackedKeywords) passes their keys and no others: worth keeping even
  // where no value is known, as a parameter none passes keeps its default. (A key only some of the dicts have, or one
  // of several, is passed with a value not known.)
  const cases = args.hasUnpacking ? unpackedKeywords(call, model, scope) : undefined;
  for (const unpacked of cases ?? [])
    for (const [name, { value, scope: where }] of unpacked) keywords[name] = cases!.length === 1 ? valueOf(value, where) : null;
  for (const [name, argument] of args.keywords) keywords[name] = valueOf(argument);
  if (!known && !cases) return undefined;
  return { positional, keywords, ...(args.hasUnpacking && !cases ? { unpacking: true as const } : {}) };
}

/** What is known of the text of a pathlib path: a string, never empty (`str(Path(""))` is `.`; see pathTexts). */
const PATH_TEXT: KnownValue = { className: 'builtins.str', isNone: false, truthy: true, pathText: true };

/** What is known of a path nothing lies under: not None, and true (a path, or the non-empty string of one). */
const VACANT: KnownValue = { isNone: false, truthy: true, vacant: true };

/** The classes of the argument values knownArguments keeps. */
const KEPT_CLASSES = /^builtins\.(?:bool|dict|list|tuple|set|frozenset)$/;

/** guardHolds for a call in another module, from the arguments its module's summary kept. */
export function guardHoldsFor(guard: ParameterGuard, known: KnownArguments): boolean | undefined {
  return everyTest(guard, undefined, (test) => {
    if (test.attribute) return undefined;
    if (Object.hasOwn(known.keywords, test.parameter)) return known.keywords[test.parameter] ?? undefined;
    if (test.position !== undefined && test.position < known.positional.length) return known.positional[test.position] ?? undefined;
    return known.unpacking ? undefined : test.default;
  });
}

/**
 * The guard's tests (its own and `also`) decided with `valueOf` each parameter: false if any fails. `subclass`: what the
 * project shows of its classes, for `isinstance` tests.
 */
function everyTest(
  guard: ParameterGuard,
  subclass: SubclassTest | undefined,
  valueOf: (test: ParameterGuard) => KnownValue | undefined,
): boolean | undefined {
  // Tests that cannot all hold rule the branch out for any arguments.
  if (contradictsItself(guard)) return false;
  let all: boolean | undefined = true;
  for (const test of [guard, ...(guard.also ?? [])]) {
    const value = valueOf(test);
    const result = value === undefined ? undefined : testHolds(test, value, subclass);
    const holds = result === undefined ? undefined : result !== test.negated;
    if (holds === false) return false;
    if (holds === undefined || test.partial) all = undefined;
  }
  return all;
}

/**
 * What an argument is known to be: a literal, None, a call (of a class, when its name says which), a local bound once to
 * such a call, a parameter of the calling function annotated with a builtin container or `str` (`logging_config:
 * dict[str, Any]`), or a parameter of a test or a fixture that receives a fixture handing out such a value (see
 * fixtureValue).
 */
function argumentValue(argument: SyntaxNode, model: SemanticModel, scope: Scope, project?: ProjectFacts): KnownValue | undefined {
  if (argument.type === 'call') {
    if (isPathText(argument, model, scope)) return PATH_TEXT;
    const className = model.calleeName(argument, scope);
    return className === undefined ? { isNone: false } : { className, isNone: false };
  }
  if (argument.type === 'identifier')
    return (
      annotatedParameter(argument, model, scope) ??
      moduleConstant(argument, model, scope) ??
      madeByCall(argument, model, scope) ??
      fixtureValue(argument, model, scope, project) ??
      declaredValue(argument, model, scope, project)
    );
  if (argument.type === 'attribute') return declaredValue(argument, model, scope, project);
  return literalValue(argument);
}

/**
 * A name or attribute known only by the classes it is declared to be (see argumentClasses): `asset.data` under `if
 * isinstance(asset, BytesAsset):`, declared `bytes | bytearray`, is no `Path`.
 */
function declaredValue(argument: SyntaxNode, model: SemanticModel, scope: Scope, project: ProjectFacts): KnownValue | undefined {
  const declaredClasses = argumentClasses(argument, model, scope, project);
  return declaredClasses && { isNone: false, declaredClasses };
}

/**
 * The value of a local name bound once, in its function, to a call of a class (`file = SpooledTemporaryFile()`, named
 * like one) or of `open()`: what the call makes, never None, as argumentValue reads a call written as the argument;
 * or to a call of a function or method of this file giving such a value (see helperResult).
 */
function madeByCall(name: SyntaxNode, model: SemanticModel, scope: Scope): KnownValue | undefined {
  const binding = model.resolve(name, scope);
  if (binding?.kind !== 'assignment' || binding.scope.kind !== 'function' || !binding.value) return undefined;
  const value = unparenthesize(binding.value);
  if (value.type !== 'call' || model.bindingsIn(binding.scope, name.text).length !== 1) return undefined;
  return constructed(value, model, binding.scope) ?? helperResult(value, model, binding.scope);
}

/** The definitions helperResult is reading, by node id: a function returning its own result (recursion) is not known. */
const helpersBeingRead = new Set<number>();

/**
 * What a call of a function or method of this file gives (see functionOrMethodCalled), where no path falls off its end
 * and each `return` gives a value known not to be None, as a fixture's (see resultValue): a test class's helper
 * `self.make_config()` whose `return config` gives `config = Config(...)`.
 */
function helperResult(call: SyntaxNode, model: SemanticModel, scope: Scope): KnownValue | undefined {
  const definition = functionOrMethodCalled(call, scope, model);
  const body = definition && model.scopeOfDefinition(definition);
  if (!body || helpersBeingRead.has(definition.id)) return undefined;
  helpersBeingRead.add(definition.id);
  try {
    return notNoneAlike(returnedValues(definition, model)?.map((value) => resultValue(value, model, body)));
  } finally {
    helpersBeingRead.delete(definition.id);
  }
}

/**
 * What a value a function returns (or a fixture yields) is, where known: a call of a class or of a helper (see
 * helperResult), a local bound once to one, a module constant, a literal.
 */
function resultValue(result: SyntaxNode, model: SemanticModel, scope: Scope): KnownValue | undefined {
  if (result.type === 'call') return constructed(result, model, scope) ?? helperResult(result, model, scope);
  if (result.type === 'identifier')
    return madeByCall(result, model, scope) ?? moduleConstant(result, model, scope) ?? importedClass(result, model, scope);
  return literalValue(result);
}

/**
 * The class itself that a name imported from another module and spelled as a class stands for (see namedClass: `return
 * TestClient` in a fixture handing the class out): never None, true.
 */
function importedClass(name: SyntaxNode, model: SemanticModel, scope: Scope): KnownValue | undefined {
  const named = namedClass(name, scope, model);
  return named && 'name' in named ? { className: 'builtins.type', isNone: false, truthy: true, classObject: named.name } : undefined;
}

/** What values all are where each is known and none is None (see sameOf); undefined for none, or any unknown or None. */
function notNoneAlike(values: readonly (KnownValue | undefined)[] | undefined): KnownValue | undefined {
  const known = values?.filter((value): value is KnownValue => value !== undefined && !value.isNone) ?? [];
  return known.length > 0 && known.length === values?.length ? sameOf(known) : undefined;
}

/** What a call of a constructor (named like a class) or of `open()` makes; undefined for another call, whose result may be None. */
function constructed(call: SyntaxNode, model: SemanticModel, scope: Scope): KnownValue | undefined {
  const callee = model.calleeName(call, scope) ?? model.calleeLastName(call);
  const last = callee.slice(callee.lastIndexOf('.') + 1);
  if (!/^[A-Z]/.test(last) && callee !== 'builtins.open') return instanceOfHandedOutClass(call, model, scope);
  return argumentValue(call, model, scope);
}

/**
 * What calling a class that a fixture of this file hands out makes (see handedOutValue): `client_cls(app)` in a fixture
 * receiving `client_cls`, a fixture returning the class `TestClient`, is an instance of it.
 */
function instanceOfHandedOutClass(call: SyntaxNode, model: SemanticModel, scope: Scope): KnownValue | undefined {
  const callee = call.childForFieldName('function');
  const binding = callee?.type === 'identifier' ? model.resolve(callee, scope) : undefined;
  const requested = binding && requestedFixture(binding, model);
  const made = requested && 'definition' in requested ? handedOutValue(requested.definition, model)?.classObject : undefined;
  return made === undefined ? undefined : { className: made, isNone: false };
}

/**
 * What pytest hands the parameter `name` of a test or a fixture, where the fixture it receives (one of this file, see
 * requestedFixture, else the nearest conftest.py's) hands out a value known not to be None: mcp-agent's
 * `settings_with_otel` fixture returning `Settings(otel=otel_settings)`, given to `MCPApp(settings=settings_with_otel)`.
 */
function fixtureValue(name: SyntaxNode, model: SemanticModel, scope: Scope, conftests: ConftestFixtures): KnownValue | undefined {
  const binding = model.resolve(name, scope);
  const requested = binding && requestedFixture(binding, model);
  if (!requested) return undefined;
  return 'definition' in requested ? handedOutValue(requested.definition, model) : (conftests?.conftestFixture(name.text) ?? undefined);
}

/** Per fixture definition: what it hands out (null: not known, or may be None). */
const handedOutByDefinition = new WeakMap<SyntaxNode, KnownValue | null>();

/**
 * What the fixture `definition` hands out (see fixtureResults), where every value it returns or yields is known and
 * not None (see resultValue): a class's instance (`Settings(...)`, a local bound once to one, or what a helper of the
 * file giving one gives), or a literal other than None.
 */
export function handedOutValue(definition: SyntaxNode, model: SemanticModel): KnownValue | undefined {
  let known = handedOutByDefinition.get(definition);
  if (known === undefined) {
    // Not known while it is read: a fixture receiving a fixture of its own name hands out nothing known.
    handedOutByDefinition.set(definition, null);
    const scope = model.scopeOfDefinition(definition);
    known = (scope && notNoneAlike(fixtureResults(definition, model)?.map((result) => resultValue(result, model, scope)))) ?? null;
    handedOutByDefinition.set(definition, known);
  }
  return known ?? undefined;
}

/** What several values, none of them None, all are: not None, and their class, truth, text and class called where they all agree. */
function sameOf([first, ...rest]: readonly KnownValue[]): KnownValue {
  const className = rest.every((value) => value.className === first!.className) ? first!.className : undefined;
  const truthy = rest.every((value) => value.truthy === first!.truthy) ? first!.truthy : undefined;
  const text = rest.every((value) => value.text === first!.text) ? first!.text : undefined;
  const classObject = rest.every((value) => value.classObject === first!.classObject) ? first!.classObject : undefined;
  return {
    isNone: false,
    ...(className === undefined ? {} : { className }),
    ...(truthy === undefined ? {} : { truthy }),
    ...(text === undefined ? {} : { text }),
    ...(classObject === undefined ? {} : { classObject }),
  };
}

/** The value of a name that is the module's, bound once to a literal (`default_host = "127.0.0.1"`). */
function moduleConstant(name: SyntaxNode, model: SemanticModel, scope: Scope): KnownValue | undefined {
  const binding = model.resolve(name, scope);
  if (binding?.scope !== model.module || model.bindingsIn(model.module, name.text).length !== 1) return undefined;
  return binding.kind === 'assignment' && binding.value ? literalValue(unparenthesize(binding.value)) : undefined;
}

/**
 * Annotations that name the class of the value, by the annotation's qualified name: builtin containers and `str`
 * (numbers are left out: an `int` is accepted where `float` is annotated, `bool` where `int` is).
 */
const ANNOTATED_CLASSES: ReadonlyMap<string, string> = new Map([
  ...['dict', 'list', 'tuple', 'set', 'frozenset', 'str'].map((name) => [`builtins.${name}`, `builtins.${name}`] as const),
  ...['Dict', 'List', 'Tuple', 'Set', 'FrozenSet'].map((name) => [`typing.${name}`, `builtins.${name.toLowerCase()}`] as const),
]);

/**
 * The value of a parameter read as an argument, as its annotation declares it: `x: dict` or `x: dict[str, Any]` (not
 * `x: dict = None`, not `*x: dict`), where the parameter is the name's only binding in its function.
 */
function annotatedParameter(name: SyntaxNode, model: SemanticModel, scope: Scope): KnownValue | undefined {
  const binding = model.resolve(name, scope);
  const declared = binding?.node.parent;
  if (binding?.kind !== 'parameter' || !binding.annotation) return undefined;
  if (declared?.type !== 'typed_parameter' && declared?.type !== 'typed_default_parameter') return undefined;
  if (declared.childForFieldName('value')?.type === 'none' || model.bindingsIn(binding.scope, name.text).length !== 1) return undefined;
  let written = binding.annotation.type === 'type' ? binding.annotation.firstNamedChild : binding.annotation;
  if (written?.type === 'generic_type') written = written.firstNamedChild;
  else if (written?.type === 'subscript') written = written.childForFieldName('value');
  if (written?.type !== 'identifier' && written?.type !== 'attribute') return undefined;
  const annotated = model.qualifiedName(written, binding.scope);
  const className = annotated === undefined ? undefined : ANNOTATED_CLASSES.get(annotated);
  return className === undefined ? undefined : { className, isNone: false };
}

function literalValue(node: SyntaxNode): KnownValue | undefined {
  switch (node.type) {
    case 'none':
      return { className: 'builtins.NoneType', isNone: true, truthy: false };
    case 'true':
    case 'false':
      return { className: 'builtins.bool', isNone: false, truthy: node.type === 'true' };
    case 'string':
    case 'integer': {
      const text = plainStringText(node);
      return {
        className: node.type === 'integer' ? 'builtins.int' : /^[a-zA-Z]*[bB]/.test(node.text) ? 'builtins.bytes' : 'builtins.str',
        isNone: false,
        truthy: !/^[bBrRuUfF]*(?:''|""|0)$/.test(node.text),
        ...(text === undefined ? {} : { text }),
      };
    }
  }
  const className = LITERAL_CLASSES.get(node.type);
  return className === undefined ? undefined : { className, isNone: false };
}

function testHolds(guard: ParameterGuard, value: KnownValue, subclass?: SubclassTest): boolean | undefined {
  // A value known by its declared classes alone fails a test of classes none of them can be (a protocol tested is
  // none whose relations are known), and decides nothing else (whatever `isNone` says).
  if (value.declaredClasses)
    return guard.test === 'isinstance' && failsInstanceTest(value.declaredClasses, guard.classes ?? []) ? false : undefined;
  switch (guard.test) {
    case 'hostName':
      // None is no host (`connect((None, 80))` raises at once); a string's text says whether it is a number.
      if (value.isNone) return false;
      return value.text === undefined ? undefined : !isNumericHost(value.text);
    case 'urlHostName': {
      // None is no URL: splitting it raises before any connect. A URL without `//` names no host urlsplit reads as one.
      if (value.isNone) return false;
      const host = value.text === undefined ? undefined : urlHost(value.text);
      return host === undefined ? undefined : !isNumericHost(host);
    }
    case 'isNone':
      return value.isNone;
    case 'subpathExists':
      // Nothing lies under a directory just made; under any other path, something may.
      return value.vacant === true ? false : undefined;
    case 'truthy':
      return value.truthy;
    case 'equals':
      // None, or a literal of another builtin class, is never equal to a string.
      if (value.text !== undefined) return value.text === guard.equalTo;
      return value.isNone || (value.className?.startsWith('builtins.') === true && value.className !== 'builtins.str') ? false : undefined;
    case 'contains':
      // A string's text says, as a path's does of `://` (see pathTexts); `in` of None raises, and of another object is
      // its own business.
      if (value.pathText && neverInPathText(guard.equalTo ?? '')) return false;
      return value.text === undefined ? undefined : value.text.includes(guard.equalTo ?? '');
    case 'startsWith':
      return startsWithHolds(guard.prefixes ?? [], value);
    case 'pathIs':
      return pathKindHolds(guard.pathKind ?? 'any', value);
    case 'isinstance': {
      const classes = guard.classes ?? [];
      // A runtime-checkable protocol asks for members, not for a class: `io.BytesIO` has `read`, `seek` and `tell`.
      const protocols = guard.protocols ?? {};
      const hasMembers = (known: string): (boolean | undefined)[] =>
        classes.map((tested) => (Object.hasOwn(protocols, tested) ? satisfiesProtocol(known, protocols[tested]!) : undefined));
      if (value.isNone) return classes.includes('builtins.NoneType') || hasMembers('builtins.NoneType').includes(true);
      const known = value.className;
      if (known === undefined) return undefined;
      // What `open()` returns depends on its mode (a TextIOWrapper, a BufferedReader...): an `io.IOBase` every time.
      if (known === 'builtins.open') return classes.includes('io.IOBase') ? true : undefined;
      if (classes.some((tested) => tested === known || SUBCLASSES.get(tested)?.has(known) === true)) return true;
      // A class of the project, or one deriving from it in the project, however each was imported (`ReactPyCsr` made
      // in a test, `isinstance(app, ReactPy)` in another module). What the project does not show proves nothing.
      if (subclass?.(known, classes) === true) return true;
      const structural = hasMembers(known);
      if (structural.includes(true)) return true;
      // Not an instance only where both sides are classes this table knows the family of: a literal's
      // builtin class or an `io` class, tested against builtin (not `object`), `io` or `pathlib` classes (concrete
      // classes: no other class registers as their virtual subclass, as one may with an abstract base class).
      const closed = (name: string): boolean =>
        (name.startsWith('builtins.') && name !== 'builtins.object') || name.startsWith('io.') || name.startsWith('pathlib.');
      return closed(known) && classes.every((tested, index) => closed(tested) || structural[index] === false) ? false : undefined;
    }
  }
}
