// How a guard (see parameterGuard) on a parameter of a called function becomes one on a parameter of its caller, so
// that the arguments of a call further up decide it: a constructor's `self.name = name` before the method that tests
// `self.name` (`throughConstructor`), `**kwargs` handed on (`forwardedGuard`), and a parameter handed on as it came
// (`throughPassedParameter`: dask's `get_ipv6(host="2001:4860:4860::8888")` calls `_get_ip(host, ...)`, whose socket
// looks `host` up only when it is a name).
import type { Point, SyntaxNode } from '../analysis/pythonParser';
import { assignedAttribute, callArguments, hasAsyncKeyword, isBefore, plainStringText } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { attributeWrites } from './declaredAttributes';
import { keywordRead, keywordsOnlyRead } from './keywordReads';
import { defaultValue, parametersOf, type KnownValue, type ParameterGuard } from './parameterGuard';

/** A constructor's `self.<attribute> = <parameter>`, at the top of its body: the parameter, as a guard names it. */
export interface AttributeFromParameter {
  readonly attribute: string;
  readonly parameter: string;
  readonly position?: number;
  readonly default?: KnownValue;
  /** Where the assignment starts: it decides only calls made after it. */
  readonly start: Point;
  /**
   * The attribute is not the parameter but whether this test of it holds (`self.persistent = location != ":memory:"`,
   * `self.offline = url is None`): a truth test of the attribute is that test of the parameter.
   */
  readonly compared?: ParameterComparison;
  /**
   * No code of the class sets the attribute (of any object) anywhere else: the methods further down a chain find it as
   * set here, whatever the methods in between do (see throughConstructor).
   */
  readonly writtenOnce?: true;
}

/** A comparison of a parameter with a string literal (`equals`) or None (`isNone`): true where `negated` is not. */
interface ParameterComparison {
  readonly test: 'equals' | 'isNone';
  readonly equalTo?: string;
  readonly negated: boolean;
}

/**
 * What `definition` (a class's `__init__`) sets attributes of `self` to, from its parameters: `self.name = name`
 * written at the top of its body (not under an `if`, a loop or a `with`), for attributes it assigns nowhere else; also
 * from a keyword it reads out of its `**kwargs` (`self.user = kwargs.get("user")`: see keywordReads), and what a method
 * of its own it calls at the top of its body sets so, from what the call hands it (see attributesThroughHelpers).
 */
export function attributesFromParameters(definition: SyntaxNode, model: SemanticModel): AttributeFromParameter[] {
  const found = [...attributeSources(definition, model, new Set()).values()].filter((assigned) => assigned !== undefined);
  const owner = enclosingClass(definition);
  if (!owner || found.length === 0) return found;
  const writes = attributeWrites(owner, new Map(found.map((assigned) => [assigned.attribute, assigned])));
  return found.map((assigned) => (writes.get(assigned.attribute) === 1 ? { ...assigned, writtenOnce: true } : assigned));
}

/** The class a method is written in, if it is one. */
function enclosingClass(method: SyntaxNode): SyntaxNode | undefined {
  const holder = method.parent?.type === 'decorated_definition' ? method.parent.parent : method.parent;
  return holder?.type === 'block' && holder.parent?.type === 'class_definition' ? holder.parent : undefined;
}

/** How deep set-up methods calling set-up methods are read (`__init__` → `_configure()` → `_configure_tls()`). */
const MAX_HELPER_DEPTH = 3;

/**
 * By attribute, what `definition` sets it to from its parameters (see attributesFromParameters); undefined for one it
 * assigns otherwise, or more than once. `reading`: the definitions being read, around this one.
 */
function attributeSources(
  definition: SyntaxNode,
  model: SemanticModel,
  reading: Set<number>,
): Map<string, AttributeFromParameter | undefined> {
  const { byName, receiver } = parametersOf(definition);
  const found = new Map<string, AttributeFromParameter | undefined>();
  if (receiver === undefined) return found;
  const body = definition.childForFieldName('body')?.namedChildren ?? [];
  const topLevel = new Set(
    body.flatMap((statement) =>
      statement.type === 'expression_statement' && statement.firstNamedChild?.type === 'assignment' ? [statement.firstNamedChild.id] : [],
    ),
  );
  for (const assignment of definition.descendantsOfType(['assignment', 'augmented_assignment'])) {
    const attribute = assignedAttribute(assignment.childForFieldName('left'), receiver);
    if (attribute === undefined) continue;
    const value = assignment.childForFieldName('right');
    const comparison = value?.type === 'comparison_operator' ? comparedParameter(value) : undefined;
    const name = comparison?.name ?? (value?.type === 'identifier' ? value.text : undefined);
    const parameter = name === undefined ? undefined : byName.get(name);
    const once = !found.has(attribute) && topLevel.has(assignment.id) && assignment.type === 'assignment';
    if (once && parameter !== undefined) {
      const fallback = parameter.default ? defaultValue(parameter.default, model) : undefined;
      found.set(attribute, {
        attribute,
        parameter: name!,
        ...(parameter.position === undefined ? {} : { position: parameter.position }),
        ...(fallback === undefined ? {} : { default: fallback }),
        start: assignment.startPosition,
        ...(comparison === undefined ? {} : { compared: comparison.compared }),
      });
      continue;
    }
    const read = once && value && !comparison ? keywordRead(value, definition, model) : undefined;
    found.set(
      attribute,
      read && {
        attribute,
        parameter: read.keyword,
        ...(read.default === undefined ? {} : { default: read.default }),
        start: assignment.startPosition,
      },
    );
  }
  if (reading.size < MAX_HELPER_DEPTH) attributesThroughHelpers(definition, body, model, reading, found);
  return found;
}

/**
 * Adds to `found` what the methods of its own object `definition` calls at the top of its body (`self._configure(**kwargs)`)
 * set from their parameters, as tests of `definition`'s own: a parameter it hands them as it came, or a keyword of its
 * `**kwargs` handed on whole (a keyword it does not pass otherwise, with the method's default). Attributes it sets
 * itself stay as it sets them (as those other methods set are: see throughConstructor).
 */
function attributesThroughHelpers(
  definition: SyntaxNode,
  body: readonly SyntaxNode[],
  model: SemanticModel,
  reading: Set<number>,
  found: Map<string, AttributeFromParameter | undefined>,
): void {
  reading.add(definition.id);
  for (const statement of body) {
    const call = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    if (call?.type !== 'call' || !callsOwnMethod(call, definition)) continue;
    const scope = model.scopeOf(call);
    const helper = model.calleeDefinition(call, scope);
    if (helper?.type !== 'function_definition' || hasAsyncKeyword(helper) || reading.has(helper.id)) continue;
    let passed: PassedParameter[] | undefined;
    for (const [attribute, assigned] of attributeSources(helper, model, reading)) {
      if (found.has(attribute)) continue;
      passed ??= passedParameters(call, scope, definition, model);
      found.set(attribute, assigned && handedToHelper(assigned, call, passed, definition));
    }
  }
  reading.delete(definition.id);
}

/**
 * What a helper's attribute set from its parameter (`assigned`) is set from in `definition`, which calls it (`call`):
 * the parameter `definition` hands it there (`passed`), or, for one the call leaves out, the keyword of that name
 * `definition`'s `**kwargs` hands on to it, with the helper's default (not one of `definition`'s named parameters,
 * which its `**kwargs` never hold). It is set where the call is.
 */
function handedToHelper(
  assigned: AttributeFromParameter,
  call: SyntaxNode,
  passed: readonly PassedParameter[],
  definition: SyntaxNode,
): AttributeFromParameter | undefined {
  const { position: _position, default: _default, start: _start, ...tested } = assigned;
  const at = { start: call.startPosition };
  const args = callArguments(call);
  const handed = passed.find((argument) =>
    argument.keyword === undefined ? argument.position === assigned.position : argument.keyword === assigned.parameter,
  );
  if (handed)
    return {
      ...tested,
      parameter: handed.parameter,
      ...(handed.parameterPosition === undefined ? {} : { position: handed.parameterPosition }),
      ...(handed.default === undefined ? {} : { default: handed.default }),
      ...at,
    };
  const written = args.keywords.has(assigned.parameter) || (assigned.position !== undefined && assigned.position < args.positional.length);
  const starred = call.childForFieldName('arguments')?.namedChildren.some((argument) => argument.type === 'list_splat');
  if (written || starred || parametersOf(definition).byName.has(assigned.parameter) || !handsOnKeywords(call, definition)) return undefined;
  return { ...tested, ...(assigned.default === undefined ? {} : { default: assigned.default }), ...at };
}

/** Whether `call` hands on `definition`'s `**kwargs` as its callers passed them, and no other `**` mapping. */
function handsOnKeywords(call: SyntaxNode, definition: SyntaxNode): boolean {
  const { keywords } = parametersOf(definition);
  const splats = call.childForFieldName('arguments')?.namedChildren.filter((argument) => argument.type === 'dictionary_splat') ?? [];
  return (
    keywords !== undefined &&
    splats.length === 1 &&
    splats[0]!.namedChildren[0]?.text === keywords &&
    keywordsOnlyRead(definition, keywords)
  );
}

/**
 * The name a comparison tests and how, where it compares a name with a string literal (`location != ":memory:"`, either
 * side) or with None (`url is None`).
 */
function comparedParameter(comparison: SyntaxNode): { name: string; compared: ParameterComparison } | undefined {
  const [left, right, ...more] = comparison.namedChildren;
  const operator = comparison.children
    .slice(1, -1)
    .map((child) => child.type)
    .join(' ');
  if (!left || !right || more.length > 0) return undefined;
  if ((operator === 'is' || operator === 'is not') && left.type === 'identifier' && right.type === 'none')
    return { name: left.text, compared: { test: 'isNone', negated: operator === 'is not' } };
  if (operator !== '==' && operator !== '!=') return undefined;
  const [name, literal] = left.type === 'identifier' ? [left, right] : [right, left];
  const equalTo = plainStringText(literal);
  if (name.type !== 'identifier' || equalTo === undefined) return undefined;
  return { name: name.text, compared: { test: 'equals', equalTo, negated: operator === '!=' } };
}

/** Whether `call`, in the method `definition`, calls a method of the same object (`self.configure()`). */
export function callsOwnMethod(call: SyntaxNode, definition: SyntaxNode): boolean {
  const callee = call.childForFieldName('function');
  const { receiver } = parametersOf(definition);
  return receiver !== undefined && callee?.type === 'attribute' && callee.childForFieldName('object')?.text === receiver;
}

/**
 * How a call hands its function's own `**kwargs` on as they came (`Config(app=app, **kwargs)` in `def connect(app,
 * **kwargs)`): a keyword a caller of the function gives, other than these, reaches the callee through them.
 */
export interface KeywordsHandedOn {
  /**
   * The keywords that cannot come that way: those the call passes itself, and the function's own parameters (a
   * caller's keyword of that name binds there).
   */
  readonly held: readonly string[];
  /** How many arguments the call passes by position; undefined where a `*args` may pass more. */
  readonly positional?: number;
}

/** Per definition: whether it uses its `**kwargs` only to hand them on (see keywordsHandedOn). */
const onlyHandsOnByDefinition = new WeakMap<SyntaxNode, boolean>();

/**
 * How `call`, made in `definition`, hands on the function's `**kwargs` (see KeywordsHandedOn); undefined where it does
 * not, or not as they came: `kwargs` read, changed or bound again anywhere in the function (`kwargs.pop("log_config")`)
 * other than to be unpacked into a call's arguments (which hands on a copy).
 */
export function keywordsHandedOn(call: SyntaxNode, definition: SyntaxNode): KeywordsHandedOn | undefined {
  if (definition.type !== 'function_definition') return undefined;
  const passed = call.childForFieldName('arguments')?.namedChildren ?? [];
  const splats = passed.filter((argument) => argument.type === 'dictionary_splat');
  const { byName, keywords } = parametersOf(definition);
  if (keywords === undefined || splats.length !== 1 || splats[0]!.namedChildren[0]?.text !== keywords) return undefined;
  let onlyHandsOn = onlyHandsOnByDefinition.get(definition);
  if (onlyHandsOn === undefined) {
    const mentions = definition.descendantsOfType('identifier').filter((identifier) => identifier.text === keywords);
    onlyHandsOn = mentions.every((mention) => {
      const splat = mention.parent;
      return splat?.type === 'dictionary_splat_pattern' || (splat?.type === 'dictionary_splat' && splat.parent?.type === 'argument_list');
    });
    onlyHandsOnByDefinition.set(definition, onlyHandsOn);
  }
  if (!onlyHandsOn) return undefined;
  const { positional, keywords: named } = callArguments(call);
  const starred = passed.some((argument) => argument.type === 'list_splat');
  return { held: [...new Set([...named.keys(), ...byName.keys()])], ...(starred ? {} : { positional: positional.length }) };
}

/**
 * The guard of a call that hands its function's `**kwargs` on (`handedOn`, see keywordsHandedOn), given the guard of
 * the function it calls (`guard`, on its parameter `log_config`), when the call does not pass that parameter otherwise:
 * the same test of the keyword argument of that name given to the function making the call, which then reaches the
 * callee through `**kwargs` (absent, the callee's default decides). Undefined where that is not sure.
 */
export function forwardedGuard(guard: ParameterGuard | undefined, handedOn: KeywordsHandedOn | undefined): ParameterGuard | undefined {
  if (!guard || !handedOn || guard.attribute || handedOn.held.includes(guard.parameter)) return undefined;
  const mayBePositional = guard.position !== undefined && (handedOn.positional === undefined || handedOn.positional > guard.position);
  if (mayBePositional) return undefined;
  // The other tests are of the callee's parameters, which this function's callers do not pass by those names.
  const { position: _position, also: _also, complete: _complete, ...keyword } = guard;
  return { ...keyword, passedOn: true };
}

/**
 * The guards of the hops of a chain that test the object a constructor makes, from a call of its own method
 * (`self._setup()`), hop by hop (undefined for one without): the first hop's (in that method), and each next one's
 * while the hop before calls a method of the same object (`self._open_channel()`, `onSameObject`), whose tests of
 * `self.<attribute>` are of that object too.
 */
export function sameObjectGuards(
  chain: readonly { readonly guard?: ParameterGuard; readonly onSameObject?: true }[],
): (ParameterGuard | undefined)[] {
  const guards: (ParameterGuard | undefined)[] = [];
  for (const link of chain) {
    guards.push(link.guard);
    if (!link.onSameObject) break;
  }
  return guards;
}

/** Whether a guard has a test (its own or one of `also`) of an attribute of `self`. */
export function testsAttribute(guard: ParameterGuard | undefined): boolean {
  return guard !== undefined && (guard.attribute === true || (guard.also ?? []).some((test) => test.attribute === true));
}

/**
 * The guard of a call a constructor makes (`self.configure()`, run unconditionally) given the guards of the hops it
 * leads to on the same object (`guards`, see sameObjectGuards): each of their tests of `self.<attribute>` as the same
 * test of the constructor's parameter (or keyword: see attributesFromParameters) the attribute was set from before the
 * call, which the arguments of a call of the class decide; the chain needs them all. Past the first hop, only of an
 * attribute the class sets nowhere else (`writtenOnce`): a method on the way may have set it otherwise. Tests of
 * anything else are left out, as a test dropped can only leave a chain reported. Undefined when nothing ties the two.
 */
export function throughConstructor(
  guards: readonly (ParameterGuard | undefined)[],
  assigned: readonly AttributeFromParameter[],
  callStart: Point,
): ParameterGuard | undefined {
  const [first, ...more] = guards.flatMap((guard, hop) => {
    const usable = hop === 0 ? assigned : assigned.filter((candidate) => candidate.writtenOnce);
    return testsOf(guard).flatMap((test) => constructorTest(test, usable, callStart) ?? []);
  });
  return first && (more.length === 0 ? first : { ...first, also: more });
}

/** A guard's tests, each alone: its own and those of `also`. */
function testsOf(guard: ParameterGuard | undefined): ParameterGuard[] {
  if (!guard) return [];
  const { also, ...first } = guard;
  return [first, ...(also ?? [])];
}

/** One test (no `also`) of `self.<attribute>` as that test of the constructor's parameter it was set from, if it was. */
function constructorTest(guard: ParameterGuard, assigned: readonly AttributeFromParameter[], callStart: Point): ParameterGuard | undefined {
  if (!guard.attribute) return undefined;
  const from = assigned.find((candidate) => candidate.attribute === guard.parameter);
  if (!from || !isBefore(from.start, callStart)) return undefined;
  // A flag set from a test of the parameter: only a truth test of it is that test (true exactly where it holds).
  if (from.compared && guard.test !== 'truthy') return undefined;
  const { attribute: _attribute, position: _position, default: _default, also: _also, complete: _complete, ...tested } = guard;
  const test = from.compared
    ? {
        ...tested,
        test: from.compared.test,
        ...(from.compared.equalTo === undefined ? {} : { equalTo: from.compared.equalTo }),
        negated: guard.negated !== from.compared.negated,
      }
    : tested;
  return {
    ...test,
    parameter: from.parameter,
    ...(from.position === undefined ? {} : { position: from.position }),
    ...(from.default === undefined ? {} : { default: from.default }),
  };
}

/** An argument of a call that is a parameter of the function making it, handed on as the function was given it. */
export interface PassedParameter {
  /** Where the call passes it: its index among the positional arguments, or the keyword. */
  readonly position?: number;
  readonly keyword?: string;
  /** The calling function's parameter, as a guard names it: its name, its index among the arguments, its default. */
  readonly parameter: string;
  readonly parameterPosition?: number;
  readonly default?: KnownValue;
}

/**
 * The arguments of `call` (made in `scope`, in `definition`) that are parameters of `definition` bound nowhere else in
 * it: what the call's callee is given is what the function's own callers gave. Positions after a `*args` are unknown.
 */
export function passedParameters(call: SyntaxNode, scope: Scope, definition: SyntaxNode, model: SemanticModel): PassedParameter[] {
  const argumentList = call.childForFieldName('arguments');
  if (definition.type !== 'function_definition' || argumentList?.type !== 'argument_list') return [];
  const { byName } = parametersOf(definition);
  if (byName.size === 0) return [];
  const passed: PassedParameter[] = [];
  let position: number | undefined = 0;
  for (const argument of argumentList.namedChildren) {
    if (argument.type === 'list_splat') position = undefined;
    if (argument.type === 'list_splat' || argument.type === 'dictionary_splat' || argument.type === 'comment') continue;
    const keyword = argument.type === 'keyword_argument' ? argument.childForFieldName('name')?.text : undefined;
    const value = argument.type === 'keyword_argument' ? argument.childForFieldName('value') : argument;
    const at = keyword === undefined ? position : undefined;
    if (keyword === undefined && position !== undefined) position++;
    if (value?.type !== 'identifier' || (keyword === undefined && at === undefined)) continue;
    const parameter = byName.get(value.text);
    const binding = parameter && model.resolve(value, scope);
    if (binding?.kind !== 'parameter' || binding.scope.node.id !== definition.id) continue;
    if (model.bindingsIn(binding.scope, value.text).length !== 1) continue;
    const fallback = parameter!.default && defaultValue(parameter!.default, model);
    passed.push({
      ...(keyword === undefined ? { position: at! } : { keyword }),
      parameter: value.text,
      ...(parameter!.position === undefined ? {} : { parameterPosition: parameter!.position }),
      ...(fallback === undefined ? {} : { default: fallback }),
    });
  }
  return passed;
}

/**
 * The guard of a call given the guard of the function it calls (`guard`), when the call hands that function's tested
 * parameter a parameter of its own (`passed`, see passedParameters): the same test of that parameter, which the
 * arguments of a call of the function making the call then decide. Of the tests the guard needs too (`also`), those
 * of parameters the call hands on as well are kept, so translated; the others test what this call passes otherwise,
 * which its callers' arguments do not decide, and are dropped (a test dropped can only leave a chain reported). Where
 * the guard's own test is of a parameter not handed on, the first of its other tests that is takes its place.
 * A test of what lies on disk below a parameter (`subpathExists`) is carried only where `untouched` says the function
 * does nothing with the parameter before the call (see handedOnUntouched): what it makes there, the test would find.
 */
export function throughPassedParameter(
  guard: ParameterGuard | undefined,
  passed: readonly PassedParameter[],
  untouched?: (parameter: string) => boolean,
): ParameterGuard | undefined {
  if (!guard) return undefined;
  const { also, ...first } = guard;
  const tests = [first, ...(also ?? [])]
    .map((test) => passedTest(test, passed))
    .filter(
      (test): test is ParameterGuard => test !== undefined && (test.test !== 'subpathExists' || untouched?.(test.parameter) === true),
    );
  const [handed, ...more] = tests;
  if (handed === undefined) return undefined;
  return more.length === 0 ? handed : { ...handed, also: more };
}

/**
 * The guard of a call under a test of its own function's parameter (`own`) that also hands on a parameter a test further
 * down needs (`passedOn`, from throughPassedParameter): the branch needs both (`if ":" not in host: return
 * local_address(host, ...)`, which looks `host` up only when it is a host name), so a caller's arguments failing
 * either rule it out.
 */
export function withPassedOn(own: ParameterGuard | undefined, passedOn: ParameterGuard | undefined): ParameterGuard | undefined {
  if (!own || !passedOn) return own ?? passedOn;
  const { also, ...first } = passedOn;
  return { ...own, also: [...(own.also ?? []), first, ...(also ?? [])] };
}

/** One test (no `also`) of the callee's parameter as the same test of the caller's parameter handed to it, if it is. */
function passedTest(test: ParameterGuard, passed: readonly PassedParameter[]): ParameterGuard | undefined {
  if (test.attribute) return undefined;
  const argument = passed.find((candidate) =>
    candidate.keyword === undefined ? candidate.position === test.position : candidate.keyword === test.parameter,
  );
  if (!argument) return undefined;
  const { position: _position, default: _default, also: _also, complete: _complete, ...rest } = test;
  return {
    ...rest,
    parameter: argument.parameter,
    ...(argument.parameterPosition === undefined ? {} : { position: argument.parameterPosition }),
    ...(argument.default === undefined ? {} : { default: argument.default }),
    passedOn: true,
  };
}
