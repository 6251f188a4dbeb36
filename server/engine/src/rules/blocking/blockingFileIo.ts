// LOOP104 blocking-file-io: opening, reading or writing files synchronously inside a coroutine.
import { PATH } from '../../analysis/knownTypes';
import { TO_THREAD_FIX_SAFETY, toThreadFix } from '../../linter/fixes/threadOffload';
import { defineBlockingCallRule } from './support/blockingCallRule';

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
  fix: (call, context) => {
    const name = context.model.calleeName(call, context.scope);
    return name !== undefined && OPENERS.has(name) ? undefined : toThreadFix(call, context);
  },
  doc: {
    whatItDoes:
      'Flags `open()`, `io.open`, `codecs.open`, the `pathlib.Path` methods `open`, `read_text`, `read_bytes`, `write_text`, `write_bytes`, and `shutil` copies and deletes in an async context. A `Path` is recognised from `Path(...)`, `path / "x"`, and parameters annotated `Path`. A file opened at the null device is left alone, since nothing waits on it: `open(os.devnull, "w")`, `Path(os.devnull).open("rb")` (or a name assigned `Path(os.devnull)`), with `os.devnull` however imported (`from os import devnull`, an alias) or written `"/dev/null"`. Nor is `open()` (or `io.open`) of a file descriptor the process holds already, which only wraps it in a file object and opens no path: a call passing `closefd=False` (which `open` refuses with a path), or whose file is an `int` literal (`open(0, "rb")`), `x.fileno()`, `os.dup(...)` or `os.dup2(...)`, or a name bound only to one of those, unpacked from `os.pipe()` (or `os.openpty()`), or a parameter annotated `int` (a descriptor from `os.open(path, flags)` opened a path: still reported). LOOP108 does not follow chains through such calls either. (`os.fdopen` is not flagged at all.)',
    whyIsThisBad:
      'Disk access can take milliseconds (much longer on network drives), and the event loop cannot run anything else meanwhile. Running the work in a thread keeps the other tasks moving.',
    example: 'async def load(path):\n    with open(path) as f:\n        return f.read()',
    useInstead:
      'import asyncio\nfrom pathlib import Path\n\nasync def load(path):\n    return await asyncio.to_thread(Path(path).read_text)',
    fixSafety: `${TO_THREAD_FIX_SAFETY} It is not offered for \`open()\` and the other calls opening a file: in a thread, only the opening would move, and every read and write on the file object would still block.`,
  },
});
