// Moving a blocking call to a worker thread: `f(a, k=v)` becomes `await asyncio.to_thread(f, a, k=v)`.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { atLeast } from '../pythonVersion';
import type { Fix, RuleContext } from '../rule';
import { awaitedText } from './awaitPlacement';
import { moduleAccess } from './moduleImports';
import { replaceNode, unsafeFix } from './textEdits';

/** `to_thread(f, ...)` passes arguments on as written; `f(x for x in y)` needs its generator parenthesised. */
function toThreadArgumentsText(call: SyntaxNode): string | undefined {
  const callee = call.childForFieldName('function');
  const argumentList = call.childForFieldName('arguments');
  if (!callee || !argumentList) return undefined;
  if (argumentList.type === 'generator_expression') return `${callee.text}, ${argumentList.text}`;
  if (argumentList.type !== 'argument_list') return undefined;
  const inner = argumentList.text.slice(1, -1);
  return inner.trim() === '' ? callee.text : `${callee.text}, ${inner}`;
}

/**
 * The LOOP102/104/105/106 fix: run the call in the default thread pool with `asyncio.to_thread`
 * (Python 3.9+), awaited where the call stood. Unsafe: the function now runs on another thread.
 */
export function toThreadFix(call: SyntaxNode, context: RuleContext): Fix | undefined {
  if (!atLeast(context.settings.targetVersion, 3, 9)) return undefined;
  const callArguments = toThreadArgumentsText(call);
  const asyncio = callArguments === undefined ? undefined : moduleAccess('asyncio', call, context.scope, context);
  if (!asyncio) return undefined;
  const text = awaitedText(call, `${asyncio.name}.to_thread(${callArguments})`, context.scope, context);
  if (text === undefined) return undefined;
  const callee = call.childForFieldName('function')!.text.replace(/\s+/g, ' ');
  return unsafeFix(`Run \`${callee}\` in a worker thread with \`await asyncio.to_thread(...)\``, [
    ...asyncio.edits,
    replaceNode(call, text),
  ]);
}

/** The `doc.fixSafety` of the rules whose fix is `toThreadFix`. */
export const TO_THREAD_FIX_SAFETY =
  'The fix wraps the call as `await asyncio.to_thread(f, *args, **kwargs)` (Python 3.9+), passing the arguments on as written, and adds `import asyncio` if the file lacks it. It is unsafe: the function now runs on a worker thread, which matters to code that is not thread-safe or uses thread-local state, and the coroutine gives control back to the event loop while it waits, so other tasks run in between. An async library (`httpx.AsyncClient`, `aiofiles`, asyncio streams) is often the better end state. The fix is not offered where `await` cannot go: in a generator expression, or in an annotation.';
