// Pointing a call of one asyncio function at another (`get_event_loop` → `get_running_loop`),
// however the original was imported: `asyncio.f()` keeps its spelling, `f()` and
// `asyncio.events.f()` become `asyncio.g()` (importing asyncio if needed).
import type { SyntaxNode } from '../../analysis/pythonParser';
import type { RuleContext, TextEdit } from '../rule';
import { moduleAccess } from './moduleImports';
import { replaceNode } from './textEdits';

/** Edits that make `call` call `asyncio.<name>` instead, or undefined when `asyncio` cannot be named there. */
export function callAsyncioFunction(call: SyntaxNode, name: string, context: RuleContext): readonly TextEdit[] | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  if (callee.type === 'attribute') {
    const object = callee.childForFieldName('object');
    const attribute = callee.childForFieldName('attribute');
    if (object && attribute && context.model.qualifiedName(object, context.scope) === 'asyncio') return [replaceNode(attribute, name)];
  }
  const asyncio = moduleAccess('asyncio', call, context.scope, context);
  return asyncio && [...asyncio.edits, replaceNode(callee, `${asyncio.name}.${name}`)];
}
