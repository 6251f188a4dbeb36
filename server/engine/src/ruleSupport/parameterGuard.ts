// A helper's blocking call guarded by a test of one of its parameters (`if isinstance(fp, io.IOBase):
// ... else: open(fp)`), and whether a call's own arguments (or, where it passes none, the parameter's
// default) decide that test: LOOP108 stays silent where the blocking branch cannot be taken for the
// arguments given (`File(io.BytesIO(data))`). A test of an attribute a constructor set from one of its
// parameters (`self.log_config = log_config`, then `if isinstance(self.log_config, str)` in a method
// `__init__` calls) is decided by the arguments of the constructor call (`throughConstructor`).
import type { Point, SyntaxNode } from '../analysis/pythonParser';
import { callArguments, isBefore, isMethodDefinition, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { describeConditions, enclosingConditions, type CallCondition } from './callCondition';
import { inLoopAround } from './reachingBindings';

/** What a value is known to be: its class (if known), whether it is None, and whether it is true (if known). */
interface KnownValue {
  readonly className?: string;
  readonly isNone: boolean;
  readonly truthy?: boolean;
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
  readonly test: 'isinstance' | 'isNone' | 'truthy';
  /** For `isinstance`: the qualified names of the classes tested. */
  readonly classes?: readonly string[];
  readonly negated: boolean;
  /** The test is the left operand of an `and` the branch needs: false rules the branch out, true does not tell. */
  readonly partial?: boolean;
}

/** A constructor's `self.<attribute> = <parameter>`, at the top of its body: the parameter, as a guard names it. */
export interface AttributeFromParameter {
  readonly attribute: string;
  readonly parameter: string;
  readonly position?: number;
  readonly default?: KnownValue;
  /** Where the assignment starts: it decides only calls made after it. */
  readonly start: Point;
}

/** Under what `call` runs in `functionNode`: the condition quoted, and as a parameter guard where arguments can decide it. */
export function callGuard(
  call: SyntaxNode,
  functionNode: SyntaxNode,
  model: SemanticModel,
  scope: Scope,
): { readonly condition?: string; readonly guard?: ParameterGuard } {
  const conditions = enclosingConditions(call, functionNode, scope);
  const condition = describeConditions(conditions);
  if (condition === undefined) return {};
  // Each condition is needed: the innermost one a caller's arguments can decide is the guard.
  for (const where of conditions) {
    const guard = parameterGuardOf(where, functionNode, model, scope);
    if (guard !== undefined) return { condition, guard };
  }
  return { condition };
}

/** The condition as a test of one parameter of `functionNode` (or an attribute of its `self`), when arguments can decide it. */
function parameterGuardOf(
  condition: CallCondition,
  functionNode: SyntaxNode,
  model: SemanticModel,
  scope: Scope,
): ParameterGuard | undefined {
  if (functionNode.type !== 'function_definition' || condition === 'except') return undefined;
  return guardOfTest(condition.test, condition.negated, functionNode, model, scope);
}

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
  // `a and b`: the branch needs `a` (not so where it runs when the `and` is false: `else`, `not (a and b)`).
  if (test.type === 'boolean_operator' && test.childForFieldName('operator')?.type === 'and' && !negated) {
    const left = test.childForFieldName('left');
    const guard = left ? guardOfTest(left, false, functionNode, model, scope) : undefined;
    return guard && { ...guard, partial: true };
  }
  const parameters = parametersOf(functionNode);
  const named = (
    node: SyntaxNode | null | undefined,
  ): Pick<ParameterGuard, 'parameter' | 'position' | 'default' | 'attribute'> | undefined => {
    // `self.name`, unless this method sets it itself (then what the constructor set is not what is tested).
    if (node?.type === 'attribute' && parameters.receiver !== undefined && node.childForFieldName('object')?.text === parameters.receiver) {
      const attribute = node.childForFieldName('attribute');
      return attribute?.type === 'identifier' && !setBeforeTest(functionNode, parameters.receiver, attribute.text, node)
        ? { parameter: attribute.text, attribute: true }
        : undefined;
    }
    if (node?.type !== 'identifier') return undefined;
    // A parameter, or a local copy of one made at the top of the body (`docker_host = url`) and not changed before.
    const name = parameters.byName.has(node.text) ? node.text : copiedParameter(node, functionNode, parameters, model);
    const parameter = name === undefined ? undefined : parameters.byName.get(name);
    if (!parameter) return undefined;
    const fallback = parameter.default && defaultValue(parameter.default, model);
    return {
      parameter: name!,
      ...(parameter.position === undefined ? {} : { position: parameter.position }),
      ...(fallback === undefined ? {} : { default: fallback }),
    };
  };
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
    const target = named(left);
    if (!target || right?.type !== 'none' || (operator !== 'is' && operator !== 'is not')) return undefined;
    return { ...target, test: 'isNone', negated: operator === 'is not' ? !negated : negated };
  }
  if (test.type === 'call' && test.childForFieldName('function')?.text === 'isinstance') {
    const [value, types] = callArguments(test).positional;
    const target = named(value);
    if (!target || !types) return undefined;
    const written = unparenthesize(types);
    const classNodes = written.type === 'tuple' ? written.namedChildren : [written];
    const classes = classNodes.map((node) => model.qualifiedName(node, scope));
    if (classes.some((name) => name === undefined)) return undefined;
    return { ...target, test: 'isinstance', classes: classes as string[], negated };
  }
  return undefined;
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
function defaultValue(node: SyntaxNode, model: SemanticModel): KnownValue | undefined {
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

function parametersOf(definition: SyntaxNode): Parameters {
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
  const decorators = definition.parent?.type === 'decorated_definition' ? definition.parent.text : '';
  let skip = isMethodDefinition(definition) && !/@staticmethod\b/.test(decorators) ? 1 : 0;
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

/** `receiver.name` as an assignment's target: `name`. */
function assignedAttribute(target: SyntaxNode | null, receiver: string): string | undefined {
  return target?.type === 'attribute' && target.childForFieldName('object')?.text === receiver
    ? target.childForFieldName('attribute')?.text
    : undefined;
}

/**
 * What `definition` (a class's `__init__`) sets attributes of `self` to, from its parameters: `self.name = name`
 * written at the top of its body (not under an `if`, a loop or a `with`), for attributes it assigns nowhere else.
 */
export function attributesFromParameters(definition: SyntaxNode, model: SemanticModel): AttributeFromParameter[] {
  const { byName, receiver } = parametersOf(definition);
  if (receiver === undefined) return [];
  const found = new Map<string, AttributeFromParameter | undefined>();
  const topLevel = new Set(
    (definition.childForFieldName('body')?.namedChildren ?? []).flatMap((statement) =>
      statement.type === 'expression_statement' && statement.firstNamedChild?.type === 'assignment' ? [statement.firstNamedChild.id] : [],
    ),
  );
  for (const assignment of definition.descendantsOfType(['assignment', 'augmented_assignment'])) {
    const attribute = assignedAttribute(assignment.childForFieldName('left'), receiver);
    if (attribute === undefined) continue;
    const value = assignment.childForFieldName('right');
    const parameter = value?.type === 'identifier' ? byName.get(value.text) : undefined;
    const once = !found.has(attribute) && topLevel.has(assignment.id) && assignment.type === 'assignment' && parameter !== undefined;
    const fallback = once && parameter.default ? defaultValue(parameter.default, model) : undefined;
    found.set(
      attribute,
      once
        ? {
            attribute,
            parameter: value!.text,
            ...(parameter.position === undefined ? {} : { position: parameter.position }),
            ...(fallback === undefined ? {} : { default: fallback }),
            start: assignment.startPosition,
          }
        : undefined,
    );
  }
  return [...found.values()].filter((assigned) => assigned !== undefined);
}

/** Whether `call`, in the method `definition`, calls a method of the same object (`self.configure()`). */
export function callsOwnMethod(call: SyntaxNode, definition: SyntaxNode): boolean {
  const callee = call.childForFieldName('function');
  const { receiver } = parametersOf(definition);
  return receiver !== undefined && callee?.type === 'attribute' && callee.childForFieldName('object')?.text === receiver;
}

/**
 * The guard of a call that hands its function's own `**kwargs` on (`Config(app=app, **kwargs)` in `def connect(app,
 * **kwargs)`), given the guard of the function it calls (`guard`, on its parameter `log_config`), when the call does
 * not pass that parameter otherwise: the same test of the keyword argument of that name given to the function making
 * the call, which then reaches the callee through `**kwargs` (absent, the callee's default decides). Undefined where
 * that is not sure: the function has a parameter of that name, uses `kwargs` otherwise, or `*args` may pass it.
 */
export function forwardedGuard(guard: ParameterGuard | undefined, call: SyntaxNode, definition: SyntaxNode): ParameterGuard | undefined {
  if (!guard || guard.attribute || definition.type !== 'function_definition') return undefined;
  const { byName, keywords } = parametersOf(definition);
  if (keywords === undefined || byName.has(guard.parameter)) return undefined;
  const passed = call.childForFieldName('arguments')?.namedChildren ?? [];
  const splats = passed.filter((argument) => argument.type === 'dictionary_splat');
  if (splats.length !== 1 || splats[0]!.namedChildren[0]?.text !== keywords) return undefined;
  const { positional, keywords: named } = callArguments(call);
  const mayBePositional =
    guard.position !== undefined && (positional.length > guard.position || passed.some((argument) => argument.type === 'list_splat'));
  if (named.has(guard.parameter) || mayBePositional) return undefined;
  // `kwargs` read or changed anywhere else (`kwargs.pop("log_config")`) may not hand the keyword on as it came.
  const mentions = definition.descendantsOfType('identifier').filter((identifier) => identifier.text === keywords).length;
  if (mentions !== 2) return undefined;
  const { position: _position, ...keyword } = guard;
  return keyword;
}

/**
 * The guard of a call a constructor makes (`self.configure()`, run unconditionally) given the guard of what that call
 * leads to (`guard`, on `self.<attribute>`): the same test of the constructor's parameter the attribute was set from
 * before the call, which the arguments of a call of the class decide. Undefined when nothing ties the two.
 */
export function throughConstructor(
  guard: ParameterGuard | undefined,
  assigned: readonly AttributeFromParameter[],
  callStart: Point,
): ParameterGuard | undefined {
  if (!guard?.attribute) return undefined;
  const from = assigned.find((candidate) => candidate.attribute === guard.parameter);
  if (!from || !isBefore(from.start, callStart)) return undefined;
  const { attribute: _attribute, position: _position, default: _default, ...test } = guard;
  return {
    ...test,
    parameter: from.parameter,
    ...(from.position === undefined ? {} : { position: from.position }),
    ...(from.default === undefined ? {} : { default: from.default }),
  };
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

/**
 * Whether the guarded branch runs for `call`'s arguments: false when they show it cannot, true when
 * they show it does, undefined when they do not tell (a name, an unknown class, unpacking).
 */
export function guardHolds(guard: ParameterGuard, call: SyntaxNode, model: SemanticModel, scope: Scope): boolean | undefined {
  if (guard.attribute) return undefined;
  const args = callArguments(call);
  const keyword = args.keywords.get(guard.parameter);
  const positional = guard.position === undefined ? undefined : args.positional[guard.position];
  const argument = keyword ?? positional;
  // Not passed: the default decides, unless unpacked arguments may pass it.
  const value = argument ? argumentValue(unparenthesize(argument), model, scope) : args.hasUnpacking ? undefined : guard.default;
  const result = value === undefined ? undefined : testHolds(guard, value);
  if (result === undefined) return undefined;
  const holds = result !== guard.negated;
  return holds && guard.partial ? undefined : holds;
}

/**
 * What an argument is known to be: a literal, None, a call (of a class, when its name says which), or a parameter of
 * the calling function annotated with a builtin container or `str` (`logging_config: dict[str, Any]`).
 */
function argumentValue(argument: SyntaxNode, model: SemanticModel, scope: Scope): KnownValue | undefined {
  if (argument.type === 'call') {
    const className = model.calleeName(argument, scope);
    return className === undefined ? { isNone: false } : { className, isNone: false };
  }
  if (argument.type === 'identifier') return annotatedParameter(argument, model, scope);
  return literalValue(argument);
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
    case 'integer':
      return {
        className: node.type === 'integer' ? 'builtins.int' : /^[a-zA-Z]*[bB]/.test(node.text) ? 'builtins.bytes' : 'builtins.str',
        isNone: false,
        truthy: !/^[bBrRuUfF]*(?:''|""|0)$/.test(node.text),
      };
  }
  const className = LITERAL_CLASSES.get(node.type);
  return className === undefined ? undefined : { className, isNone: false };
}

function testHolds(guard: ParameterGuard, value: KnownValue): boolean | undefined {
  switch (guard.test) {
    case 'isNone':
      return value.isNone;
    case 'truthy':
      return value.truthy;
    case 'isinstance': {
      const classes = guard.classes ?? [];
      if (value.isNone) return classes.includes('builtins.NoneType');
      const known = value.className;
      if (known === undefined) return undefined;
      if (classes.some((tested) => tested === known || SUBCLASSES.get(tested)?.has(known) === true)) return true;
      // Not an instance only where both sides are classes this table knows the family of: a literal's
      // builtin class or an `io` class, tested against builtin (not `object`) or `io` classes.
      const closed = (name: string): boolean => (name.startsWith('builtins.') && name !== 'builtins.object') || name.startsWith('io.');
      return closed(known) && classes.every(closed) ? false : undefined;
    }
  }
}
