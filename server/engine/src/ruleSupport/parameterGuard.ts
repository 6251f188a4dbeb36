// A helper's blocking call guarded by a test of one of its parameters (`if isinstance(fp, io.IOBase):
// ... else: open(fp)`), and whether a call's own arguments decide that test: LOOP108 stays silent
// where the blocking branch cannot be taken for the arguments given (`File(io.BytesIO(data))`).
import type { SyntaxNode } from '../analysis/pythonParser';
import { callArguments, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { describeCondition, innermostCondition, type InnermostCondition } from './callCondition';

/** The blocking call runs only when `test` of the parameter is true (`negated`: false). */
export interface ParameterGuard {
  readonly parameter: string;
  /** Its index among the arguments a caller writes (`self`/`cls` left out); undefined for keyword-only. */
  readonly position?: number;
  readonly test: 'isinstance' | 'isNone' | 'truthy';
  /** For `isinstance`: the qualified names of the classes tested. */
  readonly classes?: readonly string[];
  readonly negated: boolean;
}

/** Under what `call` runs in `functionNode`: the condition quoted, and as a parameter guard where arguments can decide it. */
export function callGuard(
  call: SyntaxNode,
  functionNode: SyntaxNode,
  model: SemanticModel,
  scope: Scope,
): { readonly condition?: string; readonly guard?: ParameterGuard } {
  const where = innermostCondition(call, functionNode, scope);
  if (where === undefined) return {};
  const condition = describeCondition(where)!;
  const guard = parameterGuardOf(where, functionNode, model, scope);
  return guard === undefined ? { condition } : { condition, guard };
}

/** The condition as a test of one parameter of `functionNode`, when arguments can decide it. */
function parameterGuardOf(
  condition: InnermostCondition,
  functionNode: SyntaxNode,
  model: SemanticModel,
  scope: Scope,
): ParameterGuard | undefined {
  if (functionNode.type !== 'function_definition' || condition === 'except') return undefined;
  let test = unparenthesize(condition.test);
  let negated = condition.negated;
  while (test.type === 'not_operator') {
    const operand = test.childForFieldName('argument');
    if (!operand) return undefined;
    test = unparenthesize(operand);
    negated = !negated;
  }
  const parameters = parameterPositions(functionNode);
  const named = (node: SyntaxNode | null | undefined): { parameter: string; position?: number } | undefined => {
    if (node?.type !== 'identifier' || !parameters.has(node.text)) return undefined;
    const position = parameters.get(node.text);
    return { parameter: node.text, ...(position === undefined ? {} : { position }) };
  };
  if (test.type === 'identifier') {
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

/** Each definition's parameter positions: asked for every guarded call in it. */
const positionsByDefinition = new WeakMap<SyntaxNode, ReadonlyMap<string, number | undefined>>();

/** Parameter name → index among the arguments a caller writes (undefined after `*`); `self`/`cls` of a method left out. */
function parameterPositions(definition: SyntaxNode): ReadonlyMap<string, number | undefined> {
  let positions = positionsByDefinition.get(definition);
  if (!positions) {
    positions = readParameterPositions(definition);
    positionsByDefinition.set(definition, positions);
  }
  return positions;
}

function readParameterPositions(definition: SyntaxNode): Map<string, number | undefined> {
  const result = new Map<string, number | undefined>();
  const isMethod = definition.parent?.type === 'block' && definition.parent.parent?.type === 'class_definition';
  const decorators = definition.parent?.type === 'decorated_definition' ? definition.parent.text : '';
  let skip = isMethod && !/@staticmethod\b/.test(decorators) ? 1 : 0;
  let position: number | undefined = 0;
  for (const parameter of definition.childForFieldName('parameters')?.namedChildren ?? []) {
    if (
      parameter.type === 'list_splat_pattern' ||
      parameter.type === 'keyword_separator' ||
      parameter.type === 'dictionary_splat_pattern'
    ) {
      position = undefined;
      continue;
    }
    if (parameter.type === 'positional_separator' || parameter.type === 'comment') continue;
    const name = parameter.type === 'identifier' ? parameter : (parameter.childForFieldName('name') ?? parameter.firstNamedChild);
    if (name?.type !== 'identifier') continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    result.set(name.text, position);
    if (position !== undefined) position++;
  }
  return result;
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
  const args = callArguments(call);
  const keyword = args.keywords.get(guard.parameter);
  const positional = guard.position === undefined ? undefined : args.positional[guard.position];
  if (args.hasUnpacking && keyword === undefined && positional === undefined) return undefined;
  // Not passed at all: the default decides, which the summary does not keep.
  const argument = keyword ?? positional;
  if (!argument) return undefined;
  const value = testValue(guard, unparenthesize(argument), model, scope);
  return value === undefined ? undefined : value !== guard.negated;
}

function testValue(guard: ParameterGuard, argument: SyntaxNode, model: SemanticModel, scope: Scope): boolean | undefined {
  const literal = argument.type === 'string' && argument.text.startsWith('b') ? 'builtins.bytes' : LITERAL_CLASSES.get(argument.type);
  switch (guard.test) {
    case 'isNone':
      if (argument.type === 'none') return true;
      return literal !== undefined || argument.type === 'call' ? false : undefined;
    case 'truthy':
      if (argument.type === 'none' || argument.type === 'false') return false;
      if (argument.type === 'true') return true;
      if (argument.type === 'string' || argument.type === 'integer') return !/^[bBrRuUfF]*(?:''|""|0)$/.test(argument.text);
      return undefined;
    case 'isinstance': {
      if (argument.type === 'none') return (guard.classes ?? []).includes('builtins.NoneType');
      const known = literal ?? (argument.type === 'call' ? model.calleeName(argument, scope) : undefined);
      if (known === undefined) return undefined;
      const classes = guard.classes ?? [];
      if (classes.some((tested) => tested === known || SUBCLASSES.get(tested)?.has(known) === true)) return true;
      // Not an instance only where both sides are classes this table knows the family of: a literal's
      // builtin class or an `io` class, tested against builtin (not `object`) or `io` classes.
      const closed = (name: string): boolean => (name.startsWith('builtins.') && name !== 'builtins.object') || name.startsWith('io.');
      return closed(known) && classes.every(closed) ? false : undefined;
    }
  }
}
