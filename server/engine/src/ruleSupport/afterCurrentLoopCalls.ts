// Calls made after their function got the current loop: in
//   def _prepare(self):
//       self.loop = asyncio.get_event_loop()
//       self.manager = Manager(self.settings)
// `Manager(...)` runs only once `get_event_loop()` returned, with that loop still current, so an `asyncio.get_event_loop()`
// in its `__init__` cannot raise: on Python 3.14 the first call raises where no loop is current, and the second is never
// reached. LOOP201 reports the first; a function or class every use of which is such a call (see
// onlyCalledAfterCurrentLoop) keeps its own call out of the report.
import type { SyntaxNode } from '../analysis/pythonParser';
import { DEFINITION_KINDS, unparenthesize } from '../analysis/pythonSyntax';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { RuleContext } from '../linter/rule';
import { callOf, inAnnotation } from './fileLocalFunctions';
import { reachesClassDataOnly } from './classDataMentions';
import { isGeneratorFunction } from './coroutineCalls';

/**
 * Whether `call` runs only after a statement of its own function (or module-level code) getting the current loop:
 * `loop = asyncio.get_event_loop()`, `self.loop = asyncio.get_event_loop()` or the bare call, earlier in the block
 * holding the call or in a block around it, with no statement between them touching `set_event_loop` (which may
 * unset the loop). Reaching the call means the earlier one returned: a loop is current.
 */
export function followsCurrentLoopCall(call: SyntaxNode, model: SemanticModel): boolean {
  // Asked of many calls while summarising a module: most functions mention no `get_event_loop` before the call.
  let container: SyntaxNode | null = call.parent;
  while (container && !DEFINITION_KINDS.has(container.type)) container = container.parent;
  const from = container?.startIndex ?? 0;
  if (!model.mentionsOf('get_event_loop').some((mention) => mention.startIndex > from && mention.startIndex < call.startIndex))
    return false;
  for (let child = call, parent = call.parent; parent && !DEFINITION_KINDS.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type !== 'block' && parent.type !== 'module') continue;
    const statements = parent.namedChildren;
    for (let index = statements.findIndex((statement) => statement.id === child.id) - 1; index >= 0; index--) {
      const statement = statements[index]!;
      if (statement.text.includes('set_event_loop')) return false;
      if (getsCurrentLoop(statement, model)) return true;
    }
  }
  return false;
}

/**
 * Whether the function `scope` is the body of (a module-level function, or the `__init__` of a module-level class) is
 * used only by calls made after their function got the current loop (see followsCurrentLoopCall), or in the body of an
 * `async def` itself, at least one of the first: in this file (a class's mentions reaching only data of its body, and
 * annotations, aside) and, with the project indexed, in its other modules (a `_name` only in this file), which must
 * then be of its own top-level package: an example or a script outside it stands for the package's users, who may call
 * it with no loop got first (a library's `Application(loop=None)` is its documented path).
 */
export function onlyCalledAfterCurrentLoop(scope: Scope, context: RuleContext): boolean {
  const { model } = context;
  const owner = scope.parent;
  const isConstructor = scope.name === '__init__' && owner?.kind === 'class';
  const module = isConstructor ? owner.parent : owner;
  if (module?.kind !== 'module' || scope.node.parent?.type === 'decorated_definition') return false;
  // (A generator's body runs where it is iterated, not where it is called.)
  if (isGeneratorFunction(scope.node, model)) return false;
  const name = isConstructor ? owner!.name : scope.name;
  const bindings = model.bindingsIn(module, name);
  if (bindings.length !== 1 || bindings[0]!.definition?.id !== (isConstructor ? owner!.node : scope.node).id) return false;
  if (bindings[0]!.definition.parent?.type === 'decorated_definition') return false;
  const nameNode = bindings[0]!.node;
  let afterLoop = false;
  for (const use of model.references(bindings[0]!)) {
    if (use.id === nameNode.id || inAnnotation(use) || (isConstructor && reachesClassDataOnly(use, owner!, model))) continue;
    const call = callOf(use);
    if (!call) return false;
    // (In a coroutine the call returns the running loop: the rule reads such uses on its own, with its own message.)
    if (model.scopeOf(use).isAsyncContext) continue;
    if (!followsCurrentLoopCall(call, model)) return false;
    afterLoop = true;
  }
  if (name.startsWith('_')) return afterLoop;
  const project = context.project;
  if (!project) return false;
  const elsewhere = project.usesElsewhere(`${project.moduleName}.${name}`);
  if (!elsewhere.usedOtherwise) return afterLoop;
  return project.usedOtherwiseOnlyAfterCurrentLoop(`${project.moduleName}.${name}`);
}

/** `loop = asyncio.get_event_loop()`, `self.loop = loop = asyncio.get_event_loop()`, `asyncio.get_event_loop()`. */
function getsCurrentLoop(statement: SyntaxNode, model: SemanticModel): boolean {
  if (statement.type !== 'expression_statement') return false;
  let value = statement.firstNamedChild;
  while (value?.type === 'assignment') value = value.childForFieldName('right');
  const call = value && unparenthesize(value);
  return call?.type === 'call' && model.calleeName(call, model.scopeOf(call)) === 'asyncio.get_event_loop';
}
