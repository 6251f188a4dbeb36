// LOOP104 blocking-file-io: opening, reading or writing files synchronously inside a coroutine.
import type { SyntaxNode } from '../../analysis/pythonParser';
import { callArguments, parentOutsideParentheses, unparenthesize } from '../../analysis/pythonSyntax';
import type { SemanticModel } from '../../analysis/semanticModel';
import { TO_THREAD_FIX_SAFETY, toThreadFix } from '../../linter/fixes/threadOffload';
import type { AsyncLibrary } from '../../ruleSupport/asyncLibrary';
import { SHADOWED_BUILTINS_DOC } from './support/shadowedBuiltins';
import type { RuleContext } from '../../linter/rule';
import { defineBlockingCallRule, shortName } from './support/blockingCallRule';
import { snippet } from '../../ruleSupport/codeSnippet';
import { callsProjectMethod } from '../../ruleSupport/projectMethodCalls';
import { FILE_OPENERS } from '../../knowledge/blockingCalls';

/**
 * Opening a file in a thread would leave every later `f.read()` / `f.write()` blocking: no fix wraps the
 * `open` call alone (the knowledge base's advice says to move the whole file work into a thread).
 */
const OPENERS: ReadonlySet<string> = new Set(FILE_OPENERS);

export const blockingFileIo = defineBlockingCallRule({
  code: 'LOOP104',
  name: 'blocking-file-io',
  summary: 'Synchronous file I/O in an async context blocks the event loop.',
  defaultSeverity: 'warning',
  equivalents: ['ASYNC230', 'ASYNC240', 'S7493'],
  // The knowledge base's advice moves the whole file work into one function run in a thread: where the reads already
  // run in threads one at a time (chunks streamed to a client), that would undo the streaming; only the open blocks.
  // Likewise where an awaited call of a library is handed the file and does the reading, as it sees fit.
  ownMessage: (qualifiedName, call, where, library, context) => {
    if (!OPENERS.has(qualifiedName)) return undefined;
    const opened = `${threadRunner(library)}(${qualifiedName === 'builtins.open' ? 'open' : (call.childForFieldName('function')?.text ?? shortName(qualifiedName))}, ...)`;
    const opening = `\`${shortName(qualifiedName)}()\` blocks the event loop in ${where} while it opens the file`;
    const file = fileName(call);
    if (!file) {
      const reader = awaitedReceiver(call);
      if (!reader || runsOwnCode(reader, context)) return undefined;
      return `${opening} (an awaited call of a library, \`${callee(reader)}\`, is handed it and does the reading); open it in a thread: \`${opened}\` in its place`;
    }
    const instead = file.parent?.type === 'as_pattern_target' ? `with ${opened} as ${file.text}:` : `${file.text} = ${opened}`;
    if (usedOnlyInThreads(file, context.model)) {
      return `${opening} (what is done with \`${file.text}\` already runs in a worker thread); open it in a thread too: \`${instead}\``;
    }
    const readers = handedOnlyToAwaitedCalls(file, context.model);
    if (!readers || readers.some((reader) => runsOwnCode(reader, context))) return undefined;
    return `${opening} (what is done with \`${file.text}\` is up to the library's awaited \`${callee(readers[0]!)}\`${readers.length > 1 ? ' and others' : ''}); open it in a thread: \`${instead}\``;
  },
  fix: (call, context) => {
    const name = context.model.calleeName(call, context.scope);
    return name !== undefined && OPENERS.has(name) ? undefined : toThreadFix(call, context);
  },
  doc: {
    whatItDoes:
      'Flags `open()`, `io.open`, `codecs.open`, the compression modules\' `gzip.open`, `bz2.open`, `lzma.open`, `gzip.GzipFile`, `bz2.BZ2File` and `lzma.LZMAFile`, the `pathlib.Path` methods `open`, `read_text`, `read_bytes`, `write_text`, `write_bytes`, and `shutil` copies and deletes in an async context. A `Path` is recognised from `Path(...)`, `path / "x"`, and parameters annotated `Path`. A file opened at the null device is left alone, since nothing waits on it: `open(os.devnull, "w")`, `Path(os.devnull).open("rb")` (or a name assigned `Path(os.devnull)`), with `os.devnull` however imported (`from os import devnull`, an alias) or written `"/dev/null"`. Nor is a read of a kernel pseudo-file of procfs or cgroupfs written out (`Path("/proc/net/route").read_text()`, `open(f"/proc/{pid}/status")`, `open("/sys/fs/cgroup/memory.max")`, in a read mode or none): the kernel answers from memory, with no disk behind it; other files under `/sys` may have a device behind them (a 1-Wire sensor\'s read takes most of a second), and a write may set off work (`/proc/sys/vm/drop_caches`), so they are still reported. Nor is `open()` (or `io.open`) of a file descriptor the process holds already, which only wraps it in a file object and opens no path: a call passing `closefd=False` (which `open` refuses with a path), or whose file is an `int` literal (`open(0, "rb")`), `x.fileno()`, `os.dup(...)` or `os.dup2(...)`, or a name bound only to one of those, unpacked from `os.pipe()` (or `os.openpty()`), or a parameter annotated `int` (a descriptor from `os.open(path, flags)` opened a path: still reported). Nor is a compressed file made over a file object, which opens no path: `gzip.GzipFile(fileobj=buffer)`, or any of those given an in-memory file (`gzip.open(io.BytesIO(data))`, or a name bound only to `io.BytesIO(...)` or `io.StringIO(...)`). LOOP108 does not follow chains through such calls either. (`os.fdopen` is not flagged at all.) Nor is file I/O in code that runs only inside Pyodide: a module importing Pyodide\'s own modules at its top (`pyodide`, `pyodide.http`, `js`, `pyodide_js`; not in a `try` or an `if`), which no other Python can import, or a function decorated `@run_in_pyodide` (pytest-pyodide runs it in a Pyodide runtime). Emscripten\'s file system is held in memory, and Pyodide has no threads (`to_thread` and `run_in_executor` run the function inline): nothing waits on a disk, and the advice would change nothing. LOOP108 follows no chain to such a call, nor one from a coroutine there to file I/O. A file that an opening call binds to a name (`with open(p) as f:`, `f = open(p)`) and that the coroutine only hands, itself or its methods, to a worker thread (`await loop.run_in_executor(None, f.read, n)`, `await asyncio.to_thread(f.write, data)`) is flagged for the opening alone, with the advice to open it in a thread too (`with await asyncio.to_thread(open, p) as f:`): its reads and writes block nothing, and moving all the file work into one function would undo reading it a chunk at a time. So is a file that the coroutine only hands to awaited calls of a library (`await bot.send_photo(chat, f)`, also inside a list or an object built for the call, `[InputMediaPhoto(f)]`, or the `open(...)` written as the argument): the library does the reading, as it sees fit (aiohttp reads such a payload in the default executor). A coroutine of the file or project given the file (an `async def` of that name), a method of a class of the project called on an instance of it (the class known from an annotation, the class called, `client = TestClient(app)`, or a pytest fixture handing out an instance, or the class itself that the test then calls, `client_cls(app)`), which the class or a base class of the project defines or its `__getattr__` makes (a test client\'s `post`, a partial of its `request` coroutine), or a plain function (`json.load(f)`), is no library taking it over: the usual message stays. ' +
      SHADOWED_BUILTINS_DOC,
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

/**
 * The name an opened file is bound to: `f` in `with open(p) as f:` or `f = open(p)`, also `f = open(p) if p else None`.
 */
function fileName(call: SyntaxNode): SyntaxNode | undefined {
  let value = call;
  let parent = parentOutsideParentheses(call);
  if (parent?.type === 'conditional_expression' && parent.firstNamedChild?.id === call.id) {
    value = parent;
    parent = parentOutsideParentheses(parent);
  }
  if (value === call && parent?.type === 'as_pattern' && parent.parent?.type === 'with_item') {
    const target = parent.namedChildren.find((part) => part.type === 'as_pattern_target')?.firstNamedChild;
    return target?.type === 'identifier' ? target : undefined;
  }
  if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === value.id) {
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
  const uses = usesInItsFunction(name, model);
  return uses !== undefined && uses.every((use) => isHandedToThread(use, model));
}

/**
 * The uses of the file `name` stands for, where there are some and all are in the function that binds it: a use in a
 * nested function or lambda may run anywhere.
 */
function usesInItsFunction(name: SyntaxNode, model: SemanticModel): readonly SyntaxNode[] | undefined {
  const binding = model.resolve(name);
  if (!binding) return undefined;
  const uses = model.references(binding);
  return uses.length > 0 && uses.every((use) => model.scopeOf(use) === binding.scope) ? uses : undefined;
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

/**
 * The awaited calls that do the reading of the file `name` stands for, where every use of it in its function is an argument of
 * an awaited call (`await bot.send_photo(chat, f)`, `await bot.set_webhook(certificate=cert_file)`), itself or inside
 * what that call is given (`await bot.send_media_group(chat, [InputMediaPhoto(f)])`): a library's coroutine takes the
 * file, and whether it reads it off the loop (aiohttp's payloads do, in the default executor) is up to it. A use that
 * reads or writes the file itself (`f.read()`), or hands it to a plain call (`json.load(f)`, which reads it on the
 * loop), does not count.
 */
function handedOnlyToAwaitedCalls(name: SyntaxNode, model: SemanticModel): SyntaxNode[] | undefined {
  const readers: SyntaxNode[] = [];
  for (const use of usesInItsFunction(name, model) ?? []) {
    const reader = awaitedReceiver(use);
    if (!reader) return undefined;
    if (!readers.some((known) => known.id === reader.id)) readers.push(reader);
  }
  return readers.length > 0 ? readers : undefined;
}

/**
 * Whether the awaited `call` may run code of this file or project: a coroutine of that name (an `async def`), or a
 * method of a class of the project called on an instance of it, also one its `__getattr__` makes (see
 * projectMethodCalls: a test client's `await client.post(url, data={"f": f})`). Its reading, on the loop or not, is the
 * code's own (mitmproxy's `await self.load_flows(f)` reads it in the coroutine), which the usual message tells.
 */
function runsOwnCode(call: SyntaxNode, context: RuleContext): boolean {
  const { model, project } = context;
  const name = model.calleeLastName(call);
  // The project's parsed `async def` names, which the CLI and the language server give alike (the CLI's cheap
  // pre-check, mayBeCoroutineFunctionName, also says yes for an `async def` only in text that does not parse, and the
  // server's says no for a decorated one).
  return model.definesAsyncFunction(name) || project?.definesAsyncFunction(name) === true || callsProjectMethod(call, context);
}

/** `bot.send_photo` for `await bot.send_photo(chat, f)`, shortened. */
function callee(call: SyntaxNode): string {
  return snippet(call.childForFieldName('function') ?? call, 40);
}

/** A class, by its capitalised name (`InputMediaPhoto`, `_Payload`). */
const CLASS_NAME = /^_*[A-Z]/;

/**
 * The awaited call `value` is an argument of (`await bot.send_photo(chat, f)`), directly or inside the lists, tuples,
 * dictionaries and objects its arguments are made of (`[InputMediaPhoto(f)]`).
 */
function awaitedReceiver(value: SyntaxNode): SyntaxNode | undefined {
  let node = value;
  for (;;) {
    const parent = parentOutsideParentheses(node);
    if (!parent) return undefined;
    switch (parent.type) {
      case 'keyword_argument': {
        const argument = parent.childForFieldName('value');
        if (!argument || unparenthesize(argument).id !== unparenthesize(node).id) return undefined;
        node = parent;
        continue;
      }
      case 'pair':
        if (parent.childForFieldName('value')?.id !== node.id) return undefined;
        node = parent;
        continue;
      case 'list':
      case 'tuple':
      case 'dictionary':
      case 'expression_list':
        node = parent;
        continue;
      case 'argument_list': {
        const call = parent.parent;
        if (call?.type !== 'call') return undefined;
        const callee = call.childForFieldName('function');
        if (!callee) return undefined;
        if (parentOutsideParentheses(call)?.type === 'await') return call;
        // A class built around the file (`InputMediaPhoto(f)`) keeps it for the awaited call; a function given it
        // (`json.load(f)`) may read it there and then.
        if (!CLASS_NAME.test(callee.type === 'attribute' ? (callee.childForFieldName('attribute')?.text ?? '') : callee.text))
          return undefined;
        node = call;
        continue;
      }
      default:
        return undefined;
    }
  }
}
