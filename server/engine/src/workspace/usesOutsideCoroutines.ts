// What a module does with the names it imports, outside coroutines: which ones it calls from plain code, hands on or
// otherwise mentions. Another module's function all of whose uses in the project are calls in coroutines (or callbacks
// handed to the event loop) runs only while a loop runs (LOOP201 reads its `get_event_loop()` as in a coroutine).
import type { SyntaxNode } from '../analysis/pythonParser';
import type { Binding } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import { builtByLoopFactory, callOf, inAnnotation, scheduledOnLoop } from '../ruleSupport/fileLocalFunctions';
import { absoluteName, type ModuleIdentity } from './moduleNames';
import { followsCurrentLoopCall } from '../ruleSupport/afterCurrentLoopCalls';

/** What a module does with the names it imports (see namesUsedOutsideCoroutines). */
interface ImportedNameUses {
  /** Used other than as a coroutine's call, a callback handed to the loop or a protocol factory the loop calls. */
  readonly outsideCoroutines: Set<string>;
  /** Classes a protocol factory handed to the event loop builds (`loop.create_server(lambda: Proto(handler))`). */
  readonly builtByLoopFactory: Set<string>;
  /** Of outsideCoroutines, those every such use of which is a call after its function got the current loop. */
  readonly calledAfterCurrentLoop: Set<string>;
}

/**
 * The absolute names (`pkg.db.load`, `pkg.db.Store.refresh`) the module reaches through its imports (a wildcard import
 * too) and uses other than as the callee of a call written in the body of an `async def` itself (a comprehension there
 * too; not a function or lambda nested in it), as a callback handed to the event loop (`loop.call_soon(stop)`) or as a
 * protocol factory the loop calls (also built by one: see builtByLoopFactory), each once; builtins and annotations
 * left out. A name used through an attribute is the whole dotted name (`db.load.__name__` is `pkg.db.load.__name__`).
 */
export function namesUsedOutsideCoroutines(model: SemanticModel, module: ModuleIdentity): ImportedNameUses {
  const outsideCoroutines = new Set<string>();
  const factoryBuilt = new Set<string>();
  const afterLoop = new AfterCurrentLoopUses();
  const note = (reference: SyntaxNode): void => {
    const use = dottedUse(reference);
    if (isCoroutineCall(use, model) || scheduledOnLoop(use, model) || inAnnotation(use)) return;
    const name = absoluteUse(use, model, module);
    if (name === undefined) return;
    if (builtByLoopFactory(use, model)) factoryBuilt.add(name);
    else {
      outsideCoroutines.add(name);
      afterLoop.note(name, use, model);
    }
  };
  for (const binding of importBindings(model)) for (const reference of model.references(binding)) note(reference);
  // Names bound nowhere in the file, which a wildcard import may bring (`from .tasks import *`, then `spawn(...)`).
  if (hasWildcardImport(model))
    for (const identifier of model.module.node.descendantsOfType('identifier')) if (isUnboundName(identifier, model)) note(identifier);
  return { outsideCoroutines, builtByLoopFactory: factoryBuilt, calledAfterCurrentLoop: afterLoop.names() };
}

/** How a module uses the names going through one last name (see namesThrough). */
export interface NameUses {
  /** Used other than as a coroutine's call, a loop callback or a loop protocol factory (see namesUsedOutsideCoroutines). */
  readonly outsideCoroutines: ReadonlySet<string>;
  /** Called in the body of an `async def` itself. */
  readonly coroutineCalls: ReadonlySet<string>;
  /** Built by a protocol factory handed to the event loop (see builtByLoopFactory). */
  readonly loopFactoryBuilds: ReadonlySet<string>;
  /** Of outsideCoroutines, those every such use of which is a call after its function got the current loop. */
  readonly calledAfterCurrentLoop: ReadonlySet<string>;
}

/**
 * What namesUsedOutsideCoroutines says of the names having `lastName` as a part (`pkg.db.load`, `pkg.db.load.__name__`
 * for `load`), and which of them coroutines call: read for one function a rule asks about, where reading every name of
 * every module costs too much. Only the references that can reach such a name are read: those of an import binding
 * whose imported name has it as a part (`from .db import load as fetch`), or beginning a dotted name through it
 * (`db.load`), and names bound nowhere (with a wildcard import) among them.
 */
export function namesThrough(model: SemanticModel, module: ModuleIdentity, lastName: string): NameUses {
  const outsideCoroutines = new Set<string>();
  const coroutineCalls = new Set<string>();
  const loopFactoryBuilds = new Set<string>();
  const afterLoop = new AfterCurrentLoopUses();
  const note = (reference: SyntaxNode): void => {
    const use = dottedUse(reference);
    const name = absoluteUse(use, model, module);
    if (name === undefined || !name.split('.').includes(lastName) || inAnnotation(use)) return;
    if (isCoroutineCall(use, model)) coroutineCalls.add(name);
    else if (builtByLoopFactory(use, model)) loopFactoryBuilds.add(name);
    else if (!scheduledOnLoop(use, model)) {
      outsideCoroutines.add(name);
      afterLoop.note(name, use, model);
    }
  };
  // The names a dotted name through `lastName` begins with (`db` of `db.load`), and `lastName` itself.
  const heads = new Set([lastName]);
  for (const mention of model.mentionsOf(lastName)) {
    const head = headOf(mention);
    if (head) heads.add(head.text);
  }
  for (const binding of importBindings(model))
    if (heads.has(binding.name) || binding.importedName?.split('.').includes(lastName))
      for (const reference of model.references(binding)) note(reference);
  if (hasWildcardImport(model))
    for (const head of heads) for (const identifier of model.mentionsOf(head)) if (isUnboundName(identifier, model)) note(identifier);
  return { outsideCoroutines, coroutineCalls, loopFactoryBuilds, calledAfterCurrentLoop: afterLoop.names() };
}

/** Which names used outside coroutines are, at every such use, called after the function got the current loop. */
class AfterCurrentLoopUses {
  private readonly called = new Set<string>();
  private readonly otherwise = new Set<string>();

  note(name: string, use: SyntaxNode, model: SemanticModel): void {
    const call = callOf(use);
    (call && followsCurrentLoopCall(call, model) ? this.called : this.otherwise).add(name);
  }

  names(): Set<string> {
    return new Set([...this.called].filter((name) => !this.otherwise.has(name)));
  }
}

/** The import bindings of every scope, with the name each imports. */
function* importBindings(model: SemanticModel): Generator<Binding> {
  for (const scope of model.scopes)
    for (const bindings of scope.bindings.values())
      for (const binding of bindings) if (binding.kind === 'import' && binding.importedName !== undefined) yield binding;
}

function hasWildcardImport(model: SemanticModel): boolean {
  return model.scopes.some((scope) => scope.wildcardImports.length > 0);
}

/** Whether a use is the callee of a call written in the body of an `async def` itself. */
function isCoroutineCall(use: SyntaxNode, model: SemanticModel): boolean {
  return callOf(use) !== undefined && model.scopeOf(use).isAsyncContext;
}

/** The absolute name a use resolves to, builtins left out. */
function absoluteUse(use: SyntaxNode, model: SemanticModel, module: ModuleIdentity): string | undefined {
  const name = model.qualifiedName(use);
  return name === undefined || name.startsWith('builtins.') ? undefined : absoluteName(name, module);
}

/** Whether an identifier is a name read (not an attribute's, a keyword's, or a definition's) that no binding of the file holds. */
function isUnboundName(identifier: SyntaxNode, model: SemanticModel): boolean {
  const parent = identifier.parent;
  if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) return false;
  if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === identifier.id) return false;
  if (parent?.type === 'function_definition' || parent?.type === 'class_definition') return false;
  return model.resolve(identifier, model.scopeOf(identifier)) === undefined;
}

/** For an attribute's name (`load` in `db.load`, `pkg.db.load`): the name the dotted name begins with (`db`, `pkg`). */
function headOf(mention: SyntaxNode): SyntaxNode | undefined {
  const parent = mention.parent;
  if (parent?.type !== 'attribute' || parent.childForFieldName('attribute')?.id !== mention.id) return undefined;
  let object = parent.childForFieldName('object');
  while (object?.type === 'attribute') object = object.childForFieldName('object');
  return object?.type === 'identifier' ? object : undefined;
}

/** The longest dotted name a reference begins (`db` in `db.load(...)` begins `db.load`). */
function dottedUse(reference: SyntaxNode): SyntaxNode {
  let use = reference;
  while (use.parent?.type === 'attribute' && use.parent.childForFieldName('object')?.id === use.id) use = use.parent;
  return use;
}
