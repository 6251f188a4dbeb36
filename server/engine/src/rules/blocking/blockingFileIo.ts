// LOOP104 blocking-file-io: opening, reading or writing files synchronously inside a coroutine.
import { PATH } from '../../analysis/knownTypes';
import type { SyntaxNode } from '../../analysis/pythonParser';
import { callArguments, parentOutsideParentheses, unparenthesize } from '../../analysis/pythonSyntax';
import type { SemanticModel } from '../../analysis/semanticModel';
import { TO_THREAD_FIX_SAFETY, toThreadFix } from '../../linter/fixes/threadOffload';
import type { AsyncLibrary } from '../../ruleSupport/asyncLibrary';
import { defineBlockingCallRule, shortName } from './support/blockingCallRule';

/**
 * Opening a file in a thread would leave every later `f.read()` / `f.write()` blocking: no fix wraps the
 * `open` call alone (the knowledge base's advice says to move the whole file work into a thread).
 */
const OPENERS: ReadonlySet<string> = new Set(['builtins.open', 'io.open', 'io.open_code', 'codecs.open', `${PATH}.open`]);

export const blockingFileIo = defineBlockingCallRule({
  code: 'LOOP104',
  name: 'blocking-file-io',
  summary: 'Synchronous file I/O in an async context blocks the event loop.',
  defaultSeverity: 'warning',
  equivalents: ['ASYNC230', 'ASYNC240', 'S7493'],
  // The knowledge base's advice moves the whole file work into one function run in a thread: where the reads already
  // run in threads one at a time (chunks streamed to a client), that would undo the streaming; only the open blocks.
  ownMessage: (qualifiedName, call, where, library, context) => {
    if (!OPENERS.has(qualifiedName)) return undefined;
    const file = fileName(call);
    if (!file || !usedOnlyInThreads(file, context.model)) return undefined;
    const opened = `${threadRunner(library)}(${qualifiedName === 'builtins.open' ? 'open' : (call.childForFieldName('function')?.text ?? shortName(qualifiedName))}, ...)`;
    const instead = file.parent?.type === 'as_pattern_target' ? `with ${opened} as ${file.text}:` : `${file.text} = ${opened}`;
    return `\`${shortName(qualifiedName)}()\` blocks the event loop in ${where} while it opens the file (what is done with \`${file.text}\` already runs in a worker thread); open it in a thread too: \`${instead}\``;
  },
  fix: (call, context) => {
    const name = context.model.calleeName(call, context.scope);
    return name !== undefined && OPENERS.has(name) ? undefined : toThreadFix(call, context);
  },
  doc: {
    whatItDoes:
      'Flags `open()`, `io.open`, `codecs.open`, the `pathlib.Path` methods `open`, `read_text`, `read_bytes`, `write_text`, `write_bytes`, and `shutil` copies and deletes in an async context. A `Path` is recognised from `Path(...)`, `path / "x"`, and parameters annotated `Path`. A file opened at the null device is left alone, since nothing waits on it: `open(os.devnull, "w")`, `Path(os.devnull).open("rb")` (or a name assigned `Path(os.devnull)`), with `os.devnull` however imported (`from os import devnull`, an alias) or written `"/dev/null"`. Nor is `open()` (or `io.open`) of a file descriptor the process holds already, which only wraps it in a file object and opens no path: a call passing `closefd=False` (which `open` refuses with a path), or whose file is an `int` literal (`open(0, "rb")`), `x.fileno()`, `os.dup(...)` or `os.dup2(...)`, or a name bound only to one of those, unpacked from `os.pipe()` (or `os.openpty()`), or a parameter annotated `int` (a descriptor from `os.open(path, flags)` opened a path: still reported). LOOP108 does not follow chains through such calls either. (`os.fdopen` is not flagged at all.) A file that an opening call binds to a name (`with open(p) as f:`, `f = open(p)`) and that the coroutine only hands, itself or its methods, to a worker thread (`await loop.run_in_executor(None, f.read, n)`, `await asyncio.to_thread(f.write, data)`) is flagged for the opening alone, with the advice to open it in a thread too (`with await asyncio.to_thread(open, p) as f:`): its reads and writes block nothing, and moving all the file work into one function would undo reading it a chunk at a time.',
    whyIsThisBad:
      'Disk access can take milliseconds (much longer on network drives), and the event loop cannot run anything else meanwhile. Running the work in a thread keeps the other tasks moving.',
    example: 'async def load(path):\n    with open(path) as f:\n        return f.read()',
    useInstead:
      'import asyncio\nfrom pathlib import Path\n\nasync def load(path):\n    return await asyncio.to_thread(Path(path).read_text)',
    fixSafety: `${TO_THREAD_FIX_SAFETY} It is not offered for \`open()\` and the other calls opening a file: in a thread, only the opening would move, and every read and write on the file object would still block.`,
  },
});

/** `await asyncio.to_thread` and the like, to call with a function and its arguments. */
function threadRunner(library: AsyncLibrary): string {
  return library === 'asyncio' ? 'await asyncio.to_thread' : `await ${library}.to_thread.run_sync`;
}

/** The name an opened file is bound to: `f` in `with open(p) as f:` or `f = open(p)`. */
function fileName(call: SyntaxNode): SyntaxNode | undefined {
  const parent = parentOutsideParentheses(call);
  if (parent?.type === 'as_pattern' && parent.parent?.type === 'with_item') {
    const target = parent.namedChildren.find((part) => part.type === 'as_pattern_target')?.firstNamedChild;
    return target?.type === 'identifier' ? target : undefined;
  }
  if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === call.id) {
    const target = parent.childForFieldName('left');
    return target?.type === 'identifier' ? target : undefined;
  }
  return undefined;
}

/**
 * Whether every use of the file `name` stands for in its function is handed to a worker thread, the file or one of its
 * methods as an argument: `await loop.run_in_executor(None, f.read, n)`, `await asyncio.to_thread(f.write, data)`,
 * `await anyio.to_thread.run_sync(shutil.copyfileobj, f, out)`. A use in a nested function or lambda, which may run
 * anywhere, does not count.
 */
function usedOnlyInThreads(name: SyntaxNode, model: SemanticModel): boolean {
  const binding = model.resolve(name);
  if (!binding) return false;
  const uses = model.references(binding);
  return uses.length > 0 && uses.every((use) => model.scopeOf(use) === binding.scope && isHandedToThread(use, model));
}

function isHandedToThread(use: SyntaxNode, model: SemanticModel): boolean {
  let argument = use;
  const parent = parentOutsideParentheses(use);
  if (parent?.type === 'attribute' && unparenthesize(parent.childForFieldName('object') ?? parent).id === use.id) argument = parent;
  const list = parentOutsideParentheses(argument);
  const call = list?.type === 'argument_list' ? list.parent : null;
  if (call?.type !== 'call') return false;
  const positional = callArguments(call).positional.map((node) => unparenthesize(node).id);
  const index = positional.indexOf(argument.id);
  if (index < 0) return false;
  const runner = model.calleeText(call);
  // `run_in_executor(executor, function, *args)`: the executor comes first.
  if (runner.endsWith('run_in_executor')) return index > 0;
  return runner.endsWith('to_thread') || runner.endsWith('to_thread.run_sync');
}
