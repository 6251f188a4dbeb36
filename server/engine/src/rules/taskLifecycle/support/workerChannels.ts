// Whether the function a coroutine leaves running with a bare `run_in_executor(...)` talks with the coroutine while it
// runs: it is handed a channel (a queue, a pipe, an event) that the coroutine then reads from (aioprocessing's tester:
// the worker puts an item on `q`, then blocks on `q.get()` until the coroutine has read it and put one back; binderhub's
// test reads a build's first events from the queue the build was made with, then stops it). Awaiting the call where it
// stands, as LOOP304 advises, would wait for the whole run before the first read, or deadlock.
import type { SyntaxNode } from '../../../analysis/pythonParser';
import { callArguments, inNestedDefinition, unparenthesize } from '../../../analysis/pythonSyntax';
import type { Binding, Scope } from '../../../analysis/scope';
import type { SemanticModel } from '../../../analysis/semanticModel';

/** Reads from a channel: a queue's `get()`, a pipe's `recv()`, a stream's `read()`, an event's `wait()` (aioprocessing's `coro_get()`). */
const CHANNEL_READ = /^(coro_|async_)?(get|recv|receive|read|readline|wait)$/;
/** The only arguments a channel's read takes here: how long to wait, whether to block, how much to read. */
const READ_KEYWORDS: ReadonlySet<string> = new Set(['timeout', 'block', 'n', 'size']);
const READ_ARGUMENT_KINDS: ReadonlySet<string> = new Set(['integer', 'float', 'true', 'false', 'none']);

/** A name (or attribute of one: `self.inbox`) handed to the worker, and the binding its first name has in the coroutine. */
interface HandedName {
  readonly path: string;
  readonly root: Binding;
}

/**
 * Whether `call` (`loop.run_in_executor(executor, function, *args)`, in the coroutine `scope`) hands the function a
 * name the coroutine then awaits a read from, after the call (`await q.get()`, `await q.coro_get()`,
 * `await asyncio.wait_for(inbox.get(), 5)`, also of an attribute of it: a janus queue's `q.async_q.get()`): as one of
 * the call's own arguments, an argument of the `functools.partial(...)` or a name in the `lambda` it hands over, or an
 * argument of the call that made the object whose method it hands over (`build = Build(q=q)` then
 * `run_in_executor(None, build.submit)`). The read takes nothing but a timeout, a blocking flag or a size: a call
 * given anything else (`session.get(url)`) reads no channel.
 */
export function readsFromWorker(call: SyntaxNode, model: SemanticModel, scope: Scope): boolean {
  const coroutine = scope.functionScope;
  if (!coroutine) return false;
  const handed = namesHandedToWorker(call, model, coroutine);
  if (handed.length === 0) return false;
  return coroutine.awaits.some(
    (awaitNode) =>
      awaitNode.startIndex >= call.endIndex &&
      awaitNode
        .descendantsOfType('call')
        .some((read) => !inNestedDefinition(read, awaitNode) && readsHandedChannel(read, handed, model, coroutine)),
  );
}

/** The names `call` hands the function it runs, directly or through a `partial`, a `lambda` or the object whose method it is. */
function namesHandedToWorker(call: SyntaxNode, model: SemanticModel, coroutine: Scope): HandedName[] {
  const args = callArguments(call);
  const worker = args.positional[1] ?? args.keywords.get('func');
  if (!worker) return [];
  const given = [...args.positional.slice(2), ...givenThroughWorker(unparenthesize(worker), model, coroutine)];
  return given.flatMap((node) => {
    const name = handedName(unparenthesize(node), model, coroutine);
    return name ? [name] : [];
  });
}

/** What the worker itself carries to the function: a `partial`'s arguments, a `lambda`'s names, its object's makings. */
function givenThroughWorker(worker: SyntaxNode, model: SemanticModel, coroutine: Scope): SyntaxNode[] {
  if (worker.type === 'lambda') return worker.childForFieldName('body')?.descendantsOfType('identifier') ?? [];
  if (worker.type === 'call' && model.calleeName(worker, coroutine) === 'functools.partial') {
    const partial = callArguments(worker);
    return [...partial.positional.slice(1), ...partial.keywords.values()];
  }
  // A method of an object the coroutine made: what it was made with is its own (`Build(q=q)`, then `build.submit`).
  const object = worker.type === 'attribute' ? worker.childForFieldName('object') : null;
  const made = object?.type === 'identifier' ? model.resolve(object, coroutine)?.value : undefined;
  if (!made || made.type !== 'call') return [];
  const making = callArguments(made);
  return [...making.positional, ...making.keywords.values()];
}

/** `node` as a name handed over, when it is a name or an attribute of one, whose first name is the coroutine's own. */
function handedName(node: SyntaxNode, model: SemanticModel, coroutine: Scope): HandedName | undefined {
  const root = rootName(node);
  const binding = root && model.resolve(root, coroutine);
  return binding?.scope === coroutine ? { path: node.text, root: binding } : undefined;
}

/** The first name of `name` or `name.attr.attr`; undefined for anything else (a call, a subscript). */
function rootName(node: SyntaxNode): SyntaxNode | undefined {
  let current = node;
  while (current.type === 'attribute') current = current.childForFieldName('object')!;
  return current.type === 'identifier' ? current : undefined;
}

/** Whether `read` reads from one of the names handed over, or from an attribute of one, taking nothing but a timeout. */
function readsHandedChannel(read: SyntaxNode, handed: readonly HandedName[], model: SemanticModel, coroutine: Scope): boolean {
  const callee = read.childForFieldName('function');
  const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
  const receiver = callee?.childForFieldName('object');
  if (!method || !receiver || !CHANNEL_READ.test(method)) return false;
  const args = callArguments(read);
  if (args.hasUnpacking || !args.positional.every((argument) => READ_ARGUMENT_KINDS.has(unparenthesize(argument).type))) return false;
  if (![...args.keywords.keys()].every((keyword) => READ_KEYWORDS.has(keyword))) return false;
  const root = rootName(receiver);
  const binding = root && model.resolve(root, coroutine);
  return (
    binding !== undefined &&
    handed.some(
      (name) => name.root.node.id === binding.node.id && (receiver.text === name.path || receiver.text.startsWith(`${name.path}.`)),
    )
  );
}
