// The code a drive of an event loop runs (`loop.run_until_complete(crawl())`): the `def`s of this file its coroutine
// runs, which LOOP203 reads for what they use of the module (the loop itself, a queue made at import) that
// `asyncio.run()` would leave on a loop nobody runs.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { unparenthesize } from '../../../analysis/pythonSyntax';
import type { Scope } from '../../../analysis/scope';
import type { RuleContext } from '../../../linter/rule';

/** How far down the functions a coroutine calls are followed: `crawl()` starting `work()` tasks is two. */
const DEPTH = 3;

/**
 * The `def`s of this file a drive's work runs (`runs`: what `run_until_complete` is given, or a name assigned it): the
 * function called (`crawl()`), then those it calls by a name of the file (`asyncio.Task(work())`), a few levels down.
 * Methods of objects (`self.run()`) are left out: what a method reads is its object's, not the module's.
 */
export function workDefinitions(runs: readonly SyntaxNode[], context: RuleContext): SyntaxNode[] {
  const { model } = context;
  const found = new Map<number, SyntaxNode>();
  // What is run, and the coroutines it is handed (`asyncio.gather(crawl(), watch())`).
  let calls = runs.flatMap((run) => {
    const work = workCall(run, context);
    if (!work) return [];
    const handed = work.call.namedChildren
      .find((child) => child.type === 'argument_list')
      ?.namedChildren.filter((argument) => argument.type === 'call')
      .map((argument) => ({ call: argument, scope: work.scope }));
    return [work, ...(handed ?? [])];
  });
  for (let depth = 0; depth < DEPTH && calls.length > 0; depth++) {
    const next: { call: SyntaxNode; scope: Scope }[] = [];
    for (const { call, scope } of calls) {
      if (call.childForFieldName('function')?.type !== 'identifier') continue;
      const definition = model.calleeDefinition(call, scope);
      if (definition?.type !== 'function_definition' || found.has(definition.id)) continue;
      found.set(definition.id, definition);
      const inner = model.scopeOfDefinition(definition);
      if (inner) next.push(...inner.calls.map((innerCall) => ({ call: innerCall, scope: inner })));
    }
    calls = next;
  }
  return [...found.values()];
}

/** The call a drive runs: itself, or the call a name it is given was assigned (`job = consume(queue)`), with its scope. */
export function workCall(run: SyntaxNode, context: RuleContext): { call: SyntaxNode; scope: Scope } | undefined {
  const node = unparenthesize(run);
  if (node.type === 'call') return { call: node, scope: context.scope };
  if (node.type !== 'identifier') return undefined;
  const binding = context.model.resolve(node, context.scope);
  const value = binding?.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
  return value?.type === 'call' ? { call: value, scope: binding!.scope } : undefined;
}

/**
 * The identifiers in `definitions` (their nested functions too) that read a name bound at module level: what the
 * work finds in the module (a loop, a queue made at import) rather than makes.
 */
export function moduleNamesRead(definitions: readonly SyntaxNode[], context: RuleContext): SyntaxNode[] {
  const { model } = context;
  return definitions.flatMap(namesIn).filter((identifier) => model.resolve(identifier)?.scope === model.module);
}

/** The identifiers in a definition's body that are names (not `obj.name`'s attribute, nor `f(name=...)`'s keyword). */
function namesIn(definition: SyntaxNode): SyntaxNode[] {
  return (definition.childForFieldName('body')?.descendantsOfType('identifier') ?? []).filter((identifier) => {
    const parent = identifier.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) return false;
    return !(parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === identifier.id);
  });
}

/**
 * Whether `definitions` (the work a drive runs) read the loop the drive drives by its name (`asyncio.Task(work(),
 * loop=loop)` in a coroutine run on the module's `loop`): that work is bound to this loop, not to the one
 * `asyncio.run()` would make.
 */
export function namesTheLoop(definitions: readonly SyntaxNode[], loop: SyntaxNode, context: RuleContext): boolean {
  const { model } = context;
  const node = unparenthesize(loop);
  const binding = node.type === 'identifier' ? model.resolve(node, context.scope) : undefined;
  if (!binding) return false;
  return definitions.some((definition) =>
    namesIn(definition).some((identifier) => identifier.text === node.text && model.resolve(identifier)?.scope === binding.scope),
  );
}
