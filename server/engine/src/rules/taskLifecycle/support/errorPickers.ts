// LOOP305's error pickers: a plain function of the file that returns one of the errors it is given, the error itself or
// an item of a list of them (a clean-up helper choosing which failure to raise: a cancellation first, else the primary
// error, else the first clean-up error). A kept cancellation handed to one, whose result the caller raises, is raised.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { callArguments, codeStatements, hasAsyncKeyword, inNestedDefinition, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';
import { parametersOf } from '../../../ruleSupport/parameterGuard';

/** The argument `call` passes to a parameter `definition` picks (see pickedParameters) that is the name `name`. */
export function passedToPicked(call: SyntaxNode, definition: SyntaxNode, name: string, model: SemanticModel): boolean {
  const args = callArguments(call);
  if (args.hasUnpacking) return false;
  const parameters = parametersOf(definition).byName;
  return [...pickedParameters(definition, model)].some((parameter) => {
    const position = parameters.get(parameter)?.position;
    const argument = (position === undefined ? undefined : args.positional[position]) ?? args.keywords.get(parameter);
    const passed = argument && unparenthesize(argument);
    return passed?.type === 'identifier' && passed.text === name;
  });
}

/**
 * The parameters whose argument, or an item of it, a plain `def` of this file (not async, no `yield`) returns, when
 * every `return` of its own code returns only such picks and its body ends with one: `return cancellation or primary
 * or next(iter(errors), None)` picks `primary` and `errors` (`cancellation` being bound only to a pick of `errors`). A
 * `return` of None, or of anything else, may drop the error it was given: then the function picks nothing.
 */
function pickedParameters(definition: SyntaxNode, model: SemanticModel): ReadonlySet<string> {
  const none: ReadonlySet<string> = new Set();
  const scope = model.scopeOfDefinition(definition);
  if (definition.type !== 'function_definition' || hasAsyncKeyword(definition) || !scope) return none;
  const own = (node: SyntaxNode): boolean => !inNestedDefinition(node, definition);
  if (definition.descendantsOfType('yield').some(own)) return none;
  const last = codeStatements(definition).at(-1);
  if (last?.type !== 'return_statement') return none;
  // A parameter the function binds anew (`primary = None`) no longer holds what it was given.
  const parameters = new Set(
    [...parametersOf(definition).byName.keys()].filter((name) =>
      (scope.bindings.get(name) ?? []).every((binding) => binding.kind === 'parameter'),
    ),
  );
  const picksOf = (statement: SyntaxNode): Set<string> | undefined => {
    const value = statement.firstNamedChild;
    if (!value) return undefined;
    const found = new Set<string>();
    for (const operand of operands(value)) {
      const parameter = pickOf(operand, parameters, scope, true);
      if (parameter === undefined) return undefined;
      found.add(parameter);
    }
    return found;
  };
  const picked = new Set<string>();
  for (const statement of definition.descendantsOfType('return_statement').filter(own)) {
    const picks = picksOf(statement);
    if (!picks) return none;
    for (const parameter of picks) picked.add(parameter);
  }
  return picked;
}

/** What a returned value may be: the operands of an `or`, the branches of a conditional expression, or itself. */
function operands(value: SyntaxNode): SyntaxNode[] {
  const node = unparenthesize(value);
  if (node.type === 'boolean_operator' && node.childForFieldName('operator')?.type === 'or') {
    return [node.childForFieldName('left'), node.childForFieldName('right')].flatMap((side) => (side ? operands(side) : []));
  }
  if (node.type === 'conditional_expression') {
    const [chosen, , otherwise] = node.namedChildren;
    return [chosen, otherwise].flatMap((branch) => (branch ? operands(branch) : []));
  }
  return [node];
}

/**
 * The parameter an expression is, or picks an item of: `errors`, `errors[0]`, `next(iter(errors), None)`, `next((e for e
 * in errors if ...), None)`, or a local of the function bound only to such picks (followed once, when `followLocals`).
 */
function pickOf(expression: SyntaxNode, parameters: ReadonlySet<string>, scope: Scope, followLocals: boolean): string | undefined {
  const node = unparenthesize(expression);
  if (node.type === 'identifier') {
    if (parameters.has(node.text)) return node.text;
    const bindings = followLocals ? (scope.bindings.get(node.text) ?? []) : [];
    const picks = bindings.map((binding) =>
      binding.kind === 'assignment' && binding.value ? pickOf(binding.value, parameters, scope, false) : undefined,
    );
    return picks.length > 0 && picks.every((pick) => pick !== undefined && pick === picks[0]) ? picks[0] : undefined;
  }
  if (node.type === 'subscript') return parameterNamed(node.childForFieldName('value'), parameters);
  if (node.type !== 'call' || node.childForFieldName('function')?.text !== 'next') return undefined;
  const iterated = callArguments(node).positional[0];
  return iterated && itemsOf(unparenthesize(iterated), parameters);
}

/** The parameter `iter(errors)` or `(e for e in errors ...)` goes over, handing out its items as they are. */
function itemsOf(iterator: SyntaxNode, parameters: ReadonlySet<string>): string | undefined {
  if (iterator.type === 'call' && iterator.childForFieldName('function')?.text === 'iter') {
    return parameterNamed(callArguments(iterator).positional[0] ?? null, parameters);
  }
  if (iterator.type !== 'generator_expression') return undefined;
  const clauses = iterator.namedChildren.filter((child) => child.type === 'for_in_clause');
  const clause = clauses.length === 1 ? clauses[0] : undefined;
  const item = clause?.childForFieldName('left');
  const body = iterator.childForFieldName('body');
  if (item?.type !== 'identifier' || body?.type !== 'identifier' || body.text !== item.text) return undefined;
  return parameterNamed(clause!.childForFieldName('right'), parameters);
}

function parameterNamed(node: SyntaxNode | null, parameters: ReadonlySet<string>): string | undefined {
  const name = node ? unparenthesize(node) : undefined;
  return name?.type === 'identifier' && parameters.has(name.text) ? name.text : undefined;
}
