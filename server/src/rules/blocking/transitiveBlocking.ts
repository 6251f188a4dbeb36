// LOOP108 transitive-blocking: a coroutine calls a plain function — of this file or, when the project
// is indexed, of another module — that, through any number of further plain calls, ends in a blocking call.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { functionName, hasAsyncKeyword } from '../../analysis/pythonSyntax';
import type { Scope } from '../../analysis/scope';
import type { SemanticModel } from '../../analysis/semanticModel';
import type { BlockingLink } from '../../linter/projectView';
import type { RelatedLocation, Rule, RuleContext, RuleSettings } from '../../linter/rule';
import { shortName } from './blockingCallRule';
import { snippet } from '../loopApi/asyncioValues';
import { DIRECT_BLOCKING_RULES } from './directBlockingRules';
import { asyncLibraryOf, type AsyncLibrary } from '../asyncLibrary';

/** A hop of the chain; `file` is set for hops in other modules. */
type ChainLink = Pick<BlockingLink, 'label' | 'start' | 'end'> & {
  readonly file?: string;
  /** The call happens only under this condition of its function (`path.endswith(".json")`), as written there. */
  readonly condition?: string;
};

/** Per model: definition id → the chain from it to a blocking call, or null when it does not block. */
const chainsByModel = new WeakMap<SemanticModel, Map<number, readonly ChainLink[] | null>>();

export const transitiveBlocking: Rule = {
  code: 'LOOP108',
  name: 'transitive-blocking',
  summary: 'A coroutine calls a plain function that (through other calls, in any module) makes a blocking call.',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  equivalents: [],
  fixable: false,
  nodeKinds: ['call'],
  check(call, context) {
    if (!context.scope.isAsyncContext) return;
    const found = chainFromCall(call, context.scope, context, new Set());
    if (!found) return;
    const path = [found.name, ...found.chain.map((link) => link.label)].map((label) => `${label}()`).join(' → ');
    const related: RelatedLocation[] = found.chain.map((link) => ({
      start: link.start,
      end: link.end,
      message: `calls ${link.label}()`,
      ...(link.file === undefined ? {} : { file: link.file }),
    }));
    const shown = context.model.calleeText(call);
    const offload = `run it with \`${offloadCall(asyncLibraryOf(context), shown)}\` or make the chain async`;
    // A chain that blocks only on some path says when, one severity lower.
    const condition = found.chain.find((link) => link.condition !== undefined)?.condition;
    context.report({
      node: call,
      message:
        condition === undefined
          ? `\`${shown}()\` blocks the event loop: ${path}; ${offload}`
          : `\`${shown}()\` may block the event loop, when ${condition}: ${path}; if that happens here, ${offload}`,
      related,
      lowerSeverity: condition !== undefined,
    });
  },
  doc: {
    whatItDoes:
      'Flags a call, in an async context, to a plain (non-async) function that makes a blocking call itself or through further plain functions — in the same file, or in other modules of the project when it is indexed (the language server indexes the workspace; the CLI indexes the files it lints). The message shows the whole chain, e.g. `load() → fetch_all() → requests.get()`, and each hop is a related location. When every chain found blocks only on some path of a function (inside an `if`, an `else`, a conditional expression, the right side of `and`/`or`, an `except` clause), the message says it may block and when (`may block the event loop, when `path.endswith(".json")``), and the finding is one severity lower than the rule\'s.',
    whyIsThisBad:
      'Moving `requests.get` into a helper, or into another module, does not stop it blocking the event loop; it only hides it from linters that look at one function at a time.',
    example:
      'import requests\n\ndef fetch_all(urls):\n    return [requests.get(u).json() for u in urls]\n\nasync def refresh(urls):\n    return fetch_all(urls)',
    useInstead:
      'import asyncio\nimport requests\n\ndef fetch_all(urls):\n    return [requests.get(u).json() for u in urls]\n\nasync def refresh(urls):\n    return await asyncio.to_thread(fetch_all, urls)',
  },
};

/** The called function's name and its chain to a blocking call, if the call reaches one through plain functions. */
function chainFromCall(
  call: SyntaxNode,
  scope: Scope,
  context: Pick<RuleContext, 'model' | 'settings' | 'project'>,
  visiting: Set<number>,
): { name: string; chain: readonly ChainLink[] } | undefined {
  const definition = context.model.calleeDefinition(call, scope);
  if (definition) {
    const chain = localChain(definition, context, visiting);
    return chain ? { name: functionName(definition), chain } : undefined;
  }
  const project = context.project;
  const name = project && context.model.calleeName(call, scope);
  if (!project || name === undefined || name.startsWith('builtins.')) return undefined;
  const chain = project.blockingChain(project.absoluteName(name));
  return chain ? { name: name.slice(name.lastIndexOf('.') + 1), chain } : undefined;
}

function localChain(
  definition: SyntaxNode,
  context: Pick<RuleContext, 'model' | 'settings' | 'project'>,
  visiting: Set<number>,
): readonly ChainLink[] | null {
  const { model, settings } = context;
  let chains = chainsByModel.get(model);
  if (!chains) chainsByModel.set(model, (chains = new Map()));
  const known = chains.get(definition.id);
  if (known !== undefined) return known;
  const body = plainFunctionScope(definition, model);
  // Chains are followed through at most 32 functions: generated code can nest thousands.
  if (!body || visiting.has(definition.id) || visiting.size >= 32) return null;
  visiting.add(definition.id);
  const calls = callsIn(body);
  const unconditional = (chain: readonly ChainLink[]): boolean => chain.every((link) => link.condition === undefined);
  // A chain that always blocks is the one to show; else the first that blocks on some path.
  let result: readonly ChainLink[] | null = directBlockingLink(calls, model, settings, body.node);
  if (!result || !unconditional(result)) {
    for (const { call, scope } of calls) {
      const next = chainFromCall(call, scope, context, visiting);
      if (!next) continue;
      const condition = conditionOf(call, body.node);
      const chain = [
        { label: next.name, start: call.startPosition, end: call.endPosition, ...(condition ? { condition } : {}) },
        ...next.chain,
      ];
      if (unconditional(chain)) {
        result = chain;
        break;
      }
      result ??= chain;
    }
  }
  visiting.delete(definition.id);
  chains.set(definition.id, result);
  return result;
}

function directBlockingLink(
  calls: { call: SyntaxNode; scope: Scope }[],
  model: SemanticModel,
  settings: RuleSettings,
  functionNode: SyntaxNode,
): ChainLink[] | null {
  let conditional: ChainLink[] | null = null;
  for (const { call, scope } of calls) {
    const name = model.calleeName(call, scope);
    if (name !== undefined && DIRECT_BLOCKING_RULES.some((rule) => rule.matchBlockingCall(name, settings))) {
      const condition = conditionOf(call, functionNode);
      if (condition === undefined) return [{ label: shortName(name), start: call.startPosition, end: call.endPosition }];
      conditional ??= [{ label: shortName(name), start: call.startPosition, end: call.endPosition, condition }];
    }
  }
  return conditional;
}

/**
 * The condition under which `call` runs in its function, as code to quote: the innermost `if`/`elif`
 * (or `not (...)` of it for an `else`), conditional expression or `and`/`or` operand it sits in.
 * Undefined when the call runs whenever the function does (loops and `try` bodies count as such).
 */
function conditionOf(call: SyntaxNode, functionNode: SyntaxNode): string | undefined {
  let child = call;
  for (let parent = call.parent; parent && parent.id !== functionNode.id; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'if_statement':
      case 'elif_clause': {
        const condition = parent.childForFieldName('condition');
        if (!condition || child.id === condition.id) break;
        // In the `else`: the condition was false (a call in an `elif` returned that clause's condition already).
        if (child.type === 'else_clause') return `\`not (${quoted(condition)})\``;
        if (child.type === 'elif_clause') break;
        return `\`${quoted(condition)}\``;
      }
      case 'conditional_expression': {
        const [whenTrue, condition, whenFalse] = parent.namedChildren;
        if (!condition || child.id === condition.id) break;
        if (whenTrue && child.id === whenTrue.id) return `\`${quoted(condition)}\``;
        if (whenFalse && child.id === whenFalse.id) return `\`not (${quoted(condition)})\``;
        break;
      }
      case 'boolean_operator': {
        const left = parent.childForFieldName('left');
        const operator = parent.childForFieldName('operator')?.type;
        if (!left || child.id === left.id) break;
        return operator === 'or' ? `\`not (${quoted(left)})\`` : `\`${quoted(left)}\``;
      }
      case 'except_clause':
        return 'an exception is caught';
    }
  }
  return undefined;
}

/** A condition's code on one line, cut at a token boundary when long. */
function quoted(node: SyntaxNode): string {
  return snippet(node, 60);
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

/** `await asyncio.to_thread(f, ...)`, or trio's / anyio's `to_thread.run_sync`. */
function offloadCall(library: AsyncLibrary, callee: string): string {
  return library === 'asyncio' ? `await asyncio.to_thread(${callee}, ...)` : `await ${library}.to_thread.run_sync(${callee}, ...)`;
}
