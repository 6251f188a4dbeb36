// A call a function makes only when the process environment sets a variable (`if os.environ.get("DBOS__CLOUD") ==
// "true":`): a deployment switch the caller can neither see nor decide, which nothing in the project turns on.
// LOOP108 does not follow a chain through such a call, in one file and across modules (module summaries).
import type { SyntaxNode } from '../analysis/pythonParser';
import { callArguments, plainStringText, singleComparison, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import { referencesOf, type SemanticModel } from '../analysis/semanticModel';
import { earlyExits, enclosingConditions } from './callCondition';

/**
 * Whether `call` (in `scope`, within `functionNode`) runs only when an environment variable is set: one of its
 * conditions (around it, or an early return before it) is false where the variable is unset, reading it as
 * `os.environ.get(name)` or `os.getenv(name)` (None, or the literal default given) or testing `name in os.environ`,
 * either alone (its truth), compared with string literals (`== "true"`, `in ("1", "yes")`), `is None`, under `not`,
 * or as an operand of `and`; and this module does not set the variable itself (see setsVariable), as a test
 * switching a mode on would. A required variable read as `os.environ[name]` is left alone: what it holds is
 * unknown, not unset.
 */
export function behindEnvironmentSwitch(call: SyntaxNode, functionNode: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  if (!model.importsModule('os')) return false;
  const conditions = [...enclosingConditions(call, functionNode, scope), ...earlyExits(call, functionNode, scope)];
  return conditions.some((condition) => {
    if (condition === 'except') return false;
    const unset = valueWhenUnset(condition.test, model, scope);
    return unset !== undefined && unset.truthy === condition.negated && unset.variables.every((name) => !setsVariable(model, name));
  });
}

/** A test's truth where the environment variables it reads are unset, and the variables that decided it. */
interface Unset {
  readonly truthy: boolean;
  readonly variables: readonly string[];
}

/** What reading a variable gives where it is unset: None, or the default written (a string literal). */
interface UnsetRead {
  readonly value: string | null;
  readonly variable: string;
}

function valueWhenUnset(written: SyntaxNode, model: SemanticModel, scope: Scope): Unset | undefined {
  const test = unparenthesize(written);
  if (test.type === 'not_operator') {
    const operand = test.childForFieldName('argument');
    const inner = operand ? valueWhenUnset(operand, model, scope) : undefined;
    return inner && { ...inner, truthy: !inner.truthy };
  }
  // `a and b` is false where either operand is (the other may test anything).
  if (test.type === 'boolean_operator' && test.childForFieldName('operator')?.type === 'and') {
    const operands = [test.childForFieldName('left'), test.childForFieldName('right')];
    return operands
      .map((operand) => (operand ? valueWhenUnset(operand, model, scope) : undefined))
      .find((value) => value?.truthy === false);
  }
  const read = unsetRead(test, model, scope);
  if (read) return { truthy: read.value !== null && read.value !== '', variables: [read.variable] };
  const comparison = singleComparison(test);
  if (!comparison) return undefined;
  const { left, operator, right } = comparison;
  // `"NAME" in os.environ`
  const name = left.type === 'string' ? plainStringText(left) : undefined;
  if ((operator === 'in' || operator === 'not in') && name !== undefined && model.qualifiedName(right, scope) === 'os.environ')
    return { truthy: operator === 'not in', variables: [name] };
  const leftRead = unsetRead(unparenthesize(left), model, scope);
  const [variableRead, other] = leftRead ? [leftRead, right] : [unsetRead(unparenthesize(right), model, scope), left];
  if (!variableRead) return undefined;
  const value = variableRead.value;
  const variables = [variableRead.variable];
  if (operator === 'is' || operator === 'is not')
    return other.type === 'none' ? { truthy: (value === null) === (operator === 'is'), variables } : undefined;
  // `== "true"`, or `in ("1", "yes")` of the variable read
  const container = unparenthesize(right);
  const literals =
    operator === '==' || operator === '!='
      ? [other]
      : (operator === 'in' || operator === 'not in') && leftRead && ['tuple', 'list', 'set'].includes(container.type)
        ? container.namedChildren
        : undefined;
  if (literals === undefined) return undefined;
  const texts = literals.map((literal) => (literal.type === 'string' ? plainStringText(literal) : undefined));
  if (texts.length === 0 || texts.some((text) => text === undefined)) return undefined;
  const equal = value !== null && texts.includes(value);
  return { truthy: operator === '==' || operator === 'in' ? equal : !equal, variables };
}

/** String methods that map an unset variable's default as Python would (`os.getenv("X", "").lower()`). */
const STRING_METHODS: ReadonlyMap<string, (text: string) => string> = new Map([
  ['lower', (text: string) => text.toLowerCase()],
  ['casefold', (text: string) => text.toLowerCase()],
  ['upper', (text: string) => text.toUpperCase()],
  ['strip', (text: string) => text.trim()],
]);

/** `os.environ.get("NAME")`, `os.getenv("NAME", "0")` (also `.lower()` of one with a string default): what it reads where unset. */
export function unsetRead(node: SyntaxNode, model: SemanticModel, scope: Scope): UnsetRead | undefined {
  if (node.type !== 'call') return undefined;
  const callee = node.childForFieldName('function');
  const args = callArguments(node);
  if (callee?.type === 'attribute' && args.positional.length === 0 && args.keywords.size === 0) {
    const method = STRING_METHODS.get(callee.childForFieldName('attribute')?.text ?? '');
    const object = callee.childForFieldName('object');
    const read = method && object ? unsetRead(unparenthesize(object), model, scope) : undefined;
    return read && read.value !== null ? { ...read, value: method!(read.value) } : undefined;
  }
  const name = callee && model.qualifiedName(callee, scope);
  if (name !== 'os.environ.get' && name !== 'os.getenv') return undefined;
  if (args.hasUnpacking || args.keywords.size > 0 || args.positional.length === 0 || args.positional.length > 2) return undefined;
  const [variableNode, fallback] = args.positional.map(unparenthesize) as [SyntaxNode, SyntaxNode | undefined];
  const variable = variableNode.type === 'string' ? plainStringText(variableNode) : undefined;
  if (variable === undefined) return undefined;
  if (fallback === undefined || fallback.type === 'none') return { value: null, variable };
  const value = fallback.type === 'string' ? plainStringText(fallback) : undefined;
  return value === undefined ? undefined : { value, variable };
}

/** Per model: whether its module sets each variable asked about. */
const setByModel = new WeakMap<SemanticModel, Map<string, boolean>>();

/**
 * Whether the module sets the environment variable `name` somewhere (then the switch is one the project turns on, as a
 * test does): `os.environ["NAME"] = ...`, `os.environ.setdefault("NAME", ...)`, `os.putenv("NAME", ...)`,
 * `monkeypatch.setenv("NAME", ...)`, or a dict holding the name given to `os.environ.update(...)` or
 * `mock.patch.dict(os.environ, {...})`. Read from the text: a spelling that is not a setting only keeps a chain.
 */
function setsVariable(model: SemanticModel, name: string): boolean {
  // A re-lint checks the statement again when one that writes the name (in any string) changes.
  for (const word of name.match(/[\p{L}_][\p{L}\p{N}_]*/gu) ?? []) model.recordDependency(referencesOf(word));
  let known = setByModel.get(model);
  if (!known) setByModel.set(model, (known = new Map()));
  let sets = known.get(name);
  if (sets === undefined) {
    const quoted = `['"]${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`;
    const setting = new RegExp(
      `environ\\s*\\[\\s*${quoted}\\s*\\]\\s*=(?!=)|(?:setdefault|putenv|setenv)\\s*\\(\\s*${quoted}|(?:update|patch\\.dict)\\s*\\([^)]*${quoted}`,
    );
    sets = setting.test(model.root.text);
    known.set(name, sets);
  }
  return sets;
}
