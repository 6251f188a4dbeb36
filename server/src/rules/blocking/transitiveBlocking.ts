// LOOP108 transitive-blocking: a coroutine calls a plain function of this file that, through any
// number of further plain calls, ends in a blocking call.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { functionName, hasAsyncKeyword } from '../../analysis/pythonSyntax';
import type { Scope } from '../../analysis/scope';
import type { SemanticModel } from '../../analysis/semanticModel';
import type { RelatedLocation, Rule, RuleSettings } from '../../linter/rule';
import { shortName } from './blockingCallRule';
import { DIRECT_BLOCKING_RULES } from './directBlockingRules';

interface ChainLink {
  readonly call: SyntaxNode;
  /** `fetch_all` for a function of this file, `requests.get` for the blocking call at the end. */
  readonly label: string;
}

/** Per model: definition id → the chain from it to a blocking call, or null when it does not block. */
const chainsByModel = new WeakMap<SemanticModel, Map<number, readonly ChainLink[] | null>>();

export const transitiveBlocking: Rule = {
  code: 'LOOP108',
  name: 'transitive-blocking',
  summary: 'A coroutine calls a plain function that (through other calls) makes a blocking call.',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: [],
  fixable: false,
  nodeKinds: ['call'],
  check(call, context) {
    if (!context.scope.isAsyncContext) return;
    const callee = call.childForFieldName('function');
    if (!callee) return;
    const target = context.model.definitionOf(callee, context.scope);
    if (!target) return;
    const chain = blockingChain(target, context.model, context.settings, new Set());
    if (!chain) return;
    const name = functionName(target);
    const path = [name, ...chain.map((link) => link.label)].map((label) => `${label}()`).join(' → ');
    const related: RelatedLocation[] = chain.map((link) => ({
      start: link.call.startPosition,
      end: link.call.endPosition,
      message: `calls ${link.label}()`,
    }));
    context.report({
      node: call,
      message: `\`${callee.text}()\` blocks the event loop: ${path}; run it with \`await asyncio.to_thread(${callee.text}, ...)\` or make the chain async`,
      related,
    });
  },
  doc: {
    whatItDoes:
      'Flags a call, in an async context, to a plain (non-async) function of the same file that makes a blocking call itself or through further plain functions. The message shows the whole chain, e.g. `load() → fetch_all() → requests.get()`.',
    whyIsThisBad:
      'Moving `requests.get` into a helper does not stop it blocking the event loop; it only hides it from linters that look at one function at a time.',
    example:
      'import requests\n\ndef fetch_all(urls):\n    return [requests.get(u).json() for u in urls]\n\nasync def refresh(urls):\n    return fetch_all(urls)',
    useInstead:
      'import asyncio\nimport requests\n\ndef fetch_all(urls):\n    return [requests.get(u).json() for u in urls]\n\nasync def refresh(urls):\n    return await asyncio.to_thread(fetch_all, urls)',
  },
};

function blockingChain(
  definition: SyntaxNode,
  model: SemanticModel,
  settings: RuleSettings,
  visiting: Set<number>,
): readonly ChainLink[] | null {
  let chains = chainsByModel.get(model);
  if (!chains) chainsByModel.set(model, (chains = new Map()));
  const known = chains.get(definition.id);
  if (known !== undefined) return known;
  const body = plainFunctionScope(definition, model);
  if (!body || visiting.has(definition.id)) return null;
  visiting.add(definition.id);
  const calls = callsIn(body);
  let result: readonly ChainLink[] | null = null;
  for (const { call, scope } of calls) {
    const name = model.calleeName(call, scope);
    if (name !== undefined && DIRECT_BLOCKING_RULES.some((rule) => rule.matchBlockingCall(name, settings))) {
      result = [{ call, label: shortName(name) }];
      break;
    }
  }
  if (!result) {
    for (const { call, scope } of calls) {
      const callee = call.childForFieldName('function');
      const target = callee && model.definitionOf(callee, scope);
      if (!target) continue;
      const rest = blockingChain(target, model, settings, visiting);
      if (rest) {
        result = [{ call, label: functionName(target) }, ...rest];
        break;
      }
    }
  }
  visiting.delete(definition.id);
  chains.set(definition.id, result);
  return result;
}

/** The scope whose code runs when `definition` is called: a sync function's body, or a class's `__init__`. */
function plainFunctionScope(definition: SyntaxNode, model: SemanticModel): Scope | undefined {
  if (definition.type === 'class_definition') {
    const init = model.scopeOfDefinition(definition)?.bindingAt('__init__', Number.POSITIVE_INFINITY)?.definition;
    return init ? plainFunctionScope(init, model) : undefined;
  }
  if (definition.type !== 'function_definition' || hasAsyncKeyword(definition)) return undefined;
  return model.scopeOfDefinition(definition);
}

/** Calls made when the function runs: its own and its comprehensions', not nested defs' or lambdas'. */
function callsIn(scope: Scope): { call: SyntaxNode; scope: Scope }[] {
  const result = scope.calls.map((call) => ({ call, scope }));
  for (const child of scope.children) if (child.kind === 'comprehension') result.push(...callsIn(child));
  return result;
}
