// Which class a name's value is an instance of, where the code says so: its annotation (`reader: KafkaSchemaReader`) or
// the call that made it (`mc = MasterCoordinator(config)`); a class of this file, or one of another module by name.
import { isWrappedByDecorator } from './coroutineCalls';
import { derivesFrom } from './classBases';
import { assignedAttribute } from '../analysis/pythonSyntax';
import type { SyntaxNode } from '../analysis/pythonParser';
import type { Binding, Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';
import type { RuleContext } from '../linter/rule';

/** A class of this file (its definition), or one of elsewhere by its absolute qualified name. */
export type ClassReference = { readonly local: SyntaxNode } | { readonly name: string };

/** Classes followed up the hierarchy of another module's class at most this far. */
const MAX_DEPTH = 12;

/**
 * The class of the value `receiver` names (an identifier): the class its binding is annotated with, or the class whose
 * call made it. Undefined where neither says (a value some function returned, a parameter with no annotation).
 */
export function instanceClass(
  receiver: SyntaxNode,
  scope: Scope,
  { model, project }: Pick<RuleContext, 'model' | 'project'>,
): ClassReference | undefined {
  if (receiver.type !== 'identifier') return undefined;
  const binding = model.resolve(receiver, scope);
  if (!binding) return undefined;
  const annotation = binding.annotation?.type === 'type' ? binding.annotation.firstNamedChild : binding.annotation;
  const written = annotation ?? (binding.value?.type === 'call' ? binding.value.childForFieldName('function') : undefined);
  if (!written || (written.type !== 'identifier' && written.type !== 'attribute')) return undefined;
  const local = model.definitionOf(written, binding.scope);
  if (local) return local.type === 'class_definition' ? { local } : undefined;
  const name = model.qualifiedName(written, binding.scope);
  if (name === undefined || name.startsWith('builtins.')) return undefined;
  return { name: project?.absoluteName(name) ?? name };
}

/**
 * The `def` of this file a call runs: what `SemanticModel.calleeDefinition` finds (`helper()`, `self.method()`), or a
 * method of a class of this file called on an instance a name holds (`heartbeat.run()` where `heartbeat =
 * Heartbeat()`), when the class binds the name once and the method is not set on instances.
 */
export function calledDefinition(call: SyntaxNode, scope: Scope, model: SemanticModel): SyntaxNode | undefined {
  const direct = model.calleeDefinition(call, scope);
  if (direct) return direct;
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  const method = callee?.childForFieldName('attribute')?.text;
  if (receiver?.type !== 'identifier' || method === undefined) return undefined;
  const owner = instanceClass(receiver, scope, { model, project: undefined });
  if (!owner || !('local' in owner)) return undefined;
  const bindings = classBindings(owner.local, method, model);
  return bindings.length === 1 && bindings[0]!.kind === 'function' ? bindings[0]!.definition : undefined;
}

/** What the body of `classDefinition`, a class of this file, binds to `name` (its methods and attributes). */
function classBindings(classDefinition: SyntaxNode, name: string, model: SemanticModel): readonly Binding[] {
  const classScope = model.scopeOfDefinition(classDefinition);
  return classScope ? model.bindingsIn(classScope, name) : [];
}

/** Whether the class derives (directly or not) from one of `wanted`: through this file's classes and the project's. */
export function classDerivesFrom(
  reference: ClassReference,
  wanted: ReadonlySet<string>,
  context: Pick<RuleContext, 'model' | 'project'>,
): boolean {
  if ('local' in reference) return derivesFrom(reference.local, wanted, context);
  const seen = new Set<string>();
  let layer = [reference.name];
  for (let depth = 0; layer.length > 0 && depth < MAX_DEPTH; depth++) {
    const next: string[] = [];
    for (const name of layer) {
      if (seen.has(name)) continue;
      seen.add(name);
      if (depth > 0 && wanted.has(name)) return true;
      next.push(...(context.project?.classBases(name) ?? []));
    }
    layer = next;
  }
  return false;
}

/**
 * Whether the class's attribute `name` is a method defined by a plain `def` (no decorator but `staticmethod`,
 * `classmethod` and the like: not a `@property`), which no method of a class of this file sets on an instance
 * (`self.ready = ...`): reading it without a call gives the bound method, always true. A method it inherits is not
 * looked for.
 */
export function isPlainMethod(
  reference: ClassReference,
  name: string,
  { model, project }: Pick<RuleContext, 'model' | 'project'>,
): boolean {
  if ('name' in reference) {
    const method = project?.findFunction(`${reference.name}.${name}`);
    return !!method && !method.isAsync && !method.isGeneratorFunction && !method.wrappedByDecorator && !method.runsArgumentInThread;
  }
  const bindings = classBindings(reference.local, name, model);
  return (
    bindings.length > 0 &&
    bindings.every(
      (binding) => binding.kind === 'function' && binding.definition !== undefined && !isWrappedByDecorator(binding.definition, model),
    ) &&
    !reference.local
      .descendantsOfType('assignment')
      .some((assignment) => assignedAttribute(assignment.childForFieldName('left'), 'self') === name)
  );
}
