// LOOP405 sync-iteration-mismatch: `async for` over a plain iterable, or `for` over an async one
// (statements and comprehension clauses alike).
import type { SyntaxNode } from '../../analysis/pythonParser';
import { hasAsyncKeyword } from '../../analysis/pythonSyntax';
import type { Scope } from '../../analysis/scope';
import type { SemanticModel } from '../../analysis/semanticModel';
import type { Rule } from '../../linter/rule';
import { classMembers, hasMember } from '../../ruleSupport/classMembers';
import { ownReturnStatements, returnedValue } from './support/definitionShape';
import { decoratorNames } from '../../ruleSupport/decoratorNames';
import { codeSnippet, resolvedValue, type ScopedValue } from './support/valueSources';

const LITERAL_KINDS: ReadonlyMap<string, string> = new Map([
  ['list', 'a list literal'],
  ['tuple', 'a tuple'],
  ['expression_list', 'a tuple'],
  ['set', 'a set literal'],
  ['dictionary', 'a dict literal'],
  ['string', 'a string'],
  ['concatenated_string', 'a string'],
  ['list_comprehension', 'a list comprehension'],
  ['set_comprehension', 'a set comprehension'],
  ['dictionary_comprehension', 'a dict comprehension'],
]);

/** Builtins that return plain iterables. */
const PLAIN_ITERABLE_BUILTINS: ReadonlySet<string> = new Set(
  ['range', 'enumerate', 'zip', 'sorted', 'reversed', 'list', 'tuple', 'set', 'frozenset', 'dict', 'map', 'filter', 'iter'].map(
    (name) => `builtins.${name}`,
  ),
);

const PLAIN_ANNOTATIONS: ReadonlySet<string> = new Set([
  ...['list', 'tuple', 'set', 'frozenset', 'dict'].map((name) => `builtins.${name}`),
  ...['List', 'Tuple', 'Set', 'FrozenSet', 'Dict', 'Iterator', 'Iterable', 'Generator', 'Sequence'].map((name) => `typing.${name}`),
  ...['Iterator', 'Iterable', 'Generator', 'Sequence'].map((name) => `collections.abc.${name}`),
]);

const ASYNC_ANNOTATIONS: ReadonlySet<string> = new Set(
  ['typing', 'collections.abc'].flatMap((module) =>
    ['AsyncIterator', 'AsyncIterable', 'AsyncGenerator'].map((name) => `${module}.${name}`),
  ),
);

/** Decorators that leave what calling the function returns unchanged. */
const TRANSPARENT_DECORATORS: ReadonlySet<string> = new Set(['builtins.staticmethod', 'builtins.classmethod']);

export const syncIterationMismatch: Rule = {
  code: 'LOOP405',
  name: 'sync-iteration-mismatch',
  summary: '`async for` over a plain iterable, or `for` over an async generator or async iterable.',
  defaultSeverity: 'error',
  enabledByDefault: true,
  equivalents: [],
  fixable: false,
  nodeKinds: ['for_statement', 'for_in_clause'],
  check(loop, context) {
    const iterable = loop.childForFieldName('right');
    if (!iterable) return;
    const value = resolvedValue(iterable, context.model, context.scope);
    if (hasAsyncKeyword(loop)) {
      const reason = plainIterableReason(value, context.model);
      if (reason === undefined) return;
      context.report({
        node: iterable,
        message: `\`async for\` over \`${codeSnippet(iterable)}\` fails with \`TypeError\` because it is ${reason}; use a plain \`for\``,
      });
    } else {
      const reason = asyncIterableReason(value, context.model);
      if (reason === undefined) return;
      const where = context.scope.isAsyncContext ? '' : ' inside an `async def`';
      context.report({
        node: iterable,
        message: `\`for\` over \`${codeSnippet(iterable)}\` fails with \`TypeError\` because it is ${reason}; use \`async for\`${where}`,
      });
    }
  },
  doc: {
    whatItDoes:
      'Flags `async for` (statement or comprehension clause) over something that is certainly a plain iterable: a list, tuple, set, dict or string literal, a non-async comprehension or generator expression, `range()`, `enumerate()`, `zip()`, `sorted()`, `reversed()` and similar builtins, a file object, a call of a plain generator function of this file or of a function that returns a list literal or is annotated to return `list`/`Iterator`/..., or an instance of a class of this file with `__iter__` but no `__aiter__`. Conversely flags `for` over a call of an async generator function of this file, an async generator expression, a function annotated to return `AsyncIterator`, or an instance of a class with `__aiter__` but no `__iter__`. Names bound once to such values are followed; other values are not checked.',
    whyIsThisBad:
      '`async for` calls `__aiter__` and awaits `__anext__`; `for` calls `__iter__` and `__next__`. An object that only has one pair makes the other loop fail with `TypeError` as soon as it starts.',
    example:
      'async def ticks(limit):\n    for n in range(limit):\n        yield n\n\n\nasync def main():\n    async for n in range(3):\n        print(n)\n    for n in ticks(3):\n        print(n)',
    useInstead:
      'async def ticks(limit):\n    for n in range(limit):\n        yield n\n\n\nasync def main():\n    for n in range(3):\n        print(n)\n    async for n in ticks(3):\n        print(n)',
  },
};

/** Why the value is certainly a plain (synchronous) iterable, as a noun phrase; undefined when unknown. */
function plainIterableReason({ node, scope }: ScopedValue, model: SemanticModel): string | undefined {
  const literal = LITERAL_KINDS.get(node.type);
  if (literal) return literal;
  if (node.type === 'generator_expression') {
    return generatorExpressionKind(node, model) === 'plain' ? 'a plain generator expression' : undefined;
  }
  if (node.type !== 'call') return undefined;
  const callee = node.childForFieldName('function');
  if (!callee) return undefined;
  const name = model.calleeName(node, scope);
  if (name !== undefined && PLAIN_ITERABLE_BUILTINS.has(name)) return `a plain iterable from \`${callee.text}()\``;
  if (model.typeOf(node, scope) === 'io.IOBase') return 'a file object (a plain iterator of lines)';
  const definition = model.definitionOf(callee, scope);
  if (definition?.type === 'class_definition') {
    const members = classMembers(definition, model);
    if (!members.isComplete || members.isProtocol || hasMember(members, '__aiter__')) return undefined;
    const method = hasMember(members, '__iter__') ? '__iter__' : hasMember(members, '__getitem__') ? '__getitem__' : undefined;
    return method ? `a \`${callee.text}\` (its class defines \`${method}\` but no \`__aiter__\`)` : undefined;
  }
  if (definition?.type !== 'function_definition' || hasAsyncKeyword(definition) || !callsReturnPlainly(definition, model)) return undefined;
  if ((model.scopeOfDefinition(definition)?.yields.length ?? 0) > 0) return `a plain generator from \`${callee.text}()\``;
  if (returnsOnlyLiterals(definition) || annotatedReturn(definition, model, PLAIN_ANNOTATIONS)) {
    return `a plain iterable returned by \`${callee.text}()\``;
  }
  return undefined;
}

/** Why the value is certainly an async iterable without `__iter__`, as a noun phrase; undefined when unknown. */
function asyncIterableReason({ node, scope }: ScopedValue, model: SemanticModel): string | undefined {
  if (node.type === 'generator_expression') {
    return generatorExpressionKind(node, model) === 'async' ? 'an async generator expression' : undefined;
  }
  if (node.type !== 'call') return undefined;
  const callee = node.childForFieldName('function');
  const definition = callee && model.definitionOf(callee, scope);
  if (!callee || !definition) return undefined;
  if (definition.type === 'class_definition') {
    const members = classMembers(definition, model);
    if (!members.isComplete || members.isProtocol) return undefined;
    if (!hasMember(members, '__aiter__') || hasMember(members, '__iter__') || hasMember(members, '__getitem__')) return undefined;
    return `a \`${callee.text}\` (its class defines \`__aiter__\` but no \`__iter__\`)`;
  }
  if (definition.type !== 'function_definition' || !callsReturnPlainly(definition, model)) return undefined;
  if (hasAsyncKeyword(definition)) {
    const isGenerator = (model.scopeOfDefinition(definition)?.yields.length ?? 0) > 0;
    return isGenerator ? `an async generator from \`${callee.text}()\`` : undefined;
  }
  return annotatedReturn(definition, model, ASYNC_ANNOTATIONS) ? `an async iterator returned by \`${callee.text}()\`` : undefined;
}

/**
 * `(await f(x) for x in xs)` and `(x async for x in xs)` are async generators (PEP 530): 'async';
 * a generator expression with no `async`/`await` in it: 'plain'; anything else: undefined.
 */
function generatorExpressionKind(generator: SyntaxNode, model: SemanticModel): 'async' | 'plain' | undefined {
  const text = generator.text;
  if (!text.includes('async') && !text.includes('await')) return 'plain';
  const scope: Scope | undefined = model.scopeOfDefinition(generator);
  if (!scope) return undefined;
  if (scope.asyncStatements.some((clause) => clause.parent?.id === generator.id)) return 'async';
  // The first iterable is evaluated outside the generator: an `await` there does not make it async.
  const firstIterable = generator.namedChildren.find((child) => child.type === 'for_in_clause')?.childForFieldName('right');
  const ownAwait = scope.awaits.some(
    (node) => !firstIterable || node.startIndex < firstIterable.startIndex || node.startIndex >= firstIterable.endIndex,
  );
  return ownAwait ? 'async' : undefined;
}

/** No decorator (other than `staticmethod`/`classmethod`) stands between the call and the function's own result. */
function callsReturnPlainly(definition: SyntaxNode, model: SemanticModel): boolean {
  return decoratorNames(definition, model).every((name) => name !== undefined && TRANSPARENT_DECORATORS.has(name));
}

function returnsOnlyLiterals(definition: SyntaxNode): boolean {
  const values = ownReturnStatements(definition).map(returnedValue);
  return values.length > 0 && values.every((value) => value !== undefined && LITERAL_KINDS.has(value.type));
}

function annotatedReturn(definition: SyntaxNode, model: SemanticModel, names: ReadonlySet<string>): boolean {
  let annotation = definition.childForFieldName('return_type')?.firstNamedChild ?? null;
  if (annotation?.type === 'generic_type') annotation = annotation.firstNamedChild;
  else if (annotation?.type === 'subscript') annotation = annotation.childForFieldName('value');
  const name = annotation ? model.qualifiedName(annotation) : undefined;
  return name !== undefined && names.has(name);
}
