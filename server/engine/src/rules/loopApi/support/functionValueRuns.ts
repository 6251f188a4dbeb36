// Where a use of a function of this file ends up run, and with what arguments: called right there, bound by
// `functools.partial`, handed to the event loop as a callback (`loop.call_soon_threadsafe(handler, loop)`), or followed
// through a local name that may hold it (`handler = handler or _default_handler`) and through the parameter of another
// function of the file it is handed to (`partial(_signal_wrapper, actual_handler=handler)`). LOOP201 asks, of each, what
// it passes for a loop parameter whose fallback calls `asyncio.get_event_loop()`.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { callArguments } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { callOf, LOOP_CALLBACK_ARGUMENT, scheduledOnLoop } from '../../../ruleSupport/fileLocalFunctions';
import { parametersOf } from '../../../ruleSupport/parameterGuard';

/** One place the function runs: the arguments it is given there, as far as they are written. */
export interface FunctionRun {
  readonly positional: readonly SyntaxNode[];
  readonly keywords: ReadonlyMap<string, SyntaxNode>;
  /** A splat (`*args`) is among them: the positions of those written are not known. */
  readonly openEnded: boolean;
  /** It runs where an event loop runs: in the body of an `async def`, or as a callback of the loop. */
  readonly inLoop: boolean;
  /** For a callback the loop runs, the loop that was asked to (`loop` of `loop.call_soon_threadsafe(f, loop)`). */
  readonly scheduler?: SyntaxNode;
}

/** How many names (local aliases, parameters of other functions) a use is followed through. */
const MAX_HOPS = 3;

/**
 * The runs a use of a function leads to (`use`: the name as written, or `module.name`), or undefined where it may also
 * run elsewhere: stored on an object, returned, handed to a callable that is not the file's own, or followed too far.
 */
export function runsOfFunctionUse(use: SyntaxNode, model: SemanticModel): FunctionRun[] | undefined {
  return runsOf(use, model, MAX_HOPS, new Set());
}

function runsOf(use: SyntaxNode, model: SemanticModel, hops: number, followed: Set<number>): FunctionRun[] | undefined {
  const call = callOf(use);
  if (call) return [{ ...argumentsOf(call, 0), inLoop: model.scopeOf(call).isAsyncContext || scheduledOnLoop(use, model) }];
  const parent = use.parent?.type === 'parenthesized_expression' ? use.parent : use;
  const holder = parent.parent;
  if (holder?.type === 'argument_list' && holder.parent?.type === 'call') {
    const outer = holder.parent;
    const index = holder.namedChildren.findIndex((argument) => argument.id === parent.id);
    if (index === 0 && isPartial(outer, model)) {
      // `functools.partial(f, loop)`: what it binds comes first on every run (what a caller adds comes after it).
      return [{ ...argumentsOf(outer, 1), inLoop: scheduledOnLoop(use, model) }];
    }
    const scheduled = loopCallback(outer, index, model);
    if (scheduled) return [scheduled];
  }
  if (hops === 0) return undefined;
  const alias = aliasAssignedFrom(use);
  if (alias) return runsThroughName(alias, model.scopeOf(alias), model, hops, followed);
  const parameter = parameterGiven(use, model);
  return parameter ? runsThroughName(parameter.name, parameter.scope, model, hops, followed) : undefined;
}

/** The arguments of a call after the first `skip` (the function a partial binds). */
function argumentsOf(call: SyntaxNode, skip: number): Omit<FunctionRun, 'inLoop'> {
  const { positional, keywords, hasUnpacking } = callArguments(call);
  return { positional: positional.slice(skip), keywords, openEnded: hasUnpacking };
}

function isPartial(call: SyntaxNode, model: SemanticModel): boolean {
  return model.calleeName(call, model.scopeOf(call)) === 'functools.partial';
}

/**
 * The run of a callback the loop's method `call` is given as its argument `index` (`loop.call_later(5, stop, loop)`):
 * the arguments after it are the callback's, and the loop runs it in its thread while it runs.
 */
function loopCallback(call: SyntaxNode, index: number, model: SemanticModel): FunctionRun | undefined {
  if (LOOP_CALLBACK_ARGUMENT.get(model.calleeLastName(call)) !== index) return undefined;
  const callee = call.childForFieldName('function');
  const scheduler = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  const written = call.childForFieldName('arguments')?.namedChildren ?? [];
  const rest = written.slice(index + 1);
  // Keywords (`context=`) are the loop method's own: the callback is given positional arguments only.
  const openEnded = rest.some((argument) => argument.type === 'list_splat' || argument.type === 'dictionary_splat');
  const positional = rest.filter((argument) => argument.type !== 'keyword_argument' && argument.type !== 'comment');
  return { positional, keywords: new Map(), openEnded, inLoop: true, scheduler: scheduler ?? undefined };
}

/**
 * The name a function's assignment binds where the use is what it assigns, or a branch of it: `handler = f`,
 * `handler = handler or f`, `handler = f if quick else slow`. Only in a function: a module's name may be imported and
 * called elsewhere.
 */
function aliasAssignedFrom(use: SyntaxNode): SyntaxNode | undefined {
  let value = use;
  while (
    value.parent?.type === 'parenthesized_expression' ||
    value.parent?.type === 'boolean_operator' ||
    (value.parent?.type === 'conditional_expression' && value.parent.namedChildren[1]?.id !== value.id)
  )
    value = value.parent;
  const assignment = value.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== value.id) return undefined;
  const target = assignment.childForFieldName('left');
  return target?.type === 'identifier' ? target : undefined;
}

/**
 * The parameter of a function of this file a use is handed to: `_wrapper(handler)`, `_wrapper(actual=handler)`, or
 * bound by `functools.partial(_wrapper, actual=handler)`. The function is a plain `def` the file binds once, undecorated.
 */
function parameterGiven(use: SyntaxNode, model: SemanticModel): { name: SyntaxNode; scope: Scope } | undefined {
  const argument = use.parent?.type === 'keyword_argument' && use.parent.childForFieldName('value')?.id === use.id ? use.parent : use;
  const holder = argument.parent;
  const call = holder?.type === 'argument_list' ? holder.parent : undefined;
  if (call?.type !== 'call') return undefined;
  const partial = isPartial(call, model);
  const functionNode = partial ? holder!.namedChildren[0] : call.childForFieldName('function');
  if (functionNode?.type !== 'identifier' || functionNode.id === use.id) return undefined;
  const binding = model.resolve(functionNode, model.scopeOf(call));
  const definition = binding?.definition;
  if (definition?.type !== 'function_definition' || definition.parent?.type === 'decorated_definition') return undefined;
  if (model.bindingsIn(binding!.scope, binding!.name).length !== 1) return undefined;
  const { byName } = parametersOf(definition);
  const { positional, hasUnpacking } = callArguments(call);
  let name: string | undefined;
  if (argument.type === 'keyword_argument') name = argument.childForFieldName('name')?.text;
  else if (!hasUnpacking) {
    const position = positional.findIndex((written) => written.id === use.id) - (partial ? 1 : 0);
    name = [...byName].find(([, info]) => info.position === position)?.[0];
  }
  if (name === undefined || !byName.has(name)) return undefined;
  const scope = model.scopeOfDefinition(definition);
  const parameter = parameterNamed(definition, name);
  return scope && parameter ? { name: parameter, scope } : undefined;
}

/** The identifier a `def` binds its parameter `name` with (`loop` of `loop`, `loop: Loop`, `loop=None`). */
function parameterNamed(definition: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const parameter of definition.childForFieldName('parameters')?.namedChildren ?? []) {
    const identifier = parameter.type === 'identifier' ? parameter : (parameter.childForFieldName('name') ?? parameter.firstNamedChild);
    if (identifier?.type === 'identifier' && identifier.text === name) return identifier;
  }
  return undefined;
}

/**
 * The runs every use of a local name leads to: an alias's or a parameter's (`target`, where `scope` binds it). Undefined
 * where the name is bound to anything else too (a parameter set again), or a use leads nowhere known. A use inside the
 * name's own assignment (`handler = handler or f`) only keeps it there.
 */
function runsThroughName(
  target: SyntaxNode,
  scope: Scope,
  model: SemanticModel,
  hops: number,
  followed: Set<number>,
): FunctionRun[] | undefined {
  if (scope.kind !== 'function' || scope.globals.has(target.text) || scope.nonlocals.has(target.text)) return undefined;
  const binding = model.bindingsIn(scope, target.text).find((candidate) => candidate.node.id === target.id);
  if (!binding) return undefined;
  if (followed.has(target.id)) return [];
  followed.add(target.id);
  const assignment = target.parent?.type === 'assignment' ? target.parent : undefined;
  const own = assignment?.childForFieldName('right');
  const isParameter = binding.kind === 'parameter';
  // A parameter bound again may hold something else; an alias may be bound again to the same function (or another).
  if (isParameter && model.bindingsIn(scope, target.text).length !== 1) return undefined;
  const runs: FunctionRun[] = [];
  for (const reference of model.references(binding)) {
    if (own && own.startIndex <= reference.startIndex && reference.endIndex <= own.endIndex) continue;
    const found = runsOf(reference, model, hops - 1, followed);
    if (found === undefined) return undefined;
    runs.push(...found);
  }
  return runs;
}

/** What a run passes for the parameter `name` (at `position` among positional arguments, if it may be passed so). */
export function argumentFor(run: FunctionRun, name: string, position: number | undefined): SyntaxNode | undefined {
  const keyword = run.keywords.get(name);
  if (keyword) return keyword;
  return position !== undefined && !run.openEnded ? run.positional[position] : undefined;
}
