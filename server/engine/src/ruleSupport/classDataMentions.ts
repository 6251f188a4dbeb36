// Mentions of a class that only reach data its body holds: `Upload.counter += 1`, `Config.defaults`. Such a mention
// neither builds the class nor hands it on, so a judgement over every use of a class (who builds it, with what) can
// pass it by: a counter the class keeps of its instances is not one more place that makes one.
import type { SyntaxNode } from '../analysis/pythonParser';
import type { Scope } from '../analysis/scope';
import type { SemanticModel } from '../analysis/semanticModel';

/** How a class body binds plain data: `counter = 0`, `counter: ClassVar[int] = 0`, `counter += 1`. */
const DATA_BINDINGS: ReadonlySet<string> = new Set(['assignment', 'annotation', 'augmentedAssignment']);

/**
 * Whether `mention` (of the class whose scope is `classScope`) is the object of an attribute that its body binds as
 * data only (no `def`, no nested class, no value that is a call or a lambda, which may be a factory), read or written
 * but not called: `FakeUpload.counter` in `path = f"upload_{FakeUpload.counter}"`.
 */
export function reachesClassDataOnly(mention: SyntaxNode, classScope: Scope, model: SemanticModel): boolean {
  const attribute = mention.parent;
  if (attribute?.type !== 'attribute' || attribute.childForFieldName('object')?.id !== mention.id) return false;
  if (attribute.parent?.type === 'call' && attribute.parent.childForFieldName('function')?.id === attribute.id) return false;
  const name = attribute.childForFieldName('attribute')?.text;
  const bindings = name ? model.bindingsIn(classScope, name) : [];
  return (
    bindings.length > 0 &&
    bindings.every((binding) => DATA_BINDINGS.has(binding.kind) && !['call', 'lambda'].includes(binding.value?.type ?? ''))
  );
}
